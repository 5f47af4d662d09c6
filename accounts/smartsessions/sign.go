package smartsessions

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// userOpRequest is {"type":"userOperation","userOpHash":"0x..","callData":"0x..",
// "enable"?: {...}}. Without enable the result is a USE-mode signature; with
// it, an ENABLE (or UNSAFE_ENABLE) signature that enables the session in the
// same user operation, carrying the owner's signature of the enable digest.
type userOpRequest struct {
	Type       string          `json:"type"`
	UserOpHash *hexjson.Bytes  `json:"userOpHash"`
	CallData   *hexjson.Bytes  `json:"callData"`
	Enable     json.RawMessage `json:"enable"`
}

type enableRequest struct {
	OwnerSignature *hexjson.Bytes `json:"ownerSignature"` // over enableDigest (or unsafeEnableDigest)
	Validator      *Address       `json:"validator"`      // the account's validator that checks it; default the config's ownerValidator
	Mode           string         `json:"mode"`           // "enable" (default) or "unsafe-enable"
	ChainID        *hexjson.Big   `json:"chainId"`        // chain of this user operation in a multichain enable; default the session's
}

const maxOwnerSignature = 8 << 10

// Authorize implements scheme.Scheme. It checks every call of the user
// operation against the session's policies, then has the session key sign
// the userOpHash itself: SmartSession hands the hash unchanged to the
// OwnableValidator, whose current deployment recovers over the raw hash for
// v = 27/28.
func (*Scheme) Authorize(_ context.Context, s *scheme.Session, req scheme.Request) (*scheme.Plan, error) {
	if req.Type != scheme.RequestUserOperation {
		return nil, scheme.BadRequest("type", "a smartsessions session signs only userOperation requests, not %q", clip(req.Type))
	}
	l, err := load(s)
	if err != nil {
		return nil, err
	}
	var r userOpRequest
	if err := decodeStrict(req.Raw, &r); err != nil {
		return nil, scheme.BadRequest("", "%v", err)
	}
	if r.UserOpHash == nil || len(*r.UserOpHash) != 32 {
		return nil, scheme.BadRequest("userOpHash", "is required: the 32-byte ERC-4337 user operation hash")
	}
	if r.CallData == nil {
		return nil, scheme.BadRequest("callData", "is required: the user operation's callData, which is checked against the policies")
	}
	account := common.Address(l.cfg.Account)
	calls, err := decodeUserOpCalls(account, *r.CallData)
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
	if len(r.Enable) > 0 && string(r.Enable) != "null" {
		mode, enableData, err := l.enableData(r.Enable)
		if err != nil {
			return nil, err
		}
		finish = func(sig []byte) ([]byte, error) { return EncodeEnableSignature(mode, enableData, sig) }
	}
	plan := &scheme.Plan{
		Digest: common.BytesToHash(*r.UserOpHash),
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

// enableData reads the enable part of a request and builds the
// EnableSession the ENABLE signature carries.
func (l *loaded) enableData(raw json.RawMessage) (SmartSessionMode, EnableSession, error) {
	var er enableRequest
	if err := decodeStrict(raw, &er); err != nil {
		return 0, EnableSession{}, scheme.BadRequest("enable", "%v", err)
	}
	if er.OwnerSignature == nil || len(*er.OwnerSignature) == 0 || len(*er.OwnerSignature) > maxOwnerSignature {
		return 0, EnableSession{}, scheme.BadRequest("enable.ownerSignature", "is required: the account owner's signature of enableDigest (at most %d bytes)", maxOwnerSignature)
	}
	mode := ModeEnable
	switch er.Mode {
	case "", "enable":
	case "unsafe-enable":
		mode = ModeUnsafeEnable
	default:
		return 0, EnableSession{}, scheme.BadRequest("enable.mode", "%q is not enable or unsafe-enable", clip(er.Mode))
	}
	validator := common.Address(l.cfg.OwnerValidator)
	if er.Validator != nil {
		validator = common.Address(*er.Validator)
	}
	chains := l.chains()
	index := 0
	if er.ChainID != nil {
		index = -1
		for i, c := range chains {
			if er.ChainID.IsUint64() && c.ChainID == er.ChainID.Uint64() {
				index = i
			}
		}
		if index < 0 {
			return 0, EnableSession{}, scheme.BadRequest("enable.chainId", "chain %s is not one of the session's enable chains", er.ChainID.ToInt())
		}
	}
	_, hashes := enableDigest(l.session, common.Address(l.cfg.Account), chains, mode)
	return mode, EnableSession{
		ChainDigestIndex:    uint8(index),
		HashesAndChainIds:   hashes,
		SessionToEnable:     l.session,
		PermissionEnableSig: FormatPermissionEnableSig(l.cfg.AccountType, validator, *er.OwnerSignature),
	}, nil
}
