package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/rules"
)

// TestDocsInSync keeps docs/rules/<id>.md equal to each rule's doc (run
// with -update to rewrite them) and lets no stale page stay.
func TestDocsInSync(t *testing.T) {
	t.Parallel()
	want := map[string]bool{}
	for _, r := range rules.All() {
		path := filepath.Join("..", "docs", "rules", r.ID+".md")
		want[path] = true
		page := rules.Markdown(r)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("rule %s has no doc page: %v (go test ./rules -update writes it)", r.ID, err)
			continue
		}
		if string(got) != page {
			t.Errorf("%s is out of date (go test ./rules -update rewrites it)", path)
		}
	}
	pages, _ := filepath.Glob(filepath.Join("..", "docs", "rules", "*.md"))
	for _, p := range pages {
		if !want[p] {
			t.Errorf("%s documents no rule", p)
		}
	}
}

// TestRuleMetadata checks what every rule must have.
func TestRuleMetadata(t *testing.T) {
	t.Parallel()
	idRE := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, r := range rules.All() {
		if !idRE.MatchString(r.ID) {
			t.Errorf("rule ID %q is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule ID %q listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || strings.HasSuffix(r.Title, ".") {
			t.Errorf("%s: title %q must be set and end without a period", r.ID, r.Title)
		}
		if r.Severity == 0 || r.Category == "" {
			t.Errorf("%s: severity and category must be set", r.ID)
		}
		for _, section := range []string{"**Why it matters.**", "**How to fix.**", "Bad", "Good"} {
			if !strings.Contains(r.Doc, section) {
				t.Errorf("%s: doc lacks %q", r.ID, section)
			}
		}
		if r.Run == nil && r.RunAccount == nil && r.ID != "parse-error" && r.ID != "suppression-without-reason" { // reported by the engine
			t.Errorf("%s has no Run", r.ID)
		}
	}
}

// TestFixtureCoverage checks that every rule has a fixture folder with at
// least one archive where it fires and one where it does not.
func TestFixtureCoverage(t *testing.T) {
	t.Parallel()
	for _, r := range rules.All() {
		paths, _ := filepath.Glob(filepath.Join("..", "fixtures", "rules", r.ID, "*.txtar"))
		pos, neg := 0, 0
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			_, want, _ := bytes.Cut(data, []byte("\n-- want --\n"))
			if regexp.MustCompile(`(?m)^\S+:\d+:\d+ ` + regexp.QuoteMeta(r.ID) + ` `).Match(want) {
				pos++
			} else {
				neg++
			}
		}
		if pos == 0 || neg == 0 {
			t.Errorf("rule %s needs fixtures under fixtures/rules/%s where it fires and where it does not (have %d and %d)", r.ID, r.ID, pos, neg)
		}
	}
}

// TestReadmeRuleTable keeps the README's rule table equal to the registry.
func TestReadmeRuleTable(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	_, rest, ok1 := strings.Cut(string(readme), begin)
	table, _, ok2 := strings.Cut(rest, end)
	if !ok1 || !ok2 {
		t.Fatalf("README.md lacks the %q ... %q markers", strings.TrimSpace(begin), end)
	}
	want := rules.Table()
	if *update {
		updated := strings.Replace(string(readme), begin+table+end, begin+want+end, 1)
		if err := os.WriteFile(filepath.Join("..", "README.md"), []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if table != want {
		t.Errorf("README.md rule table is out of date (go test ./rules -update rewrites it); want:\n%s", want)
	}
}
