package session

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The JavaScript package keeps one list of error codes (errorCodes in
// js/src/shared/errors.ts). It must hold every code Code can return, and besides
// them only the codes it declares JavaScript-only, so that an app's switch
// over ErrorCode covers every failure the vault can report.
func TestJavaScriptErrorCodesMatchGo(t *testing.T) {
	goCodes := codeConstants(t)
	src, err := os.ReadFile("../js/src/shared/errors.ts")
	if err != nil {
		t.Fatalf("reading the TypeScript list: %v", err)
	}
	tsCodes := quotedIn(t, string(src), `export const errorCodes = \[([^\]]*)\]`)
	jsOnly := quotedIn(t, string(src), `export const jsOnlyErrorCodes: readonly ErrorCode\[\] = \[([^\]]*)\]`)

	for _, c := range goCodes {
		if !slices.Contains(tsCodes, c) {
			t.Errorf("Go code %s is missing from errorCodes in js/src/shared/errors.ts", c)
		}
		if slices.Contains(jsOnly, c) {
			t.Errorf("%s is a Go code but js/src/shared/errors.ts calls it JavaScript-only", c)
		}
	}
	for _, c := range tsCodes {
		if !slices.Contains(goCodes, c) && !slices.Contains(jsOnly, c) {
			t.Errorf("errorCodes has %s, which Go never returns: add it to session/errors.go or to jsOnlyErrorCodes", c)
		}
	}
	for _, c := range jsOnly {
		if !slices.Contains(tsCodes, c) {
			t.Errorf("jsOnlyErrorCodes has %s, which errorCodes lacks", c)
		}
	}
}

// codeConstants reads the Code* constants of this package's errors.go.
func codeConstants(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || !strings.HasPrefix(vs.Names[0].Name, "Code") || len(vs.Values) != 1 {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			v, _ := strconv.Unquote(lit.Value)
			out = append(out, v)
		}
		return true
	})
	if len(out) < 10 {
		t.Fatalf("found only %d Code constants in errors.go: has the file changed shape?", len(out))
	}
	return out
}

func quotedIn(t *testing.T, src, pattern string) []string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("js/src/shared/errors.ts has no match for %s", pattern)
	}
	var out []string
	for _, q := range regexp.MustCompile(`'([A-Z_]+)'`).FindAllStringSubmatch(m[1], -1) {
		out = append(out, q[1])
	}
	return out
}
