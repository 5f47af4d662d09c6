package keystore

import (
	"crypto/sha256"
	"fmt"
	"io"

	"golang.org/x/crypto/hkdf"

	"github.com/sessionsigner/sessionsigner/internal/argon2id"
)

// kdfLabel is prepended to the salt: a key derived for this purpose can never
// equal one derived by another program from the same secret and salt.
const kdfLabel = "sessionsigner.v1/argon2id-vault-key\x00"

// SaltSize is the per-vault random salt length (RFC 9106 recommends 128 bits).
const SaltSize = 16

// KDFParams are Argon2id's cost parameters. Threads is the lanes parameter
// p; the output does not depend on how many OS threads actually run.
type KDFParams struct {
	MemoryKiB uint32 `json:"memoryKiB"`
	Time      uint32 `json:"time"`
	Threads   uint8  `json:"threads"`
}

var (
	// DefaultKDF is RFC 9106's second recommended option (64 MiB, t=3, p=4).
	DefaultKDF = KDFParams{MemoryKiB: 64 * 1024, Time: 3, Threads: 4}
	// MinKDF is OWASP's floor for Argon2id (19 MiB, t=2, p=1).
	MinKDF = KDFParams{MemoryKiB: 19 * 1024, Time: 2, Threads: 1}
	// MaxKDF bounds what a stored header may ask for: 256 MiB is what a
	// browser tab's WebAssembly can be expected to allocate, and t=10 keeps a
	// tampered header from turning unlock into minutes of work.
	MaxKDF = KDFParams{MemoryKiB: 256 * 1024, Time: 10, Threads: 16}
)

// Check refuses parameters outside [MinKDF, MaxKDF].
func (p KDFParams) Check() error {
	switch {
	case p.MemoryKiB < MinKDF.MemoryKiB || p.Time < MinKDF.Time || p.Threads < MinKDF.Threads:
		return fmt.Errorf("%w: memory %d KiB, time %d, threads %d is below the floor of %d KiB, time %d, threads %d",
			ErrUnsafeKDF, p.MemoryKiB, p.Time, p.Threads, MinKDF.MemoryKiB, MinKDF.Time, MinKDF.Threads)
	case p.MemoryKiB > MaxKDF.MemoryKiB || p.Time > MaxKDF.Time || p.Threads > MaxKDF.Threads:
		return fmt.Errorf("%w: memory %d KiB, time %d, threads %d is above the ceiling of %d KiB, time %d, threads %d",
			ErrUnsafeKDF, p.MemoryKiB, p.Time, p.Threads, MaxKDF.MemoryKiB, MaxKDF.Time, MaxKDF.Threads)
	case p.MemoryKiB < 8*uint32(p.Threads):
		return fmt.Errorf("%w: memory must be at least 8 KiB per thread", ErrUnsafeKDF)
	}
	return nil
}

// Steps is how many progress steps one derivation at p reports: one per
// Argon2id slice, 4 per pass.
func (p KDFParams) Steps() int { return int(p.Time) * argon2id.SyncPoints }

// DeriveKey runs Argon2id over the secret with the labelled salt and returns
// a 32-byte key-encryption key. It checks p first.
//
// The Argon2id is internal/argon2id, the project's own, because it reports
// each slice done (x/crypto's argon2 has no hook for that); its tests hold it
// byte for byte to x/crypto's argon2.IDKey, which stays the reference.
func DeriveKey(secret, salt []byte, p KDFParams) ([]byte, error) {
	return deriveKey(secret, salt, p, nil)
}

// deriveKey is DeriveKey calling step, if not nil, after each of p.Steps()
// slices.
func deriveKey(secret, salt []byte, p KDFParams, step func()) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	if len(salt) != SaltSize {
		return nil, fmt.Errorf("%w: salt must be %d bytes", ErrCorruptRecord, SaltSize)
	}
	labelled := make([]byte, 0, len(kdfLabel)+len(salt))
	labelled = append(append(labelled, kdfLabel...), salt...)
	var progress func(done, total int)
	if step != nil {
		progress = func(int, int) { step() }
	}
	return argon2id.Key(secret, labelled, p.Time, p.MemoryKiB, p.Threads, KeySize, progress), nil
}

// hkdfLabel names the purpose of a full-entropy slot's KEK; the slot's kind
// and id follow it in HKDF's info, so one secret registered in two slots
// (or as two kinds) still yields unrelated keys.
const hkdfLabel = "sessionsigner.v2/slot-kek\x00"

// deriveFullEntropy turns a secret that is already uniformly random (a
// passkey's PRF output, a wallet signature, a server's random key) into a
// KEK with HKDF-SHA256 (RFC 5869) and the slot's salt. No Argon2id: there is
// nothing to slow down for a secret no one can guess, and unlocking costs
// microseconds. Callers have checked the length (Secret.CheckSecret).
func deriveFullEntropy(secret, salt []byte, kind, slotID string) ([]byte, error) {
	if len(secret) < MinFullEntropySecret {
		return nil, fmt.Errorf("%w: a %s secret must be at least %d bytes", ErrBadSecret, kind, MinFullEntropySecret)
	}
	if len(salt) != SaltSize {
		return nil, fmt.Errorf("%w: salt must be %d bytes", ErrCorruptRecord, SaltSize)
	}
	info := make([]byte, 0, len(hkdfLabel)+len(kind)+1+len(slotID))
	info = append(append(append(append(info, hkdfLabel...), kind...), 0), slotID...)
	kek := make([]byte, KeySize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, secret, salt, info), kek); err != nil {
		return nil, err
	}
	return kek, nil
}
