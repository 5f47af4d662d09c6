package session

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/sessionsigner/sessionsigner/internal/ethcrypto"
	"github.com/sessionsigner/sessionsigner/internal/hexjson"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"

	"github.com/sessionsigner/sessionsigner/internal/strictjson"
)

// createParams are the vault's own fields of a create request
// (scheme.VaultFields); the scheme receives the rest (scheme.ParamsOf).
type createParams struct {
	Scheme    string          `json:"scheme"`
	ChainID   json.RawMessage `json:"chainId"`
	ExpiresAt json.RawMessage `json:"expiresAt"`
}

// CreateSession validates params with their scheme, generates a fresh
// secp256k1 key (never reused, never derived from anything), seals it and
// stores the session. params is a JSON object:
//
//	{"scheme": "local", "chainId": "1", "expiresAt": 1767312000, ...scheme fields}
//
// expiresAt is Unix seconds; without it a session lives DefaultLifetime.
// It must be in the future and within the vault's maximum lifetime.
func (v *Vault) CreateSession(ctx context.Context, params json.RawMessage) (*Info, error) {
	var p createParams
	// One strict pass over the whole request: no member repeated or
	// spelled in another case anywhere, so the vault and the scheme read
	// the same document.
	if err := strictjson.Members(params, &p); err != nil {
		return nil, fmt.Errorf("%w: the request must be one JSON object: %v", scheme.ErrInvalidConfig, err)
	}
	part, err := scheme.ParamsOf(params)
	if err != nil {
		return nil, err
	}
	if p.Scheme == "" {
		return nil, scheme.BadConfig("scheme", "missing: say which scheme (%s)", v.schemeNames())
	}
	sch, err := v.scheme(p.Scheme)
	if err != nil {
		return nil, err
	}
	if len(p.ChainID) == 0 {
		return nil, scheme.BadConfig("chainId", "missing")
	}
	chainID, err := hexjson.ParseBigBits(p.ChainID, 64)
	if err != nil {
		return nil, scheme.BadConfig("chainId", "must be a positive integer below 2^64: %v", err)
	}
	if chainID.Sign() <= 0 {
		return nil, scheme.BadConfig("chainId", "must be a positive integer below 2^64")
	}

	if st, err := v.State(ctx); err != nil {
		return nil, err
	} else if st != StateUnlocked {
		return nil, ErrLocked
	}
	now := v.now()
	expiresAt, err := v.expiry(p.ExpiresAt, now)
	if err != nil {
		return nil, err
	}
	priv, key, err := newSessionKey(v.rand)
	if err != nil {
		return nil, err
	}
	defer keystore.Zero(priv)
	signer := ethcrypto.KeyAddress(key)
	// The scheme may ask the host (an RPC round trip for Abstract's registry
	// checks), so it runs without the vault's lock: a slow answer must not
	// stall other sessions' signatures.
	created, err := sch.Create(ctx, scheme.CreateInput{
		Signer:    signer,
		ChainID:   chainID,
		CreatedAt: now,
		ExpiresAt: expiresAt,
		Params:    part,
		Host:      v.host,
	})
	if err != nil {
		zeroKey(key)
		return nil, err
	}
	if created.Counted && !v.canCount() {
		zeroKey(key)
		return nil, errNeedsReplace
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys == nil { // locked while the scheme was working
		zeroKey(key)
		return nil, ErrLocked
	}
	if err := v.checkCurrentKey(ctx); err != nil {
		zeroKey(key)
		return nil, err
	}
	id, err := keystore.NewRecordID(v.rand)
	if err != nil {
		zeroKey(key)
		return nil, err
	}
	rec := &keystore.Record{
		Version:    keystore.RecordVersion,
		ID:         id,
		Scheme:     sch.Name(),
		ChainID:    chainID.String(),
		Address:    signer,
		ConfigHash: created.ConfigHash,
		CreatedAt:  now.Unix(),
		ExpiresAt:  expiresAt.Unix(),
		Status:     keystore.StatusActive,
		Config:     created.Config,
		State:      created.State,
	}
	if err := rec.SealKey(v.rand, v.keys, priv); err != nil {
		zeroKey(key)
		return nil, err
	}
	raw, err := rec.Marshal()
	if err == nil {
		// A fresh random id: nothing to read first, so a plain write.
		err = v.write(ctx, rec.StorageKey(), nil, raw)
	}
	if err != nil {
		zeroKey(key)
		return nil, err
	}
	v.cache.put(rec, key)
	return v.info(rec)
}

// errNeedsReplace: the session's limits are counted, and the storage cannot
// compare and swap, so two tabs could both spend the last use.
var errNeedsReplace = fmt.Errorf("%w: this session's limits (a use count, a cumulative value or fee) are enforced with counters, "+
	"and the storage adapter has no replace(key, expected, value): add one that stores value only if key still holds expected, "+
	"atomically across tabs, or use the built-in IndexedDB, localStorage or memory storage", scheme.ErrInvalidConfig)

// maxExpirySeconds is the start of the year 5000 in Unix seconds. Any
// expiresAt past it is refused as most likely milliseconds (Date.now()
// is about 1.7e12 today, in seconds that is year 55,000+): a session that
// silently got a lifetime 1000 times longer than meant, or the default one,
// would be the wrong answer either way.
const maxExpirySeconds = 95617584000

// expiryHint names the JavaScript options an app sets.
const expiryHint = "in JavaScript, expiresAt is Unix seconds (Math.floor(Date.now() / 1000) + lifetime) or a Date; " +
	"the vault's cap on lifetimes is the maxLifetimeSeconds option of openVault"

// expiry reads expiresAt (Unix seconds) and enforces the lifetime cap.
func (v *Vault) expiry(raw json.RawMessage, now time.Time) (time.Time, error) {
	if len(raw) == 0 {
		return now.Add(DefaultLifetime).Truncate(time.Second), nil
	}
	if string(raw) == "null" { // what JSON makes of NaN, Infinity and an invalid Date
		return time.Time{}, scheme.BadConfig("expiresAt", "is null (JSON's spelling of NaN, Infinity or an invalid Date): leave it out for the default lifetime; "+expiryHint)
	}
	secs, err := hexjson.ParseBigBits(raw, 63)
	if err != nil {
		return time.Time{}, scheme.BadConfig("expiresAt", "must be Unix seconds (%v); "+expiryHint, err)
	}
	if secs.Cmp(big.NewInt(maxExpirySeconds)) > 0 {
		return time.Time{}, scheme.BadConfig("expiresAt", "%s is after the year 5000, so it is most likely milliseconds; "+expiryHint, secs)
	}
	at := time.Unix(secs.Int64(), 0)
	switch {
	case !at.After(now):
		return time.Time{}, scheme.BadConfig("expiresAt", "%s is not in the future", at.UTC().Format(time.RFC3339))
	case at.Sub(now) > v.maxLife:
		return time.Time{}, scheme.BadConfig("expiresAt", "%s is more than %s away; this vault caps sessions at %s (open it with a larger maxLifetime to allow more)",
			at.UTC().Format(time.RFC3339), at.Sub(now).Round(time.Hour), v.maxLife)
	}
	return at, nil
}

// newSessionKey draws a fresh secp256k1 key from rand. A 32-byte draw is
// outside [1, n-1] with probability about 2^-128; it is drawn again.
func newSessionKey(rand io.Reader) ([]byte, *ethcrypto.PrivateKey, error) {
	priv := make([]byte, 32)
	for range 8 {
		if _, err := io.ReadFull(rand, priv); err != nil {
			keystore.Zero(priv)
			return nil, nil, fmt.Errorf("reading random key: %w", err)
		}
		if key, err := ethcrypto.ParseKey(priv); err == nil {
			return priv, key, nil
		}
	}
	keystore.Zero(priv)
	return nil, nil, fmt.Errorf("random source keeps returning invalid keys")
}
