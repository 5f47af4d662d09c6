// Package session is the vault an application drives: unlock it with the
// user's secret, create sessions (each with a fresh secp256k1 key), sign
// through a session only what its scheme's policy allows, list, revoke, lock.
//
// Start with Open, then Unlock. The vault keeps its key only between Unlock
// and Lock; session keys are opened on demand and cached until Lock, which
// zeroes them. Sessions are stored one record per storage key (see package
// keystore for the formats), so listing works while locked and a damaged
// record costs only itself.
package session

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// DefaultMaxLifetime caps how far in the future a session may expire, unless
// Options.MaxLifetime says otherwise. Short lives limit what a stolen,
// still-unlocked session can do.
const DefaultMaxLifetime = 30 * 24 * time.Hour

// DefaultLifetime is a session's lifetime when the request names no expiry.
const DefaultLifetime = 24 * time.Hour

// Scheme is a session-key system (see package scheme).
type Scheme = scheme.Scheme

// Options configure a Vault. Only Store is required.
type Options struct {
	Store       keystore.Store
	Schemes     []scheme.Scheme    // the schemes this vault offers (accounts.Schemes() lists this module's)
	KDF         keystore.KDFParams // for a new vault; zero means keystore.DefaultKDF
	MaxLifetime time.Duration      // zero means DefaultMaxLifetime
	Now         func() time.Time   // nil means time.Now
	Rand        io.Reader          // nil means crypto/rand
	Host        scheme.HostCall    // optional questions to the host application
	Progress    func(Progress)     // optional, called during slow work
}

// Progress reports slow work: Stage is "derive-key" (Argon2id: Done counts
// its slices, 4 per pass, from 0 up to Total, one report each, over every
// derivation of the call) or "reseal" (Done of Total records during a change
// of secret).
type Progress struct {
	Stage string `json:"stage"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Vault is a session-key vault over a Store. Its methods are safe for
// concurrent use; they run one at a time.
type Vault struct {
	mu      sync.Mutex
	store   keystore.Store
	schemes map[string]scheme.Scheme
	kdf     keystore.KDFParams
	maxLife time.Duration
	now     func() time.Time
	rand    io.Reader
	host    scheme.HostCall
	report  func(Progress)

	keys  *keystore.Keys // nil while locked
	cache keyCache       // opened session keys, zeroed on Lock

	parsed parsedRecords // the last parse of each record, by its exact stored bytes
	listed listedRecords // the last listing's JSON of each record, by its exact stored bytes
}

// Open prepares a vault over o.Store. It reads nothing yet: State and Unlock
// do. It fails only on bad options.
func Open(ctx context.Context, o Options) (*Vault, error) {
	if o.Store == nil {
		return nil, errors.New("session: Options.Store is required")
	}
	v := &Vault{
		store:   o.Store,
		schemes: map[string]scheme.Scheme{},
		kdf:     o.KDF,
		maxLife: o.MaxLifetime,
		now:     o.Now,
		rand:    o.Rand,
		host:    o.Host,
		report:  o.Progress,
	}
	if v.kdf == (keystore.KDFParams{}) {
		v.kdf = keystore.DefaultKDF
	}
	if err := v.kdf.Check(); err != nil {
		return nil, err
	}
	if v.maxLife <= 0 {
		v.maxLife = DefaultMaxLifetime
	}
	if v.now == nil {
		v.now = time.Now
	}
	if v.rand == nil {
		v.rand = rand.Reader
	}
	for _, s := range o.Schemes {
		if _, dup := v.schemes[s.Name()]; dup {
			return nil, fmt.Errorf("session: scheme %q registered twice", s.Name())
		}
		v.schemes[s.Name()] = s
	}
	return v, nil
}

// State says whether the vault is new, locked or unlocked.
func (v *Vault) State(ctx context.Context) (State, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys != nil {
		return StateUnlocked, nil
	}
	_, err := v.store.Get(ctx, keystore.HeaderKey)
	switch {
	case errors.Is(err, keystore.ErrNotFound):
		return StateNew, nil
	case err != nil:
		return "", storageErr(err)
	}
	return StateLocked, nil
}

// Lock forgets the vault key and every opened session key, zeroing them.
func (v *Vault) Lock() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.lockLocked()
}

func (v *Vault) lockLocked() {
	v.keys.Wipe()
	v.keys = nil
	v.cache.wipe()
	v.parsed.clear()
	v.listed.clear()
}

func (v *Vault) progress(stage string, done, total int) {
	if v.report != nil {
		v.report(Progress{Stage: stage, Done: done, Total: total})
	}
}

// storageErr makes sure a host storage failure carries its code.
func storageErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, keystore.ErrStorageUnavailable) || errors.Is(err, keystore.ErrConflict) || errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, keystore.ErrNotFound) {
		return err
	}
	return fmt.Errorf("%w: %v", keystore.ErrStorageUnavailable, err)
}
