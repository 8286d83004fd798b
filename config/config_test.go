package config

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

var known = []string{"wildcard-action", "wildcard-resource", "version-missing", "action-unknown"}

func TestParse(t *testing.T) {
	t.Parallel()
	src := `fail-on: medium
enable: [wildcard-action, wildcard-resource, version-missing]
disable: version-missing
severity:
  wildcard-resource: low
trusted-accounts: ["012345678901"]
ignore-paths: [vendor, "legacy/**/*.json"]
suppressions:
  - paths: [policies/admin.json]
    rules: [wildcard-action]
    sids: BreakGlass
    reason: break-glass role
overrides:
  - paths: ["test/**"]
    disable: [wildcard-resource]
    severity: {wildcard-action: info}
`
	c, err := Parse("/repo/.iamlint.yml", []byte(src), known)
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn != analyzer.Medium || c.Severity["wildcard-resource"] != analyzer.Low ||
		len(c.Enable) != 3 || len(c.Disable) != 1 || c.TrustedAccounts[0] != "012345678901" ||
		len(c.IgnorePaths) != 2 || len(c.Suppressions) != 1 || c.Suppressions[0].Sids[0] != "BreakGlass" ||
		len(c.Overrides) != 1 || c.Overrides[0].Severity["wildcard-action"] != analyzer.Info || c.Dir != "/repo" {
		t.Errorf("parsed %+v", c)
	}
}

// TestParseErrors checks that every problem is reported with its line and
// column.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown key", "fail-on: low\nfailon: high\n", []string{`c.yml:2:1: unknown key "failon": want one of `}},
		{"bad severity", "fail-on: urgent\n", []string{`c.yml:1:10: unknown severity "urgent"`}},
		{"unknown rule", "disable:\n  - wildcard-action\n  - wildcard-actoin\n", []string{`c.yml:3:5: unknown rule "wildcard-actoin"`}},
		{"severity of unknown rule", "severity:\n  nope: low\n", []string{`c.yml:2:3: unknown rule "nope"`}},
		{"account", "trusted-accounts: [12345]\n", []string{`c.yml:1:20: "12345" is not an AWS account ID`}},
		{"bad glob", "ignore-paths: ['a/[b']\n", []string{`c.yml:1:16: bad path pattern "a/[b"`}},
		{"absolute glob", "ignore-paths: [/etc]\n", []string{`c.yml:1:16: path pattern "/etc" is absolute`}},
		{"not a mapping", "- a\n- b\n", []string{`c.yml:1:1: want a mapping of keys to values, not a list`}},
		{"not a list", "suppressions: {paths: x}\n", []string{`c.yml:1:15: want a list, not a mapping`}},
		{"suppression without reason", "suppressions:\n  - paths: [a.json]\n    rules: [wildcard-action]\n",
			[]string{`c.yml:2:5: suppression needs reason`}},
		{"empty reason", "suppressions:\n  - paths: [a.json]\n    rules: [wildcard-action]\n    reason: ''\n",
			[]string{`c.yml:4:13: reason is empty`}},
		{"override without paths", "overrides:\n  - disable: [wildcard-action]\n", []string{`c.yml:2:5: override needs paths`}},
		{"unknown override key", "overrides:\n  - paths: [a]\n    disabled: [x]\n", []string{`c.yml:3:5: unknown key "disabled"`}},
		{"duplicate key", "fail-on: low\nfail-on: high\n", []string{`c.yml:2:1: key "fail-on" is already set above`}},
		{"alias", "a: &x [1]\nenable: *x\n", []string{`c.yml:1:1: unknown key "a"`, `c.yml:2:9: aliases are not supported`}},
		{"several", "fail-on: x\ndisable: [nope]\n", []string{`c.yml:1:10:`, `c.yml:2:11:`}},
		{"yaml syntax", "enable: [a\n", []string{`c.yml: yaml: line 1`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("c.yml", []byte(tt.src), known)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "# only comments\n", "---\n"} {
		if _, err := Parse("c.yml", []byte(src), known); err != nil {
			t.Errorf("Parse(%q): %v", src, err)
		}
	}
}

// example is a commented-out setting of the starter file.
var example = regexp.MustCompile(`^# ([a-z-]+:( |\n|$)|  )`)

// TestStarter checks that the file iamlint init writes is valid.
func TestStarter(t *testing.T) {
	t.Parallel()
	c, err := Parse(".iamlint.yml", []byte(Starter), known)
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn != analyzer.Low {
		t.Errorf("starter fail-on = %v, want low", c.FailOn)
	}
	// Uncommented, every example setting must parse too (the rule IDs
	// named in it are checked against this list).
	var b strings.Builder
	for line := range strings.Lines(Starter) {
		if example.MatchString(line) {
			line = line[2:]
		}
		b.WriteString(line)
	}
	all := append(slices.Clone(known), "resource-mismatch")
	if _, err := Parse(".iamlint.yml", []byte(b.String()), all); err != nil {
		t.Errorf("starter with its examples uncommented:\n%s\n%v", b.String(), err)
	}
}

func TestGlob(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"vendor", "vendor/x.json", true},
		{"vendor", "a/vendor/x.json", true},
		{"vendor", "vendors/x.json", false},
		{"*.tf", "infra/main.tf", true},
		{"legacy/**/*.json", "legacy/a.json", true},
		{"legacy/**/*.json", "legacy/a/b/c.json", true},
		{"legacy/**/*.json", "new/legacy/a.json", false},
		{"legacy/*", "legacy/a/b.json", true},
		{"./policies/admin.json", "policies/admin.json", true},
		{"policies/admin.json", "policies/admin.json.bak", false},
		{"**", "anything/at/all", true},
		{"test/**", "test", true},
	}
	for _, tt := range tests {
		g, err := NewGlob(tt.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.Match(tt.path); got != tt.want {
			t.Errorf("%q.Match(%q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, FileName), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(deep, "p.json")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{deep, file, root} {
		got, err := Find(start)
		if err != nil || got != filepath.Join(root, FileName) {
			t.Errorf("Find(%s) = %q, %v; want the file at the root", start, got, err)
		}
	}
}

// TestApply checks ignored paths, per-path overrides, severities and
// external suppressions by rule and Sid.
func TestApply(t *testing.T) {
	t.Parallel()
	src := `severity: {wildcard-resource: low}
ignore-paths: [vendor]
suppressions:
  - paths: ["policies/*.json"]
    rules: [wildcard-action]
    sids: [BreakGlass]
    reason: reviewed
overrides:
  - paths: ["test/**"]
    disable: [wildcard-resource]
    severity: {wildcard-action: info}
`
	c, err := Parse("/repo/.iamlint.yml", []byte(src), known)
	if err != nil {
		t.Fatal(err)
	}
	d := func(rule, file string) analyzer.Diagnostic {
		return analyzer.Diagnostic{Rule: rule, File: file, Severity: analyzer.High, Span: policy.Span{Start: policy.Pos{Line: 1}}}
	}
	res := &analyzer.Result{
		Files: []*analyzer.FileResult{{Path: "/repo/vendor/x.json"}, {Path: "/repo/test/t.json"}},
		Diagnostics: []analyzer.Diagnostic{
			d("wildcard-action", "/repo/vendor/x.json"),
			d("wildcard-resource", "/repo/test/t.json"),
			d("wildcard-action", "/repo/test/t.json"),
			d("wildcard-resource", "/repo/policies/p.json"),
		},
	}
	c.Apply(res)
	if len(res.Files) != 1 || res.Files[0].Path != "/repo/test/t.json" {
		t.Errorf("files after Apply: %v", res.Files)
	}
	got := map[string]analyzer.Severity{}
	for _, d := range res.Diagnostics {
		got[d.Rule+" "+d.File] = d.Severity
	}
	want := map[string]analyzer.Severity{
		"wildcard-action /repo/test/t.json":       analyzer.Info,
		"wildcard-resource /repo/policies/p.json": analyzer.Low,
	}
	if len(got) != len(want) || got["wildcard-action /repo/test/t.json"] != analyzer.Info ||
		got["wildcard-resource /repo/policies/p.json"] != analyzer.Low {
		t.Errorf("after Apply: %v, want %v", got, want)
	}

	in := d("wildcard-action", "/repo/policies/admin.json")
	if c.External(&in) != nil {
		t.Error("suppressed a finding outside the Sid")
	}
	in.Sid = "BreakGlass"
	if s := c.External(&in); s == nil || s.Kind != analyzer.External || s.Justification != "reviewed" {
		t.Errorf("External = %+v, want the reviewed suppression", s)
	}
	other := d("wildcard-resource", "/repo/policies/admin.json")
	other.Sid = "BreakGlass"
	if c.External(&other) != nil {
		t.Error("suppressed another rule")
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	all := []*analyzer.Rule{{ID: "wildcard-action", Severity: analyzer.High}, {ID: "wildcard-resource", Severity: analyzer.Medium}, {ID: "version-missing"}}
	c := &Config{Disable: []string{"wildcard-resource", "version-missing"}, Severity: map[string]analyzer.Severity{"wildcard-action": analyzer.Low},
		Overrides: []Override{{Enable: []string{"wildcard-resource"}}}}
	got := c.Rules(all)
	if len(got) != 2 || got[0].Severity != analyzer.Low || all[0].Severity != analyzer.High || got[1].ID != "wildcard-resource" {
		t.Errorf("Rules = %v", got)
	}
}
