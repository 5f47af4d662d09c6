package abstract

import (
	"encoding/json"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/internal/strictjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// A session signs typed data only when it is a zkSync transaction, and
// then returns just the customSignature, as agw-client's
// sessionClient.signTypedData does (for wallets such as thirdweb that build
// the raw transaction themselves). The typed data must be exactly what viem
// builds: domain {name:"zkSync", version:"2", chainId}, primaryType
// "Transaction" with its 13 canonical fields. agw-client ignores the types
// it is given and signs its own; refusing anything else instead means the
// signature always covers what the app showed.

// errNotTransaction is agw-client's refusal, word for word.
const errNotTransaction = "Session client can only sign EIP712 transactions as typed data"

type typedDataRequest struct {
	TypedData       json.RawMessage `json:"typedData"`
	ValidationHooks []string        `json:"validationHooks"`
}

type typedField struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type typedDataJSON struct {
	Types       map[string][]typedField    `json:"types"`
	Domain      map[string]json.RawMessage `json:"domain"`
	PrimaryType string                     `json:"primaryType"`
	Message     map[string]json.RawMessage `json:"message"`
}

var domainFields = []typedField{{"name", "string"}, {"version", "string"}, {"chainId", "uint256"}}

// parseTypedDataRequest reads a typed-data request that must be a zkSync
// transaction from the session's account on the session's chain.
func parseTypedDataRequest(raw json.RawMessage, chainID *big.Int) (*zkTx, []ethtypes.Address, error) {
	f := requestFields
	var r typedDataRequest
	if err := strictjson.Members(raw, &r); err != nil {
		return nil, nil, f.bad("", "%v", err)
	}
	var td typedDataJSON
	if hexjson.IsNull(r.TypedData) || json.Unmarshal(r.TypedData, &td) != nil || !isTransactionTypedData(&td) {
		return nil, nil, scheme.Refuse(RuleTypedData, errNotTransaction)
	}
	// encoding/json fills a field from a member in any case ("Message" for
	// "message"), and from the last of two: refuse both, so the message
	// checked is the one the app wrote.
	if err := strictjson.Members(r.TypedData, &typedDataJSON{}); err != nil {
		return nil, nil, f.bad("typedData", "%v", err)
	}
	if hexjson.IsNull(td.Domain["chainId"]) {
		return nil, nil, f.bad("typedData.domain.chainId", "Chain ID is required for EIP712 transaction")
	}
	domainChain, err := f.quantity("typedData.domain.chainId", td.Domain["chainId"])
	if err != nil {
		return nil, nil, err
	}
	if domainChain.Cmp(chainID) != 0 {
		return nil, nil, scheme.Refuse(RuleChainID, "the typed data is for chain %s but the session is for chain %s", domainChain, chainID)
	}
	t, err := messageTx(td.Message)
	if err != nil {
		return nil, nil, err
	}
	t.ChainID = domainChain
	hooks, err := parseHooks(r.ValidationHooks)
	if err != nil {
		return nil, nil, err
	}
	return t, hooks, nil
}

// isTransactionTypedData: domain name "zkSync", version "2" and nothing
// but a chainId besides; primaryType Transaction; the canonical types.
func isTransactionTypedData(td *typedDataJSON) bool {
	if td.PrimaryType != "Transaction" || td.Message == nil {
		return false
	}
	if jsonString(td.Domain["name"]) != "zkSync" || jsonString(td.Domain["version"]) != "2" {
		return false
	}
	for k := range td.Domain {
		if k != "name" && k != "version" && k != "chainId" {
			return false
		}
	}
	if d, ok := td.Types["EIP712Domain"]; ok && !sameFields(d, domainFields) {
		return false
	}
	tx, ok := td.Types["Transaction"]
	if !ok || len(tx) != len(transactionFields) {
		return false
	}
	for i, f := range transactionFields {
		if tx[i].Name != f[0] || tx[i].Type != f[1] {
			return false
		}
	}
	if len(td.Message) != len(transactionFields) {
		return false
	}
	for _, f := range transactionFields {
		if _, ok := td.Message[f[0]]; !ok {
			return false
		}
	}
	return true
}

func sameFields(a, b []typedField) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func jsonString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// messageTx reads the Transaction message. Numbers may be decimal or hex
// strings or JSON integers; from, to and paymaster are uint256 holding an
// address.
func messageTx(m map[string]json.RawMessage) (*zkTx, error) {
	f := requestFields
	p := "typedData.message."
	q := func(name string) (*big.Int, error) { return f.quantity(p+name, m[name]) }
	addr := func(name string) (ethtypes.Address, error) {
		v, err := q(name)
		if err != nil {
			return ethtypes.Address{}, err
		}
		if v.BitLen() > 160 {
			return ethtypes.Address{}, f.bad(p+name, "is wider than an address")
		}
		return ethtypes.BigToAddress(v), nil
	}
	byts := func(name string) ([]byte, error) {
		var s string
		if err := json.Unmarshal(m[name], &s); err != nil {
			return nil, f.bad(p+name, "must be a 0x-hex string")
		}
		if s == "0x0" { // what some wallets send for empty data
			return nil, nil
		}
		return f.hexBytes(p+name, s)
	}
	txType, err := q("txType")
	if err != nil {
		return nil, err
	}
	if txType.Cmp(big.NewInt(txTypeEIP712)) != 0 {
		return nil, f.bad(p+"txType", "must be 113 (0x71)")
	}
	t := &zkTx{}
	from, err := addr("from")
	if err != nil {
		return nil, err
	}
	t.From = &from
	if t.To, err = addr("to"); err != nil {
		return nil, err
	}
	if t.Paymaster, err = addr("paymaster"); err != nil {
		return nil, err
	}
	for _, x := range []struct {
		name string
		dst  **big.Int
	}{
		{"gasLimit", &t.Gas}, {"gasPerPubdataByteLimit", &t.GasPerPubdata}, {"maxFeePerGas", &t.MaxFeePerGas},
		{"maxPriorityFeePerGas", &t.MaxPriorityFeePerGas}, {"nonce", &t.Nonce}, {"value", &t.Value},
	} {
		if *x.dst, err = q(x.name); err != nil {
			return nil, err
		}
	}
	if t.Data, err = byts("data"); err != nil {
		return nil, err
	}
	if t.PaymasterInput, err = byts("paymasterInput"); err != nil {
		return nil, err
	}
	var deps []json.RawMessage
	if err := json.Unmarshal(m["factoryDeps"], &deps); err != nil {
		return nil, f.bad(p+"factoryDeps", "must be an array")
	}
	if len(deps) > 0 {
		// agw-client would hash these hashes again and sign something else.
		return nil, f.bad(p+"factoryDeps", "must be empty: a session does not sign deployments as typed data")
	}
	// viem's pairing rule, as agw-client applies it to typed data.
	if t.hasPaymaster() && len(t.PaymasterInput) == 0 {
		return nil, f.bad(p+"paymasterInput", "`paymasterInput` must be provided when `paymaster` is defined")
	}
	if !t.hasPaymaster() && len(t.PaymasterInput) > 0 {
		return nil, f.bad(p+"paymaster", "`paymaster` must be provided when `paymasterInput` is defined")
	}
	return t, nil
}
