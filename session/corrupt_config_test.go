package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
	"github.com/sessionsigner/sessionsigner/session"
)

// damaging stores a config its scheme cannot read back: it wraps a real
// scheme and edits the config Create returns, before the vault seals the
// key to it. The record is then intact as far as storage and the key's
// binding go, so a request reaches the scheme's loader through Authorize,
// which must say CORRUPT_RECORD (the stored record is damaged), never
// INVALID_CONFIG (the app's request was fine).
type damaging struct {
	scheme.Scheme
	old, new string
}

func (d damaging) Create(ctx context.Context, in scheme.CreateInput) (*scheme.Created, error) {
	c, err := d.Scheme.Create(ctx, in)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(string(c.Config), d.old) {
		panic("damaging: " + d.old + " not in " + string(c.Config))
	}
	c.Config = json.RawMessage(strings.Replace(string(c.Config), d.old, d.new, 1))
	return c, nil
}

func TestDamagedStoredConfigIsCorruptRecord(t *testing.T) {
	for _, c := range []struct {
		scheme, create, old, new, req string
	}{
		// A limit the scheme no longer accepts.
		{"local", tblLocal, `"allow":[`, `"maxUses":0,"allow":[`, localTx(`,"to":"` + tblFriend + `","value":"1"`)},
		// A looser policy than the session hash the key belongs to.
		{"abstract", tblAbstract(""), `"maxValuePerUse":"0"`, `"maxValuePerUse":"1"`, abstractTx("")},
		{"smartsessions", tblSmart(`"1000"`), `"amount":"1000"`, `"amount":"1001"`, smartOp(tblShop, "1")},
	} {
		t.Run(c.scheme, func(t *testing.T) {
			var schemes []scheme.Scheme
			for _, s := range allSchemes() {
				if s.Name() == c.scheme {
					s = damaging{s, c.old, c.new}
				}
				schemes = append(schemes, s)
			}
			store := keystore.NewMemoryStore()
			v, err := session.Open(context.Background(), session.Options{Store: store, KDF: keystore.MinKDF, Schemes: schemes, Now: tblNowFunc})
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Unlock(context.Background(), tblSecret); err != nil {
				t.Fatal(err)
			}
			// The record is stored; describing it back already fails.
			_, err = v.CreateSession(context.Background(), json.RawMessage(c.create))
			if got := session.Code(err); got != session.CodeCorruptRecord {
				t.Fatalf("create: code %q (%v), want CORRUPT_RECORD", got, err)
			}
			keys, err := store.List(context.Background(), keystore.RecordPrefix)
			if err != nil || len(keys) != 1 {
				t.Fatal(keys, err)
			}
			id := strings.TrimPrefix(keys[0], keystore.RecordPrefix)
			before, _ := store.Get(context.Background(), keys[0])
			_, err = v.Sign(context.Background(), id, json.RawMessage(c.req))
			if got := session.Code(err); got != session.CodeCorruptRecord {
				t.Fatalf("sign: code %q (%v), want CORRUPT_RECORD", got, err)
			}
			if after, _ := store.Get(context.Background(), keys[0]); string(after) != string(before) {
				t.Fatal("the refused signature changed the record")
			}
			list, err := v.ListSessions(context.Background())
			if err != nil || len(list) != 1 || !strings.Contains(strings.Join(list[0].Permissions, " "), session.CodeCorruptRecord) {
				t.Fatalf("listing: %v, %+v", err, list)
			}
		})
	}
}

func allSchemes() []scheme.Scheme { return accounts.Schemes() }
