// Package keystore keeps session keys secret at rest.
//
// The pieces, each in its own file:
//
//   - kdf.go: Argon2id (RFC 9106) turns the user's secret and a per-vault salt
//     into a key-encryption key. Use DefaultKDF for new vaults. Parameters read
//     from storage are checked against MinKDF and MaxKDF before any work, so a
//     tampered header can neither downgrade the vault nor exhaust the machine.
//   - aead.go: XChaCha20-Poly1305 from golang.org/x/crypto, a random 24-byte
//     nonce per seal (safe to draw at random, unlike GCM's 12 bytes), and
//     associated data that binds each ciphertext to where it belongs.
//   - header.go: the vault header (one per vault). It holds the vault key,
//     a random 32-byte key, wrapped once per key slot. Opening it is the
//     one place a wrong secret is detected. header_v1.go reads the format
//     before key slots.
//   - slot.go, slots.go: key slots, one per way to open the vault
//     (passphrase through Argon2id; passkey PRF, wallet signature,
//     remembered device, server key through HKDF-SHA256), and adding,
//     removing, replacing them in one header write each.
//   - rekey.go: changing the secret, written so that a crash at any point
//     leaves every record openable with the old or the new secret.
//   - record.go: one session record per storage key: public metadata in
//     clear (so sessions can be listed while locked), the private key sealed
//     under the vault key with the metadata as associated data.
//   - store.go: the Store interface hosts implement, and MemoryStore.
//
// Wrong secret versus corrupt record: the header's wrapped vault key is the
// only ciphertext opened with the secret-derived key, so a failure there is
// ErrWrongSecret; once the vault key is known, a record that fails to open
// was altered (ErrCorruptRecord). Neither case writes anything.
package keystore

import "errors"

var (
	// ErrWrongSecret: the secret does not open this vault.
	ErrWrongSecret = errors.New("wrong secret: it does not open this vault")
	// ErrCorruptRecord: stored bytes were altered, truncated or swapped.
	ErrCorruptRecord = errors.New("corrupt record")
	// ErrUnsafeKDF: stored or requested Argon2id parameters are outside the
	// accepted range.
	ErrUnsafeKDF = errors.New("unsafe key-derivation parameters")
	// ErrUnsupportedVersion: a format version this build does not read.
	ErrUnsupportedVersion = errors.New("unsupported format version")
	// ErrBadSecret: a secret its unlock method cannot take (unknown kind,
	// empty, or a full-entropy secret shorter than 32 bytes). Refused
	// before any work; the message never contains the secret.
	ErrBadSecret = errors.New("unusable secret")
	// ErrSlotExpired: the only slots the secret could open have expired.
	ErrSlotExpired = errors.New("this unlock method has expired: unlock another way, then add it again")
	// ErrLastSlot: removing the vault's only slot would lock it for good.
	ErrLastSlot = errors.New("the vault's last unlock method cannot be removed: add another one first")
)
