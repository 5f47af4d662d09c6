module github.com/sessionsigner/sessionsigner

go 1.26.0

require (
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.1
	github.com/ethereum/go-ethereum v1.17.10
	github.com/nlepage/go-js-promise v1.1.0
	github.com/syumai/workers v0.32.0
	golang.org/x/crypto v0.58.0
)

require (
	github.com/ProjectZKM/Ziren/crates/go-runtime/zkvm_runtime v0.0.0-20251001021608-1fe7b43fc4d6 // indirect
	github.com/holiman/uint256 v1.3.2 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
