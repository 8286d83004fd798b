package source

import (
	"slices"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/iamlint/iamlint/policy"
)

// dataDoc builds the policy document of a data "aws_iam_policy_document"
// block, once: Version, and a Statement per statement block with Sid,
// Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal
// and Condition, each positioned at the HCL argument it comes from. The
// statements of source_policy_documents come first; a statement of the
// block or of override_policy_documents replaces one with the same Sid.
func (m *tfModule) dataDoc(d *tfDataDoc, depth int) *policy.Node {
	if d.root != nil || d.building || depth > maxTFDepth {
		return d.root
	}
	d.building = true
	defer func() { d.building = false }()
	ev := &tfEval{mod: m, file: d.file}
	b := d.block
	ptr := "/data/aws_iam_policy_document/" + b.Labels[1]
	label := ev.span(b.LabelRanges[1])
	root := &policy.Node{Kind: policy.Object, Pointer: ptr, Span: ev.span(b.Range())}
	if a := b.Body.Attributes["version"]; a != nil {
		root.Members = append(root.Members, &policy.Member{Name: "Version", KeySpan: ev.span(a.NameRange), Value: ev.expr(a.Expr, ptr+"/Version", depth)})
	} else {
		// The data source writes 2012-10-17 when no version is given.
		root.Members = append(root.Members, &policy.Member{Name: "Version", KeySpan: label,
			Value: &policy.Node{Kind: policy.String, Str: "2012-10-17", Span: label, Pointer: ptr + "/Version"}})
	}
	if a := b.Body.Attributes["policy_id"]; a != nil {
		root.Members = append(root.Members, &policy.Member{Name: "Id", KeySpan: ev.span(a.NameRange), Value: ev.expr(a.Expr, ptr+"/Id", depth)})
	}
	stmts := &policy.Node{Kind: policy.Array, Pointer: ptr + "/Statement", Span: root.Span}
	merge := func(from *policy.Node) {
		if from == nil || from.Kind != policy.Object {
			return
		}
		sm := from.Get("Statement")
		if sm == nil {
			return
		}
		for _, s := range sm.Value.Strings() {
			stmts.Elems = overrideBySid(stmts.Elems, s)
		}
	}
	// unknownStatements stands for statements that cannot be known
	// statically (a dynamic block, a document computed at apply time): the
	// policy may hold more statements than those read.
	unknownStatements := func(r hcl.Range, text string) {
		stmts.Elems = append(stmts.Elems, &policy.Node{Kind: policy.Object, Unknown: true, Str: text,
			Span: ev.span(r), Pointer: ptr + "/Statement/" + strconv.Itoa(len(stmts.Elems))})
	}
	sources := func(names ...string) {
		for _, name := range names {
			if a := b.Body.Attributes[name]; a != nil {
				v := ev.expr(a.Expr, "", depth+1)
				for _, e := range v.Strings() {
					if documentOf(e) == nil {
						unknownStatements(a.Expr.Range(), ev.text(a.Expr.Range()))
						continue
					}
					merge(e)
				}
			}
		}
	}
	sources("source_policy_documents", "source_json")
	i := 0
	for _, blk := range b.Body.Blocks {
		switch {
		case blk.Type == "statement":
			stmts.Elems = overrideBySid(stmts.Elems, ev.statement(blk, ptr+"/Statement/"+strconv.Itoa(i), depth))
			i++
		case blk.Type == "dynamic" && len(blk.Labels) == 1 && blk.Labels[0] == "statement":
			unknownStatements(blk.Range(), "dynamic \"statement\"")
		}
	}
	sources("override_policy_documents", "override_json")
	root.Members = append(root.Members, &policy.Member{Name: "Statement", KeySpan: label, Value: stmts})
	d.root = root
	return root
}

// documentOf returns a document tree from a value: the tree itself, or
// nothing for an unknown value.
func documentOf(n *policy.Node) *policy.Node {
	if n == nil || n.Unknown || n.Kind != policy.Object {
		return nil
	}
	return n
}

// overrideBySid appends s, or replaces the statement with the same Sid.
func overrideBySid(stmts []*policy.Node, s *policy.Node) []*policy.Node {
	if sid, ok := known(getValue(s, "Sid")); ok && sid != "" {
		for i, have := range stmts {
			if other, ok := known(getValue(have, "Sid")); ok && other == sid {
				out := slices.Clone(stmts)
				out[i] = s
				return out
			}
		}
	}
	return append(stmts, s)
}

// statement converts a statement block.
func (ev *tfEval) statement(blk *hclsyntax.Block, ptr string, depth int) *policy.Node {
	n := &policy.Node{Kind: policy.Object, Pointer: ptr, Span: ev.span(blk.Range())}
	attr := func(hclName, name string) {
		if a := blk.Body.Attributes[hclName]; a != nil {
			n.Members = append(n.Members, &policy.Member{Name: name, KeySpan: ev.span(a.NameRange), Value: ev.expr(a.Expr, ptr+"/"+name, depth)})
		}
	}
	attr("sid", "Sid")
	if blk.Body.Attributes["effect"] != nil {
		attr("effect", "Effect")
	} else {
		typ := ev.span(blk.TypeRange)
		n.Members = append(n.Members, &policy.Member{Name: "Effect", KeySpan: typ,
			Value: &policy.Node{Kind: policy.String, Str: "Allow", Span: typ, Pointer: ptr + "/Effect"}})
	}
	attr("actions", "Action")
	attr("not_actions", "NotAction")
	attr("resources", "Resource")
	attr("not_resources", "NotResource")
	for _, p := range []struct{ block, name string }{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		if pr := ev.principals(blk, p.block, ptr+"/"+p.name, depth); pr != nil {
			n.Members = append(n.Members, pr)
		}
	}
	if c := ev.conditions(blk, ptr+"/Condition", depth); c != nil {
		n.Members = append(n.Members, c)
	}
	return n
}

// principals merges the principals blocks of a statement into a Principal:
// {"TYPE": identifiers}, or "*" for type "*".
func (ev *tfEval) principals(blk *hclsyntax.Block, name, ptr string, depth int) *policy.Member {
	var out *policy.Member
	for _, pb := range blk.Body.Blocks {
		if pb.Type == "dynamic" && len(pb.Labels) == 1 && pb.Labels[0] == name {
			// Principals known only at apply time: the element is unknown.
			return &policy.Member{Name: map[string]string{"principals": "Principal", "not_principals": "NotPrincipal"}[name], KeySpan: ev.span(pb.TypeRange),
				Value: &policy.Node{Kind: policy.Object, Unknown: true, Str: ev.text(pb.Range()), Pointer: ptr, Span: ev.span(pb.Range())}}
		}
		if pb.Type != name {
			continue
		}
		ta, ia := pb.Body.Attributes["type"], pb.Body.Attributes["identifiers"]
		if ta == nil || ia == nil {
			continue
		}
		typ := ev.expr(ta.Expr, "", depth)
		tname, ok := known(typ)
		if !ok {
			continue
		}
		if out == nil {
			out = &policy.Member{Name: map[string]string{"principals": "Principal", "not_principals": "NotPrincipal"}[name], KeySpan: ev.span(pb.TypeRange),
				Value: &policy.Node{Kind: policy.Object, Pointer: ptr, Span: ev.span(pb.Range())}}
		}
		ids := ev.expr(ia.Expr, policy.ChildPointer(ptr, tname), depth)
		if tname == "*" {
			// type "*" with identifiers ["*"] is the string form.
			if len(ids.Strings()) > 0 {
				w := *ids.Strings()[0]
				out.Value = &w
			}
			continue
		}
		if out.Value.Kind != policy.Object {
			continue
		}
		if have := out.Value.Get(tname); have != nil {
			merged := &policy.Node{Kind: policy.Array, Pointer: have.Value.Pointer, Span: have.Value.Span}
			merged.Elems = append(append(merged.Elems, have.Value.Strings()...), ids.Strings()...)
			have.Value = merged
			continue
		}
		out.Value.Members = append(out.Value.Members, &policy.Member{Name: tname, KeySpan: typ.ValueSpan(), Value: ids})
	}
	return out
}

// conditions groups the condition blocks of a statement by operator.
func (ev *tfEval) conditions(blk *hclsyntax.Block, ptr string, depth int) *policy.Member {
	var out *policy.Member
	// opaque is the first condition block whose operator or key cannot be
	// known statically (a dynamic block, a variable): the statement's
	// Condition is then unknown as a whole, so that no rule takes it for
	// one without that test.
	var opaque *hclsyntax.Block
	for _, cb := range blk.Body.Blocks {
		if cb.Type == "dynamic" && len(cb.Labels) == 1 && cb.Labels[0] == "condition" && opaque == nil {
			opaque = cb
		}
		if cb.Type != "condition" {
			continue
		}
		ta, va, vals := cb.Body.Attributes["test"], cb.Body.Attributes["variable"], cb.Body.Attributes["values"]
		if ta == nil || va == nil || vals == nil {
			continue
		}
		test, variable := ev.expr(ta.Expr, "", depth), ev.expr(va.Expr, "", depth)
		op, ok1 := known(test)
		key, ok2 := known(variable)
		if !ok1 || !ok2 {
			if opaque == nil {
				opaque = cb
			}
			continue
		}
		if out == nil {
			out = &policy.Member{Name: "Condition", KeySpan: ev.span(cb.TypeRange), Value: &policy.Node{Kind: policy.Object, Pointer: ptr, Span: ev.span(cb.Range())}}
		}
		opm := out.Value.Get(op)
		if opm == nil {
			opm = &policy.Member{Name: op, KeySpan: test.ValueSpan(), Value: &policy.Node{Kind: policy.Object, Pointer: policy.ChildPointer(ptr, op), Span: ev.span(cb.Range())}}
			out.Value.Members = append(out.Value.Members, opm)
		}
		opm.Value.Members = append(opm.Value.Members, &policy.Member{Name: key, KeySpan: variable.ValueSpan(),
			Value: ev.expr(vals.Expr, policy.ChildPointer(opm.Value.Pointer, key), depth)})
	}
	if opaque != nil {
		return &policy.Member{Name: "Condition", KeySpan: ev.span(opaque.TypeRange),
			Value: &policy.Node{Kind: policy.Object, Unknown: true, Str: ev.text(opaque.Range()), Pointer: ptr, Span: ev.span(opaque.Range())}}
	}
	return out
}
