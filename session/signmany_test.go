package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// A local session with every kind of limit: uses, total value, one target.
const manyConfig = `{"scheme":"local","chainId":1,"rawHash":true,"maxUses":12,"maxTotalValue":"10",
	"allow":[{"target":"0x000000000000000000000000000000000000dEaD","maxValuePerUse":"4"}]}`

// manyRequest is request kind k: allowed or refused for different rules.
func manyRequest(k, i int) json.RawMessage {
	tx := func(to string, value int) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"type":"transaction","transaction":{"chainId":1,"to":"%s","nonce":%d,
			"gas":21000,"maxFeePerGas":"1","maxPriorityFeePerGas":"1","value":"%d"}}`, to, i, value))
	}
	switch k % 6 {
	case 0:
		return json.RawMessage(fmt.Sprintf(`{"type":"hash","hash":"0x%064x"}`, i+1))
	case 1:
		return json.RawMessage(fmt.Sprintf(`{"type":"message","message":"hello %d"}`, i))
	case 2:
		return tx("0x000000000000000000000000000000000000dEaD", 1+i%3) // counts value
	case 3:
		return tx("0x000000000000000000000000000000000000bEEF", 0) // target refused
	case 4:
		return tx("0x000000000000000000000000000000000000dEaD", 5) // above maxValuePerUse
	default:
		return json.RawMessage(`{"type":"nonsense"}`)
	}
}

// twinVaults: two vaults over copies of one store holding one session, so
// the same requests can go through SignMany in one and Sign in the other.
func twinVaults(t *testing.T) (many, single *Vault, id string, manyStore, singleStore *keystore.MemoryStore) {
	t.Helper()
	many, manyStore, c := unlocked(t)
	info, err := many.CreateSession(ctx, json.RawMessage(manyConfig))
	if err != nil {
		t.Fatal(err)
	}
	singleStore = keystore.NewMemoryStore()
	keys, _ := manyStore.List(ctx, "")
	for _, k := range keys {
		raw, _ := manyStore.Get(ctx, k)
		_ = singleStore.Put(ctx, k, raw)
	}
	single = newVault(t, singleStore, c)
	if err := single.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	return many, single, info.ID, manyStore, singleStore
}

// TestSignManyIsSignInOrder: for random batches of allowed and refused
// requests, SignMany returns exactly the signatures Sign gives for the same
// requests one by one up to the first refusal, stops there with that
// refusal's code and rule and its index, and leaves the same usage stored:
// nothing signed outside the policy, nothing signed and not counted.
func TestSignManyIsSignInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 64))
	for round := range 40 {
		many, single, id, manyStore, singleStore := twinVaults(t)
		for batch := range 4 {
			n := 1 + rng.IntN(8)
			reqs := make([]json.RawMessage, n)
			for i := range reqs {
				k := rng.IntN(6)
				if rng.IntN(3) > 0 {
					k = rng.IntN(3) // mostly allowed kinds
				}
				reqs[i] = manyRequest(k, round*100+batch*10+i)
			}
			sigs, err := many.SignMany(ctx, id, reqs)
			var wantSigs [][]byte
			var wantErr error
			wantIndex := -1
			for i, r := range reqs {
				sig, err := single.Sign(ctx, id, r)
				if err != nil {
					wantErr, wantIndex = err, i
					break
				}
				wantSigs = append(wantSigs, sig)
			}
			if len(sigs) != len(wantSigs) {
				t.Fatalf("round %d batch %d: %d signatures, Sign one by one made %d (%v / %v)", round, batch, len(sigs), len(wantSigs), err, wantErr)
			}
			for i := range sigs {
				if !bytes.Equal(sigs[i], wantSigs[i]) {
					t.Fatalf("round %d batch %d: signature %d differs from Sign's", round, batch, i)
				}
			}
			var stop *BatchStopError
			switch {
			case wantErr == nil && err != nil:
				t.Fatalf("round %d batch %d: %v, Sign signed all", round, batch, err)
			case wantErr != nil && !errors.As(err, &stop):
				t.Fatalf("round %d batch %d: %v, want a stop at %d (%v)", round, batch, err, wantIndex, wantErr)
			case wantErr != nil && (stop.Index != wantIndex || Code(err) != Code(wantErr) || Rule(err) != Rule(wantErr)):
				t.Fatalf("round %d batch %d: stopped at %d with %s/%s, Sign at %d with %s/%s",
					round, batch, stop.Index, Code(err), Rule(err), wantIndex, Code(wantErr), Rule(wantErr))
			}
			a, _ := manyStore.Get(ctx, keystore.RecordPrefix+id)
			b, _ := singleStore.Get(ctx, keystore.RecordPrefix+id)
			ra, _ := keystore.ParseRecord(keystore.RecordPrefix+id, a)
			rb, _ := keystore.ParseRecord(keystore.RecordPrefix+id, b)
			if string(ra.State) != string(rb.State) {
				t.Fatalf("round %d batch %d: usage %s, Sign one by one left %s", round, batch, ra.State, rb.State)
			}
		}
	}
}

// replaceCounter is a memory store that counts swaps and can fail them.
type replaceCounter struct {
	*keystore.MemoryStore
	mu    sync.Mutex
	swaps int
	fail  bool
}

func (s *replaceCounter) Replace(ctx context.Context, key string, old, value []byte) error {
	s.mu.Lock()
	s.swaps++
	fail := s.fail
	s.mu.Unlock()
	if fail {
		return fmt.Errorf("%w: %w", keystore.ErrStorageUnavailable, errInjected)
	}
	return s.MemoryStore.Replace(ctx, key, old, value)
}

// TestSignManyStoresUsageOnceBeforeSigning: the batch's usage is one write,
// and when it fails no signature is returned.
func TestSignManyStoresUsageOnceBeforeSigning(t *testing.T) {
	store := &replaceCounter{MemoryStore: keystore.NewMemoryStore()}
	v := newVault(t, store, &clock{t: testNow})
	if err := v.Unlock(ctx, secret); err != nil {
		t.Fatal(err)
	}
	info, err := v.CreateSession(ctx, json.RawMessage(manyConfig))
	if err != nil {
		t.Fatal(err)
	}
	reqs := []json.RawMessage{manyRequest(0, 1), manyRequest(2, 2), manyRequest(0, 3)}
	store.mu.Lock()
	store.fail, store.swaps = true, 0
	store.mu.Unlock()
	sigs, err := v.SignMany(ctx, info.ID, reqs)
	if err == nil || len(sigs) != 0 {
		t.Fatalf("a failed usage write returned %d signatures (%v)", len(sigs), err)
	}
	store.mu.Lock()
	store.fail, store.swaps = false, 0
	store.mu.Unlock()
	if sigs, err = v.SignMany(ctx, info.ID, reqs); err != nil || len(sigs) != 3 {
		t.Fatalf("%d signatures, %v", len(sigs), err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if store.swaps != 1 {
		t.Fatalf("%d writes for one batch, want 1", store.swaps)
	}
}

func TestSignManyBounds(t *testing.T) {
	v, _, _ := unlocked(t)
	info, err := v.CreateSession(ctx, json.RawMessage(manyConfig))
	if err != nil {
		t.Fatal(err)
	}
	if sigs, err := v.SignMany(ctx, info.ID, nil); err != nil || len(sigs) != 0 {
		t.Fatalf("empty batch: %d, %v", len(sigs), err)
	}
	if _, err := v.SignMany(ctx, info.ID, make([]json.RawMessage, MaxSignMany+1)); Code(err) != "INVALID_REQUEST" {
		t.Fatalf("oversized batch: %v", err)
	}
}
