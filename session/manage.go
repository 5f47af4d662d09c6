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
// the others.
func (v *Vault) ListSessions(ctx context.Context) ([]*Info, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	keys, err := v.store.List(ctx, keystore.RecordPrefix)
	if err != nil {
		return nil, storageErr(err)
	}
	now := v.now()
	out := make([]*Info, 0, len(keys))
	for _, key := range keys {
		rec, err := v.update(ctx, key, v.expireDecision(now))
		if err != nil && !errors.Is(err, keystore.ErrCorruptRecord) && !errors.Is(err, keystore.ErrUnsupportedVersion) && !errors.Is(err, keystore.ErrNotFound) {
			return nil, err
		}
		if errors.Is(err, keystore.ErrNotFound) {
			continue // deleted since it was listed
		}
		var info *Info
		if err == nil {
			info, err = v.info(rec)
		}
		if err != nil {
			if errors.Is(err, keystore.ErrStorageUnavailable) {
				return nil, err
			}
			info = corruptInfo(strings.TrimPrefix(key, keystore.RecordPrefix), err)
		}
		out = append(out, info)
	}
	sortNewestFirst(out)
	return out, nil
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
