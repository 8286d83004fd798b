package source

import (
	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/policy"
)

// isTerraformPlan reports the output of terraform show -json of a plan.
func isTerraformPlan(root *policy.Node) bool {
	if root.Kind != policy.Object || root.Get("format_version") == nil {
		return false
	}
	return root.Get("planned_values") != nil || root.Get("resource_changes") != nil
}

// readTerraformPlan reads the resources of a plan: planned_values (the
// root module and its children), or, when a plan has none, the "after"
// values of resource_changes. Policies are the rendered JSON strings,
// positioned inside them.
func readTerraformPlan(path string, src []byte, lines *policy.Lines, root *policy.Node) *File {
	f := &File{Path: path, Src: src, Lines: lines, Format: "tfplan"}
	m := newTFModel(path, "tfplan")
	f.Account = m.acct
	seen := map[string]bool{}
	add := func(addr, typ string, at *policy.Node, values *policy.Node) {
		if addr == "" || typ == "" || values == nil || values.Kind != policy.Object || seen[addr] {
			return
		}
		seen[addr] = true
		m.res = append(m.res, &tfResource{addr: addr, typ: typ, file: f, label: account.NodeLoc(path, at), body: values})
	}
	var module func(n *policy.Node)
	module = func(n *policy.Node) {
		for _, r := range elems(n, "resources") {
			if str(r, "mode") == "data" {
				continue
			}
			at := r
			if a := r.Get("address"); a != nil {
				at = a.Value
			}
			add(str(r, "address"), str(r, "type"), at, getValue(r, "values"))
		}
		for _, c := range elems(n, "child_modules") {
			module(c)
		}
	}
	if pv := root.Get("planned_values"); pv != nil {
		if rm := pv.Value.Get("root_module"); rm != nil {
			module(rm.Value)
		}
	}
	for _, rc := range elems(root, "resource_changes") {
		if str(rc, "mode") == "data" {
			continue
		}
		ch := getValue(rc, "change")
		if ch == nil {
			continue
		}
		at := rc
		if a := rc.Get("address"); a != nil {
			at = a.Value
		}
		add(str(rc, "address"), str(rc, "type"), at, getValue(ch, "after"))
	}
	m.build()
	return f
}
