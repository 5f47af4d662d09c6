package ethsign

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
)

// MaxMessageBytes bounds an EIP-191 message. Real personal_sign payloads
// (Sign-In with Ethereum, login nonces) are a few hundred bytes.
const MaxMessageBytes = 256 << 10

// MessageHash is the EIP-191 version 0x45 ("personal_sign") digest of msg:
// keccak256("\x19Ethereum Signed Message:\n" + decimal length + msg), as
// viem's hashMessage. The prefix makes a signed message unusable as a
// transaction or as typed data.
func MessageHash(msg []byte) ethtypes.Hash {
	prefix := "\x19Ethereum Signed Message:\n" + strconv.Itoa(len(msg))
	return ethcrypto.Keccak256Hash([]byte(prefix), msg)
}

// ParseMessage reads viem's SignableMessage in JSON: a string (signed as its
// UTF-8 bytes) or {"raw": "0x.."} (signed as those bytes).
func ParseMessage(data []byte) ([]byte, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 2*MaxMessageBytes+16 {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrMessage, MaxMessageBytes)
	}
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMessage, err)
		}
		if len(s) > MaxMessageBytes {
			return nil, fmt.Errorf("%w: longer than %d bytes", ErrMessage, MaxMessageBytes)
		}
		return []byte(s), nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return nil, fmt.Errorf(`%w: must be a string or {"raw":"0x.."}`, ErrMessage)
	}
	raw, ok := obj["raw"]
	if !ok || len(obj) != 1 {
		return nil, fmt.Errorf(`%w: must be a string or {"raw":"0x.."}`, ErrMessage)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%w: raw must be a 0x-hex string", ErrMessage)
	}
	b, err := hexjson.ParseBytes(s)
	if err != nil {
		return nil, fmt.Errorf("%w: raw: %v", ErrMessage, err)
	}
	if len(b) > MaxMessageBytes {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrMessage, MaxMessageBytes)
	}
	return b, nil
}

// ParseMessageRequest reads the request object {"message": <SignableMessage>}
// (other members, such as "type", are the caller's business).
func ParseMessageRequest(data []byte) ([]byte, error) {
	var req map[string]json.RawMessage
	if err := json.Unmarshal(data, &req); err != nil || req == nil {
		return nil, fmt.Errorf("%w: request must be a JSON object", ErrMessage)
	}
	m, ok := req["message"]
	if !ok {
		return nil, fmt.Errorf("%w: request has no message", ErrMessage)
	}
	return ParseMessage(m)
}
