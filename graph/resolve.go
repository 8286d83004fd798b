package graph

import (
	"strings"

	"github.com/iamlint/iamlint/policy"
)

// resolveDoc returns doc with the unknown values of its Resource,
// NotResource, Principal and Condition elements replaced by what refs
// gives their ${...} references, when every reference of a value
// resolves. The document is copied only where it changes; positions are
// kept.
func resolveDoc(doc *policy.Document, refs map[string]string) *policy.Document {
	var out *policy.Document
	for i, s := range doc.Statements {
		ns := resolveStatement(s, refs)
		if ns == s {
			continue
		}
		if out == nil {
			c := *doc
			c.Statements = append([]*policy.Statement(nil), doc.Statements...)
			out = &c
		}
		out.Statements[i] = ns
	}
	if out == nil {
		return doc
	}
	return out
}

func resolveStatement(s *policy.Statement, refs map[string]string) *policy.Statement {
	var out *policy.Statement
	cp := func() *policy.Statement {
		if out == nil {
			c := *s
			out = &c
		}
		return out
	}
	if l := resolveList(s.Resource, refs); l != s.Resource {
		cp().Resource = l
	}
	if l := resolveList(s.NotResource, refs); l != s.NotResource {
		cp().NotResource = l
	}
	if p := resolvePrincipal(s.Principal, refs); p != s.Principal {
		cp().Principal = p
	}
	if p := resolvePrincipal(s.NotPrincipal, refs); p != s.NotPrincipal {
		cp().NotPrincipal = p
	}
	if c := resolveCondition(s.Condition, refs); c != s.Condition {
		cp().Condition = c
	}
	if out == nil {
		return s
	}
	return out
}

// resolveValues returns vals with unknown values resolved, or vals itself
// when none changes.
func resolveValues(vals []*policy.Node, refs map[string]string) []*policy.Node {
	var out []*policy.Node
	for i, v := range vals {
		if !v.Unknown {
			continue
		}
		str, ok := substitute(v.Str, refs)
		if !ok {
			continue
		}
		if out == nil {
			out = append([]*policy.Node(nil), vals...)
		}
		nv := *v
		nv.Str, nv.Unknown, nv.Target = str, false, ""
		out[i] = &nv
	}
	if out == nil {
		return vals
	}
	return out
}

func resolveList(l *policy.List, refs map[string]string) *policy.List {
	if l == nil {
		return nil
	}
	vals := resolveValues(l.Values, refs)
	if len(vals) == 0 || &vals[0] == &l.Values[0] {
		return l
	}
	return &policy.List{Member: l.Member, Values: vals}
}

func resolvePrincipal(p *policy.Principal, refs map[string]string) *policy.Principal {
	if p == nil {
		return nil
	}
	var out *policy.Principal
	for i, e := range p.Entries {
		vals := resolveValues(e.Values, refs)
		if len(vals) == 0 || &vals[0] == &e.Values[0] {
			continue
		}
		if out == nil {
			c := *p
			c.Entries = append([]*policy.PrincipalEntry(nil), p.Entries...)
			out = &c
		}
		out.Entries[i] = &policy.PrincipalEntry{Member: e.Member, Values: vals}
	}
	if out == nil {
		return p
	}
	return out
}

func resolveCondition(c *policy.Condition, refs map[string]string) *policy.Condition {
	if c == nil {
		return nil
	}
	var out *policy.Condition
	for i, op := range c.Operators {
		var nop *policy.ConditionOperator
		for j, k := range op.Keys {
			vals := resolveValues(k.Values, refs)
			if len(vals) == 0 || &vals[0] == &k.Values[0] {
				continue
			}
			if nop == nil {
				cp := *op
				cp.Keys = append([]*policy.ConditionKey(nil), op.Keys...)
				nop = &cp
			}
			nop.Keys[j] = &policy.ConditionKey{Member: k.Member, Values: vals}
		}
		if nop == nil {
			continue
		}
		if out == nil {
			cp := *c
			cp.Operators = append([]*policy.ConditionOperator(nil), c.Operators...)
			out = &cp
		}
		out.Operators[i] = nop
	}
	if out == nil {
		return c
	}
	return out
}

// substitute replaces every ${key} of s by refs[key]; ok is false when
// one does not resolve.
func substitute(s string, refs map[string]string) (string, bool) {
	if !strings.Contains(s, "${") {
		return "", false
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return "", false
		}
		v, ok := refs[strings.TrimSpace(s[i+2:i+j])]
		if !ok {
			return "", false
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
}
