package session

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
)

// clockScheme's Describe writes the clock it is given into the listing: a
// scheme from Options.Schemes that breaks scheme.Scheme's rule.
type clockScheme struct{ testScheme }

func (clockScheme) Describe(s *scheme.Session) (*scheme.Description, error) {
	return &scheme.Description{Permissions: []string{fmt.Sprintf("described at %d", s.Now.Unix())}}, nil
}

// TestListingNeverDependsOnTheClock: the vault gives Describe no clock, so a
// kept listing (ListSessionsJSON) equals a fresh one after time passes,
// whatever the scheme does with Now. Without the zero Now in info.go the
// second listing still says the first minute.
func TestListingNeverDependsOnTheClock(t *testing.T) {
	store := keystore.NewMemoryStore()
	c := &clock{t: testNow}
	open := func() *Vault {
		v, err := Open(ctx, Options{Store: store, Schemes: []Scheme{clockScheme{}}, KDF: keystore.MinKDF, Now: c.Now})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v := open()
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if _, err := v.CreateSession(ctx, json.RawMessage(`{"scheme":"test","chainId":1}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.ListSessionsJSON(ctx); err != nil {
		t.Fatal(err)
	}
	c.Add(time.Minute)
	kept, err := v.ListSessionsJSON(ctx)
	if err != nil {
		t.Fatal(err)
	}
	infos, err := open().ListSessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := MarshalInfos(infos)
	if err != nil {
		t.Fatal(err)
	}
	if string(kept) != string(fresh) {
		t.Fatalf("kept listing differs from a fresh one after a minute:\nkept  %s\nfresh %s", kept, fresh)
	}
}
