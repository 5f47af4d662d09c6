package session_test

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/sessionsigner/sessionsigner/accounts"
	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/session"
)

// TestSharedConfigCacheConcurrent: a host registers one instance of each
// scheme, and its config cache (scheme.ConfigCache) hands the same loaded
// config to every caller, across goroutines and vaults. Four vaults over
// one store sign concurrently on a session of each scheme; every signature
// is the one a lone vault makes for the same request, so no caller changed
// what another reads. Run with -race, it also finds a loaded config that
// a scheme writes to.
func TestSharedConfigCacheConcurrent(t *testing.T) {
	ctx := context.Background()
	schemes := accounts.Schemes()
	store := keystore.NewMemoryStore()
	open := func() *session.Vault {
		v, err := session.Open(ctx, session.Options{Store: store, KDF: keystore.MinKDF, Schemes: schemes, Now: tblNowFunc})
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Unlock(ctx, tblSecret); err != nil {
			t.Fatal(err)
		}
		return v
	}
	first := open()
	var jobs []struct{ id, req string }
	for _, c := range []struct{ config, req string }{
		{tblLocal, `{"type":"message","message":"hello"}`},
		{tblLocal, localTx(`,"to":"` + tblNFT + `","data":"` + tblMint + `","value":"0"`)},
		{tblAbstract(""), abstractTyped(`"0"`)},
		{tblSmart(`"1000000"`), smartOp(tblShop, "1")},
	} {
		info, err := first.CreateSession(ctx, json.RawMessage(c.config))
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, struct{ id, req string }{info.ID, c.req})
	}
	want := make([][]byte, len(jobs))
	for i, j := range jobs {
		out, err := first.Sign(ctx, j.id, json.RawMessage(j.req))
		if err != nil {
			t.Fatal(err)
		}
		want[i] = out
	}
	vaults := []*session.Vault{first, open(), open(), open()}
	var wg sync.WaitGroup
	for _, v := range vaults {
		for i, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					out, err := v.Sign(ctx, j.id, json.RawMessage(j.req))
					if session.Code(err) == session.CodeConflict {
						continue // another vault wrote the same counters first
					}
					if err != nil {
						t.Errorf("job %d: %v", i, err)
						return
					}
					if !bytes.Equal(out, want[i]) {
						t.Errorf("job %d signed %x, a lone vault %x", i, out, want[i])
						return
					}
				}
			}()
		}
	}
	wg.Wait()
}
