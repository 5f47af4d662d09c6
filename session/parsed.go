package session

import (
	"bytes"
	"slices"
	"sync"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// parsedRecords remembers, per storage key, the last record parsed from
// storage together with the exact bytes it came from.
// Every signature reads its record back from storage (another tab may have
// changed it); parsing that JSON strictly costs about as much as the
// signature itself, and the bytes are nearly always the ones parsed last
// time. A hit needs the stored bytes to be byte-for-byte those bytes, so
// whatever is in storage now is what the caller gets: an edited record is
// parsed (and checked) afresh, and every check that reads the record, the
// key cache's binding included, sees exactly what a fresh parse would give.
//
// The cached record is never handed out: callers get a copy with their own
// slices, which they may change (Wipe zeroes SealedKey in place).
type parsedRecords struct {
	mu sync.Mutex
	m  map[string]parsedRecord
}

type parsedRecord struct {
	raw []byte
	rec *keystore.Record
}

// parse returns keystore.ParseRecord(key, raw), from the cache when raw is
// what it was last time. Refusals are not cached.
func (p *parsedRecords) parse(key string, raw []byte) (*keystore.Record, error) {
	p.mu.Lock()
	e, ok := p.m[key]
	p.mu.Unlock()
	if ok && bytes.Equal(e.raw, raw) {
		return cloneRecord(e.rec), nil
	}
	rec, err := keystore.ParseRecord(key, raw)
	if err != nil {
		p.forget(key)
		return nil, err
	}
	p.remember(key, raw, rec)
	return rec, nil
}

// remember records that raw, stored under key, parses to rec. raw and rec
// are copied.
func (p *parsedRecords) remember(key string, raw []byte, rec *keystore.Record) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]parsedRecord{}
	}
	p.m[key] = parsedRecord{raw: bytes.Clone(raw), rec: cloneRecord(rec)}
}

func (p *parsedRecords) forget(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, key)
}

// clear drops everything (Lock, Close): sealed keys do not stay in memory
// longer than they need to, even sealed.
func (p *parsedRecords) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m = nil
}

func cloneRecord(r *keystore.Record) *keystore.Record {
	c := *r
	c.Config = slices.Clone(r.Config)
	c.State = slices.Clone(r.State)
	c.SealedKey = slices.Clone(r.SealedKey)
	return &c
}
