package smartsessions

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/sessionsigner/sessionsigner/scheme"
)

func TestAuthorizeRefusesBadRequests(t *testing.T) {
	f := newPolicyFixture()
	good := single(f.token, 0, f.approve(1))
	op := func(edit func(map[string]any)) map[string]any {
		r := userOp("bad", good)
		edit(r)
		return r
	}
	for _, c := range []struct {
		name string
		req  any
	}{
		{"hash request", map[string]any{"type": "hash", "hash": hexOf(make([]byte, 32))}},
		{"no userOpHash", op(func(r map[string]any) { delete(r, "userOpHash") })},
		{"short userOpHash", op(func(r map[string]any) { r["userOpHash"] = "0x1234" })},
		{"no callData", op(func(r map[string]any) { delete(r, "callData") })},
		{"callData not hex", op(func(r map[string]any) { r["callData"] = "0xzz" })},
		{"unknown field", op(func(r map[string]any) { r["userOp"] = map[string]any{} })},
		{"enable without owner signature", op(func(r map[string]any) { r["enable"] = map[string]any{} })},
		{"enable with a bad mode", op(func(r map[string]any) {
			r["enable"] = map[string]any{"ownerSignature": "0x01", "mode": "use"}
		})},
		{"enable on a foreign chain", op(func(r map[string]any) {
			r["enable"] = map[string]any{"ownerSignature": "0x01", "chainId": "1"}
		})},
		{"enable with an unknown field", op(func(r map[string]any) {
			r["enable"] = map[string]any{"ownerSignature": "0x01", "sig": "0x01"}
		})},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := mustCreate(t, "bad-requests", 8453, f.params)
			if _, err := s.sign(t, c.req); !errors.Is(err, scheme.ErrInvalidRequest) {
				t.Fatalf("got %v, want INVALID_REQUEST", err)
			}
		})
	}
}

// TestTamperedRecordsAreRefused: a config edited in storage no longer
// matches the ConfigHash the key is sealed with, and counters that do not fit
// the config are not trusted.
func TestTamperedRecordsAreRefused(t *testing.T) {
	f := newPolicyFixture()
	s := mustCreate(t, "tamper", 8453, f.params)
	widened := strings.Replace(string(s.session.Config), `"limit":"5"`, `"limit":"500"`, 1)
	if widened == string(s.session.Config) {
		t.Fatal("fixture changed: no usage limit of 5 to widen")
	}
	s.session.Config = json.RawMessage(widened)
	if _, err := s.sign(t, userOp("t", single(f.token, 0, f.approve(1)))); !errors.Is(err, scheme.ErrCorruptStored) {
		t.Fatalf("edited config: got %v, want CORRUPT_RECORD", err)
	}
	if _, err := New().Describe(s.session); !errors.Is(err, scheme.ErrCorruptStored) {
		t.Fatalf("edited config, describe: got %v", err)
	}

	s = mustCreate(t, "tamper", 8453, f.params)
	for _, bad := range []string{`{"version":2,"userOp":{}}`, `{"version":1,"userOp":{},"actions":[{},{},{},{},{},{}]}`, `{"version":1,"userOp":{"uses":"x"}}`, `[]`} {
		s.session.State = json.RawMessage(bad)
		if _, err := s.sign(t, userOp("t", single(f.token, 0, f.approve(1)))); !errors.Is(err, scheme.ErrCorruptStored) {
			t.Errorf("state %s: got %v, want CORRUPT_RECORD", bad, err)
		}
	}
}

func TestFinishRefusesBadSignatures(t *testing.T) {
	f := newPolicyFixture()
	s := mustCreate(t, "finish", 8453, f.params)
	raw, _ := json.Marshal(userOp("finish", single(f.token, 0, f.approve(1))))
	plan, err := New().Authorize(context.Background(), s.session, scheme.Request{Type: scheme.RequestUserOperation, Raw: raw})
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range [][]byte{nil, make([]byte, 64), append(make([]byte, 64), 1)} {
		if _, err := plan.Finish(sig); err == nil {
			t.Errorf("Finish accepted a %d-byte signature with v %v", len(sig), sig)
		}
	}
}

// FuzzAuthorize: arbitrary signing requests and stored counters never
// panic, and every failure is a refusal, a malformed request or a corrupt
// record.
func FuzzAuthorize(f *testing.F) {
	fx := newPolicyFixture()
	s := mustCreate(f, "fuzz-authorize", 8453, fx.params)
	for _, op := range [][]byte{single(fx.token, 0, fx.approve(1)), single(fx.dex, 5, fx.swap(11, 7)), batch()} {
		raw, _ := json.Marshal(userOp("seed", op))
		f.Add(raw, []byte(nil))
	}
	raw, _ := json.Marshal(map[string]any{"type": "userOperation", "userOpHash": hexOf(make([]byte, 32)), "callData": hexOf(single(fx.token, 0, fx.approve(1))),
		"enable": map[string]any{"ownerSignature": "0x01", "mode": "unsafe-enable"}})
	f.Add(raw, []byte(`{"version":1,"userOp":{"uses":"2"},"actions":[{"rules":["1","0"]},{"spent":{"0x5da8455be38544d69f7C62981416D03A5026573B":"3"}}]}`))
	for _, c := range userOpCases(fx.account) {
		c.op.CallData = single(fx.token, 0, fx.approve(1))
		raw, _ := json.Marshal(c.request())
		f.Add(raw, []byte(nil))
	}
	f.Fuzz(func(t *testing.T, req, state []byte) {
		sess := *s.session
		sess.State = state
		plan, err := New().Authorize(context.Background(), &sess, scheme.Request{Type: scheme.RequestUserOperation, Raw: req})
		if err != nil {
			var pe *scheme.PolicyError
			if !errors.Is(err, scheme.ErrInvalidRequest) && !errors.As(err, &pe) && !errors.Is(err, scheme.ErrCorruptStored) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if _, err := plan.Finish(append(make([]byte, 64), 27)); err != nil {
			t.Fatalf("finish: %v", err)
		}
		if plan.State != nil {
			if _, err := loadState(plan.State, mustLoad(t, s).cfg); err != nil {
				t.Fatalf("written state does not load: %v", err)
			}
		}
	})
}
