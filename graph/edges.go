package graph

import (
	"github.com/iamlint/iamlint/authz"
)

// edges finds every edge of the graph.
func (b *builder) edges(g *Graph) {
	var users, roles []*Node
	for _, n := range g.Nodes {
		if n.Kind == User {
			users = append(users, n)
		} else {
			roles = append(roles, n)
		}
	}
	b.assumeEdges(g, roles)
	for _, a := range g.Nodes {
		if a.Admin != nil {
			// An administrator has nowhere to escalate to.
			continue
		}
		if b.has(a, actPassRole) {
			b.passEdges(a, roles)
		}
		if b.has(a, actCreateAccessKey) || b.has(a, actCreateLogin) || b.has(a, actUpdateLogin) {
			b.credentialEdges(a, users)
		}
		if b.has(a, actUpdateTrust) {
			for _, r := range roles {
				if r == a || r.trust == nil {
					continue
				}
				if d := b.decide(a, a.principal, &a.set, actUpdateTrust, r.ARN, a.ctx); d != nil {
					a.Out = append(a.Out, newEdge(a, r, UpdateTrust, actUpdateTrust, "", d))
				}
			}
		}
		if a.mask&b.empowerMask() != 0 {
			for _, t := range g.Nodes {
				if t == a {
					continue
				}
				if e := b.empower(g, a, t); e != nil {
					a.Empower = append(a.Empower, e)
				}
			}
		}
	}
}

func newEdge(from, to *Node, kind EdgeKind, action, via string, ds ...*decision) *Edge {
	e := &Edge{From: from, To: to, Kind: kind, Action: action, Via: via}
	for _, d := range ds {
		e.Conditional = e.Conditional || d.cond
		e.Grants = append(e.Grants, d.grants...)
	}
	return e
}

// assumeEdges finds who can assume each role: the principals its trust
// policy names, or, when it trusts its account (or anyone), every
// principal whose policies may allow sts:AssumeRole; authz decides each
// with the trust policy as the resource policy.
func (b *builder) assumeEdges(g *Graph, roles []*Node) {
	seen := make([]int, len(g.Nodes))
	stamp := 0
	for _, r := range roles {
		if r.trust == nil {
			continue
		}
		stamp++
		var cands []*Node
		add := func(n *Node) {
			if n != nil && n != r && seen[n.index] != stamp {
				seen[n.index] = stamp
				cands = append(cands, n)
			}
		}
		all, delegated := false, map[string]bool{}
		for _, s := range r.trust.Doc.Statements {
			if !s.IsAllow() {
				continue
			}
			if s.NotPrincipal != nil || (s.Principal != nil && s.Principal.Wildcard != nil) {
				all = true
				continue
			}
			if s.Principal == nil {
				continue
			}
			for _, e := range s.Principal.Entries {
				if e.Type() != "AWS" {
					continue
				}
				for _, v := range e.Values {
					switch {
					case v.Unknown:
					case v.Str == "*":
						all = true
					case isAccountID(v.Str):
						delegated[v.Str] = true
					case arnAccount(v.Str) != "" && hasSuffix(v.Str, ":root"):
						delegated[arnAccount(v.Str)] = true
					default:
						add(g.byARN[v.Str])
					}
				}
			}
		}
		for _, n := range g.Nodes {
			if all || (delegated[n.principal.Account] && b.has(n, actAssumeRole)) {
				add(n)
			}
		}
		for _, a := range cands {
			if a.Admin != nil {
				continue
			}
			set := a.set
			set.Resource = r.trust
			if d := b.decide(a, a.principal, &set, actAssumeRole, r.ARN, a.ctx); d != nil {
				a.Out = append(a.Out, newEdge(a, r, Assume, actAssumeRole, "", d))
			}
		}
	}
}

func isAccountID(s string) bool { return arnAccount("arn:aws:iam::"+s+":root") == s }

func hasSuffix(s, suf string) bool { return len(s) >= len(suf) && s[len(s)-len(suf):] == suf }

// trusted returns the roles that trust a service to assume them.
func (b *builder) trusted(roles []*Node, service string) []trustedBy {
	if t, ok := b.trusting[service]; ok {
		return t
	}
	p := authz.ParsePrincipal(service)
	ctx := &authz.Context{Open: true}
	ctx.SetRequestKeys(p, b.account)
	ctx.Set("aws:SourceAccount", b.account)
	var out []trustedBy
	for _, r := range roles {
		if r.trust == nil {
			continue
		}
		set := authz.Set{Resource: r.trust}
		if d := b.decide(nil, p, &set, actAssumeRole, r.ARN, ctx); d != nil {
			out = append(out, trustedBy{r, d})
		}
	}
	b.trusting[service] = out
	return out
}

// launch decides whether a may take every step of launcher i (any one
// action of each step), on some resource.
func (b *builder) launch(a *Node, i int) *decision {
	if a.launch == nil {
		a.launch = make([]*decision, len(launchers))
	}
	if d := a.launch[i]; d != nil {
		if d.grants == nil && !d.cond {
			return nil
		}
		return d
	}
	out := &decision{}
	for _, step := range launchers[i].Steps {
		var got *decision
		for _, act := range step {
			if !b.has(a, act) {
				continue
			}
			if d := b.allowedAnywhere(a, act); d != nil && (got == nil || got.cond && !d.cond) {
				got = d
			}
		}
		if got == nil {
			a.launch[i] = &decision{}
			return nil
		}
		out.cond = out.cond || got.cond
		out.grants = append(out.grants, got.grants...)
	}
	if out.grants == nil {
		out.grants = []Grant{}
	}
	a.launch[i] = out
	return out
}

// passEdges finds the roles a may pass to a service it can launch code
// on.
func (b *builder) passEdges(a *Node, roles []*Node) {
	done := map[*Node]bool{}
	for i := range launchers {
		l := &launchers[i]
		ld := b.launch(a, i)
		if ld == nil {
			continue
		}
		var profile *decision
		if l.Profile {
			profile = b.profileMaker(a)
		}
		ctx := &authz.Context{Open: true}
		ctx.SetRequestKeys(a.principal, b.account)
		ctx.Set("iam:PassedToService", l.Service)
		for _, t := range b.trusted(roles, l.Service) {
			r := t.role
			if r == a || done[r] {
				continue
			}
			ds := []*decision{ld, t.d}
			if l.Profile && len(r.Role.InstanceProfiles) == 0 {
				if profile == nil {
					continue
				}
				ds = append(ds, profile)
			}
			d := b.decide(a, a.principal, &a.set, actPassRole, r.ARN, ctx)
			if d == nil {
				continue
			}
			done[r] = true
			a.Out = append(a.Out, newEdge(a, r, PassRole, l.Action(), "", append([]*decision{d}, ds...)...))
		}
	}
}

// profileMaker decides whether a may make an instance profile for a role:
// iam:CreateInstanceProfile and iam:AddRoleToInstanceProfile.
func (b *builder) profileMaker(a *Node) *decision {
	if !b.has(a, actCreateProfile) || !b.has(a, actAddToProfile) {
		return nil
	}
	c := b.allowedAnywhere(a, actCreateProfile)
	if c == nil {
		return nil
	}
	d := b.allowedAnywhere(a, actAddToProfile)
	if d == nil {
		return nil
	}
	return &decision{cond: c.cond || d.cond, grants: append(append([]Grant(nil), c.grants...), d.grants...)}
}

// credentialEdges finds the users a can create credentials for.
func (b *builder) credentialEdges(a *Node, users []*Node) {
	for _, u := range users {
		if u == a {
			continue
		}
		if b.has(a, actCreateAccessKey) {
			if d := b.decide(a, a.principal, &a.set, actCreateAccessKey, u.ARN, a.ctx); d != nil {
				a.Out = append(a.Out, newEdge(a, u, CreateAccessKey, actCreateAccessKey, "", d))
				continue
			}
		}
		for _, act := range []string{actCreateLogin, actUpdateLogin} {
			if !b.has(a, act) {
				continue
			}
			if d := b.decide(a, a.principal, &a.set, act, u.ARN, a.ctx); d != nil {
				a.Out = append(a.Out, newEdge(a, u, LoginProfile, act, "", d))
				break
			}
		}
	}
}

// empowerMask are the actions that may change a principal's permissions.
func (b *builder) empowerMask() uint64 {
	var m uint64
	for _, act := range []string{actPutUserPolicy, actAttachUser, actPutRolePolicy, actAttachRole,
		actPutGroupPolicy, actAttachGroup, actPolicyVersion, actAddUserToGroup} {
		m |= b.bit[act]
	}
	return m
}

// empower returns how x can make t an administrator, or nil: by writing
// or attaching a policy on t or one of its groups, by writing a new
// version of a customer managed policy attached to t, or by adding t to a
// group that grants everything. When t has a permissions boundary, x must
// also be allowed to remove or replace it.
func (b *builder) empower(g *Graph, x, t *Node) *Edge {
	if x.mask&b.empowerMask() == 0 {
		return nil
	}
	var gate *decision
	if t.set.Boundary != nil {
		acts := []string{actDeleteUserPB, actPutUserPB}
		if t.Kind == Role {
			acts = []string{actDeleteRolePB, actPutRolePB}
		}
		for _, act := range acts {
			if b.has(x, act) {
				if gate = b.decide(x, x.principal, &x.set, act, t.ARN, x.ctx); gate != nil {
					break
				}
			}
		}
		if gate == nil {
			return nil
		}
	}
	try := func(kind EdgeKind, act, res, via string) *Edge {
		if !b.has(x, act) {
			return nil
		}
		d := b.decide(x, x.principal, &x.set, act, res, x.ctx)
		if d == nil {
			return nil
		}
		if gate != nil {
			return newEdge(x, t, kind, act, via, d, gate)
		}
		return newEdge(x, t, kind, act, via, d)
	}
	own := []string{actPutRolePolicy, actAttachRole}
	if t.Kind == User {
		own = []string{actPutUserPolicy, actAttachUser}
	}
	for _, act := range own {
		if e := try(WritePolicy, act, t.ARN, ""); e != nil {
			return e
		}
	}
	for _, gr := range t.groups {
		for _, act := range []string{actPutGroupPolicy, actAttachGroup} {
			if e := try(GroupPolicy, act, gr.arn, gr.name); e != nil {
				return e
			}
		}
	}
	for _, p := range t.policies {
		if e := try(PolicyVersion, actPolicyVersion, p.arn, p.name); e != nil {
			return e
		}
	}
	if t.Kind == User && b.has(x, actAddUserToGroup) {
		for _, gr := range b.admins(g) {
			member := false
			for _, m := range t.groups {
				member = member || m == gr
			}
			if member {
				continue
			}
			if e := try(AddToGroup, actAddUserToGroup, gr.arn, gr.name); e != nil {
				return e
			}
		}
	}
	return nil
}

// admins are the groups whose policies allow everything.
func (b *builder) admins(g *Graph) []*group {
	if b.adminGroupsDone {
		return b.adminGroups
	}
	b.adminGroupsDone = true
	p := authz.ParsePrincipal("arn:aws:iam::" + b.account + ":user/iamlint-probe")
	ctx := &authz.Context{Open: true}
	ctx.SetRequestKeys(p, b.account)
	for _, gr := range b.groupList {
		set := authz.Set{Identity: gr.ids}
		ok := true
		for _, act := range adminProbe {
			req := authz.Request{Principal: p, Action: act, Resource: "*", Context: ctx}
			if e := authz.Decide(&set, &req); e != authz.Allowed && e != authz.Conditional {
				ok = false
				break
			}
		}
		if ok {
			b.adminGroups = append(b.adminGroups, gr)
		}
	}
	return b.adminGroups
}
