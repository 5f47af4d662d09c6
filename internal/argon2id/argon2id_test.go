package argon2id

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"testing"

	"golang.org/x/crypto/argon2"
)

// x/crypto's argon2.IDKey is the oracle: every test here compares bytes
// with it, or with a vector from outside the repository.

// TestRFC9106Vector is the Argon2id test vector of RFC 9106 §5.3, which
// also sets the secret K and the associated data X.
func TestRFC9106Vector(t *testing.T) {
	got := deriveKey(bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16), bytes.Repeat([]byte{3}, 8),
		bytes.Repeat([]byte{4}, 12), 3, 32, 4, 32, nil)
	want, _ := hex.DecodeString("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659")
	if !bytes.Equal(got, want) {
		t.Fatalf("RFC 9106 §5.3 tag:\n got %x\nwant %x", got, want)
	}
}

// TestMatchesXCrypto runs a grid of passes, memory sizes, lanes, key
// lengths, passwords and salts (the empty password included) through both.
func TestMatchesXCrypto(t *testing.T) {
	passwords := [][]byte{nil, []byte("p"), []byte("correct horse battery staple"), bytes.Repeat([]byte{0xa5}, 200)}
	salts := [][]byte{[]byte("saltsalt"), bytes.Repeat([]byte{7}, 16), bytes.Repeat([]byte{9}, 100)}
	keyLens := []uint32{4, 16, 32, 33, 63, 64, 65, 100, 1024}
	n := 0
	for threads := uint8(1); threads <= 4; threads++ {
		memories := []uint32{8 * uint32(threads), 8*uint32(threads) + 3, 64, 129, 1000}
		if !testing.Short() {
			memories = append(memories, 4096)
		}
		for time := uint32(1); time <= 4; time++ {
			for _, memory := range memories {
				if memory < 8*uint32(threads) {
					continue
				}
				pw, salt, kl := passwords[n%len(passwords)], salts[n%len(salts)], keyLens[n%len(keyLens)]
				n++
				name := fmt.Sprintf("t=%d/m=%d/p=%d/len=%d", time, memory, threads, kl)
				got := Key(pw, salt, time, memory, threads, kl, nil)
				if want := argon2.IDKey(pw, salt, time, memory, threads, kl); !bytes.Equal(got, want) {
					t.Fatalf("%s: got %x, x/crypto %x", name, got, want)
				}
			}
		}
	}
	// Every key length, passwords and salts crossed, at a small size.
	for kl := uint32(4); kl <= 64; kl++ {
		for _, pw := range passwords {
			for _, salt := range salts {
				if got, want := Key(pw, salt, 1, 16, 2, kl, nil), argon2.IDKey(pw, salt, 1, 16, 2, kl); !bytes.Equal(got, want) {
					t.Fatalf("len %d, password %q, salt %x: got %x, x/crypto %x", kl, pw, salt, got, want)
				}
			}
		}
	}
}

// TestMatchesXCryptoLarge covers the sizes the vault uses: 19 MiB (the
// floor) and 64 MiB (the default), where segments span many address blocks.
func TestMatchesXCryptoLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large memory sizes")
	}
	for _, c := range []struct {
		time, memory uint32
		threads      uint8
	}{{2, 19 * 1024, 1}, {3, 64 * 1024, 4}} {
		pw, salt := []byte("a passphrase"), bytes.Repeat([]byte{3}, 16)
		got := Key(pw, salt, c.time, c.memory, c.threads, 32, nil)
		if want := argon2.IDKey(pw, salt, c.time, c.memory, c.threads, 32); !bytes.Equal(got, want) {
			t.Fatalf("t=%d m=%d p=%d: got %x, x/crypto %x", c.time, c.memory, c.threads, got, want)
		}
	}
}

// TestProgress checks that progress counts every slice of every pass, one
// call each, up to the total, and that Key reports nothing after it.
func TestProgress(t *testing.T) {
	for _, time := range []uint32{1, 3} {
		var seen []int
		Key([]byte("pw"), []byte("saltsalt"), time, 64, 4, 32, func(done, total int) {
			if total != SyncPoints*int(time) {
				t.Fatalf("total %d, want %d", total, SyncPoints*time)
			}
			seen = append(seen, done)
		})
		if len(seen) != SyncPoints*int(time) {
			t.Fatalf("t=%d: %d reports %v, want %d", time, len(seen), seen, SyncPoints*time)
		}
		for i, d := range seen {
			if d != i+1 {
				t.Fatalf("t=%d: reports %v are not 1, 2, ... total", time, seen)
			}
		}
	}
}

func TestKeyPanicsOnMisuse(t *testing.T) {
	for _, c := range []struct {
		time    uint32
		threads uint8
		keyLen  uint32
	}{{0, 1, 32}, {1, 0, 32}, {1, 1, 3}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("t=%d p=%d len=%d did not panic", c.time, c.threads, c.keyLen)
				}
			}()
			Key(nil, nil, c.time, 64, c.threads, c.keyLen, nil)
		}()
	}
}

// FuzzMatchesXCrypto compares with x/crypto at small sizes: any input that
// gives different bytes is a defect here.
func FuzzMatchesXCrypto(f *testing.F) {
	f.Add([]byte("password"), []byte("somesalt"), uint8(1), uint16(8), uint8(1), uint8(32))
	f.Add([]byte{}, []byte{}, uint8(3), uint16(100), uint8(4), uint8(4))
	f.Fuzz(func(t *testing.T, pw, salt []byte, time uint8, memory uint16, threads uint8, keyLen uint8) {
		tm := uint32(time%4) + 1
		p := threads%4 + 1
		m := uint32(memory % 512)
		kl := uint32(keyLen%125) + 4
		got := Key(pw, salt, tm, m, p, kl, nil)
		if want := argon2.IDKey(pw, salt, tm, m, p, kl); !bytes.Equal(got, want) {
			t.Fatalf("t=%d m=%d p=%d len=%d: got %x, x/crypto %x", tm, m, p, kl, got, want)
		}
	})
}

// TestDeriveKeyWipesMemory: after a derivation the memory that could
// recompute the key is zero, while the same derivation left unwiped is not
// (so the check sees the blocks it means to).
func TestDeriveKeyWipesMemory(t *testing.T) {
	password, salt := []byte("correct horse"), []byte("0123456789abcdef")
	m := newMatrix(64, 2, 2)
	want := m.derive(password, salt, nil, nil, 64, 32, nil)
	if isZero(m.blocks) {
		t.Fatal("derive left no filled blocks to wipe")
	}
	m.wipe()
	if !isZero(m.blocks) {
		t.Fatal("wipe left nonzero blocks")
	}
	if got := Key(password, salt, 2, 64, 2, 32, nil); string(got) != string(want) {
		t.Fatalf("Key = %x, derive = %x", got, want)
	}
}

func isZero(blocks []block) bool {
	for i := range blocks {
		for _, w := range blocks[i] {
			if w != 0 {
				return false
			}
		}
	}
	return true
}
