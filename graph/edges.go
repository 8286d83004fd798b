package graph

import (
	"slices"
	"strings"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/authz"
)

// edges finds every edge of the graph. Deciding is the cost: a node gets
// edges of a kind only when its policies may allow the actions of that
// kind (see builder.has), and is decided only against the principals its
// Allow statements may name (see builder.matching).
func (b *builder) edges(g *Graph) {
	b.users, b.roles = nil, nil
	for _, n := range g.Nodes {
		if n.Kind == User {
			b.users = append(b.users, n)
		} else {
			b.roles = append(b.roles, n)
		}
	}
	b.assumeEdges(g)
	for _, a := range g.Nodes {
		if a.Admin != nil {
			// An administrator has nowhere to escalate to.
			continue
		}
		if b.has(a, actPassRole) {
			b.passEdges(a)
		}
		b.credentialEdges(a)
		if b.has(a, actUpdateTrust) {
			for _, r := range b.matching(a, actUpdateTrust, "roles", b.roles) {
				if r == a || r.trust == nil || !b.canAssumeRewritten(a, r) {
					continue
				}
				if ok, cond := b.allows(a, nil, actUpdateTrust, r.ARN, a.ctx); ok {
					a.Out = append(a.Out, &Edge{From: a, To: r, Kind: UpdateTrust, Action: actUpdateTrust, Conditional: cond, b: b})
				}
			}
		}
		if a.mask&b.empowerMask() != 0 {
			for _, t := range b.empowerTargets(g, a) {
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

func newEdge(from, to *Node, kind EdgeKind, action, via string, d *decision) *Edge {
	return &Edge{From: from, To: to, Kind: kind, Action: action, Via: via, Conditional: d.cond, why: d}
}

// matching returns the nodes of among (named by list, for the cache)
// whose ARNs some Allow of n for the action may name. Nodes with the same
// Allow resources share the answer: the members of a group, the roles of
// a team.
func (b *builder) matching(n *Node, action, list string, among []*Node) []*Node {
	ps := b.patternsOf(n, action)
	if ps == nil {
		return among
	}
	if ps.any {
		return among
	}
	key := action + "\x00" + list + "\x00" + ps.key
	if out, ok := b.matches[key]; ok {
		return out
	}
	var out []*Node
	for _, t := range among {
		if ps.match(t.ARN) {
			out = append(out, t)
		}
	}
	b.matches[key] = out
	return out
}

// assumeEdges finds who can assume each role: the principals its trust
// policy names, anyone when it trusts "*", and, when it trusts its
// account, the principals whose policies may allow sts:AssumeRole on it;
// authz decides each with the trust policy as the resource policy.
func (b *builder) assumeEdges(g *Graph) {
	cands := make([][]*Node, len(g.Nodes))
	delegated := map[string][]*Node{} // account -> roles trusting it
	for _, r := range b.roles {
		if r.trust == nil {
			continue
		}
		all, accts := false, map[string]bool{}
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
				if !strings.EqualFold(e.Type(), "AWS") {
					continue
				}
				for _, v := range e.Values {
					switch {
					case v.Unknown:
					case v.Str == "*":
						all = true
					case isAccountID(v.Str):
						accts[v.Str] = true
					case arnAccount(v.Str) != "" && strings.HasSuffix(v.Str, ":root"):
						accts[arnAccount(v.Str)] = true
					default:
						if n := g.byARN[v.Str]; n != nil {
							cands[r.index] = append(cands[r.index], n)
						}
					}
				}
			}
		}
		if all {
			cands[r.index] = append(cands[r.index], g.Nodes...)
		}
		for acct := range accts {
			delegated[acct] = append(delegated[acct], r)
		}
	}
	for _, a := range g.Nodes {
		rs := delegated[a.principal.Account]
		if len(rs) == 0 || a.Admin != nil || !b.has(a, actAssumeRole) {
			continue
		}
		for _, r := range b.matching(a, actAssumeRole, "delegated:"+a.principal.Account, rs) {
			cands[r.index] = append(cands[r.index], a)
		}
	}
	seen := make([]int, len(g.Nodes))
	for _, r := range b.roles {
		for _, a := range cands[r.index] {
			if a == r || a.Admin != nil || seen[a.index] == r.index+1 {
				continue
			}
			seen[a.index] = r.index + 1
			if ok, cond := b.allows(a, r.trust, actAssumeRole, r.ARN, a.ctx); ok {
				a.Out = append(a.Out, &Edge{From: a, To: r, Kind: Assume, Action: actAssumeRole, Conditional: cond, b: b})
			}
		}
	}
}

func isAccountID(s string) bool { return arnAccount("arn:aws:iam::"+s+":root") == s }

// trusted returns the roles that trust a service to assume them.
func (b *builder) trusted(service string) []trustedBy {
	if t, ok := b.trusting[service]; ok {
		return t
	}
	p := authz.ParsePrincipal(service)
	ctxs := map[string]*authz.Context{}
	var out []trustedBy
	for _, r := range b.roles {
		if r.trust == nil {
			continue
		}
		// The service acts for a principal of the role's account.
		acct := r.principal.Account
		ctx := ctxs[acct]
		if ctx == nil {
			ctx = &authz.Context{Open: true}
			ctx.SetRequestKeys(p, acct)
			ctx.Set("aws:SourceAccount", acct)
			ctxs[acct] = ctx
		}
		set := &authz.Set{Resource: r.trust, ResourceMustAllow: true}
		if d := b.decideSet(nil, p, set, actAssumeRole, r.ARN, ctx); d != nil {
			d.req.trustee = r
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
		a.launched = make([]bool, len(launchers))
	}
	if a.launched[i] {
		return a.launch[i]
	}
	a.launched[i] = true
	var parts []*decision
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
			return nil
		}
		parts = append(parts, got)
	}
	d := join(parts...)
	a.launch[i] = d
	return d
}

// passEdges finds the roles a may pass to a service it can launch code
// on, when they trust that service.
func (b *builder) passEdges(a *Node) {
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
		var ctx *authz.Context
		trusting := b.trusted(l.Service)
		roles := make([]*Node, len(trusting))
		byRole := make(map[*Node]*decision, len(trusting))
		for j, t := range trusting {
			roles[j] = t.role
			byRole[t.role] = t.d
		}
		for _, r := range b.matching(a, actPassRole, "trusting:"+l.Service, roles) {
			// A role is passed within its own account only.
			if r == a || done[r] || r.principal.Account != a.principal.Account {
				continue
			}
			if l.Profile && len(r.Role.InstanceProfiles) == 0 && profile == nil {
				continue
			}
			if ctx == nil {
				ctx = b.passContext(a, l.Service)
			}
			ok, cond := b.allows(a, nil, actPassRole, r.ARN, ctx)
			if !ok {
				continue
			}
			cond = cond || ld.cond || byRole[r].cond
			if l.Profile && len(r.Role.InstanceProfiles) == 0 {
				cond = cond || profile.cond
			}
			done[r] = true
			a.Out = append(a.Out, &Edge{From: a, To: r, Kind: PassRole, Action: l.Action(), Conditional: cond, b: b, launcher: i})
		}
	}
}

// canAssumeRewritten reports whether a could assume role r once it rewrote
// r's trust policy to name it: a trust policy naming an IAM user is not
// capped by the user's boundary, but one naming a role is, so a role's
// boundary must allow sts:AssumeRole (IAM User Guide, "Policy evaluation
// logic": resource-based policies and permissions boundaries).
func (b *builder) canAssumeRewritten(a, r *Node) bool {
	if a.Kind == User || a.set.Boundary == nil {
		return true
	}
	set := authz.Set{Identity: []*authz.Policy{unknownBoundary}, Boundary: a.set.Boundary}
	req := authz.Request{Principal: a.principal, Action: actAssumeRole, Resource: r.ARN, Context: a.ctx}
	e := authz.Decide(&set, &req)
	return e == authz.Allowed || e == authz.Conditional
}

// passContext is the request context of a passing a role to a service.
func (b *builder) passContext(a *Node, service string) *authz.Context {
	ctx := &authz.Context{Open: true}
	ctx.SetRequestKeys(a.principal, a.principal.Account)
	ctx.Set("iam:PassedToService", service)
	return ctx
}

// explain decides an edge found by the fast path again, keeping what
// explains it.
func (b *builder) explain(e *Edge) *decision {
	a, r := e.From, e.To
	var d *decision
	switch e.Kind {
	case Assume:
		d = b.decide(a, r.trust, actAssumeRole, r.ARN, a.ctx)
		if d != nil {
			d.req.trustee = r
			d = join(d, b.trustGrant(a, r))
		}
	case PassRole:
		l := &launchers[e.launcher]
		parts := []*decision{b.decide(a, nil, actPassRole, r.ARN, b.passContext(a, l.Service)), b.launch(a, e.launcher)}
		for _, t := range b.trusted(l.Service) {
			if t.role == r {
				parts = append(parts, t.d)
			}
		}
		if l.Profile && len(r.Role.InstanceProfiles) == 0 {
			parts = append(parts, b.profileMaker(a))
		}
		parts = slices.DeleteFunc(parts, func(d *decision) bool { return d == nil })
		d = join(parts...)
	default:
		d = b.decide(a, nil, e.Action, r.ARN, a.ctx)
	}
	if d == nil {
		d = &decision{explained: true}
	}
	return d
}

// trustGrant locates the trust statement that lets a assume r when the
// explanation of the decision names only identity statements (a trust
// that delegates to the account): the first Allow of the trust policy
// for sts:AssumeRole whose Principal names a's ARN, its account or
// anyone. It is nil when the explanation will name it anyway.
func (b *builder) trustGrant(a, r *Node) *decision {
	if r.trust == nil {
		return nil
	}
	names := func(v string) bool {
		return v == "*" || v == a.ARN || v == a.principal.Account || v == "arn:"+a.principal.Partition+":iam::"+a.principal.Account+":root"
	}
	for _, s := range r.trust.Doc.Statements {
		if !s.IsAllow() || !statementHas(s, actAssumeRole) || s.Principal == nil {
			continue
		}
		hit := s.Principal.Wildcard != nil
		for _, e := range s.Principal.Entries {
			for _, v := range e.Values {
				hit = hit || (strings.EqualFold(e.Type(), "AWS") && names(v.Str))
			}
		}
		if hit {
			loc := account.Loc{File: r.trust.Doc.File, Span: s.Node.Span, Pointer: s.Node.Pointer}
			return &decision{explained: true, grants: []Grant{{Loc: loc, Action: actAssumeRole, In: "the trust policy of " + r.Label()}}}
		}
	}
	return nil
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
	return join(c, d)
}

// credentialEdges finds the users a can create credentials for.
func (b *builder) credentialEdges(a *Node) {
	done := map[*Node]bool{}
	for _, act := range []string{actCreateAccessKey, actCreateLogin, actUpdateLogin} {
		if !b.has(a, act) {
			continue
		}
		kind := LoginProfile
		if act == actCreateAccessKey {
			kind = CreateAccessKey
		}
		for _, u := range b.matching(a, act, "users", b.users) {
			if u == a || done[u] {
				continue
			}
			if ok, cond := b.allows(a, nil, act, u.ARN, a.ctx); ok {
				done[u] = true
				a.Out = append(a.Out, &Edge{From: a, To: u, Kind: kind, Action: act, Conditional: cond, b: b})
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

// empowerTargets are the principals x may be able to empower: those its
// policy-writing Allows may name, directly, through a group or through an
// attached policy.
func (b *builder) empowerTargets(g *Graph, x *Node) []*Node {
	var out []*Node
	seen := map[*Node]bool{}
	add := func(ns ...*Node) {
		for _, n := range ns {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	for _, act := range []string{actPutUserPolicy, actAttachUser} {
		if b.has(x, act) {
			add(b.matching(x, act, "users", b.users)...)
		}
	}
	for _, act := range []string{actPutRolePolicy, actAttachRole} {
		if b.has(x, act) {
			add(b.matching(x, act, "roles", b.roles)...)
		}
	}
	for _, act := range []string{actPutGroupPolicy, actAttachGroup} {
		if !b.has(x, act) {
			continue
		}
		ps := b.patternsOf(x, act)
		for _, gr := range b.groupList {
			if ps.any || ps.match(gr.arn) {
				add(gr.nodes...)
			}
		}
	}
	if b.has(x, actPolicyVersion) {
		ps := b.patternsOf(x, actPolicyVersion)
		for arn, ns := range b.byPolicy {
			if ps.any || ps.match(arn) {
				add(ns...)
			}
		}
	}
	if b.has(x, actAddUserToGroup) && len(b.admins()) > 0 {
		add(b.users...)
	}
	return out
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
			if b.has(x, act) && b.mayMatch(x, act, t.ARN) {
				if gate = b.decide(x, nil, act, t.ARN, x.ctx); gate != nil {
					break
				}
			}
		}
		if gate == nil {
			return nil
		}
	}
	try := func(kind EdgeKind, act, res, via string) *Edge {
		if !b.has(x, act) || !b.mayMatch(x, act, res) {
			return nil
		}
		d := b.decide(x, nil, act, res, x.ctx)
		if d == nil {
			return nil
		}
		if gate == nil {
			return newEdge(x, t, kind, act, via, d)
		}
		e := newEdge(x, t, kind, act, via, join(d, gate))
		e.Unbounds = true
		return e
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
		for _, gr := range b.admins() {
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
func (b *builder) admins() []*group {
	if b.adminGroupsDone {
		return b.adminGroups
	}
	b.adminGroupsDone = true
	p := authz.ParsePrincipal("arn:aws:iam::" + PlaceholderAccount + ":user/iamlint-probe")
	ctx := &authz.Context{Open: true}
	ctx.SetRequestKeys(p, PlaceholderAccount)
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
