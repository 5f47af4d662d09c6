package local

import (
	"encoding/json"
	"strings"

	"github.com/sessionsigner/sessionsigner/scheme"
)

// txRequired are the members a local transaction request must carry.
// ethsign.ParseTx1559 reads a missing one as zero, as viem's serializer does,
// but a transaction with nonce 0, gas 0 or no fees is one the chain refuses
// (or, for the nonce, one that replaces the account's first transaction), so
// the vault says what is missing instead of signing it.
var txRequired = []string{"nonce", "gas", "maxFeePerGas", "maxPriorityFeePerGas"}

// requireTxFields is INVALID_REQUEST naming every required member that is
// absent or null.
func requireTxFields(raw json.RawMessage) error {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil // ParseTx1559 reports the shape
	}
	var missing []string
	for _, k := range txRequired {
		if v, ok := obj[k]; !ok || string(v) == "null" {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return scheme.BadRequest("transaction", "%s missing: fill them from the chain (viem's prepareTransactionRequest does, and walletClient.sendTransaction calls it); they are never signed as zero",
		strings.Join(missing, ", "))
}
