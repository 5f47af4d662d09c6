package session

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// TestParsedRecordsAreFreshParses: what readRecord returns, cached or not,
// is exactly what parsing the bytes in storage now gives, and a caller
// changing its copy (Wipe zeroes the sealed key in place) changes nothing
// for the next reader.
func TestParsedRecordsAreFreshParses(t *testing.T) {
	v, store, _ := unlocked(t)
	info := createTest(t, v, "")
	key := keystore.RecordPrefix + info.ID
	fresh := func() *keystore.Record {
		raw, err := store.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := keystore.ParseRecord(key, raw)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	first, _, err := v.readRecord(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	sealed := bytes.Clone(first.SealedKey)
	first.Wipe(keystore.StatusRevoked, 1)
	first.Config[0] = 'X'
	second, _, err := v.readRecord(ctx, key) // a cache hit
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(second, fresh()) || !bytes.Equal(second.SealedKey, sealed) {
		t.Fatalf("cached record differs from a fresh parse after a caller changed its copy:\n%+v\n%+v", second, fresh())
	}

	// Storage changes under the cache: the next read is the new record.
	edited := fresh()
	edited.ExpiresAt++
	raw, _ := edited.Marshal()
	if err := store.Put(ctx, key, raw); err != nil {
		t.Fatal(err)
	}
	third, _, err := v.readRecord(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if third.ExpiresAt != edited.ExpiresAt || !reflect.DeepEqual(third, fresh()) {
		t.Fatalf("read %d after storage changed to %d", third.ExpiresAt, edited.ExpiresAt)
	}

	// Bytes that no longer parse are refused, not served from the cache.
	if err := store.Put(ctx, key, []byte(`{"v":1}`)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := v.readRecord(ctx, key); err == nil {
		t.Fatal("a corrupt record was read from the cache")
	}
}
