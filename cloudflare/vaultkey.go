package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/session"
)

// minMasterKey is the shortest MASTER_KEY accepted: 32 random bytes.
const minMasterKey = 32

// vaultSecret derives one vault's 32-byte secret from the master key with
// HMAC-SHA256. The label and the NUL separators keep (app, vault) pairs
// apart: "a" + "b_c" and "a_b" + "c" give different keys, and a key from
// here is never equal to an app's request MAC.
func vaultSecret(master []byte, app, vault string) []byte {
	mac := hmac.New(sha256.New, master)
	mac.Write([]byte("sessionsigner/server-vault/v1\x00" + app + "\x00" + vault))
	return mac.Sum(nil)
}

// unlockVault opens (or on first use creates) the vault with its derived
// secret. The secret is 32 random-looking bytes, so it takes the vault's
// full-entropy path (a "server" key slot, HKDF-SHA256): no Argon2id on a
// request.
func unlockVault(ctx context.Context, v *session.Vault, secret []byte) error {
	return v.UnlockWith(ctx, session.Secret{Kind: keystore.SlotServer, Bytes: secret})
}
