package policy

import "strings"

// NodeKind is the JSON type of a [Node].
type NodeKind uint8

// The JSON types.
const (
	Null NodeKind = iota
	Bool
	Number
	String
	Object
	Array
)

var nodeKindNames = [...]string{"null", "boolean", "number", "string", "object", "array"}

func (k NodeKind) String() string {
	if int(k) < len(nodeKindNames) {
		return nodeKindNames[k]
	}
	return "unknown"
}

// Node is one value of a positional tree. Every input format (JSON, YAML,
// HCL) is turned into Nodes whose spans point into the file the user wrote.
type Node struct {
	Kind NodeKind
	Span Span
	// Pointer is the JSON Pointer (RFC 6901) of the value from the root of
	// the tree it was parsed in, e.g. /Statement/0/Action/1.
	Pointer string
	// Str is the decoded text of a string, or the literal text of a number
	// or boolean.
	Str string
	// Members of an object, in source order; duplicate names are kept.
	Members []*Member
	// Elems of an array.
	Elems []*Node
	// Unknown marks a value that cannot be known statically (a CloudFormation
	// Ref to a parameter, a Terraform variable without default). Rules never
	// report validity findings on unknown values.
	Unknown bool
	// Target is, for a value that refers to a resource of the same template
	// or module (a CloudFormation Ref or GetAtt, a Terraform reference), the
	// type of that resource as its format spells it (AWS::IAM::Group,
	// aws_iam_group). Such a value is Unknown; Str then holds the reference
	// as written for messages, e.g. ${Developers.Arn}.
	Target string
	// Quoted reports that a string was written between quotes in the source,
	// so its first character is a quote.
	Quoted bool
}

// Member is a name/value pair of an object.
type Member struct {
	Name    string
	KeySpan Span
	Value   *Node
}

// Span of the whole member, from the key to the end of the value.
func (m *Member) Span() Span {
	return Span{Start: m.KeySpan.Start, End: m.Value.Span.End}
}

// Get returns the first member with exactly this name, or nil.
func (n *Node) Get(name string) *Member {
	if n == nil {
		return nil
	}
	for _, m := range n.Members {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// GetFold returns the first member whose name equals name ignoring case.
func (n *Node) GetFold(name string) *Member {
	if n == nil {
		return nil
	}
	for _, m := range n.Members {
		if strings.EqualFold(m.Name, name) {
			return m
		}
	}
	return nil
}

// IsString reports whether n is a known string.
func (n *Node) IsString() bool { return n != nil && n.Kind == String }

// Strings returns n as a string-or-list: the node itself for a string, the
// elements for an array, nil otherwise.
func (n *Node) Strings() []*Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == Array:
		return n.Elems
	default:
		return []*Node{n}
	}
}

// ValueSpan is the span of the string's content, without its quotes.
func (n *Node) ValueSpan() Span {
	s := n.Span
	if n.Quoted && s.End.Offset-s.Start.Offset >= 2 && s.Start.Line == s.End.Line {
		s.Start.Offset++
		s.Start.Col++
		s.End.Offset--
		s.End.Col--
	}
	return s
}

// pointerEscape escapes one reference token of a JSON Pointer.
func pointerEscape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// ChildPointer appends a reference token to a JSON Pointer.
func ChildPointer(parent, token string) string {
	return parent + "/" + pointerEscape(token)
}
