package smartsessions

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// callJSON is a call the account makes: {to, data}.
type callJSON struct {
	To   Address       `json:"to"`
	Data hexjson.Bytes `json:"data"`
}

// details is merged into the session info. Everything a dApp needs to
// enable the session on-chain: the Session struct, its permissionId, the
// enableSessions call (account → SmartSession), the module install data,
// and the digests the owner signs for an ENABLE-mode user operation.
type details struct {
	Session            sessionJSON   `json:"session"`
	PermissionID       ethtypes.Hash `json:"permissionId"`
	EnableSessionsCall callJSON      `json:"enableSessionsCall"`
	InstallData        hexjson.Bytes `json:"installData"`
	EnableDigest       ethtypes.Hash `json:"enableDigest"`
	UnsafeEnableDigest ethtypes.Hash `json:"unsafeEnableDigest"`
	EnableChains       []hexjson.Big `json:"enableChains"`
	RemoveSessionCall  callJSON      `json:"removeSessionCall"`
	SmartSession       Address       `json:"smartSession"`
	SessionValidator   Address       `json:"sessionValidator"`
	NonceKey           hexjson.Big   `json:"nonceKey"`
}

// Describe implements scheme.Scheme.
func (sch *Scheme) Describe(s *scheme.Session) (*scheme.Description, error) {
	l, err := sch.loadConfig(s)
	if err != nil {
		return nil, err
	}
	account := ethtypes.Address(l.cfg.Account)
	chains := l.chains()
	d := details{
		Session:            toSessionJSON(l.session),
		PermissionID:       l.permissionID,
		EnableSessionsCall: callJSON{To: Address(SmartSessionAddress), Data: EnableSessionsCalldata(l.session)},
		InstallData:        InstallData(false, l.session),
		RemoveSessionCall:  callJSON{To: Address(SmartSessionAddress), Data: RemoveSessionCalldata(l.permissionID)},
		SmartSession:       Address(SmartSessionAddress),
		SessionValidator:   Address(l.session.SessionValidator),
		NonceKey:           hexjson.FromInt(NonceKey(l.cfg.AccountType)),
	}
	d.EnableDigest, _ = enableDigest(l.session, account, chains, ModeEnable)
	d.UnsafeEnableDigest, _ = enableDigest(l.session, account, chains, ModeUnsafeEnable)
	for _, c := range chains {
		d.EnableChains = append(d.EnableChains, hexjson.FromInt(new(big.Int).SetUint64(c.ChainID)))
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("smartsessions: writing details: %w", err)
	}
	return &scheme.Description{Permissions: permissions(l.cfg, s.ChainID), Details: raw}, nil
}

// Revoke implements scheme.Scheme: the account calls removeSession on
// SmartSession to disable the session on-chain (the vault wipes the key).
func (sch *Scheme) Revoke(s *scheme.Session) (json.RawMessage, error) {
	l, err := sch.loadConfig(s)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		RemoveSessionCall callJSON `json:"removeSessionCall"`
	}{callJSON{To: Address(SmartSessionAddress), Data: RemoveSessionCalldata(l.permissionID)}})
}

// sessionJSON is the Session struct in module-sdk's JSON shape.
type sessionJSON struct {
	SessionValidator         Address          `json:"sessionValidator"`
	SessionValidatorInitData hexjson.Bytes    `json:"sessionValidatorInitData"`
	Salt                     ethtypes.Hash    `json:"salt"`
	UserOpPolicies           []policyJSON     `json:"userOpPolicies"`
	ERC7739Policies          erc7739JSON      `json:"erc7739Policies"`
	Actions                  []actionDataJSON `json:"actions"`
	PermitERC4337Paymaster   bool             `json:"permitERC4337Paymaster"`
}

type policyJSON struct {
	Policy   Address       `json:"policy"`
	InitData hexjson.Bytes `json:"initData"`
}

type erc7739JSON struct {
	AllowedERC7739Content []contextJSON `json:"allowedERC7739Content"`
	ERC1271Policies       []policyJSON  `json:"erc1271Policies"`
}

type contextJSON struct {
	AppDomainSeparator ethtypes.Hash `json:"appDomainSeparator"`
	ContentName        []string      `json:"contentName"`
}

type actionDataJSON struct {
	ActionTargetSelector hexjson.Bytes `json:"actionTargetSelector"`
	ActionTarget         Address       `json:"actionTarget"`
	ActionPolicies       []policyJSON  `json:"actionPolicies"`
}

func toSessionJSON(s Session) sessionJSON {
	pol := func(ps []PolicyData) []policyJSON {
		out := []policyJSON{}
		for _, p := range ps {
			out = append(out, policyJSON{Policy: Address(p.Policy), InitData: nonNil(p.InitData)})
		}
		return out
	}
	j := sessionJSON{
		SessionValidator:         Address(s.SessionValidator),
		SessionValidatorInitData: s.SessionValidatorInitData,
		Salt:                     s.Salt,
		UserOpPolicies:           pol(s.UserOpPolicies),
		ERC7739Policies:          erc7739JSON{AllowedERC7739Content: []contextJSON{}, ERC1271Policies: pol(s.ERC7739Policies.ERC1271Policies)},
		Actions:                  []actionDataJSON{},
		PermitERC4337Paymaster:   s.PermitERC4337Paymaster,
	}
	for _, c := range s.ERC7739Policies.AllowedERC7739Content {
		j.ERC7739Policies.AllowedERC7739Content = append(j.ERC7739Policies.AllowedERC7739Content, contextJSON{c.AppDomainSeparator, append([]string{}, c.ContentName...)})
	}
	for _, a := range s.Actions {
		j.Actions = append(j.Actions, actionDataJSON{ActionTargetSelector: a.ActionTargetSelector[:], ActionTarget: Address(a.ActionTarget), ActionPolicies: pol(a.ActionPolicies)})
	}
	return j
}
