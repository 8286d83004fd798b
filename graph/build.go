package graph

import (
	"slices"
	"strings"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/authz"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// builder holds what building one graph shares: compiled documents, the
// action index of each policy, the references of a template.
type builder struct {
	account string
	// refs resolves a template's references to its own identities; nil
	// for account dumps.
	refs     map[string]string
	compiled map[*policy.Document]*authz.Policy
	masks    map[*authz.Policy][2]uint64
	// indexed are the actions policies are indexed by (see
	// indexedActions): bit i of a mask is indexed[i].
	indexed []string
	index   map[string]int
	bit     map[string]uint64
	// trusting are the roles that trust each service, computed on first
	// use.
	trusting map[string][]trustedBy
	// adminGroups are the groups whose policies grant everything,
	// computed on first use.
	adminGroups     []*group
	adminGroupsDone bool
	groupList       []*group
	users, roles    []*Node
	// matches caches builder.matching; byPolicy are the nodes each
	// customer managed policy applies to (attached to them or a group).
	matches  map[string][]*Node
	byPolicy map[string][]*Node
}

type trustedBy struct {
	role *Node
	d    *decision
}

// group is a group's policies, compiled.
type group struct {
	name, arn string
	ids       []*authz.Policy
	origins   map[*authz.Policy]account.Loc
	policies  []*managed
	mask      uint64
	// nodes are the members' nodes.
	nodes []*Node
}

// managed is a customer managed policy attached to a principal.
type managed struct{ name, arn string }

// Build makes the principal graph of identity models: one, or several
// (account dumps of several accounts, read together so that paths cross
// accounts). Templates all get PlaceholderAccount, so the principals of
// several templates are taken to share one account.
func Build(models ...*account.Account) *Graph {
	b := &builder{compiled: map[*policy.Document]*authz.Policy{},
		masks: map[*authz.Policy][2]uint64{}, trusting: map[string][]trustedBy{},
		matches: map[string][]*Node{}, byPolicy: map[string][]*Node{}}
	b.indexed = indexedActions()
	b.bit = make(map[string]uint64, len(b.indexed))
	b.index = make(map[string]int, len(b.indexed))
	for i, act := range b.indexed {
		b.bit[act] = 1 << i
		b.index[act] = i
	}
	g := &Graph{byARN: map[string]*Node{}, groups: map[*account.Group]*group{}, b: b}
	for i, a := range models {
		b.account, b.refs = accountOf(a), nil
		if i == 0 {
			g.Account = b.account
		}
		if !a.Complete {
			b.refs = templateRefs(a, b.account)
		}
		b.model(g, a)
	}
	if g.Account == "" {
		g.Account = PlaceholderAccount
	}
	for _, n := range g.Nodes {
		n.ctx = &authz.Context{Open: true}
		n.ctx.SetRequestKeys(n.principal, n.principal.Account)
	}
	for _, n := range g.Nodes {
		n.Admin = b.admin(n)
	}
	b.edges(g)
	for _, n := range g.Nodes {
		if n.Admin == nil {
			if e := b.empower(g, n, n); e != nil {
				n.Admin = &Admin{Reason: "can grant itself every permission", Conditional: e.Conditional, why: e.why, Self: e}
			}
		}
	}
	return g
}

// model adds the groups, users and roles of one model.
func (b *builder) model(g *Graph, a *account.Account) {
	for _, gr := range a.Groups {
		x := b.group(gr)
		g.groups[gr] = x
		b.groupList = append(b.groupList, x)
	}
	for _, u := range a.Users {
		n := b.node(User, &u.Entity, &u.Principal)
		n.User, n.Source = u, a.Source
		n.AccessKeys = len(u.AccessKeys) > 0
		for _, m := range u.Groups {
			x := g.groups[m.Group]
			if x == nil {
				continue
			}
			n.groups = append(n.groups, x)
			x.nodes = append(x.nodes, n)
			n.set.Identity = append(n.set.Identity, x.ids...)
			for p, l := range x.origins {
				n.origins[p] = l
			}
			n.policies = append(n.policies, x.policies...)
			n.mask |= x.mask
		}
		g.add(n)
	}
	for _, r := range a.Roles {
		n := b.node(Role, &r.Entity, &r.Principal)
		n.Role, n.Source = r, a.Source
		n.trust = b.compile(r.Trust)
		g.add(n)
	}
}

func (g *Graph) add(n *Node) {
	for _, p := range n.policies {
		g.b.byPolicy[p.arn] = append(g.b.byPolicy[p.arn], n)
	}
	n.index = len(g.Nodes)
	g.Nodes = append(g.Nodes, n)
	if _, ok := g.byARN[n.ARN]; !ok {
		g.byARN[n.ARN] = n
	}
	if n.Kind == Role {
		// Trust policies may name a role without its path.
		key := "arn:" + n.principal.Partition + ":iam::" + n.principal.Account + ":role/" + n.principal.RoleName
		if _, ok := g.byARN[key]; !ok {
			g.byARN[key] = n
		}
	}
}

// accountOf is the account of a model's ARNs, or PlaceholderAccount.
func accountOf(a *account.Account) string {
	var ents []*account.Entity
	for _, u := range a.Users {
		ents = append(ents, &u.Entity)
	}
	for _, r := range a.Roles {
		ents = append(ents, &r.Entity)
	}
	for _, g := range a.Groups {
		ents = append(ents, &g.Entity)
	}
	for _, e := range ents {
		if acct := arnAccount(e.ARN); acct != "" {
			return acct
		}
	}
	return PlaceholderAccount
}

// arnAccount is the account of an IAM ARN with a 12-digit account, or "".
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" || len(parts[4]) != 12 {
		return ""
	}
	for _, c := range parts[4] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return parts[4]
}

// arnOf is the ARN of an entity: its own when known, else one built from
// its name (or ID) in the model's account.
func (b *builder) arnOf(kind string, e *account.Entity) string {
	if strings.HasPrefix(e.ARN, "arn:") && !strings.Contains(e.ARN, "${") {
		return e.ARN
	}
	return "arn:aws:iam::" + b.account + ":" + kind + "/" + e.Label()
}

// templateRefs maps what a template's unknown values refer to (Fn::GetAtt
// X.Arn, Ref X, ${AWS::AccountId}, Terraform's aws_iam_role.x.arn) to
// the values the graph gives them.
func templateRefs(a *account.Account, acct string) map[string]string {
	m := map[string]string{
		"AWS::AccountId": acct, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
		"data.aws_caller_identity.current.account_id": acct, "data.aws_partition.current.partition": "aws",
	}
	b := &builder{account: acct}
	ent := func(kind string, e *account.Entity, ref string) {
		arn := b.arnOf(kind, e)
		if e.ID == "" {
			return
		}
		for _, k := range []string{e.ID + ".Arn", e.ID + ".arn"} {
			m[k] = arn
		}
		m[e.ID+".name"] = e.Label()
		if ref == "arn" {
			m[e.ID] = arn
		} else {
			m[e.ID] = e.Label()
		}
	}
	for _, u := range a.Users {
		ent("user", &u.Entity, "name")
	}
	for _, r := range a.Roles {
		ent("role", &r.Entity, "name")
	}
	for _, g := range a.Groups {
		ent("group", &g.Entity, "name")
	}
	for _, p := range a.Policies {
		if !p.AWSManaged {
			ent("policy", &p.Entity, "arn")
		}
	}
	for _, p := range a.InstanceProfiles {
		ent("instance-profile", &p.Entity, "name")
	}
	return m
}

// compile compiles a document once, its template references resolved; nil
// for a document that does not compile.
func (b *builder) compile(doc *policy.Document) *authz.Policy {
	if doc == nil {
		return nil
	}
	if p, ok := b.compiled[doc]; ok {
		return p
	}
	d := doc
	if b.refs != nil && !doc.AWSManaged {
		d = resolveDoc(doc, b.refs)
	}
	p, err := authz.Compile(d)
	if err != nil {
		p = nil
	}
	b.compiled[doc] = p
	return p
}

// policyMask is the set of indexed actions some Allow of p may grant.
func (b *builder) policyMask(p *authz.Policy) uint64 { return b.masksOf(p)[0] }

// touches is the set of indexed actions some statement of p (Allow or
// Deny) is about.
func (b *builder) touches(p *authz.Policy) uint64 { return b.masksOf(p)[1] }

func (b *builder) masksOf(p *authz.Policy) [2]uint64 {
	if p == nil {
		return [2]uint64{}
	}
	if m, ok := b.masks[p]; ok {
		return m
	}
	var m [2]uint64
	for _, s := range p.Doc.Statements {
		for i, act := range b.indexed {
			if statementHas(s, act) {
				m[1] |= 1 << i
				if s.IsAllow() {
					m[0] |= 1 << i
				}
			}
		}
	}
	b.masks[p] = m
	return m
}

func (b *builder) group(gr *account.Group) *group {
	x := &group{name: gr.Label(), arn: b.arnOf("group", &gr.Entity), origins: map[*authz.Policy]account.Loc{}}
	b.collect(&gr.Principal, &x.ids, x.origins, &x.policies)
	for _, p := range x.ids {
		x.mask |= b.policyMask(p)
	}
	return x
}

// collect compiles the inline and attached policies of a principal.
func (b *builder) collect(p *account.Principal, ids *[]*authz.Policy, origins map[*authz.Policy]account.Loc, policies *[]*managed) {
	for _, ip := range p.Inline {
		if c := b.compile(ip.Doc); c != nil {
			*ids = append(*ids, c)
		}
	}
	for _, at := range p.Attached {
		if at.Policy == nil {
			continue
		}
		c := b.compile(at.Policy.Doc)
		if c == nil {
			continue
		}
		*ids = append(*ids, c)
		if at.Policy.AWSManaged {
			origins[c] = at.Loc
		} else {
			*policies = append(*policies, &managed{name: at.Policy.Label(), arn: b.arnOf("policy", &at.Policy.Entity)})
		}
	}
}

func (b *builder) node(kind Kind, e *account.Entity, p *account.Principal) *Node {
	n := &Node{Kind: kind, Name: e.Label(), Loc: e.Loc, origins: map[*authz.Policy]account.Loc{}}
	n.ARN = b.arnOf(kind.String(), e)
	n.principal = authz.ParsePrincipal(n.ARN)
	b.collect(p, &n.set.Identity, n.origins, &n.policies)
	for _, c := range n.set.Identity {
		n.mask |= b.policyMask(c)
	}
	if at := p.Boundary; at != nil {
		var c *authz.Policy
		if at.Policy != nil {
			c = b.compile(at.Policy.Doc)
		}
		if c == nil {
			// A boundary whose document is not known limits the principal
			// in ways we cannot tell.
			n.unsure = true
			n.set.Boundary = unknownBoundary
		} else {
			n.set.Boundary = c
			if at.Policy.AWSManaged {
				n.origins[c] = at.Loc
			}
		}
	}
	return n
}

// unknownBoundary stands for a boundary that could not be read: it allows
// everything, and the node's decisions are marked conditional.
var unknownBoundary = mustParse(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)

func mustParse(src string) *authz.Policy {
	p, err := authz.ParsePolicy("(unknown permissions boundary)", []byte(src), policy.Boundary)
	if err != nil {
		panic(err)
	}
	return p
}

// has reports whether the node's policies may allow an action.
func (b *builder) has(n *Node, act string) bool { return n.mask&b.bit[act] != 0 }

// setFor is the node's policy set for one action: only the identity
// policies with a statement about it (AWS managed policies such as
// ReadOnlyAccess list thousands of actions, none of them these), so that
// deciding does not scan the others. Actions outside the index get the
// whole set.
func (b *builder) setFor(n *Node, action string) *authz.Set {
	i, ok := b.index[action]
	if !ok {
		return &n.set
	}
	if n.sets == nil {
		n.sets = make([]*authz.Set, len(b.indexed))
	}
	if s := n.sets[i]; s != nil {
		return s
	}
	s := &authz.Set{Boundary: n.set.Boundary, Session: n.set.Session, SCPs: n.set.SCPs}
	for _, p := range n.set.Identity {
		if b.touches(p)&(1<<i) != 0 {
			s.Identity = append(s.Identity, p)
		}
	}
	n.sets[i] = s
	return s
}

// decision is an allowed (or conditionally allowed) request. Its
// explanation (the statements that allowed it) is computed when asked
// for: most edges are never shown.
type decision struct {
	cond bool
	// req is the request, for a single decision; parts are the decisions
	// of a composite one.
	req   *request
	parts []*decision
	// grants, once explained.
	grants    []Grant
	explained bool
}

type request struct {
	n   *Node
	set *authz.Set
	req authz.Request
	// trustee is the role whose trust policy is the resource policy.
	trustee *Node
}

// Grants are the statements that allowed the decision, identity policies
// first.
func (d *decision) Grants() []Grant {
	if d == nil || d.explained {
		return d.grantsOrNil()
	}
	d.explained = true
	for _, p := range d.parts {
		for _, g := range p.Grants() {
			dup := false
			for _, h := range d.grants {
				dup = dup || (h.Loc.File == g.Loc.File && h.Loc.Span == g.Loc.Span && h.Action == g.Action)
			}
			if !dup {
				d.grants = append(d.grants, g)
			}
		}
	}
	if r := d.req; r != nil {
		dec := authz.Evaluate(r.set, &r.req)
		rank := func(t authz.PolicyType) int {
			switch t {
			case authz.IdentityPolicy:
				return 0
			case authz.ResourcePolicy:
				return 1
			}
			return 2
		}
		st := slices.Clone(dec.Statements)
		slices.SortStableFunc(st, func(x, y authz.Deciding) int { return rank(x.Type) - rank(y.Type) })
		for _, s := range st {
			if s.Effect() != "Allow" || s.Policy == unknownBoundary {
				continue
			}
			gr := Grant{Loc: locOf(r.n, s), Action: r.req.Action}
			switch s.Type {
			case authz.ResourcePolicy:
				gr.In = "the trust policy"
				if r.trustee != nil {
					gr.In += " of " + r.trustee.Label()
				}
			case authz.PermissionsBoundary:
				gr.In = "the permissions boundary"
			}
			d.grants = append(d.grants, gr)
		}
	}
	return d.grants
}

func (d *decision) grantsOrNil() []Grant {
	if d == nil {
		return nil
	}
	return d.grants
}

// join is the decision that needs all of ds (nil ones are left out).
func join(ds ...*decision) *decision {
	out := &decision{}
	for _, d := range ds {
		if d != nil {
			out.parts = append(out.parts, d)
			out.cond = out.cond || d.cond
		}
	}
	return out
}

// decide decides a request of node n with its policies for the action
// (plus a resource policy, for assume) and returns the decision, or nil
// when it is denied.
func (b *builder) decide(n *Node, resourcePolicy *authz.Policy, action, resource string, ctx *authz.Context) *decision {
	set := b.setFor(n, action)
	if resourcePolicy != nil {
		s := *set
		s.Resource, s.ResourceMustAllow = resourcePolicy, true
		set = &s
	}
	return b.decideSet(n, n.principal, set, action, resource, ctx)
}

// allows decides a request like decide, without keeping anything to
// explain it: the fast path for the many edges never shown.
func (b *builder) allows(n *Node, resourcePolicy *authz.Policy, action, resource string, ctx *authz.Context) (ok, cond bool) {
	set := b.setFor(n, action)
	var tmp authz.Set
	if resourcePolicy != nil {
		tmp = *set
		tmp.Resource, tmp.ResourceMustAllow = resourcePolicy, true
		set = &tmp
	}
	req := authz.Request{Principal: n.principal, Action: action, Resource: resource, Context: ctx}
	switch authz.Decide(set, &req) {
	case authz.Allowed:
		return true, n.unsure
	case authz.Conditional:
		return true, true
	}
	return false, false
}

// decideSet decides a request with a given set, for node n (nil for a
// service principal).
func (b *builder) decideSet(n *Node, p authz.Principal, set *authz.Set, action, resource string, ctx *authz.Context) *decision {
	r := &request{n: n, set: set, req: authz.Request{Principal: p, Action: action, Resource: resource, Context: ctx}}
	eff := authz.Decide(set, &r.req)
	if eff != authz.Allowed && eff != authz.Conditional {
		return nil
	}
	return &decision{cond: eff == authz.Conditional || (n != nil && n.unsure), req: r}
}

// locOf is where a deciding statement is: the statement, or the
// attachment of an AWS managed policy (whose text is not in the input).
func locOf(n *Node, s authz.Deciding) account.Loc {
	if n != nil {
		if l, ok := n.origins[s.Policy]; ok {
			return l
		}
	}
	return account.Loc{File: s.Policy.Doc.File, Span: s.Statement.Node.Span, Pointer: s.Statement.Node.Pointer}
}

// mayMatch reports whether some Allow of n for the action may name the
// resource: a quick filter before deciding, which never says no to a
// resource authz could allow (patterns are matched ignoring case, and
// NotResource or policy variables match anything).
func (b *builder) mayMatch(n *Node, action, resource string) bool {
	ps := b.patternsOf(n, action)
	return ps == nil || ps.any || ps.match(resource)
}

// patternsOf returns the resources n's Allows name for an indexed action,
// or nil for an action outside the index.
func (b *builder) patternsOf(n *Node, action string) *patterns {
	i, ok := b.index[action]
	if !ok {
		return nil
	}
	if n.patterns == nil {
		n.patterns = make([]*patterns, len(b.indexed))
	}
	if ps := n.patterns[i]; ps != nil {
		return ps
	}
	ps := &patterns{}
	for _, p := range b.setFor(n, action).Identity {
		for _, s := range p.Doc.Statements {
			if !s.IsAllow() || !statementHas(s, action) {
				continue
			}
			if s.Resource == nil {
				ps.any = true
				continue
			}
			for _, v := range s.Resource.Values {
				if v.Unknown || strings.Contains(v.Str, "${") {
					ps.any = true
				}
				ps.list = append(ps.list, v.Str)
			}
		}
	}
	slices.Sort(ps.list)
	ps.list = slices.Compact(ps.list)
	ps.key = strings.Join(ps.list, "\x00")
	n.patterns[i] = ps
	return ps
}

// patterns are the resources a node's Allows name for one action.
type patterns struct {
	list []string
	// any: a NotResource, a variable or an unknown value, which may name
	// anything.
	any bool
	key string
}

func (ps *patterns) match(resource string) bool {
	for _, p := range ps.list {
		if catalog.MatchPattern(p, resource) {
			return true
		}
	}
	return false
}

// statementHas reports whether a statement's Action (or NotAction)
// covers an action.
func statementHas(s *policy.Statement, action string) bool {
	acts := s.Actions()
	if acts == nil {
		return false
	}
	hit := false
	for _, v := range acts.Values {
		if catalog.MatchPattern(v.Str, action) {
			hit = true
			break
		}
	}
	return hit != (s.Action == nil)
}

// allowedAnywhere decides whether n may take an action on some resource:
// on "*", or on one of the resources its own Allow statements name for the
// action (a statement limited to functions named app-* allows creating
// one).
func (b *builder) allowedAnywhere(n *Node, action string) *decision {
	var cond *decision
	try := func(res string) *decision {
		d := b.decide(n, nil, action, res, n.ctx)
		if d != nil && !d.cond {
			return d
		}
		if d != nil && cond == nil {
			cond = d
		}
		return nil
	}
	if d := try("*"); d != nil {
		return d
	}
	seen := map[string]bool{"*": true}
	for _, p := range b.setFor(n, action).Identity {
		for _, s := range p.Doc.Statements {
			if !s.IsAllow() || s.Resource == nil || s.Action == nil || !statementHas(s, action) {
				continue
			}
			for _, v := range s.Resource.Values {
				if seen[v.Str] {
					continue
				}
				seen[v.Str] = true
				if d := try(v.Str); d != nil {
					return d
				}
			}
		}
	}
	return cond
}

// admin decides whether n is allowed everything: every probe action on
// "*".
func (b *builder) admin(n *Node) *Admin {
	cond := n.unsure
	for _, act := range adminProbe {
		req := authz.Request{Principal: n.principal, Action: act, Resource: "*", Context: n.ctx}
		switch authz.Decide(b.setFor(n, act), &req) {
		case authz.Allowed:
		case authz.Conditional:
			cond = true
		default:
			return nil
		}
	}
	d := b.decide(n, nil, adminProbe[0], "*", n.ctx)
	if d == nil {
		return nil
	}
	return &Admin{Reason: "is allowed every action on every resource", Conditional: cond, why: d}
}
