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
	var module func(mod *policy.Node, prefix string, depth int)
	module = func(mod *policy.Node, prefix string, depth int) {
		for _, rc := range elems(mod, "resources") {
			r := byAddr[prefix+str(rc, "address")]
			if r == nil {
				continue
			}
			var walk func(n *policy.Node)
			walk = func(n *policy.Node) {
				if refs := n.Get("references"); refs != nil && refs.Value.Kind == policy.Array {
					for _, e := range refs.Value.Elems {
						if mm := tfPlanRefRE.FindStringSubmatch(e.Str); mm != nil && e.Kind == policy.String {
							r.refs = append(r.refs, tfRef{addr: prefix + mm[1], attr: mm[2], loc: account.NodeLoc(path, e)})
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
			ex := getValue(rc, "expressions")
			if ex == nil {
				continue
			}
			walk(ex)
			planUnknownLinks(r, ex, prefix)
		}
		if depth >= maxTFDepth {
			return
		}
		if calls := getValue(mod, "module_calls"); calls != nil && calls.Kind == policy.Object {
			for _, c := range calls.Members {
				if sub := getValue(c.Value, "module"); sub != nil {
					module(sub, prefix+"module."+c.Name+".", depth+1)
				}
			}
		}
	}
	module(rm, "", 0)
}

// planLinkAttrs are the arguments that link IAM resources to one another
// by a single reference (a role's boundary, an attachment's policy, role,
// user or group).
var planLinkAttrs = []string{"permissions_boundary", "policy_arn", "role", "user", "group"}

// planUnknownLinks fills in, from the configuration's references, the link
// arguments that a plan leaves unknown (the ARN of a policy created by the
// same plan is known only after apply, so planned values omit it or hold
// null): a role's permissions boundary or an attachment's policy is then
// the resource the configuration names.
func planUnknownLinks(r *tfResource, ex *policy.Node, prefix string) {
	for _, name := range planLinkAttrs {
		e := getValue(ex, name)
		if e == nil {
			continue
		}
		if have := r.attr(name); have != nil && have.Value.Kind != policy.Null {
			continue
		}
		refs := getValue(e, "references")
		if refs == nil || refs.Kind != policy.Array || len(refs.Elems) == 0 {
			continue
		}
		ref := refs.Elems[0]
		mm := tfPlanRefRE.FindStringSubmatch(ref.Str)
		if mm == nil || ref.Kind != policy.String {
			continue
		}
		v := &policy.Node{Kind: policy.String, Unknown: true, Str: "${" + prefix + mm[1] + "." + mm[2] + "}", Span: ref.Span, Pointer: ref.Pointer}
		if have := r.attr(name); have != nil {
			have.Value = v
			continue
		}
		r.body.Members = append(r.body.Members, &policy.Member{Name: name, KeySpan: ref.Span, Value: v})
	}
}

// tfPlanRefRE is a reference in a plan's configuration:
// aws_iam_access_key.ci.secret.
var tfPlanRefRE = regexp.MustCompile(`^([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_0-9]+)$`)
