package policy

import (
	"errors"
	"strings"
	"testing"
)

func TestParseJSONPositions(t *testing.T) {
	t.Parallel()
	src := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:PutObject\"], \"Resource\": \"*\"}\n  ]\n}\n"
	root, _, err := ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := Build(root, "p.json", 0)
	if len(d.Statements) != 1 {
		t.Fatalf("got %d statements, want 1", len(d.Statements))
	}
	s := d.Statements[0]
	tests := []struct {
		name          string
		node          *Node
		ptr           string
		line, col     int
		endLine, endC int
		text          string
	}{
		{"version", d.Version.Value, "/Version", 2, 14, 2, 26, `"2012-10-17"`},
		{"statement", s.Node, "/Statement/0", 4, 5, 4, 85, ""},
		{"action 1", s.Action.Values[1], "/Statement/0/Action/1", 4, 52, 4, 66, `"s3:PutObject"`},
		{"resource", s.Resource.Values[0], "/Statement/0/Resource", 4, 81, 4, 84, `"*"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := tt.node
			if n.Pointer != tt.ptr {
				t.Errorf("pointer %q, want %q", n.Pointer, tt.ptr)
			}
			if n.Span.Start.Line != tt.line || n.Span.Start.Col != tt.col || n.Span.End.Line != tt.endLine || n.Span.End.Col != tt.endC {
				t.Errorf("span %v, want %d:%d-%d:%d", n.Span, tt.line, tt.col, tt.endLine, tt.endC)
			}
			if tt.text != "" {
				if got := src[n.Span.Start.Offset:n.Span.End.Offset]; got != tt.text {
					t.Errorf("text %q, want %q", got, tt.text)
				}
			}
		})
	}
	if got := d.Statement.KeySpan; got.Start.Line != 3 || got.Start.Col != 3 || src[got.Start.Offset:got.End.Offset] != `"Statement"` {
		t.Errorf("Statement key span %v", got)
	}
	if d.Kind != Identity || !d.KindInferred {
		t.Errorf("kind %v inferred %v, want identity inferred", d.Kind, d.KindInferred)
	}
}

func TestParseJSONBOMAndSingleStatement(t *testing.T) {
	t.Parallel()
	src := "\xEF\xBB\xBF{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}"
	root, _, err := ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := Build(root, "p.json", 0)
	if len(d.Statements) != 1 || d.Statements[0].Action.Values[0].Str != "s3:*" {
		t.Fatalf("single statement not read: %+v", d.Statements)
	}
	a := d.Statements[0].Action.Values[0]
	if a.Span.Start.Offset != strings.Index(src, `"s3:*"`) || a.Span.Start.Col != strings.Index(src, `"s3:*"`)+1 {
		t.Errorf("action span %v does not count the BOM bytes", a.Span)
	}
	if a.Pointer != "/Statement/Action" {
		t.Errorf("pointer %q", a.Pointer)
	}
}

func TestParseJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src       string
		line, col int
	}{
		{"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}", 3, 17},
		{"{\n  \"a\": 1,\n}", 2, 9},
		{"{\"a\": tru}", 1, 10},
		{"", 1, 1},
		{"{\"a\": 1} x", 1, 10},
		{"{\n  \"a\": \"unterminated", 2, 21},
	}
	for _, tt := range tests {
		_, _, err := ParseJSON([]byte(tt.src))
		var se *SyntaxError
		ok := errors.As(err, &se)
		if !ok {
			t.Errorf("%q: error %v, want *SyntaxError", tt.src, err)
			continue
		}
		if se.Pos.Line != tt.line || se.Pos.Col != tt.col {
			t.Errorf("%q: error at %d:%d (%s), want %d:%d", tt.src, se.Pos.Line, se.Pos.Col, se.Msg, tt.line, tt.col)
		}
	}
}

func TestDuplicates(t *testing.T) {
	t.Parallel()
	src := `{"Statement": [{"Effect": "Allow", "Action": "a:b", "Action": "c:d", "Condition": {"Bool": {"k": "1", "k": "2"}}}]}`
	root, _, err := ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	dups := Duplicates(root)
	if len(dups) != 2 || dups[0].Name != "Action" || dups[1].Name != "k" {
		t.Fatalf("duplicates %+v", dups)
	}
	if got := src[dups[0].Second.KeySpan.Start.Offset:dups[0].Second.KeySpan.End.Offset]; got != `"Action"` || dups[0].Second.KeySpan.Start.Offset <= dups[0].First.KeySpan.Start.Offset {
		t.Errorf("second Action key at %v (%q)", dups[0].Second.KeySpan, got)
	}
	// The first value wins in the model; the duplicate is still in the tree.
	d := Build(root, "p.json", 0)
	if d.Statements[0].Action.Values[0].Str != "a:b" {
		t.Errorf("action %q", d.Statements[0].Action.Values[0].Str)
	}
}

func TestPrincipalAndCondition(t *testing.T) {
	t.Parallel()
	src := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:root"],"Service":"ec2.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x","aws:SourceAccount":["1","2"]},"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true}}},{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}]}`
	root, _, err := ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := Build(root, "p.json", 0)
	if d.Kind != Trust {
		t.Errorf("kind %v, want trust", d.Kind)
	}
	p := d.Statements[0].Principal
	if len(p.Entries) != 4 || p.Entries[0].Type() != "AWS" || len(p.Entries[0].Values) != 2 || p.Entries[3].Type() != "CanonicalUser" {
		t.Errorf("principal entries %+v", p.Entries)
	}
	if d.Statements[1].Principal.Wildcard == nil {
		t.Error("Principal \"*\" not read as wildcard")
	}
	c := d.Statements[0].Condition
	if len(c.Operators) != 3 || len(c.Operators[0].Keys) != 2 || len(c.Operators[0].Keys[1].Values) != 2 {
		t.Fatalf("condition %+v", c.Operators)
	}
	if v := c.Operators[1].Keys[0].Values[0]; v.Kind != Number || v.Str != "10" {
		t.Errorf("number value %+v", v)
	}
	if v := c.Operators[2].Keys[0].Values[0]; v.Kind != Bool || v.Str != "true" {
		t.Errorf("bool value %+v", v)
	}
	if !c.HasKey("STS:externalid") {
		t.Error("HasKey is not case-insensitive")
	}
	if len(d.Problems) != 0 {
		t.Errorf("problems %+v", d.Problems)
	}
}

func TestInferKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want Kind
	}{
		{`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, Identity},
		{`{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}}`, Trust},
		{`{"Statement":{"Effect":"Allow","Principal":{"Federated":"x"},"Action":"sts:AssumeRoleWithWebIdentity"}}`, Trust},
		{`{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`, Resource},
		{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":"*","Action":"s3:*"}]}`, Resource},
		// AWS's session-tag examples: sts:TagSession in a statement of its own.
		{`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Action":"sts:TagSession"}]}`, Trust},
		{`{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Action":"sts:TagSession"}}`, Resource},
	}
	for _, tt := range tests {
		root, _, err := ParseJSON([]byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := Build(root, "p.json", 0).Kind; got != tt.want {
			t.Errorf("%s: kind %v, want %v", tt.src, got, tt.want)
		}
	}
	root, _, _ := ParseJSON([]byte(tests[3].src))
	if d := Build(root, "p.json", Identity); d.Kind != Identity || d.KindInferred {
		t.Errorf("forced kind not kept: %v", d.Kind)
	}
}

func TestProblems(t *testing.T) {
	t.Parallel()
	src := `{"Version":1,"Statement":[{"Effect":"Allow","Action":[1,"s3:GetObject"],"Resource":{},"Principal":"me","Condition":[]},"x"]}`
	root, _, err := ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	d := Build(root, "p.json", 0)
	var ptrs []string
	for _, p := range d.Problems {
		ptrs = append(ptrs, p.Pointer)
	}
	want := "/Version /Statement/0/Action/0 /Statement/0/Resource /Statement/0/Principal /Statement/0/Condition /Statement/1"
	if got := strings.Join(ptrs, " "); got != want {
		t.Errorf("problems at %s, want %s", got, want)
	}
}

func TestPointerEscape(t *testing.T) {
	t.Parallel()
	if got := ChildPointer("/Condition", "aws:RequestTag/team~x"); got != "/Condition/aws:RequestTag~1team~0x" {
		t.Errorf("got %q", got)
	}
}
