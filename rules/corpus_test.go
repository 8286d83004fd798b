package rules_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
	"github.com/iamlint/iamlint/rules"
	"github.com/iamlint/iamlint/source"
	"golang.org/x/tools/txtar"
)

// TestManagedPolicies runs every rule over the AWS managed policies, the
// reference corpus of valid policies, written by scripts/corpus.sh into the
// folder named by IAMLINT_CORPUS (skipped when unset). The documents are
// marked AWSManaged, as they are: AWS's own policies are not held to the
// customer managed policy size quota. A validity finding on a managed
// policy fails the test unless fixtures/corpus-allow.txt lists it with the
// reason it is right; an allowed finding that no longer fires fails too, so
// the list stays true. Counts by rule are logged (go test -v).
func TestManagedPolicies(t *testing.T) {
	dir := os.Getenv("IAMLINT_CORPUS")
	if dir == "" {
		t.Skip("IAMLINT_CORPUS is not set; scripts/corpus.sh DIR writes the corpus")
	}
	diags, files := checkCorpus(t, dir)
	if files < 1000 {
		t.Fatalf("corpus has %d files, want the whole set of AWS managed policies", files)
	}
	allow := readAllowList(t, filepath.Join("..", "fixtures", "corpus-allow.txt"))
	used := map[string]bool{}
	counts := map[string]int{}
	for _, d := range diags {
		counts[d.Rule]++
		if d.Category != analyzer.Validity {
			continue
		}
		key := strings.TrimSuffix(filepath.Base(d.File), ".json") + " " + d.Rule
		if _, ok := allow[key]; ok {
			used[key] = true
			continue
		}
		t.Errorf("%s:%d:%d %s %s (a false positive to fix, or list it with its reason in fixtures/corpus-allow.txt)",
			filepath.Base(d.File), d.Span.Start.Line, d.Span.Start.Col, d.Rule, d.Message)
	}
	for key := range allow {
		if !used[key] {
			t.Errorf("fixtures/corpus-allow.txt: %q no longer fires; remove it", key)
		}
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "\n  %-36s %d", id, counts[id])
	}
	t.Logf("%d policies, %d findings by rule:%s", files, len(diags), b.String())
}

// checkCorpus runs every rule over each policy file of dir, as an AWS
// managed policy, and returns the findings in a stable order and the
// number of files.
func checkCorpus(t testing.TB, dir string) ([]analyzer.Diagnostic, int) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	all := rules.All()
	cat := catalog.Default()
	cfg := &analyzer.Config{}
	var (
		mu    sync.Mutex
		diags []analyzer.Diagnostic
		wg    sync.WaitGroup
	)
	jobs := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for path := range jobs {
				src, err := os.ReadFile(path)
				if err != nil {
					t.Error(err)
					continue
				}
				f, err := source.Read(path, src, source.Options{})
				if err != nil {
					t.Errorf("%s: %v", filepath.Base(path), err)
					continue
				}
				var out []analyzer.Diagnostic
				for _, doc := range f.Documents {
					doc.AWSManaged = true
					out = append(out, analyzer.Check(doc, all, cat, cfg)...)
				}
				mu.Lock()
				diags = append(diags, out...)
				mu.Unlock()
			}
		})
	}
	for _, p := range paths {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	slices.SortStableFunc(diags, func(a, b analyzer.Diagnostic) int { return analyzer.Compare(&a, &b) })
	return diags, len(paths)
}

// readAllowList reads "PolicyName rule-id -- reason" lines.
func readAllowList(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, reason, ok := strings.Cut(line, " -- ")
		fields := strings.Fields(head)
		if !ok || len(fields) != 2 || strings.TrimSpace(reason) == "" {
			t.Fatalf("%s: bad line %q: want \"PolicyName rule-id -- reason\"", path, line)
		}
		out[fields[0]+" "+fields[1]] = reason
	}
	return out
}

// BenchmarkCheck runs every rule over realistic policies: the shipped
// examples and the policies of every ok fixture, parsed once. One op is
// the whole set.
func BenchmarkCheck(b *testing.B) {
	var docs []*policy.Document
	add := func(name string, data []byte) {
		f, err := source.Read(name, data, source.Options{})
		if err != nil {
			return // parse-error fixtures
		}
		docs = append(docs, f.Documents...)
	}
	examples, _ := filepath.Glob(filepath.Join("..", "fixtures", "examples", "*.json"))
	for _, p := range examples {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		add(p, data)
	}
	oks, _ := filepath.Glob(filepath.Join("..", "fixtures", "rules", "*", "ok*.txtar"))
	for _, p := range oks {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name != "want" {
				add(f.Name, f.Data)
			}
		}
	}
	all, cat, cfg := rules.All(), catalog.Default(), &analyzer.Config{}
	for b.Loop() {
		for _, d := range docs {
			analyzer.Check(d, all, cat, cfg)
		}
	}
	b.ReportMetric(float64(len(docs)), "docs/op")
}

// BenchmarkManagedPolicies runs every rule over the AWS managed policy
// corpus in IAMLINT_CORPUS (see TestManagedPolicies), reading and parsing
// included, on GOMAXPROCS workers.
func BenchmarkManagedPolicies(b *testing.B) {
	dir := os.Getenv("IAMLINT_CORPUS")
	if dir == "" {
		b.Skip("IAMLINT_CORPUS is not set; scripts/corpus.sh DIR writes the corpus")
	}
	for b.Loop() {
		checkCorpus(b, dir)
	}
}
