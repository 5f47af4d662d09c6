package local

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Typed data in the local scheme is an allow-list. A burner key has no
// on-chain policy behind it: whatever it signs is final. So the session
// signs EIP-712 typed data only when its config names it:
//
//	"typedData": [{ "verifyingContract": "0x…", "primaryType": "Order",
//	                "match": { "maker": "0x…", "items.0.token": "0x…" } }]
//
// A document is signed when one entry names its domain's verifyingContract
// and its primaryType, every match rule holds (the message field at the
// path equals the value, compared as the field's EIP-712 type encodes it),
// and its domain names the session's chainId. By default the list is empty
// and no typed data is signed.
//
// Token permits are refused even when listed, because they move tokens by
// signature, outside every rule this scheme can state:
//   - any type whose name starts with "Permit" (EIP-2612 Permit, DAI's
//     Permit, Permit2's PermitSingle, PermitBatch, PermitTransferFrom,
//     PermitBatchTransferFrom, PermitWitnessTransferFrom, ERC-721/4494
//     permits...) or is "TokenPermissions", as the primary type or anywhere
//     among the document's types: a token checks the type's name through its
//     type hash, so a renamed struct is not a permit to it;
//   - EIP-3009 TransferWithAuthorization and ReceiveWithAuthorization unless
//     the entry pins both the payee ("to") and the amount ("value").
// Listing a permit is refused when the session is created.

// maxTypedDataRules and maxMatchRules bound a config.
const (
	maxTypedDataRules = 32
	maxMatchRules     = 16
)

// TypedDataRule permits one kind of typed data.
type TypedDataRule struct {
	VerifyingContract string                     `json:"verifyingContract"` // EIP-55 checksummed
	PrimaryType       string                     `json:"primaryType"`
	Match             map[string]json.RawMessage `json:"match,omitempty"` // field path -> value, compact JSON

	contract ethtypes.Address
}

// typedDataRuleJSON is one typedData entry as the app writes it.
type typedDataRuleJSON struct {
	VerifyingContract json.RawMessage `json:"verifyingContract"`
	PrimaryType       json.RawMessage `json:"primaryType"`
	Match             json.RawMessage `json:"match"`
}

// isPermitType: see the rule above.
func isPermitType(name string) bool {
	return strings.HasPrefix(name, "Permit") || name == "TokenPermissions"
}

// payeeTransfers are EIP-3009's signed transfers: listed only with the
// payee and amount pinned.
var payeeTransfers = map[string]bool{"TransferWithAuthorization": true, "ReceiveWithAuthorization": true}

// parseTypedDataRules reads "typedData": a list of rules. false (what
// configs stored before the allow-list hold) is the empty list; true, which
// used to mean "any typed data", is refused with the way forward.
//
// A record written by the first format may hold "typedData": true, which
// then meant "typed data for the allowed contracts, unless a known permit".
// That deny-list is what this allow-list replaces, so such a record reads as
// no typed data: the session keeps working for everything else, and signs
// typed data only if created again with a list.
func parseTypedDataRules(raw json.RawMessage, stored bool) ([]TypedDataRule, error) {
	switch string(bytes.TrimSpace(raw)) {
	case "", "false":
		return nil, nil
	case "true":
		if stored {
			return nil, nil
		}
		return nil, scheme.BadConfig("typedData", "true (any typed data) is no longer accepted: list what the session may sign, "+
			"as [{verifyingContract, primaryType, match?}]")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || items == nil {
		return nil, scheme.BadConfig("typedData", "must be a list of {verifyingContract, primaryType, match?}")
	}
	if len(items) > maxTypedDataRules {
		return nil, scheme.BadConfig("typedData", "more than %d entries", maxTypedDataRules)
	}
	out := make([]TypedDataRule, 0, len(items))
	seen := map[string]int{}
	for i, item := range items {
		field := fmt.Sprintf("typedData[%d]", i)
		r, err := parseTypedDataRule(item, field)
		if err != nil {
			return nil, err
		}
		key := r.VerifyingContract + "/" + r.PrimaryType + "/" + string(mustJSON(r.Match))
		if j, dup := seen[key]; dup {
			return nil, scheme.BadConfig(field, "duplicates typedData[%d]", j)
		}
		seen[key] = i
		out = append(out, r)
	}
	return out, nil
}

func parseTypedDataRule(raw json.RawMessage, field string) (TypedDataRule, error) {
	var r TypedDataRule
	var w typedDataRuleJSON
	if err := scheme.DecodeConfig(field, raw, &w); err != nil {
		return r, err
	}
	var err error
	if r.contract, err = address(w.VerifyingContract, field+".verifyingContract"); err != nil {
		return r, err
	}
	r.VerifyingContract = r.contract.Hex()
	if r.PrimaryType, err = str(w.PrimaryType, field+".primaryType"); err != nil {
		return r, err
	}
	if r.PrimaryType == "" || len(r.PrimaryType) > 128 {
		return r, scheme.BadConfig(field+".primaryType", "must name a struct type (1 to 128 characters)")
	}
	if isPermitType(r.PrimaryType) {
		return r, scheme.BadConfig(field+".primaryType", "%s is a token permit, which a session never signs (it would move tokens outside every rule)", hexjson.Clip(r.PrimaryType))
	}
	if m := w.Match; m != nil {
		if r.Match, err = parseMatch(m, field+".match"); err != nil {
			return r, err
		}
	}
	if payeeTransfers[r.PrimaryType] && (r.Match["to"] == nil || r.Match["value"] == nil) {
		return r, scheme.BadConfig(field+".match", "%s moves tokens by signature: pin the payee and amount with match {\"to\": …, \"value\": …}", r.PrimaryType)
	}
	return r, nil
}

// parseMatch reads {"<path>": value}: paths of member names and indices
// joined by dots, values a string, number or bool (compacted, so the stored
// config is canonical).
func parseMatch(raw json.RawMessage, field string) (map[string]json.RawMessage, error) {
	var obj map[string]json.RawMessage
	if err := scheme.DecodeConfig(field, raw, &obj); err != nil {
		return nil, err
	}
	if len(obj) == 0 || len(obj) > maxMatchRules {
		return nil, scheme.BadConfig(field, "must hold 1 to %d rules (leave match out for none)", maxMatchRules)
	}
	out := make(map[string]json.RawMessage, len(obj))
	for path, v := range obj {
		if !validFieldPath(path) {
			return nil, scheme.BadConfig(field, "%q is not a field path (member names and indices joined by dots: \"to\", \"order.maker\", \"items.0.token\")", hexjson.Clip(path))
		}
		v = bytes.TrimSpace(v)
		if len(v) == 0 || (v[0] != '"' && v[0] != 't' && v[0] != 'f' && v[0] != '-' && (v[0] < '0' || v[0] > '9')) {
			return nil, scheme.BadConfig(field+"."+hexjson.Clip(path), "must be a string, number or bool")
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			return nil, scheme.BadConfig(field+"."+hexjson.Clip(path), "%v", err)
		}
		out[path] = buf.Bytes()
	}
	return out, nil
}

func validFieldPath(p string) bool {
	if p == "" || len(p) > 256 {
		return false
	}
	for _, seg := range strings.Split(p, ".") {
		if seg == "" {
			return false
		}
		for _, c := range seg {
			if !(c == '_' || c == '$' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return false
			}
		}
	}
	return true
}

// checkTypedData signs a document only when an entry of the allow-list
// names it (see the rule at the top of this file).
func (c *Config) checkTypedData(body map[string]json.RawMessage, chainID *big.Int) (ethtypes.Hash, error) {
	raw, ok := body["typedData"]
	if !ok {
		return ethtypes.Hash{}, scheme.BadRequest("typedData", "missing")
	}
	td, err := ethsign.ParseTypedData(raw)
	if err != nil {
		return ethtypes.Hash{}, scheme.BadRequest("typedData", "%v", err)
	}
	if len(c.TypedData) == 0 {
		return ethtypes.Hash{}, scheme.Refuse(RuleTypedData, "this session may not sign typed data (list what it may sign in the config's typedData)")
	}
	d := td.Domain
	if d.ChainID == nil {
		return ethtypes.Hash{}, scheme.Refuse(RuleChainID, "the typed data's domain names no chainId, so its signature would be valid on every chain")
	}
	if d.ChainID.Cmp(chainID) != 0 {
		return ethtypes.Hash{}, scheme.Refuse(RuleChainID, "typed data is for chain %s, the session is for chain %s", d.ChainID, chainID)
	}
	for name := range td.Types {
		if isPermitType(name) {
			return ethtypes.Hash{}, scheme.Refuse(RuleTypedData, "the typed data declares %s, a token permit, which this session never signs", hexjson.Clip(name))
		}
	}
	if d.VerifyingContract == nil {
		return ethtypes.Hash{}, scheme.Refuse(RuleTypedData, "the typed data's domain names no verifyingContract")
	}
	var mismatch error
	for i := range c.TypedData {
		r := &c.TypedData[i]
		if r.contract != *d.VerifyingContract || r.PrimaryType != td.PrimaryType {
			continue
		}
		err := r.matches(td)
		if err == nil {
			return td.Hash(), nil
		}
		if mismatch == nil {
			mismatch = err
		}
	}
	if mismatch != nil {
		return ethtypes.Hash{}, mismatch
	}
	return ethtypes.Hash{}, scheme.Refuse(RuleTypedData, "this session may not sign %s typed data for %s", hexjson.Clip(td.PrimaryType), d.VerifyingContract.Hex())
}

// matches checks every rule, in a fixed order so the refusal is stable.
func (r *TypedDataRule) matches(td *ethsign.TypedData) error {
	for _, path := range r.matchPaths() {
		ok, err := td.FieldMatches(path, r.Match[path])
		if err != nil {
			return scheme.Refuse(RuleTypedData, "%s for %s: %v", r.PrimaryType, r.VerifyingContract, err)
		}
		if !ok {
			return scheme.Refuse(RuleTypedData, "%s for %s: message.%s must be %s", r.PrimaryType, r.VerifyingContract, path, r.Match[path])
		}
	}
	return nil
}

func (r *TypedDataRule) matchPaths() []string {
	paths := make([]string, 0, len(r.Match))
	for p := range r.Match {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// sentence says what the rule allows, for the permissions text.
func (r *TypedDataRule) sentence(chainID *big.Int) string {
	s := fmt.Sprintf("may sign EIP-712 typed data of type %s for contract %s on chain %s", r.PrimaryType, r.VerifyingContract, chainID)
	if len(r.Match) == 0 {
		return s + ", with any message"
	}
	var rules []string
	for _, p := range r.matchPaths() {
		rules = append(rules, "message."+p+" = "+string(r.Match[p]))
	}
	return s + ", only where " + strings.Join(rules, " and ")
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
