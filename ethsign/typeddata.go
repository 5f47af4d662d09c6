package ethsign

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// MaxTypedDataBytes bounds the whole eth_signTypedData_v4 document, and
// maxTypesBytes its "types" object. Large real documents (Seaport orders with
// dozens of items) stay well under 100 KiB.
const (
	MaxTypedDataBytes = 512 << 10
	maxTypesBytes     = 64 << 10
)

// domainTypeName is the reserved name of the domain struct.
const domainTypeName = "EIP712Domain"

// standardDomainFields are the fields EIP-712 defines for the domain, in the
// order viem derives them when "types" has no EIP712Domain, with the only
// type each may have.
var standardDomainFields = []Field{
	{Name: "name", Type: "string"},
	{Name: "version", Type: "string"},
	{Name: "chainId", Type: "uint256"},
	{Name: "verifyingContract", Type: "address"},
	{Name: "salt", Type: "bytes32"},
}

// Domain holds the standard EIP-712 domain fields that are part of the signed
// domain (nil when the domain does not include them). A field present in the
// JSON but not declared in EIP712Domain is refused rather than shown here, so
// a scheme checking ChainID checks what is actually signed.
type Domain struct {
	Name              *string
	Version           *string
	ChainID           *big.Int
	VerifyingContract *ethtypes.Address
	Salt              *ethtypes.Hash
}

// TypedData is a parsed, fully validated eth_signTypedData_v4 document.
type TypedData struct {
	// Types includes EIP712Domain, as given or as derived from the domain.
	Types       map[string][]Field
	PrimaryType string
	Domain      Domain

	domainSeparator ethtypes.Hash
	hash            ethtypes.Hash
	structs         map[string]parsedStruct
	message         json.RawMessage
}

// Hash is the EIP-712 digest keccak256(0x1901 || domainSeparator ||
// hashStruct(message)), as viem's hashTypedData. When primaryType is
// EIP712Domain the struct hash is left out, as viem does.
func (td *TypedData) Hash() ethtypes.Hash { return td.hash }

// DomainSeparator is hashStruct(EIP712Domain, domain).
func (td *TypedData) DomainSeparator() ethtypes.Hash { return td.domainSeparator }

// ParseTypedData reads {types, primaryType, domain, message}, checks every
// type and value strictly, and computes the digest. Members of a message
// struct that its type does not declare are ignored (they are not signed),
// as in viem and wallets; members of the domain that EIP712Domain does not
// declare are refused, because schemes read the domain to make decisions.
func ParseTypedData(data []byte) (*TypedData, error) {
	if len(data) > MaxTypedDataBytes {
		return nil, fmt.Errorf("%w: document is larger than %d bytes", ErrTypedData, MaxTypedDataBytes)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		return nil, fmt.Errorf("%w: must be a JSON object {types, primaryType, domain, message}", ErrTypedData)
	}
	for k := range top {
		switch k {
		case "types", "primaryType", "domain", "message":
		default:
			return nil, fmt.Errorf("%w: unknown member %q (want types, primaryType, domain, message)", ErrTypedData, hexjson.Clip(k))
		}
	}

	structs, err := readTypes(top["types"])
	if err != nil {
		return nil, err
	}
	domain, err := readDomainObject(top["domain"])
	if err != nil {
		return nil, err
	}
	if _, ok := structs[domainTypeName]; !ok {
		structs[domainTypeName] = deriveDomainFields(domain)
	}
	parsed, err := checkTypes(structs)
	if err != nil {
		return nil, err
	}

	td := &TypedData{Types: structs, structs: parsed, message: top["message"]}
	if err := json.Unmarshal(top["primaryType"], &td.PrimaryType); err != nil || td.PrimaryType == "" {
		return nil, fmt.Errorf("%w: primaryType must be a non-empty string", ErrTypedData)
	}
	if _, ok := structs[td.PrimaryType]; !ok {
		return nil, fmt.Errorf("%w: primaryType %q is not declared in types", ErrTypedData, hexjson.Clip(td.PrimaryType))
	}
	if td.Domain, err = readDomain(domain, structs[domainTypeName]); err != nil {
		return nil, err
	}

	enc := newEncoder(parsed)
	domainRaw := top["domain"]
	if domainRaw == nil {
		domainRaw = json.RawMessage("{}")
	}
	if td.domainSeparator, err = enc.hashStruct(domainTypeName, domainRaw, "domain", 0); err != nil {
		return nil, err
	}
	parts := [][]byte{{0x19, 0x01}, td.domainSeparator[:]}
	if td.PrimaryType != domainTypeName {
		msg := top["message"]
		if hexjson.IsNull(msg) {
			return nil, fmt.Errorf("%w: message is missing", ErrTypedData)
		}
		structHash, err := enc.hashStruct(td.PrimaryType, msg, "message", 0)
		if err != nil {
			return nil, err
		}
		parts = append(parts, structHash[:])
	}
	td.hash = ethcrypto.Keccak256Hash(parts...)
	return td, nil
}

// readTypes decodes the "types" object with exact (case-sensitive) member
// names: encoding/json's struct decoding would match "Name" for "name".
func readTypes(raw json.RawMessage) (map[string][]Field, error) {
	if hexjson.IsNull(raw) {
		return nil, fmt.Errorf("%w: types is missing", ErrTypedData)
	}
	if len(raw) > maxTypesBytes {
		return nil, fmt.Errorf("%w: types is larger than %d bytes", ErrTypedData, maxTypesBytes)
	}
	var byName map[string][]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &byName); err != nil || byName == nil {
		return nil, fmt.Errorf("%w: types must map each type name to a list of {name, type}", ErrTypedData)
	}
	if len(byName) > maxTypes {
		return nil, fmt.Errorf("%w: more than %d types", ErrTypedData, maxTypes)
	}
	out := make(map[string][]Field, len(byName)+1)
	for name, list := range byName {
		if list == nil {
			return nil, fmt.Errorf("%w: type %q must be a list of {name, type}", ErrTypedData, hexjson.Clip(name))
		}
		fields := make([]Field, len(list))
		for i, m := range list {
			if json.Unmarshal(m["name"], &fields[i].Name) != nil || json.Unmarshal(m["type"], &fields[i].Type) != nil {
				return nil, fmt.Errorf("%w: type %q field %d must have string name and type", ErrTypedData, hexjson.Clip(name), i)
			}
		}
		out[name] = fields
	}
	return out, nil
}

// readDomainObject decodes "domain": absent means the empty domain, as in
// viem. A JSON null is refused: viem would then leave the domain separator
// out of the digest entirely, which no verifier expects.
func readDomainObject(raw json.RawMessage) (map[string]json.RawMessage, error) {
	if raw == nil {
		return map[string]json.RawMessage{}, nil
	}
	var domain map[string]json.RawMessage
	if err := json.Unmarshal(raw, &domain); err != nil || domain == nil {
		return nil, fmt.Errorf("%w: domain must be a JSON object", ErrTypedData)
	}
	return domain, nil
}

// deriveDomainFields builds EIP712Domain from the standard fields present
// (and not null) in the domain, in viem's order.
func deriveDomainFields(domain map[string]json.RawMessage) []Field {
	fields := []Field{}
	for _, f := range standardDomainFields {
		if v, ok := domain[f.Name]; ok && !hexjson.IsNull(v) {
			fields = append(fields, f)
		}
	}
	return fields
}

// readDomain checks the domain members against EIP712Domain and reads the
// standard ones into a Domain.
func readDomain(domain map[string]json.RawMessage, fields []Field) (Domain, error) {
	var d Domain
	declared := make(map[string]string, len(fields))
	for _, f := range fields {
		declared[f.Name] = f.Type
	}
	for k, v := range domain {
		if _, ok := declared[k]; !ok && !hexjson.IsNull(v) {
			return d, fmt.Errorf("%w: domain.%s is not declared in EIP712Domain, so it would not be signed", ErrTypedData, hexjson.Clip(k))
		}
	}
	var err error
	for _, std := range standardDomainFields {
		typ, ok := declared[std.Name]
		if !ok {
			continue
		}
		if typ != std.Type {
			return d, fmt.Errorf("%w: EIP712Domain.%s must have type %s, not %q", ErrTypedData, std.Name, std.Type, hexjson.Clip(typ))
		}
		raw := domain[std.Name]
		path := "domain." + std.Name
		if hexjson.IsNull(raw) {
			return d, fmt.Errorf("%w: %s is declared but missing", ErrTypedData, path)
		}
		switch std.Name {
		case "name":
			d.Name, err = domainString(raw, path)
		case "version":
			d.Version, err = domainString(raw, path)
		case "chainId":
			d.ChainID, err = domainChainID(raw, path)
		case "verifyingContract":
			d.VerifyingContract, err = domainAddress(raw, path)
		case "salt":
			d.Salt, err = domainSalt(raw, path)
		}
		if err != nil {
			return d, err
		}
	}
	return d, nil
}
