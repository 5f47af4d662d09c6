package session

import (
	"bytes"
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// listedRecords remembers, per storage key, the JSON the last listing wrote
// for the record there and the exact stored bytes it was written from.
//
// A listing describes every session: the scheme's permissions in words and
// artifacts, the config and usage as JSON. Between two listings nearly
// every record holds the bytes it held the time before, and describing
// 1,000 of them again was most of listSessions' time in wasm. The JSON is a
// function of those bytes alone: the record holds every field of the info,
// and a scheme's Describe is given only the stored session, no clock
// (info.go passes a zero Now). Time changes one thing, the expiry sweep: an active
// session past its expiry has its key wiped and its record rewritten before
// it is listed, so an entry keeps when that falls due and is not used from
// then on.
//
// A hit needs the stored bytes to equal, byte for byte, the ones described,
// so whatever storage holds now is what is listed: a record another tab
// changed, or one edited in storage, is described (and checked) afresh.
// Corrupt records are not kept. Only the records of the last listing are
// kept, so deleted sessions leave nothing behind. Guarded by Vault.mu;
// dropped on Lock with the parsed records, since the bytes hold the sealed
// key.
type listedRecords struct {
	m map[string]listedRecord
}

type listedRecord struct {
	raw []byte
	listing
	// due is the Unix time from which the expiry sweep rewrites the record
	// (math.MaxInt64: never, its key is already wiped).
	due int64
}

// listing is one session in a listing: its JSON, and its creation time
// (the order: newest first).
type listing struct {
	json    []byte
	created int64 // Unix seconds of Info.CreatedAt
}

// ListSessionsJSON is MarshalInfos of ListSessions, byte for byte: every
// session as a JSON array, newest first, expired keys wiped and unreadable
// records listed as StatusCorrupt on the way. It describes again only the
// records whose stored bytes changed since the last listing
// (listedRecords); the others cost a read and a comparison.
func (v *Vault) ListSessionsJSON(ctx context.Context) ([]byte, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := v.now()
	last, next := v.listed.m, make(map[string]listedRecord, len(v.listed.m))
	var out []listing
	size := 2
	err := v.eachRecord(ctx, func(key string, raw []byte) error {
		e, ok := last[key]
		if !ok || raw == nil || now.Unix() >= e.due || !bytes.Equal(e.raw, raw) {
			var err error
			if e, ok, err = v.listOne(ctx, key, raw, now); err != nil || e.json == nil {
				return err
			}
		}
		if ok {
			next[key] = e
		}
		out = append(out, e.listing)
		size += len(e.json) + 1
		return nil
	})
	if err != nil {
		return nil, err
	}
	v.listed.m = next
	slices.SortStableFunc(out, func(a, b listing) int { return cmp.Compare(b.created, a.created) })
	b := make([]byte, 0, size)
	b = append(b, '[')
	for i, l := range out {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, l.json...)
	}
	return append(b, ']'), nil
}

// listOne describes the record under key afresh: its entry (a nil json for
// a record deleted since it was listed) and whether the entry may be kept
// for the next listing.
func (v *Vault) listOne(ctx context.Context, key string, raw []byte, now time.Time) (listedRecord, bool, error) {
	info, described, err := v.describeStored(ctx, key, raw, now)
	if err != nil || info == nil {
		return listedRecord{}, false, err
	}
	b, err := info.MarshalJSON()
	if err != nil {
		return listedRecord{}, false, err
	}
	e := listedRecord{raw: bytes.Clone(described), listing: listing{json: b, created: info.CreatedAt.Unix()}, due: dueAt(info)}
	return e, described != nil, nil
}

// clear drops every entry (Lock).
func (l *listedRecords) clear() { l.m = nil }

// dueAt is when the expiry sweep rewrites a listed session.
func dueAt(info *Info) int64 {
	if info.Status != StatusActive {
		return math.MaxInt64
	}
	return info.ExpiresAt.Unix()
}

// recordsPerRead is how many records eachRecord reads in one call to the
// store: a few hundred kilobytes at most, whatever the vault holds.
const recordsPerRead = 256

// eachRecord calls fn with every record's key and stored bytes, in key
// order, reading them in batches (keystore.GetMany). A record deleted since
// it was listed is skipped; raw is nil only when a batch said a key held
// nothing, and fn reads it again then. It stops at fn's first error.
func (v *Vault) eachRecord(ctx context.Context, fn func(key string, raw []byte) error) error {
	keys, err := v.store.List(ctx, keystore.RecordPrefix)
	if err != nil {
		return storageErr(err)
	}
	for batch := range slices.Chunk(keys, recordsPerRead) {
		values, err := keystore.GetMany(ctx, v.store, batch)
		if err != nil {
			return storageErr(err)
		}
		for i, key := range batch {
			if err := fn(key, values[i]); err != nil {
				return err
			}
		}
	}
	return nil
}
