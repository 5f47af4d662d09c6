// Package nodetest runs the project's Node scripts from Go tests, so the
// differential tests against the real SDKs (viem, agw-client, module-sdk)
// compute their expectations at test time instead of from hand-copied
// constants.
//
// A script reads one JSON document on stdin and writes one on stdout. When
// node or the npm packages are missing the test is skipped, unless
// SESSIONSIGNER_REQUIRE_NODE=1 (set by `make test`), in which case it fails:
// CI must never pass by skipping the comparison.
package nodetest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the repository root (the directory holding go.mod).
func Root(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("nodetest: cannot locate source file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Run executes the script at path (relative to the repository root) with
// node, feeding it input as JSON and decoding its stdout into output.
func Run(t testing.TB, script string, input, output any) {
	t.Helper()
	root := Root(t)
	node, err := exec.LookPath("node")
	if err != nil {
		skipOrFail(t, "node is not installed")
		return
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "viem")); err != nil {
		skipOrFail(t, "node_modules is missing (run npm ci)")
		return
	}
	in, err := json.Marshal(input)
	if err != nil {
		t.Fatalf("nodetest: marshal input: %v", err)
	}
	cmd := exec.Command(node, filepath.Join(root, script))
	cmd.Dir = root
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("nodetest: %s: %v\n%s", script, err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), output); err != nil {
		t.Fatalf("nodetest: %s: decode output: %v\n%s", script, err, stdout.String())
	}
}

func skipOrFail(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("SESSIONSIGNER_REQUIRE_NODE") == "1" {
		t.Fatalf("nodetest: %s, and SESSIONSIGNER_REQUIRE_NODE=1", why)
	}
	t.Skipf("nodetest: %s; skipping the differential test", why)
}
