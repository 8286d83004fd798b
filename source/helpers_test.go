package source

import (
	"strings"
	"testing"

	"github.com/iamlint/iamlint/policy"
)

// read reads src as path, failing the test on error.
func read(t *testing.T, path, src string) *File {
	t.Helper()
	f, err := Read(path, []byte(src), Options{})
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return f
}

// doc returns the document of f named name.
func doc(t *testing.T, f *File, name string) *policy.Document {
	t.Helper()
	var names []string
	for _, d := range f.Documents {
		if d.Name == name {
			return d
		}
		names = append(names, d.Name)
	}
	t.Fatalf("no document %q; have %q", name, names)
	return nil
}

// at follows a path of member names and indexes ("Statement/0/Action")
// from n.
func at(t *testing.T, n *policy.Node, path string) *policy.Node {
	t.Helper()
	for _, step := range strings.Split(path, "/") {
		switch n.Kind {
		case policy.Object:
			m := n.Get(step)
			if m == nil {
				t.Fatalf("no member %q in %s", step, path)
			}
			n = m.Value
		case policy.Array:
			i := 0
			for _, c := range step {
				i = i*10 + int(c-'0')
			}
			if i >= len(n.Elems) {
				t.Fatalf("no element %d in %s", i, path)
			}
			n = n.Elems[i]
		default:
			t.Fatalf("%s: cannot step into %s at %q", path, n.Kind, step)
		}
	}
	return n
}

// wantPos checks a node's start and its text.
func wantPos(t *testing.T, n *policy.Node, line, col int, str string) {
	t.Helper()
	if n.Span.Start.Line != line || n.Span.Start.Col != col {
		t.Errorf("%q at %d:%d, want %d:%d", n.Str, n.Span.Start.Line, n.Span.Start.Col, line, col)
	}
	if n.Str != str {
		t.Errorf("value %q, want %q", n.Str, str)
	}
}

// wantSrc checks that a node's span covers exactly text in src.
func wantSrc(t *testing.T, src string, n *policy.Node, text string) {
	t.Helper()
	if got := src[n.Span.Start.Offset:n.Span.End.Offset]; got != text {
		t.Errorf("span of %q covers %q, want %q", n.Str, got, text)
	}
}
