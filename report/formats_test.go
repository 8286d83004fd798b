package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/analyzer"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// markResult is testResult with the sid-format finding suppressed in
// source, the effect-case finding suppressed by the configuration and,
// with a baseline, the wildcard-resource finding in it.
func markResult(t *testing.T) *analyzer.Result {
	t.Helper()
	res := testResult(t, 0)
	for i := range res.Diagnostics {
		d := &res.Diagnostics[i]
		switch d.Rule {
		case "sid-format":
			d.Suppressed = &analyzer.Suppression{Kind: analyzer.InSource, Justification: "legacy Sid", File: d.File, Span: d.Span}
		case "effect-case":
			d.Suppressed = &analyzer.Suppression{Kind: analyzer.External, Justification: "reviewed"}
		case "wildcard-resource":
			d.InBaseline = true
		}
	}
	return res
}

// TestGolden compares the github and markdown outputs with
// testdata/*.golden (go test ./report -update rewrites them).
func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, format string
		res          func(*testing.T) *analyzer.Result
		opts         Options
	}{
		{"github", "github", func(t *testing.T) *analyzer.Result { return testResult(t, 0) }, Options{}},
		{"github-marked", "github", markResult, Options{Baseline: true}},
		{"markdown", "markdown", func(t *testing.T) *analyzer.Result { return testResult(t, 0) }, Options{}},
		{"markdown-marked", "markdown", markResult, Options{Baseline: true}},
		{"markdown-empty", "markdown", func(*testing.T) *analyzer.Result {
			return &analyzer.Result{Files: []*analyzer.FileResult{{Path: "p.json", Documents: 1}}}
		}, Options{}},
		{"text-marked", "text", markResult, Options{Baseline: true, Color: "never"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, tt.res(t), tt.opts); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./report -update writes it)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("%s output differs from %s:\n--- got\n%s--- want\n%s", tt.format, path, got, want)
			}
		})
	}
}

func TestEscapeWorkflowCommand(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"50% of a:b,c", "50%25 of a:b,c", "50%25 of a%3Ab%2Cc"},
		{"line\r\nbreak", "line%0D%0Abreak", "line%0D%0Abreak"},
		{"%0A", "%250A", "%250A"},
	}
	for _, tt := range tests {
		if got := escapeData(tt.in); got != tt.data {
			t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := escapeProperty(tt.in); got != tt.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
}

func TestGitHubInjection(t *testing.T) {
	t.Parallel()
	res := &analyzer.Result{Diagnostics: []analyzer.Diagnostic{{
		Rule: "x", Severity: analyzer.High, Category: analyzer.Security, File: "a,b:c.json",
		Message: "evil\n::error::injected",
	}}}
	var buf bytes.Buffer
	if err := GitHub(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(buf.String(), "\n")
	want := "::error file=a%2Cb%3Ac.json,title=iamlint x::[high] evil%0A::error::injected"
	if first != want {
		t.Errorf("got  %s\nwant %s", first, want)
	}
}

func TestMarkdownEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"a|b", `a\|b`},
		{"<script>", "&lt;script&gt;"},
		{"[x](http://e)", `\[x\](http://e)`},
		{"*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"},
		{"two\nlines", "two?lines"},
	}
	for _, tt := range tests {
		if got := mdEscape(tt.in); got != tt.want {
			t.Errorf("mdEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownCapsRows(t *testing.T) {
	t.Parallel()
	res := &analyzer.Result{}
	for range markdownRows + 5 {
		res.Diagnostics = append(res.Diagnostics, analyzer.Diagnostic{Rule: "r", Severity: analyzer.Low, File: "f.json"})
	}
	var buf bytes.Buffer
	if err := Markdown(&buf, res, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "| low | [r]"); n != markdownRows {
		t.Errorf("%d rows, want %d", n, markdownRows)
	}
	if !strings.Contains(buf.String(), "and 5 more") {
		t.Errorf("no mention of the rows left out:\n%s", buf.String())
	}
}

// TestJSONMarked checks that suppressed and baseline findings are listed
// apart and left out of the counts.
func TestJSONMarked(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, markResult(t), Options{Baseline: true}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Summary struct {
			Findings, Suppressed, New, InBaseline int
		}
		Findings, Suppressed, Baseline []struct {
			Rule        string
			Suppression *struct{ Kind, Justification string }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	s := out.Summary
	if s.Findings != 2 || s.Suppressed != 2 || s.New != 2 || s.InBaseline != 1 {
		t.Errorf("summary = %+v, want 2 findings, 2 suppressed, 2 new, 1 in baseline", s)
	}
	if len(out.Findings) != 2 || len(out.Suppressed) != 2 || len(out.Baseline) != 1 {
		t.Fatalf("lists: %d findings, %d suppressed, %d baseline; want 2, 2, 1", len(out.Findings), len(out.Suppressed), len(out.Baseline))
	}
	if sup := out.Suppressed[0].Suppression; sup == nil || sup.Kind != "inSource" || sup.Justification != "legacy Sid" {
		t.Errorf("suppressed[0] = %+v, want inSource with its reason", out.Suppressed[0])
	}
}

// TestSARIFMarked checks suppressions, baselineState and the category.
func TestSARIFMarked(t *testing.T) {
	t.Parallel()
	m := writeSARIF(t, markResult(t), Options{Rules: testRules, Baseline: true, SARIFCategory: "iamlint/policies"})
	if id := get(t, m, "runs", 0, "automationDetails", "id"); id != "iamlint/policies/" {
		t.Errorf("automationDetails.id = %v, want iamlint/policies/", id)
	}
	results := get(t, m, "runs", 0, "results").([]any)
	if len(results) != 5 {
		t.Fatalf("%d results, want all 5 (suppressed ones included)", len(results))
	}
	kinds := map[string]string{}
	states := map[string]string{}
	for _, r := range results {
		rule := get(t, r, "ruleId").(string)
		states[rule], _ = get(t, r, "baselineState").(string)
		if sups, ok := get(t, r, "suppressions").([]any); ok && len(sups) > 0 {
			kinds[rule] = get(t, sups[0], "kind").(string)
			if get(t, sups[0], "justification") == nil {
				t.Errorf("%s: suppression without justification", rule)
			}
		}
	}
	if kinds["sid-format"] != "inSource" || kinds["effect-case"] != "external" || len(kinds) != 2 {
		t.Errorf("suppression kinds = %v, want sid-format inSource, effect-case external", kinds)
	}
	if states["wildcard-resource"] != "unchanged" || states["wildcard-action"] != "new" {
		t.Errorf("baselineState = %v, want wildcard-resource unchanged, others new", states)
	}
}
