package ethsign

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// Bounds on a transaction request. Calldata above the transaction pool's
// 128 KiB limit could never be broadcast anyway.
const (
	MaxTxBytes        = 512 << 10
	MaxTxDataBytes    = 128 << 10
	maxAccessTuples   = 256
	maxAccessKeys     = 4096
	maxUint64Quantity = 64 // bits
)

// txForeign are members that would make the request something other than an
// unsigned EIP-1559 transaction (legacy or blob fees, EIP-7702
// authorizations, an existing signature). They are refused rather than
// ignored, because viem would serialize a different transaction.
var txForeign = []string{
	"gasPrice", "maxFeePerBlobGas", "blobs", "blobVersionedHashes", "sidecars",
	"authorizationList", "v", "r", "s", "yParity",
}

// txMembers are the members ParseTx1559 reads or refuses by name.
var txMembers = append([]string{
	"chainId", "nonce", "to", "value", "data", "input", "gas", "maxFeePerGas", "maxPriorityFeePerGas", "accessList", "type",
}, txForeign...)

// checkTxMemberCase refuses a member that is one of txMembers spelled in
// another case ("Value", "TO"): other members are ignored, so without this
// an app's "Value": 1000 would be signed as a transaction of value 0.
func checkTxMemberCase(obj map[string]json.RawMessage) error {
	for k := range obj {
		for _, m := range txMembers {
			if k != m && strings.EqualFold(k, m) {
				return fmt.Errorf("%w: member %q is %q spelled in another case", ErrTransaction, hexjson.Clip(k), m)
			}
		}
	}
	return nil
}

// ParseTx1559 reads viem's TransactionSerializable JSON for an EIP-1559
// transaction: chainId (required, > 0), nonce, to (absent or null for
// contract creation), value, data (or its alias input), gas, maxFeePerGas,
// maxPriorityFeePerGas and accessList; type may be absent, "eip1559" or 2.
// Quantities are decimal strings, 0x-hex strings or small JSON integers;
// missing ones are zero, as in viem. Other members that do not change the
// transaction (from, account, chain, ...) are ignored, so a viem request
// object can be passed as it is; one of the read members spelled in another
// case is refused.
func ParseTx1559(data []byte) (*Tx1559, error) {
	if len(data) > MaxTxBytes {
		return nil, fmt.Errorf("%w: request is larger than %d bytes", ErrTransaction, MaxTxBytes)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return nil, fmt.Errorf("%w: must be a JSON object", ErrTransaction)
	}
	if err := checkTxMemberCase(obj); err != nil {
		return nil, err
	}
	for _, k := range txForeign {
		if v, ok := obj[k]; ok && !hexjson.IsNull(v) {
			return nil, fmt.Errorf("%w: %s is not part of an unsigned EIP-1559 transaction", ErrTransaction, k)
		}
	}
	present := func(k string) bool { v, ok := obj[k]; return ok && !hexjson.IsNull(v) }
	if present("type") {
		if err := checkTxType(obj["type"]); err != nil {
			return nil, err
		}
	}

	tx := &Tx1559{}
	var err error
	if !present("chainId") {
		return nil, fmt.Errorf("%w: chainId is required", ErrTransaction)
	}
	if tx.ChainID, err = txQuantity(obj, "chainId", 256); err != nil {
		return nil, err
	}
	if tx.ChainID.Sign() == 0 {
		return nil, fmt.Errorf("%w: chainId must be greater than 0", ErrTransaction)
	}
	nonce, err := txQuantity(obj, "nonce", maxUint64Quantity)
	if err != nil {
		return nil, err
	}
	tx.Nonce = nonce.Uint64()
	gas, err := txQuantity(obj, "gas", maxUint64Quantity)
	if err != nil {
		return nil, err
	}
	tx.Gas = gas.Uint64()
	if tx.Value, err = txQuantity(obj, "value", 256); err != nil {
		return nil, err
	}
	if tx.MaxFeePerGas, err = txQuantity(obj, "maxFeePerGas", 256); err != nil {
		return nil, err
	}
	if tx.MaxPriorityFeePerGas, err = txQuantity(obj, "maxPriorityFeePerGas", 256); err != nil {
		return nil, err
	}
	if tx.MaxPriorityFeePerGas.Cmp(tx.MaxFeePerGas) > 0 {
		return nil, fmt.Errorf("%w: maxPriorityFeePerGas is above maxFeePerGas", ErrTransaction)
	}
	if present("to") {
		var s string
		if err := json.Unmarshal(obj["to"], &s); err != nil {
			return nil, fmt.Errorf("%w: to must be an address string", ErrTransaction)
		}
		to, err := ParseAddress(s)
		if err != nil {
			return nil, fmt.Errorf("%w: to: %v", ErrTransaction, err)
		}
		tx.To = &to
	}
	if tx.Data, err = txCalldata(obj, present); err != nil {
		return nil, err
	}
	if present("accessList") {
		if tx.AccessList, err = txAccessList(obj["accessList"]); err != nil {
			return nil, err
		}
	}
	return tx, nil
}

func checkTxType(raw json.RawMessage) error {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch strings.ToLower(s) {
		case "eip1559", "0x2", "0x02":
			return nil
		}
	} else if string(bytes.TrimSpace(raw)) == "2" {
		return nil
	}
	return fmt.Errorf("%w: type %s is not supported (only EIP-1559, type 2)", ErrTransaction, hexjson.Clip(string(raw)))
}

// txQuantity reads an optional non-negative integer of at most bits bits.
func txQuantity(obj map[string]json.RawMessage, key string, bits int) (*big.Int, error) {
	raw, ok := obj[key]
	if !ok || hexjson.IsNull(raw) {
		return new(big.Int), nil
	}
	v, err := hexjson.ParseBig(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTransaction, key, err)
	}
	if v.BitLen() > bits {
		return nil, fmt.Errorf("%w: %s is larger than %d bits", ErrTransaction, key, bits)
	}
	return v, nil
}

// txCalldata reads data, or input (the JSON-RPC name); both must agree.
func txCalldata(obj map[string]json.RawMessage, present func(string) bool) ([]byte, error) {
	var out []byte
	for _, key := range []string{"data", "input"} {
		if !present(key) {
			continue
		}
		var s string
		if err := json.Unmarshal(obj[key], &s); err != nil {
			return nil, fmt.Errorf("%w: %s must be a 0x-hex string", ErrTransaction, key)
		}
		b, err := hexjson.ParseBytes(s)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrTransaction, key, err)
		}
		if len(b) > MaxTxDataBytes {
			return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrTransaction, key, MaxTxDataBytes)
		}
		if out != nil && !bytes.Equal(out, b) {
			return nil, fmt.Errorf("%w: data and input differ", ErrTransaction)
		}
		out = b
	}
	return out, nil
}

func txAccessList(raw json.RawMessage) ([]AccessTuple, error) {
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%w: accessList must be a list of {address, storageKeys}", ErrTransaction)
	}
	if len(items) > maxAccessTuples {
		return nil, fmt.Errorf("%w: accessList has more than %d entries", ErrTransaction, maxAccessTuples)
	}
	out := make([]AccessTuple, len(items))
	keys := 0
	for i, item := range items {
		var addr string
		var storage []string
		if item == nil || json.Unmarshal(item["address"], &addr) != nil {
			return nil, fmt.Errorf("%w: accessList[%d].address must be an address string", ErrTransaction, i)
		}
		a, err := parseAddressAnyCase(addr)
		if err != nil {
			return nil, fmt.Errorf("%w: accessList[%d].address: %v", ErrTransaction, i, err)
		}
		if err := json.Unmarshal(item["storageKeys"], &storage); err != nil || storage == nil {
			return nil, fmt.Errorf("%w: accessList[%d].storageKeys must be a list of 32-byte hex strings", ErrTransaction, i)
		}
		keys += len(storage)
		if keys > maxAccessKeys {
			return nil, fmt.Errorf("%w: accessList has more than %d storage keys", ErrTransaction, maxAccessKeys)
		}
		out[i] = AccessTuple{Address: a, StorageKeys: make([]ethtypes.Hash, len(storage))}
		for j, k := range storage {
			b, err := hexjson.ParseFixed(k, 32)
			if err != nil {
				return nil, fmt.Errorf("%w: accessList[%d].storageKeys[%d]: %v", ErrTransaction, i, j, err)
			}
			out[i].StorageKeys[j] = ethtypes.BytesToHash(b)
		}
	}
	return out, nil
}
