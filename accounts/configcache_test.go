package accounts_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/ethtypes"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/scheme"
)

func schemeNamed(name string) scheme.Scheme {
	for _, s := range accounts.Schemes() { // fresh instances, empty caches
		if s.Name() == name {
			return s
		}
	}
	panic("no scheme " + name)
}

// stored is the session the vault would store for the valid request.
func stored(t *testing.T, name string) *scheme.Session {
	now := time.Unix(1_800_000_000, 0)
	in := scheme.CreateInput{
		Signer:  ethtypes.HexToAddress("0x00000000000000000000000000000000005e5510"),
		ChainID: big.NewInt(valid[name].chain), CreatedAt: now, ExpiresAt: now.Add(time.Hour),
		Params: json.RawMessage(valid[name].params),
	}
	c, err := schemeNamed(name).Create(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return &scheme.Session{ID: "s", ChainID: in.ChainID, Signer: in.Signer, CreatedAt: now, ExpiresAt: in.ExpiresAt,
		Now: now, Config: c.Config, ConfigHash: c.ConfigHash, State: c.State}
}

// describe is what a scheme says of s: the description, or the error.
func describe(s scheme.Scheme, sess *scheme.Session) string {
	d, err := s.Describe(sess)
	if err != nil {
		return "error: " + err.Error()
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// variants of one byte: its neighbour, and one of the same kind (another
// digit, another hex letter) so that many edits still parse.
func variants(b byte) []byte {
	out := []byte{b ^ 1}
	switch {
	case '0' <= b && b <= '9':
		out = append(out, '0'+(b-'0'+3)%10)
	case 'a' <= b && b <= 'f':
		out = append(out, 'a'+(b-'a'+1)%6)
	case 'A' <= b && b <= 'F':
		out = append(out, 'A'+(b-'A'+1)%6)
	}
	return out
}

// TestConfigCacheNeverServesChangedBytes: a scheme whose cache holds a
// session's config answers, for that session with any one byte of its
// stored config changed (or its hash, chain or signer), exactly what a
// scheme with an empty cache answers; and the original still loads.
func TestConfigCacheNeverServesChangedBytes(t *testing.T) {
	for name := range valid {
		t.Run(name, func(t *testing.T) {
			sess := stored(t, name)
			warm := schemeNamed(name)
			want := describe(warm, sess)
			if want[:6] == "error:" {
				t.Fatal(want)
			}
			loaded, differed := 0, 0
			edits := 0
			check := func(what string, edited *scheme.Session) {
				edits++
				got, fresh := describe(warm, edited), describe(schemeNamed(name), edited)
				if got != fresh {
					t.Fatalf("%s: the warm scheme says\n%s\nan empty cache says\n%s", what, got, fresh)
				}
				if fresh[:6] != "error:" {
					loaded++
					if fresh != want {
						differed++
					}
				}
			}
			for i := range sess.Config {
				for _, b := range variants(sess.Config[i]) {
					edited := *sess
					edited.Config = append([]byte(nil), sess.Config...)
					edited.Config[i] = b
					check(fmt.Sprintf("config byte %d = %q", i, b), &edited)
				}
			}
			for i := range sess.ConfigHash {
				edited := *sess
				edited.ConfigHash[i] ^= 1
				check("config hash", &edited)
			}
			edited := *sess
			edited.ChainID = new(big.Int).Add(sess.ChainID, big.NewInt(1))
			check("chain", &edited)
			edited = *sess
			edited.Signer[19] ^= 1
			check("signer", &edited)
			if got := describe(warm, sess); got != want {
				t.Fatalf("the original after the edits: %s", got)
			}
			t.Logf("%d edits (%d config bytes); %d loaded, %d of them differently", edits, len(sess.Config), loaded, differed)
		})
	}
}
