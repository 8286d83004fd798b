package rules_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
	"github.com/iamlint/iamlint/rules"
	"github.com/iamlint/iamlint/source"
)

var update = flag.Bool("update", false, "rewrite the want sections of the golden fixtures")

// TestGolden runs every rule over every fixture under fixtures/rules and
// compares the findings (rule, line, column, message) with the fixture's
// want section: a missing or an unexpected finding fails.
//
// A fixture is a txtar archive. Its comment may hold "kind: trust" (any
// policy kind) to force the kind. Each file section other than "want" is an
// input; "want" holds one line per finding: "FILE:LINE:COL RULE-ID MESSAGE",
// where MESSAGE is a regular expression matched against the whole message.
func TestGolden(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("../fixtures/rules/*/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no fixtures found")
	}
	for _, path := range paths {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "../fixtures/rules/"), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runGolden(t, path)
		})
	}
}

func runGolden(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &analyzer.Config{}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if k, ok := strings.CutPrefix(strings.TrimSpace(line), "kind:"); ok {
			kind, err := policy.ParseKind(strings.TrimSpace(k))
			if err != nil {
				t.Fatal(err)
			}
			cfg.Kind = kind
		}
		if a, ok := strings.CutPrefix(strings.TrimSpace(line), "trusted-account:"); ok {
			cfg.TrustedAccounts = append(cfg.TrustedAccounts, strings.TrimSpace(a))
		}
		if a, ok := strings.CutPrefix(strings.TrimSpace(line), "now:"); ok {
			now, err := time.Parse("2006-01-02", strings.TrimSpace(a))
			if err != nil {
				t.Fatal(err)
			}
			cfg.Now = now
		}
	}
	var got []analyzer.Diagnostic
	wantIdx := -1
	var module []source.Input // the .tf files: one Terraform module
	var models []*account.Account
	for i, f := range ar.Files {
		if f.Name == "want" {
			wantIdx = i
			continue
		}
		if source.IsTerraform(f.Name) {
			module = append(module, source.Input{Path: f.Name, Src: f.Data})
			continue
		}
		got = append(got, lintInto(t, f.Name, f.Data, cfg, &models)...)
	}
	if len(module) > 0 {
		files, errs := source.ReadModule(module, source.Options{Kind: cfg.Kind})
		for i, f := range files {
			got = append(got, lintFile(t, module[i].Path, module[i].Src, f, errs[i], cfg, &models)...)
		}
	}
	for _, a := range models {
		got = append(got, analyzer.CheckAccount(a, rules.All(), catalog.Default(), cfg)...)
	}
	slices.SortStableFunc(got, func(a, b analyzer.Diagnostic) int { return analyzer.Compare(&a, &b) })
	if *update {
		var buf bytes.Buffer
		for _, d := range got {
			fmt.Fprintf(&buf, "%s:%d:%d %s %s\n", d.File, d.Span.Start.Line, d.Span.Start.Col, d.Rule, regexp.QuoteMeta(d.Message))
		}
		if wantIdx < 0 {
			ar.Files = append(ar.Files, txtar.File{Name: "want"})
			wantIdx = len(ar.Files) - 1
		}
		ar.Files[wantIdx].Data = buf.Bytes()
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if wantIdx < 0 {
		t.Fatal("fixture has no want section")
	}
	want := parseWant(t, ar.Files[wantIdx].Data)
	matched := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, d := range got {
			if !matched[i] && w.matches(d) {
				matched[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing finding %s:%d:%d %s %s", w.file, w.line, w.col, w.rule, w.msg)
		}
	}
	for i, d := range got {
		if !matched[i] {
			t.Errorf("unexpected finding %s:%d:%d %s %s", d.File, d.Span.Start.Line, d.Span.Start.Col, d.Rule, d.Message)
		}
	}
}

// lint runs all rules over one input the way the engine does, account
// rules included.
func lint(t *testing.T, name string, data []byte, cfg *analyzer.Config) []analyzer.Diagnostic {
	t.Helper()
	var models []*account.Account
	out := lintInto(t, name, data, cfg, &models)
	for _, a := range models {
		out = append(out, analyzer.CheckAccount(a, rules.All(), catalog.Default(), cfg)...)
	}
	return out
}

// lintInto runs the document rules over one input, and adds the identity
// model it builds to models.
func lintInto(t *testing.T, name string, data []byte, cfg *analyzer.Config, models *[]*account.Account) []analyzer.Diagnostic {
	t.Helper()
	f, err := source.Read(name, data, source.Options{Kind: cfg.Kind})
	return lintFile(t, name, data, f, err, cfg, models)
}

// lintFile checks what reading one input gave.
func lintFile(t *testing.T, name string, data []byte, f *source.File, err error, cfg *analyzer.Config, models *[]*account.Account) []analyzer.Diagnostic {
	t.Helper()
	if err != nil {
		if se := (*source.Error)(nil); errors.As(err, &se) {
			return []analyzer.Diagnostic{{File: name, Rule: analyzer.ParseErrorID, Message: se.Msg,
				Span: policy.Span{Start: se.Pos, End: se.Pos}}}
		}
		t.Fatalf("%s: %v", name, err)
	}
	if f.Account != nil && !slices.Contains(*models, f.Account) {
		*models = append(*models, f.Account)
	}
	var out []analyzer.Diagnostic
	for _, e := range f.Errors {
		out = append(out, analyzer.Diagnostic{File: name, Rule: analyzer.ParseErrorID, Message: e.Msg,
			Span: policy.Span{Start: e.Pos, End: e.Pos}})
	}
	for _, doc := range f.Documents {
		out = append(out, analyzer.Check(doc, rules.All(), catalog.Default(), cfg)...)
	}
	// iamlint:ignore comments, as the engine applies them.
	if analyzer.HasLineComments(name) {
		comments := analyzer.ParseIgnoreComments(data)
		out = slices.DeleteFunc(out, func(d analyzer.Diagnostic) bool { return analyzer.Match(comments, &d) != nil })
		out = append(out, analyzer.MissingReasons(name, comments, rules.SuppressionWithoutReason)...)
	}
	return out
}

type wantLine struct {
	file      string
	line, col int
	rule      string
	msg       string
	re        *regexp.Regexp
}

func (w wantLine) matches(d analyzer.Diagnostic) bool {
	return d.File == w.file && d.Span.Start.Line == w.line && d.Span.Start.Col == w.col &&
		d.Rule == w.rule && w.re.MatchString(d.Message)
}

var wantRE = regexp.MustCompile(`^(\S+?):(\d+):(\d+) (\S+) (.*)$`)

func parseWant(t *testing.T, data []byte) []wantLine {
	t.Helper()
	var out []wantLine
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := wantRE.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("bad want line %q: want FILE:LINE:COL RULE MESSAGE-REGEXP", line)
		}
		ln, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		re, err := regexp.Compile("^(?:" + m[5] + ")$")
		if err != nil {
			t.Fatalf("bad message regexp in %q: %v", line, err)
		}
		out = append(out, wantLine{file: m[1], line: ln, col: col, rule: m[4], msg: m[5], re: re})
	}
	return out
}
