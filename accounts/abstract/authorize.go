package abstract

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// errNoMessages explains why "message" and "hash" requests are refused.
const errNoMessages = "an Abstract session key cannot sign messages or hashes: the SessionKeyValidator " +
	"rejects every ERC-1271 signature check, so such a signature would never verify on-chain. " +
	"Ask the wallet's owner to sign it, or send a transaction"

// Authorize implements scheme.Scheme. It accepts:
//
//	{"type":"transaction","transaction":{to, value?, data?, nonce, gas,
//	  maxFeePerGas, maxPriorityFeePerGas?, gasPerPubdata?, paymaster?,
//	  paymasterInput?, factoryDeps?, chainId?, from?},
//	 "validationHooks":["0x…"]?}
//
// and returns the signed 0x71 transaction, ready for eth_sendRawTransaction;
// and a "typedData" request holding a zkSync transaction, for which it
// returns only the customSignature. validationHooks must be the account's
// listHooks(true), in order (default: the validator alone).
func (sch *Scheme) Authorize(_ context.Context, s *scheme.Session, req scheme.Request) (*scheme.Plan, error) {
	var (
		t     *zkTx
		hooks []ethtypes.Address
		err   error
	)
	switch req.Type {
	case scheme.RequestTransaction:
		t, hooks, err = parseTxRequest(req.Raw)
	case scheme.RequestTypedData:
		t, hooks, err = parseTypedDataRequest(req.Raw, s.ChainID)
	case scheme.RequestMessage, scheme.RequestHash:
		return nil, scheme.BadRequest("type", errNoMessages)
	default:
		return nil, scheme.BadRequest("type", "an Abstract session signs \"transaction\" requests, and \"typedData\" holding a zkSync transaction; not %q", hexjson.Clip(req.Type))
	}
	if err != nil {
		return nil, err
	}
	if t.MaxPriorityFeePerGas.Cmp(t.MaxFeePerGas) > 0 {
		// viem's assertRequest: the chain would reject it anyway.
		return nil, scheme.BadRequest("maxPriorityFeePerGas", "the tip (maxPriorityFeePerGas %s) cannot be higher than the fee cap (maxFeePerGas %s)", t.MaxPriorityFeePerGas, t.MaxFeePerGas)
	}
	c, err := sch.loadConfig(s)
	if err != nil {
		return nil, err
	}
	u, err := loadState(s.State)
	if err != nil {
		return nil, err
	}
	now := s.Now
	if now.IsZero() {
		now = time.Now()
	}
	m, err := c.enforce(t, s.ChainID, now, u)
	if err != nil {
		return nil, err
	}
	state, err := json.Marshal(u)
	if err != nil {
		return nil, err
	}
	hookData := make([][]byte, len(hooks))
	sessionData := c.encodeWithPeriodIDs(c.periodIDs(m, uint64(now.Unix())))
	for i, h := range hooks {
		hookData[i] = []byte{}
		if h == ValidatorAddress {
			hookData[i] = sessionData
		}
	}
	chainID, account := s.ChainID, c.Account
	typed := req.Type == scheme.RequestTypedData
	digest, err := t.digest(chainID, account)
	if err != nil {
		return nil, err
	}
	return &scheme.Plan{
		Digest: digest,
		State:  state,
		Finish: func(sig []byte) ([]byte, error) {
			if len(sig) != 65 || (sig[64] != 27 && sig[64] != 28) {
				return nil, errors.New("abstract: the session key's signature must be 65 bytes r‖s‖v with v 27 or 28")
			}
			wrapped := customSignature(sig, hookData)
			if typed {
				return wrapped, nil
			}
			return t.serialize(chainID, account, wrapped)
		},
	}, nil
}
