package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sessionsigner/sessionsigner/keystore"
	"github.com/sessionsigner/sessionsigner/scheme"
	"github.com/sessionsigner/sessionsigner/session"
)

// splitExpiry is the expiry every base request of FuzzCreateSplit names.
var splitExpiry = tblNow.Add(time.Hour)

// splitBases are one create request per scheme, each with its chain, as
// the vault must read them whatever else the request carries.
var splitBases = []struct {
	scheme, chain, request string
}{
	{"local", "11124", tblLocal},
	{"abstract", "11124", tblAbstract("")},
	{"smartsessions", "8453", tblSmart(`"1000"`)},
}

// FuzzCreateSplit: the vault reads scheme, chainId and expiresAt off a
// create request and hands the scheme the rest (scheme.ParamsOf). One extra
// member, with any name written in any spelling (escapes, another case, a
// Unicode case fold, a repeat of a vault field) and any value, put at the
// top level or inside the scheme's first nested object, must never make the
// vault and the scheme read two different requests: a session is created
// only with the base request's scheme, chain and expiry, and never when a
// top-level member folds onto a vault field without being it; a refusal is
// INVALID_CONFIG and changes nothing in the store; a creation adds exactly
// one record and changes no other, and a config that keeps its own signer
// or expiry (Abstract's) keeps the vault's.
func FuzzCreateSplit(f *testing.F) {
	for _, name := range []string{
		"chainId", `chain\u0049d`, `\u0063hainId`, "ChainId", "chainID", "CHAINID", "expiresAt", "expiresat",
		`expires\u0041t`, "scheme", "Scheme", "ſcheme", "\u017fcheme", `\u017fcheme`, "scheme\u0000", `scheme\u0000`,
		"messages", "rawHash", "allowSudo", "registryCheck", "chains", "signer", "\xffchainId",
	} {
		for where := range uint8(3) {
			for _, value := range []string{`1`, `"8453"`, `"0x1"`, `"local"`, `"smartsessions"`, `1800007200`, `null`, `true`, `[{"chainId":"1"}]`} {
				f.Add(uint8(where%3), where, name, value)
			}
		}
	}
	e := newTblEnv(f)
	f.Fuzz(func(t *testing.T, which, where uint8, name, value string) {
		base := splitBases[int(which)%len(splitBases)]
		request := insertMember(`{"expiresAt":`+jsonInt(splitExpiry.Unix())+`,`+base.request[1:], where, `"`+name+`":`+value)
		before := e.snapshot()
		info, err := e.v.CreateSession(context.Background(), json.RawMessage(request))
		after := e.snapshot()
		if err != nil {
			if code := session.Code(err); code != session.CodeInvalidConfig {
				t.Fatalf("%s: refused as %s, want %s: %v", request, code, session.CodeInvalidConfig, err)
			}
			if d := storeDiff(before, after); len(d) > 0 {
				t.Fatalf("%s: refused, yet changed %v", request, d)
			}
			return
		}
		switch {
		case info.Scheme != base.scheme:
			t.Fatalf("%s: created a %s session", request, info.Scheme)
		case info.ChainID.String() != base.chain:
			t.Fatalf("%s: the vault read chain %s, the request's chainId is %s", request, info.ChainID, base.chain)
		case !info.ExpiresAt.Equal(splitExpiry):
			t.Fatalf("%s: expires at %v, the request says %v", request, info.ExpiresAt, splitExpiry)
		}
		// A scheme that keeps the signer or the expiry in its config (Abstract's
		// SessionConfig, bound on chain) keeps the vault's.
		var own struct {
			Signer    *string `json:"signer"`
			ExpiresAt *string `json:"expiresAt"`
		}
		if err := json.Unmarshal(info.Config, &own); err != nil {
			t.Fatalf("%s: config %s: %v", request, info.Config, err)
		}
		if own.Signer != nil && !strings.EqualFold(*own.Signer, info.Signer.Hex()) {
			t.Fatalf("%s: the config's signer is %s, the session's key is %s", request, *own.Signer, info.Signer)
		}
		if own.ExpiresAt != nil && *own.ExpiresAt != jsonInt(splitExpiry.Unix()) {
			t.Fatalf("%s: the config expires at %s, the vault's record at %d", request, *own.ExpiresAt, splitExpiry.Unix())
		}
		if where%3 != 2 {
			var decoded string
			if json.Unmarshal([]byte(`"`+name+`"`), &decoded) == nil {
				for _, field := range scheme.VaultFields {
					if strings.EqualFold(decoded, field) {
						t.Fatalf("%s: created, though member %q is the vault's %q", request, decoded, field)
					}
				}
			}
		}
		d := storeDiff(before, after)
		if len(d) != 1 || d[0] != keystore.RecordPrefix+info.ID {
			t.Fatalf("%s: created %s, but changed %v", request, info.ID, d)
		}
		// Keep the store small: the next input starts from the same records.
		if err := e.store.Delete(context.Background(), d[0]); err != nil {
			t.Fatal(err)
		}
	})
}

// insertMember writes member into the JSON object request: first at the
// top level (where 0), last at the top level (1), or first in the first
// object nested in it (2).
func insertMember(request string, where uint8, member string) string {
	switch where % 3 {
	case 0:
		return "{" + member + "," + request[1:]
	case 1:
		i := strings.LastIndexByte(request, '}')
		return request[:i] + "," + member + request[i:]
	}
	i := strings.IndexByte(request[1:], '{') + 1
	return request[:i+1] + member + "," + request[i+1:]
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
