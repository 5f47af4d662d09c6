package argon2id

import (
	"testing"

	"golang.org/x/crypto/argon2"
)

// The benchmarks print this package's Argon2id beside x/crypto's, in the
// same run, at the vault's default (64 MiB, t=3, p=4) and at its floor
// (19 MiB, t=2, p=1). Natively x/crypto uses SSE4.1 assembly on amd64; with
// -tags purego, or in the module (GOOS=js GOARCH=wasm go test -bench
// . -exec=…), both are pure Go. They assert nothing about time.

func BenchmarkDefault(b *testing.B) { benchBoth(b, 3, 64*1024, 4) }

func BenchmarkFloor(b *testing.B) { benchBoth(b, 2, 19*1024, 1) }

func benchBoth(b *testing.B, time, memory uint32, threads uint8) {
	pw, salt := []byte("a passphrase"), make([]byte, 16)
	b.Run("sessionsigner", func(b *testing.B) {
		for b.Loop() {
			Key(pw, salt, time, memory, threads, 32, func(int, int) {})
		}
	})
	b.Run("x-crypto", func(b *testing.B) {
		for b.Loop() {
			argon2.IDKey(pw, salt, time, memory, threads, 32)
		}
	})
}
