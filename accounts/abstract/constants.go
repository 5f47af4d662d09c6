package abstract

import (
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
)

// Contract addresses, the same on Abstract mainnet and testnet
// (agw-client's constants.ts).
var (
	// ValidatorAddress is the SessionKeyValidator module.
	ValidatorAddress = ethtypes.HexToAddress("0x34ca1501FAE231cC2ebc995CE013Dbe882d7d081")
	// RegistryAddress is the Session Key Policy Registry agw-client queries
	// on mainnet (the docs link a different one; the client's is what runs).
	RegistryAddress = ethtypes.HexToAddress("0xfD20b9d7A406e2C4f5D6Df71ABE3Ee48B2EccC9F")
)

// Chains. Only mainnet has policy checks (agw-client skips them elsewhere).
const (
	ChainAbstract        = 2741
	ChainAbstractTestnet = 11124
	chainZksync          = 324
	chainZksyncSepolia   = 300
)

// validChains are the chains agw-client signs for (its VALID_CHAINS): only
// they speak the 0x71 transaction type this scheme produces.
var validChains = map[int64]bool{
	ChainAbstract: true, ChainAbstractTestnet: true, chainZksync: true, chainZksyncSepolia: true,
}

// Function selectors whose approval or transfer destination must be pinned
// on mainnet: setApprovalForAll(address,bool), approve(address,uint256) and
// transfer(address,uint256).
var restrictedSelectors = map[[4]byte]bool{
	selectorOf("setApprovalForAll(address,bool)"): true,
	selectorOf("approve(address,uint256)"):        true,
	selectorOf("transfer(address,uint256)"):       true,
}

// approvalBasedSelector is IPaymasterFlow.approvalBased: a session may not
// let a paymaster pull tokens from the account.
var approvalBasedSelector = selectorOf("approvalBased(address,uint256,bytes)")

// gasPerPubdataDefault is what viem puts in the digest and the transaction
// when none is given.
var gasPerPubdataDefault = big.NewInt(50000)

// zkSync EIP-712 transaction type.
const txTypeEIP712 = 0x71

// Bounds on a config, so a hostile request cannot make encoding or checking
// expensive. The contract has no limit; these are far above any real use.
const (
	maxCallPolicies     = 256
	maxTransferPolicies = 256
	maxConstraints      = 64
	maxValidationHooks  = 32
	maxFactoryDeps      = 32
	maxExpiresAt        = 253402300799 // 9999-12-31T23:59:59Z
)
