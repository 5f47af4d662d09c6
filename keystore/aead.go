package keystore

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// KeySize is the size of every symmetric key here.
const KeySize = chacha20poly1305.KeySize

// sealOverhead is what seal adds to a plaintext: nonce and tag.
const sealOverhead = chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead

var errOpen = errors.New("message authentication failed")

// seal encrypts plaintext under key with a fresh random nonce and returns
// nonce || ciphertext || tag. ad is authenticated, not stored.
func seal(rand io.Reader, key, plaintext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, chacha20poly1305.NonceSizeX, sealOverhead+len(plaintext))
	if _, err := io.ReadFull(rand, out); err != nil {
		return nil, fmt.Errorf("reading random nonce: %w", err)
	}
	return aead.Seal(out, out, plaintext, ad), nil
}

// open reverses seal. Any alteration of nonce, ciphertext, tag or ad gives
// errOpen, decided in constant time by the AEAD.
func open(key, sealed, ad []byte) ([]byte, error) {
	if len(sealed) < sealOverhead {
		return nil, errOpen
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	nonce, ct := sealed[:chacha20poly1305.NonceSizeX], sealed[chacha20poly1305.NonceSizeX:]
	pt, err := aead.Open(nil, nonce, ct, ad)
	if err != nil {
		return nil, errOpen
	}
	return pt, nil
}

// subkey derives a purpose-bound key from the vault key, so the vault key
// itself never keys two different jobs.
func subkey(vaultKey []byte, purpose string) []byte {
	m := hmac.New(sha256.New, vaultKey)
	m.Write([]byte("sessionsigner.v1/subkey\x00" + purpose))
	return m.Sum(nil)
}

// Zero overwrites b. Go may have copied the bytes elsewhere (the garbage
// collector moves nothing, but slices grow by copying), so this is a best
// effort that we still make wherever we drop a secret.
func Zero(b []byte) { clear(b) }
