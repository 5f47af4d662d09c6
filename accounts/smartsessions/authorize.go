package smartsessions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// userOpRequest is a userOperation signing request, in one of two forms:
//
//   - full: {"type":"userOperation", "userOperation":{sender, nonce, callData,
//     gas fields, factory?, paymaster?…}, "entryPointVersion"?: "0.7"|"0.8",
//     "entryPointAddress"?, "userOpHash"?}. The hash is computed here from
//     the operation whose calls are checked, so the signature covers exactly
//     what was checked. A userOpHash, if sent too, must equal it.
//   - hash-only: {"type":"userOperation","userOpHash":"0x..","callData":"0x.."}.
//     The callData is checked, but nothing ties it to the hash.
//
// Both take "chainId"? (the chain the operation runs on, one of the
// session's chains; default its own) and "enable"? {...}: without enable the
// result is a USE-mode signature; with it, an ENABLE (or UNSAFE_ENABLE)
// signature that enables the session in the same user operation, carrying
// the owner's signature of the enable digest.
type userOpRequest struct {
	Type              string             `json:"type"`
	UserOperation     *userOperationJSON `json:"userOperation"`
	EntryPointAddress *Address           `json:"entryPointAddress"`
	EntryPointVersion *string            `json:"entryPointVersion"`
	UserOpHash        *hexjson.Bytes     `json:"userOpHash"`
	CallData          *hexjson.Bytes     `json:"callData"`
	ChainID           *hexjson.Big       `json:"chainId"`
	Enable            *enableRequest     `json:"enable"`
}

type enableRequest struct {
	OwnerSignature *hexjson.Bytes `json:"ownerSignature"` // over enableDigest (or unsafeEnableDigest)
	Validator      *Address       `json:"validator"`      // the account's validator that checks it; default the config's ownerValidator
	Mode           string         `json:"mode"`           // "enable" (default) or "unsafe-enable"
	ChainID        *hexjson.Big   `json:"chainId"`        // chain of this user operation in a multichain enable; default the session's
}

const maxOwnerSignature = 8 << 10

// Authorize implements scheme.Scheme. It finds the user operation's hash
// and callData (computing the hash from the full operation when it is
// given), checks every call against the session's policies, then has the
// session key sign the hash itself: SmartSession hands it unchanged to the
// OwnableValidator, whose current deployment recovers over the raw hash for
// v = 27/28.
func (sch *Scheme) Authorize(_ context.Context, s *scheme.Session, req scheme.Request) (*scheme.Plan, error) {
	if req.Type != scheme.RequestUserOperation {
		return nil, scheme.BadRequest("type", "a smartsessions session signs only userOperation requests, not %q", hexjson.Clip(req.Type))
	}
	l, err := sch.loadConfig(s)
	if err != nil {
		return nil, err
	}
	var r userOpRequest
	if err := scheme.DecodeRequest("", req.Raw, &r); err != nil {
		return nil, err
	}
	chainIndex, chainID, err := l.opChain(&r)
	if err != nil {
		return nil, err
	}
	digest, callData, err := r.digest(l, chainID)
	if err != nil {
		return nil, err
	}
	account := ethtypes.Address(l.cfg.Account)
	calls, err := decodeUserOpCalls(account, callData)
	if err != nil {
		return nil, err
	}
	st, err := loadState(s.State, l.cfg)
	if err != nil {
		return nil, err
	}
	e := &enforcer{cfg: l.cfg, account: account, now: s.Now, st: st}
	if err := e.userOp(calls); err != nil {
		return nil, err
	}
	for i, c := range calls {
		if err := e.call(i, c); err != nil {
			return nil, err
		}
	}

	finish := func(sig []byte) ([]byte, error) { return EncodeUseSignature(l.permissionID, sig), nil }
	if r.Enable != nil {
		mode, enableData, err := l.enableData(r.Enable, chainIndex)
		if err != nil {
			return nil, err
		}
		finish = func(sig []byte) ([]byte, error) { return EncodeEnableSignature(mode, enableData, sig) }
	}
	plan := &scheme.Plan{
		Digest: digest,
		Finish: func(sig []byte) ([]byte, error) {
			if len(sig) != 65 || (sig[64] != 27 && sig[64] != 28) {
				return nil, fmt.Errorf("smartsessions: want a 65-byte signature with v 27 or 28")
			}
			return finish(sig)
		},
	}
	if e.changed {
		if plan.State, err = json.Marshal(st); err != nil {
			return nil, fmt.Errorf("smartsessions: writing usage counters: %w", err)
		}
	}
	return plan, nil
}

// digest returns what the session key signs and the callData to check.
// For a full user operation it also checks what only the full form shows:
// the sender is the session's account, and a paymaster is permitted.
func (r *userOpRequest) digest(l *loaded, chainID *big.Int) (ethtypes.Hash, []byte, error) {
	if r.UserOperation == nil {
		if r.EntryPointAddress != nil || r.EntryPointVersion != nil {
			return ethtypes.Hash{}, nil, scheme.BadRequest("entryPointAddress", "entryPointAddress and entryPointVersion go with a full userOperation")
		}
		if r.UserOpHash == nil || len(*r.UserOpHash) != 32 {
			return ethtypes.Hash{}, nil, scheme.BadRequest("userOpHash", "is required: the 32-byte ERC-4337 user operation hash (or send the full userOperation)")
		}
		if r.CallData == nil {
			return ethtypes.Hash{}, nil, scheme.BadRequest("callData", "is required: the user operation's callData, which is checked against the policies")
		}
		return ethtypes.BytesToHash(*r.UserOpHash), *r.CallData, nil
	}
	if r.CallData != nil {
		return ethtypes.Hash{}, nil, scheme.BadRequest("callData", "send it inside userOperation, not beside it")
	}
	op, err := r.UserOperation.toUserOperation()
	if err != nil {
		return ethtypes.Hash{}, nil, err
	}
	if account := ethtypes.Address(l.cfg.Account); op.Sender != account {
		return ethtypes.Hash{}, nil, scheme.Refuse(RuleSender, "the user operation's sender %s is not the session's account %s", op.Sender.Hex(), account.Hex())
	}
	// SmartSession refuses a paymaster unless the session permits one (and
	// has a userOp policy, which every config here has).
	if op.Paymaster != nil && !l.cfg.PermitERC4337Paymaster {
		return ethtypes.Hash{}, nil, scheme.Refuse(RulePaymaster, "the session does not permit ERC-4337 paymasters (permitERC4337Paymaster is false)")
	}
	version := EntryPointV07
	if r.EntryPointVersion != nil {
		version = *r.EntryPointVersion
	}
	entryPoint := EntryPointV07Address
	switch version {
	case EntryPointV07:
	case EntryPointV08:
		entryPoint = EntryPointV08Address
	default:
		return ethtypes.Hash{}, nil, scheme.BadRequest("entryPointVersion", "%q is not %q or %q", hexjson.Clip(version), EntryPointV07, EntryPointV08)
	}
	if r.EntryPointAddress != nil {
		entryPoint = ethtypes.Address(*r.EntryPointAddress)
	}
	hash, err := op.Hash(version, entryPoint, chainID)
	if err != nil {
		return ethtypes.Hash{}, nil, scheme.BadRequest("userOperation", "%v", err)
	}
	if r.UserOpHash != nil && !bytes.Equal(*r.UserOpHash, hash[:]) {
		return ethtypes.Hash{}, nil, scheme.BadRequest("userOpHash", "does not match the user operation, whose hash is %s", hash.Hex())
	}
	return hash, op.CallData, nil
}

// opChain picks the chain the user operation runs on: the request's
// chainId, else enable.chainId, else the session's own chain. It must be one
// of the session's chains (its own or a multichain enable's), and the two
// fields, when both given, must agree. index is its position in l.chains(),
// the chainDigestIndex of an ENABLE signature.
func (l *loaded) opChain(r *userOpRequest) (index int, chainID *big.Int, err error) {
	field, want := "chainId", r.ChainID
	if r.Enable != nil && r.Enable.ChainID != nil {
		if want != nil && want.ToInt().Cmp(r.Enable.ChainID.ToInt()) != 0 {
			return 0, nil, scheme.BadRequest("enable.chainId", "differs from chainId")
		}
		field, want = "enable.chainId", r.Enable.ChainID
	}
	chains := l.chains()
	if want == nil {
		return 0, new(big.Int).SetUint64(chains[0].ChainID), nil
	}
	for i, c := range chains {
		if want.IsUint64() && c.ChainID == want.Uint64() {
			return i, new(big.Int).SetUint64(c.ChainID), nil
		}
	}
	return 0, nil, scheme.BadRequest(field, "chain %s is not one of the session's chains", want.ToInt())
}

// enableData builds the EnableSession an ENABLE signature carries for the
// user operation on the chain at index in l.chains().
func (l *loaded) enableData(er *enableRequest, index int) (SmartSessionMode, EnableSession, error) {
	if er.OwnerSignature == nil || len(*er.OwnerSignature) == 0 || len(*er.OwnerSignature) > maxOwnerSignature {
		return 0, EnableSession{}, scheme.BadRequest("enable.ownerSignature", "is required: the account owner's signature of enableDigest (at most %d bytes)", maxOwnerSignature)
	}
	mode := ModeEnable
	switch er.Mode {
	case "", "enable":
	case "unsafe-enable":
		mode = ModeUnsafeEnable
	default:
		return 0, EnableSession{}, scheme.BadRequest("enable.mode", "%q is not enable or unsafe-enable", hexjson.Clip(er.Mode))
	}
	validator := ethtypes.Address(l.cfg.OwnerValidator)
	if er.Validator != nil {
		validator = ethtypes.Address(*er.Validator)
	}
	_, hashes := enableDigest(l.session, ethtypes.Address(l.cfg.Account), l.chains(), mode)
	return mode, EnableSession{
		ChainDigestIndex:    uint8(index),
		HashesAndChainIds:   hashes,
		SessionToEnable:     l.session,
		PermissionEnableSig: FormatPermissionEnableSig(l.cfg.AccountType, validator, *er.OwnerSignature),
	}, nil
}
