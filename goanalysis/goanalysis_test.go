package goanalysis_test

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/iamlint/iamlint/goanalysis"
)

func TestAnalyzer(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), goanalysis.Analyzer, "example")
}

// TestPositions checks that findings point at the exact element inside
// raw and interpreted literals: the source text from Pos to End is the
// element as written in Go (escapes included).
func TestPositions(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, analysistest.TestData(), goanalysis.Analyzer, "example")
	want := map[string]string{
		"action-unknown: s3:GetObjekt is not an action of s3; did you mean s3:GetObject": `"s3:GetObjekt"`,
		"effect-invalid":     `"Alow"`,
		"group-as-principal": `"arn:aws:iam::111122223333:group/Dev"`,
		"sid-invalid":        `\"caf\u00e9\"`,
	}
	seen := map[string]bool{}
	for _, r := range results {
		fset := r.Pass.Fset
		for _, d := range r.Diagnostics {
			file := fset.File(d.Pos)
			src, err := os.ReadFile(file.Name())
			if err != nil {
				t.Fatal(err)
			}
			got := string(src[file.Offset(d.Pos):file.Offset(d.End)])
			for prefix, text := range want {
				if !strings.HasPrefix(d.Message, prefix) {
					continue
				}
				seen[prefix] = true
				if got != text && got != strings.ReplaceAll(text, `"`, `\"`) {
					t.Errorf("%s: %s: source from Pos to End is %q, want %q", fset.Position(d.Pos), prefix, got, text)
				}
			}
		}
	}
	for prefix := range want {
		if !seen[prefix] {
			t.Errorf("no finding %q", prefix)
		}
	}
}
