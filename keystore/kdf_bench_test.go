package keystore

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// The Argon2id benchmarks print what unlock's KDF costs here and in the
// module (GOOS=js GOARCH=wasm go test -bench DeriveKey -exec=…); x/crypto's
// IDKey beside it is in internal/argon2id's benchmarks. The derivation
// allocates its memory (64 MiB at the default) on every call, so the
// variants measure what can be done around it: a collection between calls
// (the previous call's 64 MiB is free to reuse, instead of the heap
// growing), and the collector off during the call. They assert nothing
// about time.

func BenchmarkDeriveKeyDefault(b *testing.B) { benchDeriveKey(b, false) }

func BenchmarkDeriveKeyDefaultAfterGC(b *testing.B) { benchDeriveKey(b, true) }

func BenchmarkDeriveKeyDefaultGCOff(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	benchDeriveKey(b, true)
}

// benchDeriveKey derives at DefaultKDF, collecting first (untimed) if asked.
func benchDeriveKey(b *testing.B, collectFirst bool) {
	salt := make([]byte, SaltSize)
	for b.Loop() {
		if collectFirst {
			b.StopTimer()
			runtime.GC()
			b.StartTimer()
		}
		if _, err := DeriveKey([]byte("secret"), salt, DefaultKDF); err != nil {
			b.Fatal(err)
		}
	}
}
