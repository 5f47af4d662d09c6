package abstract

import (
	"encoding/json"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/internal/strictjson"
)

// zkTx is a zkSync EIP-712 (type 0x71) transaction from the session's
// account. Quantities are never nil once parsed.
type zkTx struct {
	To                   ethtypes.Address
	Value                *big.Int
	Data                 []byte
	Nonce                *big.Int
	Gas                  *big.Int
	MaxFeePerGas         *big.Int
	MaxPriorityFeePerGas *big.Int
	GasPerPubdata        *big.Int
	Paymaster            ethtypes.Address // zero: none
	PaymasterInput       []byte
	FactoryDeps          [][]byte   // bytecodes, as serialized (transaction requests only)
	FactoryDepHashes     [][32]byte // what the digest commits to
	ChainID              *big.Int   // nil: the session's
	From                 *ethtypes.Address
}

func (t *zkTx) hasPaymaster() bool { return t.Paymaster != (ethtypes.Address{}) }

// txRequest is {"type":"transaction","transaction":{…},"validationHooks":[…]}.
type txRequest struct {
	Type            string          `json:"type"`
	Transaction     json.RawMessage `json:"transaction"`
	ValidationHooks []string        `json:"validationHooks"`
}

// txJSON is the transaction as viem's signTransaction takes it. "type" may
// be given as "eip712" (or 113 / "0x71") and nothing else.
type txJSON struct {
	Type                 json.RawMessage `json:"type"`
	To                   *string         `json:"to"`
	From                 *string         `json:"from"`
	Value                json.RawMessage `json:"value"`
	Data                 *string         `json:"data"`
	Nonce                json.RawMessage `json:"nonce"`
	Gas                  json.RawMessage `json:"gas"`
	MaxFeePerGas         json.RawMessage `json:"maxFeePerGas"`
	MaxPriorityFeePerGas json.RawMessage `json:"maxPriorityFeePerGas"`
	GasPerPubdata        json.RawMessage `json:"gasPerPubdata"`
	Paymaster            *string         `json:"paymaster"`
	PaymasterInput       *string         `json:"paymasterInput"`
	FactoryDeps          []string        `json:"factoryDeps"`
	ChainID              json.RawMessage `json:"chainId"`
}

// parseTxRequest reads a transaction request and its validation hooks
// (default: the validator alone, which is what a fresh AGW lists).
func parseTxRequest(raw json.RawMessage) (*zkTx, []ethtypes.Address, error) {
	f := requestFields
	// The request's envelope is read leniently (the host may add fields);
	// the transaction itself strictly, so a misspelled field is not dropped.
	var r txRequest
	if err := strictjson.Members(raw, &r); err != nil {
		return nil, nil, f.bad("", "%v", err)
	}
	var w txJSON
	if err := f.strict("transaction", r.Transaction, &w); err != nil {
		return nil, nil, err
	}
	t, err := w.parse()
	if err != nil {
		return nil, nil, err
	}
	hooks, err := parseHooks(r.ValidationHooks)
	if err != nil {
		return nil, nil, err
	}
	return t, hooks, nil
}

func (w *txJSON) parse() (*zkTx, error) {
	f := requestFields
	t := &zkTx{}
	var err error
	if !hexjson.IsNull(w.Type) && !isEIP712Type(w.Type) {
		return nil, f.bad("transaction.type", "must be \"eip712\": an Abstract session signs zkSync EIP-712 transactions only")
	}
	if w.To == nil {
		return nil, f.bad("transaction.to", "Transaction to field is not specified")
	}
	if t.To, err = f.address("transaction.to", *w.To); err != nil {
		return nil, err
	}
	if w.From != nil {
		from, err := f.address("transaction.from", *w.From)
		if err != nil {
			return nil, err
		}
		t.From = &from
	}
	if t.Value, err = f.quantityOr("transaction.value", w.Value, 0); err != nil {
		return nil, err
	}
	if w.Data != nil {
		if t.Data, err = f.hexBytes("transaction.data", *w.Data); err != nil {
			return nil, err
		}
	}
	for _, q := range []struct {
		path string
		raw  json.RawMessage
		dst  **big.Int
	}{
		{"transaction.nonce", w.Nonce, &t.Nonce},
		{"transaction.gas", w.Gas, &t.Gas},
		{"transaction.maxFeePerGas", w.MaxFeePerGas, &t.MaxFeePerGas},
	} {
		if *q.dst, err = f.quantity(q.path, q.raw); err != nil {
			return nil, err
		}
	}
	if t.MaxPriorityFeePerGas, err = f.quantityOr("transaction.maxPriorityFeePerGas", w.MaxPriorityFeePerGas, 0); err != nil {
		return nil, err
	}
	if t.GasPerPubdata, err = f.quantityOr("transaction.gasPerPubdata", w.GasPerPubdata, gasPerPubdataDefault.Int64()); err != nil {
		return nil, err
	}
	if t.GasPerPubdata.Sign() == 0 {
		// viem signs 0 but serializes 50000, a transaction that cannot verify.
		return nil, f.bad("transaction.gasPerPubdata", "must be greater than 0 (leave it out for 50000)")
	}
	if !hexjson.IsNull(w.ChainID) {
		if t.ChainID, err = f.quantity("transaction.chainId", w.ChainID); err != nil {
			return nil, err
		}
	}
	if err := w.parsePaymaster(t); err != nil {
		return nil, err
	}
	return t, w.parseFactoryDeps(t)
}

// parsePaymaster follows viem's rule: a paymaster needs a paymasterInput
// and the other way round ("0x" alone counts as none).
func (w *txJSON) parsePaymaster(t *zkTx) error {
	f := requestFields
	var err error
	if w.PaymasterInput != nil {
		if t.PaymasterInput, err = f.hexBytes("transaction.paymasterInput", *w.PaymasterInput); err != nil {
			return err
		}
	}
	if w.Paymaster == nil {
		if len(t.PaymasterInput) > 0 {
			return f.bad("transaction.paymaster", "`paymaster` must be provided when `paymasterInput` is defined")
		}
		t.PaymasterInput = nil
		return nil
	}
	if t.Paymaster, err = f.address("transaction.paymaster", *w.Paymaster); err != nil {
		return err
	}
	if !t.hasPaymaster() {
		return f.bad("transaction.paymaster", "is the zero address; leave it out for no paymaster")
	}
	if w.PaymasterInput == nil {
		return f.bad("transaction.paymasterInput", "`paymasterInput` must be provided when `paymaster` is defined")
	}
	return nil
}

func (w *txJSON) parseFactoryDeps(t *zkTx) error {
	f := requestFields
	if len(w.FactoryDeps) > maxFactoryDeps {
		return f.bad("transaction.factoryDeps", "has %d entries, at most %d are supported", len(w.FactoryDeps), maxFactoryDeps)
	}
	for i, s := range w.FactoryDeps {
		code, err := f.hexBytes(at("transaction.factoryDeps", i), s)
		if err != nil {
			return err
		}
		h, err := hashBytecode(code)
		if err != nil {
			return f.bad(at("transaction.factoryDeps", i), "%v", err)
		}
		t.FactoryDeps = append(t.FactoryDeps, code)
		t.FactoryDepHashes = append(t.FactoryDepHashes, h)
	}
	return nil
}

func parseHooks(list []string) ([]ethtypes.Address, error) {
	f := requestFields
	if list == nil {
		return []ethtypes.Address{ValidatorAddress}, nil
	}
	if len(list) > maxValidationHooks {
		return nil, f.bad("validationHooks", "has %d entries, at most %d are supported", len(list), maxValidationHooks)
	}
	hooks := make([]ethtypes.Address, len(list))
	found := false
	for i, s := range list {
		a, err := f.address(at("validationHooks", i), s)
		if err != nil {
			return nil, err
		}
		hooks[i] = a
		found = found || a == ValidatorAddress
	}
	if !found {
		return nil, f.bad("validationHooks", "must include the session key validator %s (the account's listHooks(true))", ValidatorAddress.Hex())
	}
	return hooks, nil
}

func isEIP712Type(raw json.RawMessage) bool {
	var s string
	if json.Unmarshal(raw, &s) == nil && s == "eip712" {
		return true
	}
	v, err := hexjson.ParseBig(raw)
	return err == nil && v.Cmp(big.NewInt(txTypeEIP712)) == 0
}
