package smartsessions

import (
	"bytes"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/abienc"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Call is one call a user operation makes, as SmartSession checks it.
type Call struct {
	Target ethtypes.Address
	Value  *big.Int
	Data   []byte
}

// ERC-7579 execution mode, first two bytes of execute's mode word.
const (
	callTypeSingle       = 0x00
	callTypeBatch        = 0x01
	callTypeStatic       = 0xfe
	callTypeDelegatecall = 0xff
	execTypeDefault      = 0x00
	execTypeTry          = 0x01
)

// Bounds on what a signing request may ask to decode.
const (
	maxCallDataLen = 1 << 20
	maxBatchCalls  = 64
)

// decodeUserOpCalls returns the calls SmartSession would check for a
// user operation's callData, refusing what it refuses:
//   - execute(bytes32 mode, bytes executionCalldata) (0xe9ae5c53) with a
//     single (target ‖ value ‖ calldata) or batch (abi-encoded
//     (address,uint256,bytes)[]) call type and the default exec type;
//     delegatecall, static call and try mode are refused;
//   - executeUserOp is unsupported;
//   - any other selector is a call to the account itself with value 0.
//
// Encodings must be canonical (exactly what abi.encode produces): a
// non-canonical encoding could be read one way here and another way by the
// account, and nothing legitimate produces one.
func decodeUserOpCalls(account ethtypes.Address, callData []byte) ([]Call, error) {
	if len(callData) > maxCallDataLen {
		return nil, scheme.BadRequest("callData", "longer than %d bytes", maxCallDataLen)
	}
	if len(callData) < 4 {
		return nil, scheme.BadRequest("callData", "shorter than a 4-byte selector")
	}
	var sel [4]byte
	copy(sel[:], callData)
	switch sel {
	case selExecuteUserOp:
		return nil, scheme.Refuse(RuleExecuteUserOp, "SmartSession does not support executeUserOp; use execute(bytes32,bytes)")
	case selExecute:
	default:
		return []Call{{Target: account, Value: new(big.Int), Data: callData}}, nil
	}

	mode, exec, err := decodeExecute(callData)
	if err != nil {
		return nil, err
	}
	switch mode[0] {
	case callTypeSingle, callTypeBatch:
	case callTypeDelegatecall:
		return nil, scheme.Refuse(RuleDelegatecall, "SmartSession refuses delegatecall executions")
	default:
		return nil, scheme.Refuse(RuleCallType, "call type 0x%02x is not single (0x00) or batch (0x01)", mode[0])
	}
	if mode[1] != execTypeDefault {
		return nil, scheme.Refuse(RuleExecType, "exec type 0x%02x is not the default (0x00); SmartSession refuses try mode", mode[1])
	}
	if !allZero(mode[2:]) {
		return nil, scheme.Refuse(RuleExecuteMode, "the mode selector and payload must be zero")
	}
	if mode[0] == callTypeSingle {
		if len(exec) < 52 {
			return nil, scheme.BadRequest("callData", "single execution shorter than target(20) ‖ value(32)")
		}
		return []Call{{
			Target: ethtypes.BytesToAddress(exec[:20]),
			Value:  new(big.Int).SetBytes(exec[20:52]),
			Data:   exec[52:],
		}}, nil
	}
	calls, err := decodeBatch(exec)
	if err != nil {
		return nil, err
	}
	if len(calls) == 0 {
		return nil, scheme.Refuse(RuleEmptyBatch, "SmartSession refuses a batch with no executions")
	}
	return calls, nil
}

// decodeExecute splits execute(bytes32,bytes) calldata into the mode word
// and the execution calldata.
func decodeExecute(cd []byte) (mode [32]byte, exec []byte, err error) {
	body := cd[4:]
	if len(body) < 96 {
		return mode, nil, scheme.BadRequest("callData", "execute calldata is too short")
	}
	copy(mode[:], body[:32])
	if off, ok := smallWord(body[32:64]); !ok || off != 64 {
		return mode, nil, scheme.BadRequest("callData", "execute's bytes argument is not canonically encoded")
	}
	n, ok := smallWord(body[64:96])
	if !ok || n > uint64(len(body)-96) {
		return mode, nil, scheme.BadRequest("callData", "execute's bytes length runs past the end")
	}
	exec = body[96 : 96+n]
	if !bytes.Equal(body[96:], padded(exec)) {
		return mode, nil, scheme.BadRequest("callData", "execute calldata is not canonically encoded (padding or trailing bytes)")
	}
	return mode, exec, nil
}

// decodeBatch reads abi.encode((address,uint256,bytes)[]) and checks that
// re-encoding the result gives back exactly the input.
func decodeBatch(enc []byte) ([]Call, error) {
	bad := func(what string) error {
		return scheme.BadRequest("callData", "batch executions: %s", what)
	}
	if len(enc) < 64 {
		return nil, bad("too short")
	}
	if off, ok := smallWord(enc[:32]); !ok || off != 32 {
		return nil, bad("array offset is not 0x20")
	}
	arr := enc[32:]
	n, ok := smallWord(arr[:32])
	if !ok || n > maxBatchCalls {
		return nil, bad(fmt.Sprintf("more than %d calls", maxBatchCalls))
	}
	heads := arr[32:]
	if uint64(len(heads)) < 32*n {
		return nil, bad("array heads run past the end")
	}
	calls := make([]Call, n)
	for i := range calls {
		off, ok := smallWord(heads[32*i : 32*i+32])
		if !ok || off+128 > uint64(len(heads)) {
			return nil, bad(fmt.Sprintf("call %d offset runs past the end", i))
		}
		el := heads[off:]
		if !allZero(el[:12]) {
			return nil, bad(fmt.Sprintf("call %d target is not an address", i))
		}
		dataOff, ok := smallWord(el[64:96])
		if !ok || dataOff+32 > uint64(len(el)) {
			return nil, bad(fmt.Sprintf("call %d data offset runs past the end", i))
		}
		dataLen, ok := smallWord(el[dataOff : dataOff+32])
		if !ok || dataLen > uint64(len(el))-dataOff-32 {
			return nil, bad(fmt.Sprintf("call %d data runs past the end", i))
		}
		calls[i] = Call{
			Target: ethtypes.BytesToAddress(el[12:32]),
			Value:  new(big.Int).SetBytes(el[32:64]),
			Data:   el[dataOff+32 : dataOff+32+dataLen],
		}
	}
	if !bytes.Equal(enc, encodeBatch(calls)) {
		return nil, bad("not canonically encoded")
	}
	return calls, nil
}

// encodeBatch is abi.encode((address,uint256,bytes)[]).
func encodeBatch(calls []Call) []byte {
	execs := make([]abienc.Value, len(calls))
	for i, c := range calls {
		execs[i] = abienc.Tuple(abienc.Address(c.Target), abienc.Uint(c.Value), abienc.Bytes(c.Data))
	}
	return abienc.Encode(abienc.Array(execs...))
}

// smallWord reads a 32-byte big-endian word that must fit in 32 bits (every
// legitimate offset and length here does), so arithmetic on it cannot
// overflow.
func smallWord(w []byte) (uint64, bool) {
	if !allZero(w[:28]) {
		return 0, false
	}
	return uint64(w[28])<<24 | uint64(w[29])<<16 | uint64(w[30])<<8 | uint64(w[31]), true
}

// padded returns b followed by zeros up to a multiple of 32 bytes.
func padded(b []byte) []byte {
	out := make([]byte, (len(b)+31)/32*32)
	copy(out, b)
	return out
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}
