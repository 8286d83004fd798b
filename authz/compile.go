package authz

import (
	"errors"
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/policy"
)

// Policy is a compiled policy document, ready to evaluate requests
// against. It is immutable and safe for concurrent use.
type Policy struct {
	Doc   *policy.Document
	stmts []statement
}

// statement is one compiled statement.
type statement struct {
	src       *policy.Statement
	deny      bool
	notAction bool
	actions   []string // patterns, matched ignoring case
	// resources are Resource (or NotResource) patterns; noResource says
	// the statement has neither (a trust policy's statements).
	notResource bool
	noResource  bool
	resources   []template
	// principals are Principal (or NotPrincipal); noPrincipal says it has
	// neither.
	notPrincipal bool
	noPrincipal  bool
	principals   principalSet
	conditions   []condition
}

// CompileError is a document that cannot be evaluated: an element AWS
// would reject, at its position.
type CompileError struct {
	File string
	Pos  policy.Pos
	Msg  string
}

func (e *CompileError) Error() string {
	if e.Pos.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// Compile prepares a document for evaluation. It fails, with the position
// of the first problem, on a document AWS would not evaluate: an element of
// the wrong type, an Effect other than Allow or Deny, a statement without
// Action or NotAction, or an unknown condition operator.
func Compile(doc *policy.Document) (*Policy, error) {
	return compile(doc, doc.VersionString() == "2012-10-17")
}

// compile compiles a document, expanding policy variables when vars is
// set.
func compile(doc *policy.Document, vars bool) (*Policy, error) {
	fail := func(span policy.Span, format string, args ...any) error {
		return &CompileError{File: doc.File, Pos: span.Start, Msg: fmt.Sprintf(format, args...)}
	}
	if len(doc.Problems) > 0 {
		p := doc.Problems[0]
		return nil, fail(p.Span, "%s", p.Message)
	}
	if doc.Statement == nil {
		return nil, fail(doc.Root.Span, "the document has no Statement")
	}
	p := &Policy{Doc: doc, stmts: make([]statement, 0, len(doc.Statements))}
	for _, s := range doc.Statements {
		st := statement{src: s}
		switch s.EffectString() {
		case "Allow":
		case "Deny":
			st.deny = true
		default:
			if s.Effect == nil {
				return nil, fail(s.Node.Span, "statement has no Effect")
			}
			return nil, fail(s.Effect.Value.Span, "Effect must be Allow or Deny, not %q", s.EffectString())
		}
		acts := s.Actions()
		if acts == nil {
			return nil, fail(s.Node.Span, "statement has neither Action nor NotAction")
		}
		st.notAction = s.Action == nil
		for _, a := range acts.Values {
			st.actions = append(st.actions, a.Str)
		}
		if res := s.Resources(); res != nil {
			st.notResource = s.Resource == nil
			for _, r := range res.Values {
				st.resources = append(st.resources, compileTemplate(r.Str, vars, true))
			}
		} else {
			st.noResource = true
		}
		switch {
		case s.Principal != nil:
			st.principals = compilePrincipal(s.Principal)
		case s.NotPrincipal != nil:
			st.notPrincipal = true
			st.principals = compilePrincipal(s.NotPrincipal)
		default:
			st.noPrincipal = true
		}
		if s.Condition != nil {
			for _, op := range s.Condition.Operators {
				c, err := parseOperator(op.Name())
				if err != nil {
					return nil, fail(op.Member.KeySpan, "%v", err)
				}
				c.src = op
				for _, k := range op.Keys {
					ck := condKey{src: k, name: strings.TrimSpace(k.Name())}
					for _, v := range k.Values {
						ck.values = append(ck.values, compileValue(c.base, v.Str, vars))
					}
					c.keys = append(c.keys, ck)
				}
				st.conditions = append(st.conditions, c)
			}
		}
		p.stmts = append(p.stmts, st)
	}
	return p, nil
}

// MustCompile is Compile for documents known to be valid (tests, embedded
// policies); it panics on error.
func MustCompile(doc *policy.Document) *Policy {
	p, err := Compile(doc)
	if err != nil {
		panic(err)
	}
	return p
}

// ParsePolicy parses and compiles a JSON policy document of the given kind
// read from file (named for positions).
func ParsePolicy(file string, src []byte, kind policy.Kind) (*Policy, error) {
	root, _, err := policy.ParseJSON(src)
	if err != nil {
		var pos policy.Pos
		msg := err.Error()
		var se *policy.SyntaxError
		if errors.As(err, &se) {
			pos, msg = se.Pos, "invalid JSON: "+se.Msg
		}
		return nil, &CompileError{File: file, Pos: pos, Msg: msg}
	}
	return Compile(policy.Build(root, file, kind))
}
