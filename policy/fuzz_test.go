package policy

import (
	"errors"
	"testing"
)

// FuzzParse checks that no input makes the parser or the model builder
// panic or hang, and that every span stays inside the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
		`{"Statement":{"Effect":"Allow","Principal":{"AWS":["1","2"]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"a":["b",1,true]}}}}`,
		"\xEF\xBB\xBF{\"Statement\":[]}",
		`{"a":1,"a":2}`,
		`[1,2,{"x":null}]`,
		`{"Statement":[1,"x",{"Action":{"a":"b"}}]}`,
		`{"Statement":[{"Condition":{"Bool":["x"],"X":{"k":[[1]]}}}]}`,
		"{\n",
		`"\u00e9"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		root, lines, err := ParseJSON(src)
		if err != nil {
			var se *SyntaxError
			ok := errors.As(err, &se)
			if !ok {
				t.Fatalf("error %T is not a *SyntaxError", err)
			}
			if se.Pos.Offset < 0 || se.Pos.Offset > len(src) || se.Pos.Line < 1 || se.Pos.Line > lines.LineCount() {
				t.Fatalf("error position %+v outside the input", se.Pos)
			}
			return
		}
		var check func(n *Node)
		check = func(n *Node) {
			if n.Span.Start.Offset < 0 || n.Span.End.Offset > len(src) || n.Span.Start.Offset >= n.Span.End.Offset {
				t.Fatalf("span %v of %s outside the input", n.Span, n.Pointer)
			}
			for _, m := range n.Members {
				check(m.Value)
			}
			for _, e := range n.Elems {
				check(e)
			}
		}
		check(root)
		for _, k := range Kinds {
			Build(root, "f.json", k)
		}
		d := Build(root, "f.json", 0)
		_ = InferKind(d)
		_ = Duplicates(root)
	})
}
