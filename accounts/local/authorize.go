package local

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/sessionsigner/sessionsigner/ethsign"
	"github.com/sessionsigner/sessionsigner/ethtypes"
	"github.com/sessionsigner/sessionsigner/internal/ethunit"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/internal/strictjson"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// Authorize checks one signing request against the session's config and
// counters. The order is: expiry, what kind of request this is and whether
// its content is permitted, then the cumulative limits (uses, total value),
// so a refusal names the most specific rule that failed.
func (sch *Scheme) Authorize(ctx context.Context, s *scheme.Session, req scheme.Request) (*scheme.Plan, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg, err := sch.loadConfig(s)
	if err != nil {
		return nil, err
	}
	st, err := loadState(s.State)
	if err != nil {
		return nil, err
	}
	if s.ChainID == nil || s.ChainID.Sign() <= 0 {
		return nil, fmt.Errorf("%w: session has no chain id", scheme.ErrCorruptStored)
	}
	// The vault does not call after expiry; this is defense in depth.
	if !s.Now.Before(s.ExpiresAt) {
		return nil, scheme.Refuse(RuleExpiry, "the session expired at %s", s.ExpiresAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	body, err := requestBody(req.Raw)
	if err != nil {
		return nil, err
	}

	plan := &scheme.Plan{}
	value := new(big.Int)
	switch req.Type {
	case scheme.RequestHash:
		if plan.Digest, err = cfg.checkHash(body); err != nil {
			return nil, err
		}
	case scheme.RequestMessage:
		if !cfg.Messages {
			return nil, scheme.Refuse(RuleMessages, "this session may not sign personal messages")
		}
		msg, err := ethsign.ParseMessageRequest(req.Raw)
		if err != nil {
			return nil, scheme.BadRequest("message", "%v", err)
		}
		plan.Digest = ethsign.MessageHash(msg)
	case scheme.RequestTypedData:
		if plan.Digest, err = cfg.checkTypedData(body, s.ChainID); err != nil {
			return nil, err
		}
	case scheme.RequestTransaction:
		tx, err := cfg.checkTransaction(body, s.ChainID)
		if err != nil {
			return nil, err
		}
		if plan.Digest, err = tx.SigningHash(); err != nil {
			return nil, scheme.BadRequest("transaction", "%v", err)
		}
		plan.Finish = tx.Serialize
		value = tx.Value
	case scheme.RequestUserOperation:
		return nil, scheme.BadRequest("type", "the local scheme does not sign user operations (use a smart-account scheme)")
	default:
		return nil, scheme.BadRequest("type", "unknown request type %q", hexjson.Clip(req.Type))
	}

	total, err := hexjson.Spend(&st.TotalValue.Int, value)
	if err != nil {
		return nil, scheme.BadRequest("transaction.value", "%v", err)
	}
	if cfg.MaxUses > 0 && st.Uses >= cfg.MaxUses {
		return nil, scheme.Refuse(RuleUses, "the session has used all %d of its signatures", cfg.MaxUses)
	}
	if cfg.MaxTotalValue != nil && value.Sign() > 0 {
		if total.Cmp(&cfg.MaxTotalValue.Int) > 0 {
			left := new(big.Int).Sub(&cfg.MaxTotalValue.Int, &st.TotalValue.Int)
			if left.Sign() < 0 {
				left.SetInt64(0)
			}
			return nil, scheme.Refuse(RuleTotalValue, "sending %s would exceed the session's total of %s (%s left)",
				ethunit.FormatEther(value), ethunit.FormatEther(&cfg.MaxTotalValue.Int), ethunit.FormatEther(left))
		}
	}
	// Counters are persisted only when a limit reads them: a storage write
	// per signature is the largest cost of signing, and a session without
	// limits has nothing to enforce with them.
	if cfg.MaxUses > 0 || cfg.MaxTotalValue != nil {
		plan.State = st.after(total).marshal()
	}
	return plan, nil
}

// requestBody splits the request into its members. The vault has refused
// a repeated member already (strictjson.Members); strictjson.Object reads
// the members as json.Unmarshal would, in a third of its time.
func requestBody(raw json.RawMessage) (map[string]json.RawMessage, error) {
	body, err := strictjson.Object(raw)
	if err != nil {
		return nil, scheme.BadRequest("", "request must be a JSON object")
	}
	return body, nil
}

// checkHash allows a raw 32-byte digest only when the config asked for it.
func (c *Config) checkHash(body map[string]json.RawMessage) (ethtypes.Hash, error) {
	if !c.RawHash {
		return ethtypes.Hash{}, scheme.Refuse(RuleRawHash, "this session may not sign raw hashes (set rawHash: true to allow it, knowing a hash can authorize anything)")
	}
	s, plain := strictjson.PlainString(body["hash"])
	if !plain {
		if err := json.Unmarshal(body["hash"], &s); err != nil {
			return ethtypes.Hash{}, scheme.BadRequest("hash", "must be a 0x-hex string of 32 bytes")
		}
	}
	b, err := hexjson.ParseFixed(s, 32)
	if err != nil {
		return ethtypes.Hash{}, scheme.BadRequest("hash", "%v", err)
	}
	return ethtypes.BytesToHash(b), nil
}

// checkTransaction applies chain, target, selector and per-use value rules.
func (c *Config) checkTransaction(body map[string]json.RawMessage, chainID *big.Int) (*ethsign.Tx1559, error) {
	raw, ok := body["transaction"]
	if !ok {
		return nil, scheme.BadRequest("transaction", "missing")
	}
	tx, err := ethsign.ParseTx1559(raw)
	if err != nil {
		return nil, scheme.BadRequest("transaction", "%v", err)
	}
	if err := requireTxFields(raw); err != nil {
		return nil, err
	}
	if tx.ChainID.Cmp(chainID) != 0 {
		return nil, scheme.Refuse(RuleChainID, "the transaction is for chain %s, the session is for chain %s", tx.ChainID, chainID)
	}
	if tx.To == nil {
		return nil, scheme.Refuse(RuleTarget, "this session may not deploy contracts")
	}
	if !c.hasTarget(*tx.To) {
		return nil, scheme.Refuse(RuleTarget, "this session may not send transactions to %s", tx.To.Hex())
	}
	entry, err := c.entryFor(*tx.To, tx.Data)
	if err != nil {
		return nil, err
	}
	if tx.Value.Cmp(&entry.MaxValuePerUse.Int) > 0 {
		return nil, scheme.Refuse(RuleValuePerUse, "the transaction sends %s, more than the %s allowed per use", ethunit.FormatEther(tx.Value), ethunit.FormatEther(&entry.MaxValuePerUse.Int))
	}
	return tx, nil
}

func (c *Config) hasTarget(a ethtypes.Address) bool {
	for i := range c.Allow {
		if c.Allow[i].target == a {
			return true
		}
	}
	return false
}

// entryFor finds the allow entry for a call to target with calldata data: the
// transfer entry for empty calldata, otherwise the entry for its selector.
func (c *Config) entryFor(target ethtypes.Address, data []byte) (*Allow, error) {
	var sel *[4]byte
	switch {
	case len(data) == 0:
	case len(data) < 4:
		return nil, scheme.Refuse(RuleSelector, "calldata of %d bytes is too short to name a function", len(data))
	default:
		sel = (*[4]byte)(data[:4])
	}
	for i := range c.Allow {
		a := &c.Allow[i]
		if a.target != target {
			continue
		}
		if (sel == nil && a.selector == nil) || (sel != nil && a.selector != nil && *sel == *a.selector) {
			return a, nil
		}
	}
	if sel == nil {
		return nil, scheme.Refuse(RuleSelector, "this session may not send plain ETH transfers to %s", target.Hex())
	}
	return nil, scheme.Refuse(RuleSelector, "this session may not call function 0x%x on %s", sel[:], target.Hex())
}
