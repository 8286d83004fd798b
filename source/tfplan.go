package source

import (
	"regexp"

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
	planReferences(root, m, path)
	m.build()
	return f
}

// planReferences reads, from the plan's configuration, the references
// workloads make to other resources (the values of secrets are not in a
// plan; the expressions that use them are).
func planReferences(root *policy.Node, m *tfModel, path string) {
	cfg := getValue(root, "configuration")
	if cfg == nil {
		return
	}
	rm := getValue(cfg, "root_module")
	if rm == nil {
		return
	}
	byAddr := map[string]*tfResource{}
	for _, r := range m.res {
		byAddr[r.addr] = r
	}
	for _, rc := range elems(rm, "resources") {
		r := byAddr[str(rc, "address")]
		if r == nil {
			continue
		}
		var walk func(n *policy.Node)
		walk = func(n *policy.Node) {
			if refs := n.Get("references"); refs != nil && refs.Value.Kind == policy.Array {
				for _, e := range refs.Value.Elems {
					if mm := tfPlanRefRE.FindStringSubmatch(e.Str); mm != nil && e.Kind == policy.String {
						r.refs = append(r.refs, tfRef{addr: mm[1], attr: mm[2], loc: account.NodeLoc(path, e)})
					}
				}
			}
			for _, mem := range n.Members {
				walk(mem.Value)
			}
			for _, el := range n.Elems {
				walk(el)
			}
		}
		if ex := getValue(rc, "expressions"); ex != nil {
			walk(ex)
		}
	}
}

// tfPlanRefRE is a reference in a plan's configuration:
// aws_iam_access_key.ci.secret.
var tfPlanRefRE = regexp.MustCompile(`^([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_0-9]+)$`)
