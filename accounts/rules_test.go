package accounts_test

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

	"github.com/sessionsigner/sessionsigner/accounts"
)

// TestRulesAreDocumented: the rule names each scheme exports in rules.go
// (RuleX constants, and RuleX(i) functions for indexed rules, written
// "name[i]") are exactly the ones js/README.md lists for it.
func TestRulesAreDocumented(t *testing.T) {
	readme, err := os.ReadFile("../js/README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range accounts.Schemes() {
		name := s.Name()
		f, err := parser.ParseFile(token.NewFileSet(), name+"/rules.go", nil, 0)
		if err != nil {
			t.Fatalf("%s: every scheme keeps its rule names in rules.go: %v", name, err)
		}
		var code []string
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					v, ok := spec.(*ast.ValueSpec)
					if !ok || d.Tok != token.CONST || !strings.HasPrefix(v.Names[0].Name, "Rule") {
						continue
					}
					lit, _ := strconv.Unquote(v.Values[0].(*ast.BasicLit).Value)
					code = append(code, lit)
				}
			case *ast.FuncDecl:
				if strings.HasPrefix(d.Name.Name, "Rule") {
					// return "prefix[" + strconv.Itoa(i) + "]"
					ret := d.Body.List[0].(*ast.ReturnStmt).Results[0]
					for ret != nil {
						if b, ok := ret.(*ast.BinaryExpr); ok {
							ret = b.X
							continue
						}
						lit, _ := strconv.Unquote(ret.(*ast.BasicLit).Value)
						code = append(code, lit+"i]")
						ret = nil
					}
				}
			}
		}
		bullet := regexp.MustCompile("(?s)\n- `" + name + "`: (.*?)\\.\n").FindSubmatch(readme)
		if bullet == nil {
			t.Fatalf("js/README.md has no bullet \"- `%s`: …\" listing its rules", name)
		}
		var docs []string
		for _, m := range regexp.MustCompile("`'([^']*)'`").FindAllSubmatch(bullet[1], -1) {
			docs = append(docs, string(m[1]))
		}
		slices.Sort(code)
		slices.Sort(docs)
		if !slices.Equal(code, docs) {
			t.Errorf("%s: rules.go has %q; js/README.md lists %q", name, code, docs)
		}
	}
}
