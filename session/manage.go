package session

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
)

// GetSession describes one session. It works while locked; an expired
// session's key is wiped on the way.
func (v *Vault) GetSession(ctx context.Context, id string) (*Info, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	rec, err := v.updateSession(ctx, id, v.expireDecision(v.now()))
	if err != nil {
		return nil, err
	}
	return v.info(rec)
}

// ListSessions describes every session, newest first. It works while
// locked, wipes the keys of expired sessions, and lists a record it cannot
// read as StatusCorrupt instead of failing: one damaged record must not hide
// the others. ListSessionsJSON is the same list as JSON, faster.
func (v *Vault) ListSessions(ctx context.Context) ([]*Info, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	now := v.now()
	var out []*Info
	err := v.eachRecord(ctx, func(key string, raw []byte) error {
		info, _, err := v.describeStored(ctx, key, raw, now)
		if info != nil {
			out = append(out, info)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sortNewestFirst(out)
	return out, nil
}

// describeStored describes the record under key for a listing, from raw,
// the bytes just read there: an expired session's key is wiped first, and a
// record that cannot be read is described as StatusCorrupt. It returns a
// nil info for a record deleted since it was listed, and described: the
// stored bytes the info was made from when nothing was written (nil when
// the expiry was written, or the record is corrupt). Its errors stop the
// listing: the storage failing, the call canceled, a record that kept
// changing.
func (v *Vault) describeStored(ctx context.Context, key string, raw []byte, now time.Time) (info *Info, described []byte, err error) {
	expire, wrote := v.expireDecision(now), false
	rec, err := v.updateFrom(ctx, key, raw, func(rec *keystore.Record) (bool, error) {
		write, err := expire(rec)
		wrote = wrote || write
		return write, err
	})
	if err != nil && !errors.Is(err, keystore.ErrCorruptRecord) && !errors.Is(err, keystore.ErrUnsupportedVersion) && !errors.Is(err, keystore.ErrNotFound) {
		return nil, nil, err
	}
	if errors.Is(err, keystore.ErrNotFound) {
		return nil, nil, nil // deleted since it was listed
	}
	if err == nil {
		info, err = v.info(rec)
	}
	if err != nil {
		if errors.Is(err, keystore.ErrStorageUnavailable) {
			return nil, nil, err
		}
		return corruptInfo(strings.TrimPrefix(key, keystore.RecordPrefix), err), nil, nil
	}
	if wrote {
		return info, nil, nil
	}
	return info, raw, nil
}

// StatusCorrupt marks a listed record that could not be read.
const StatusCorrupt Status = "corrupt"

func corruptInfo(id string, err error) *Info {
	return &Info{
		ID:          id,
		Status:      StatusCorrupt,
		Permissions: []string{"this record could not be read (" + Code(err) + "): " + err.Error()},
		Config:      json.RawMessage("{}"),
	}
}

// Revoke wipes the session's key and keeps a tombstone, so the session is
// listed as revoked. It works while locked (revoking needs no secret). The
// returned info carries the scheme's on-chain revocation call, if any:
// wiping the key stops this vault, the chain call stops everyone.
func (v *Vault) Revoke(ctx context.Context, id string) (*Info, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var sch Scheme
	rec, err := v.updateSession(ctx, id, func(rec *keystore.Record) (bool, error) {
		var err error
		if sch, err = v.scheme(rec.Scheme); err != nil || rec.Status == keystore.StatusRevoked {
			return false, err
		}
		rec.Wipe(keystore.StatusRevoked, v.now().Unix())
		v.cache.drop(rec.ID)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	info, err := v.info(rec)
	if err != nil {
		return nil, err
	}
	extra, err := sch.Revoke(schemeSession(rec, v.now()))
	if err != nil {
		return nil, err
	}
	info.Details, err = mergeObjects(info.Details, extra)
	return info, err
}

func mergeObjects(a, b json.RawMessage) (json.RawMessage, error) {
	if len(b) == 0 || string(b) == "null" {
		return a, nil
	}
	if len(a) == 0 || string(a) == "null" {
		return b, nil
	}
	var ma, mb map[string]json.RawMessage
	if err := json.Unmarshal(a, &ma); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &mb); err != nil {
		return nil, err
	}
	for k, v := range mb {
		ma[k] = v
	}
	return json.Marshal(ma)
}

func timeString(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }

func sortNewestFirst(s []*Info) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].CreatedAt.After(s[j].CreatedAt) })
}
