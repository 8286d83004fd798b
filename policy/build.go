package policy

import "fmt"

// Top-level and statement element names, as AWS spells them.
var (
	DocumentElements  = []string{"Version", "Id", "Statement"}
	StatementElements = []string{"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"}
)

// Build turns a positional tree into a Document. It never fails: shapes AWS
// would reject are recorded in Problems and the rest is kept. kind 0 infers
// the kind from the content.
func Build(root *Node, file string, kind Kind) *Document {
	d := &Document{File: file, Root: root, Kind: kind}
	b := builder{doc: d}
	b.document(root)
	if kind == 0 {
		d.Kind = InferKind(d)
		d.KindInferred = true
	}
	return d
}

type builder struct {
	doc *Document
}

func (b *builder) problem(n *Node, format string, args ...any) {
	b.doc.Problems = append(b.doc.Problems, Problem{Span: n.Span, Pointer: n.Pointer, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) document(root *Node) {
	if root.Unknown {
		return
	}
	if root.Kind != Object {
		b.problem(root, "a policy document must be a JSON object, not %s", root.Kind)
		return
	}
	for _, m := range root.Members {
		switch m.Name {
		case "Version":
			b.doc.Version = first(b.doc.Version, m)
			b.expectString(m)
		case "Id":
			b.doc.ID = first(b.doc.ID, m)
			b.expectString(m)
		case "Statement":
			if b.doc.Statement != nil {
				continue // a duplicate: reported by duplicate-key
			}
			b.doc.Statement = m
			b.statements(m.Value)
		default:
			b.doc.Unknown = append(b.doc.Unknown, m)
		}
	}
}

func first(have, m *Member) *Member {
	if have != nil {
		return have
	}
	return m
}

func (b *builder) expectString(m *Member) {
	if m.Value.Kind != String && !m.Value.Unknown {
		b.problem(m.Value, "%s must be a string, not %s", m.Name, m.Value.Kind)
	}
}

func (b *builder) statements(n *Node) {
	switch {
	case n.Unknown:
	case n.Kind == Object:
		b.statement(n, 0)
	case n.Kind == Array:
		for i, e := range n.Elems {
			if e.Kind != Object {
				if !e.Unknown {
					b.problem(e, "a statement must be a JSON object, not %s", e.Kind)
				}
				continue
			}
			b.statement(e, i)
		}
	default:
		b.problem(n, "Statement must be an object or a list of objects, not %s", n.Kind)
	}
}

func (b *builder) statement(n *Node, index int) {
	s := &Statement{Node: n, Index: index}
	b.doc.Statements = append(b.doc.Statements, s)
	for _, m := range n.Members {
		switch m.Name {
		case "Sid":
			if s.Sid == nil {
				s.Sid = m
				b.expectString(m)
			}
		case "Effect":
			if s.Effect == nil {
				s.Effect = m
				b.expectString(m)
			}
		case "Action":
			s.Action = b.list(s.Action, m)
		case "NotAction":
			s.NotAction = b.list(s.NotAction, m)
		case "Resource":
			s.Resource = b.list(s.Resource, m)
		case "NotResource":
			s.NotResource = b.list(s.NotResource, m)
		case "Principal":
			s.Principal = b.principal(s.Principal, m)
		case "NotPrincipal":
			s.NotPrincipal = b.principal(s.NotPrincipal, m)
		case "Condition":
			if s.Condition == nil {
				s.Condition = b.condition(m)
			}
		default:
			s.Unknown = append(s.Unknown, m)
		}
	}
}

// list reads a string-or-list element.
func (b *builder) list(have *List, m *Member) *List {
	if have != nil {
		return have
	}
	l := &List{Member: m}
	l.Values = b.strings(m.Name, m.Value)
	return l
}

// strings reads a string or a list of strings, reporting other values.
func (b *builder) strings(name string, n *Node) []*Node {
	switch {
	case n.Unknown, n.Kind == String:
		return []*Node{n}
	case n.Kind == Array:
		out := make([]*Node, 0, len(n.Elems))
		for _, e := range n.Elems {
			if e.Kind == String || e.Unknown {
				out = append(out, e)
			} else {
				b.problem(e, "%s values must be strings, not %s", name, e.Kind)
			}
		}
		return out
	default:
		b.problem(n, "%s must be a string or a list of strings, not %s", name, n.Kind)
		return nil
	}
}

func (b *builder) principal(have *Principal, m *Member) *Principal {
	if have != nil {
		return have
	}
	p := &Principal{Member: m}
	n := m.Value
	switch {
	case n.Unknown:
	case n.Kind == String:
		if n.Str == "*" {
			p.Wildcard = n
		} else {
			b.problem(n, "%s as a string must be \"*\"; name principals as {\"AWS\": %q}", m.Name, n.Str)
		}
	case n.Kind == Object:
		for _, e := range n.Members {
			p.Entries = append(p.Entries, &PrincipalEntry{Member: e, Values: b.strings(m.Name+" "+e.Name, e.Value)})
		}
	default:
		b.problem(n, "%s must be \"*\" or an object such as {\"AWS\": ...}, not %s", m.Name, n.Kind)
	}
	return p
}

func (b *builder) condition(m *Member) *Condition {
	c := &Condition{Member: m}
	n := m.Value
	if n.Unknown {
		return c
	}
	if n.Kind != Object {
		b.problem(n, "Condition must be an object of operators, not %s", n.Kind)
		return c
	}
	for _, om := range n.Members {
		op := &ConditionOperator{Member: om}
		c.Operators = append(c.Operators, op)
		if om.Value.Unknown {
			continue
		}
		if om.Value.Kind != Object {
			b.problem(om.Value, "condition operator %s must hold an object of keys, not %s", om.Name, om.Value.Kind)
			continue
		}
		for _, km := range om.Value.Members {
			op.Keys = append(op.Keys, &ConditionKey{Member: km, Values: b.conditionValues(km)})
		}
	}
	return c
}

// conditionValues reads a condition key's value: a string, number or
// boolean, or a list of them.
func (b *builder) conditionValues(km *Member) []*Node {
	n := km.Value
	scalar := func(e *Node) bool {
		return e.Unknown || e.Kind == String || e.Kind == Number || e.Kind == Bool
	}
	switch {
	case scalar(n):
		return []*Node{n}
	case n.Kind == Array:
		out := make([]*Node, 0, len(n.Elems))
		for _, e := range n.Elems {
			if scalar(e) {
				out = append(out, e)
			} else {
				b.problem(e, "condition values of %s must be strings, numbers or booleans, not %s", km.Name, e.Kind)
			}
		}
		return out
	default:
		b.problem(n, "condition key %s must hold a value or a list of values, not %s", km.Name, n.Kind)
		return nil
	}
}
