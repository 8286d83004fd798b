package authz

import (
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// PolicyType is the role a policy plays in a request's evaluation.
type PolicyType uint8

// The policy types.
const (
	IdentityPolicy PolicyType = iota + 1
	ResourcePolicy
	PermissionsBoundary
	SessionPolicy
	SCP // an AWS Organizations service control policy
	RCP // an AWS Organizations resource control policy
)

func (t PolicyType) String() string {
	switch t {
	case IdentityPolicy:
		return "identity policy"
	case ResourcePolicy:
		return "resource policy"
	case PermissionsBoundary:
		return "permissions boundary"
	case SessionPolicy:
		return "session policy"
	case SCP:
		return "SCP"
	case RCP:
		return "RCP"
	}
	return "policy"
}

// Set is every policy that applies to a request. Nil Boundary and Session
// mean there is none (no limit); no SCP or RCP levels mean the account is
// not governed by any.
type Set struct {
	// Identity are the principal's identity policies: attached and inline,
	// its groups' for a user.
	Identity []*Policy
	// Resource is the policy of the resource, or nil.
	Resource *Policy
	// Boundary is the principal's permissions boundary, or nil.
	Boundary *Policy
	// Session is the session policy passed when the role was assumed (or
	// the federated user created), or nil.
	Session *Policy
	// SCPs are the service control policies of the principal's account,
	// one slice per level of the organization (root, each OU, the
	// account): every level must allow.
	SCPs [][]*Policy
	// RCPs are the resource control policies of the resource's account,
	// by level likewise.
	RCPs [][]*Policy
	// ResourceMustAllow says the resource policy must allow the request
	// even within one account, as a KMS key policy and a role's trust
	// policy must: an identity policy counts only when the resource policy
	// allows too (typically by naming the account, arn:aws:iam::ACCOUNT:root,
	// which delegates to identity policies).
	ResourceMustAllow bool
}

// Request is one request to authorize.
type Request struct {
	Principal Principal // see ParsePrincipal
	Action    string    // "s3:GetObject"
	Resource  string    // an ARN, or "*" for actions that take none
	// ResourceAccount is the account that owns the resource; "" takes the
	// account of the resource ARN, or the principal's when the ARN has
	// none (S3).
	ResourceAccount string
	// Context holds the condition keys of the request. Nil is empty.
	Context *Context
}

// Effect is the outcome of an evaluation.
type Effect uint8

// The outcomes. Conditional is only returned for an open Context.
const (
	ImplicitlyDenied Effect = iota
	Allowed
	ExplicitlyDenied
	Conditional
)

func (e Effect) String() string {
	switch e {
	case Allowed:
		return "Allowed"
	case ExplicitlyDenied:
		return "ExplicitlyDenied"
	case Conditional:
		return "Conditional"
	}
	return "ImplicitlyDenied"
}

// Decision is the outcome of a request with its explanation.
type Decision struct {
	Effect Effect
	// Reason says in one sentence why.
	Reason string
	// Statements are the statements that decided: for Allowed the Allow
	// statements that granted the request and let it through each
	// applicable limit; for ExplicitlyDenied every Deny that applied;
	// none for ImplicitlyDenied.
	Statements []Deciding
	// CrossAccount reports a principal of another account than the
	// resource's.
	CrossAccount bool
}

// Deciding is one statement that took part in a decision.
type Deciding struct {
	Type      PolicyType
	Policy    *Policy
	Statement *policy.Statement
}

// File is the file of the statement's document.
func (d Deciding) File() string { return d.Policy.Doc.File }

// Sid is the statement's Sid, or "".
func (d Deciding) Sid() string { return d.Statement.SidString() }

// Effect is the statement's Effect.
func (d Deciding) Effect() string { return d.Statement.EffectString() }

// Pos is where the statement starts.
func (d Deciding) Pos() policy.Pos { return d.Statement.Node.Span.Start }

// Evaluate decides a request and explains the decision.
func Evaluate(set *Set, req *Request) Decision {
	e := evaluation{req: req, ctx: req.Context, explain: true}
	return e.run(set)
}

// Decide decides a request without explaining: the fast path, which does
// not allocate.
func Decide(set *Set, req *Request) Effect {
	e := evaluation{req: req, ctx: req.Context}
	return e.run(set).Effect
}

// compat is a set of the oracle's known deviations (see
// testdata/oracle-disagreements.md).
type compat uint32

const (
	compatNotPrincipalAnyMatch compat = 1 << iota
	compatForAnyValueIgnoresIfExists
	compatDateEpochVsISO
	compatBareIPOtherFamily
	compatSessionCapsSessionGrant
	compatNullResourceBySegments
)

// sameARNPrefix reports whether the first five parts of an ARN pattern
// match those of an ARN (for compatNullResourceBySegments only).
func sameARNPrefix(pattern, arn string) bool {
	pp, ok1 := splitARNTemplate(pattern)
	ap, ok2 := splitARN(arn)
	if !ok1 || !ok2 {
		return false
	}
	for i := range 5 {
		t := compileTemplate(pp[i], false, true)
		if !matchPieces(t.pieces, ap[i], false) {
			return false
		}
	}
	return true
}

// evaluation is the state of one request's evaluation.
type evaluation struct {
	req     *Request
	ctx     *Context
	explain bool
	// hasBoundary says the principal has a permissions boundary.
	hasBoundary bool
	// compat switches on a known deviation of the differential test's
	// oracle, to confirm that it explains a disagreement; always zero
	// outside that test.
	compat  compat
	scratch [16]piece
	// matched are the statements that applied (yes) or may apply, when
	// explaining.
	matched []matched
}

type matched struct {
	Deciding
	deny  bool
	t     tri
	level int
}

// scan evaluates the statements of one policy: whether an Allow and a
// Deny apply, and (for resource policies) the strongest way an applying
// Allow names the principal.
func (e *evaluation) scan(p *Policy, t PolicyType, level int) (allow, deny tri, g grant) {
	if p == nil {
		return no, no, grantNone
	}
	for i := range p.stmts {
		s := &p.stmts[i]
		applies, sg := e.applies(s, t)
		if applies == no {
			continue
		}
		if s.deny {
			deny = or(deny, applies)
		} else {
			allow = or(allow, applies)
			if applies == yes && rank(sg) > rank(g) {
				g = sg
			}
		}
		if e.explain {
			e.matched = append(e.matched, matched{Deciding{t, p, s.src}, s.deny, applies, level})
		}
	}
	return allow, deny, g
}

// applies decides whether a statement applies to the request.
func (e *evaluation) applies(s *statement, t PolicyType) (tri, grant) {
	r := e.req
	act := false
	for _, a := range s.actions {
		if catalog.MatchPattern(a, r.Action) {
			act = true
			break
		}
	}
	if act == s.notAction {
		return no, grantNone
	}
	out := yes
	if !s.noResource {
		res, unresolved := no, false
		for i := range s.resources {
			m, u := e.matchResource(&s.resources[i])
			res, unresolved = or(res, m), unresolved || u
			if res == yes {
				break
			}
		}
		out = res
		if s.notResource {
			// A pattern whose variable has no value is null: the resource
			// is not known to differ from it.
			out = and(not(res), triOf(!unresolved))
		}
		if out == no {
			return no, grantNone
		}
	}
	g := grantNone
	if t == ResourcePolicy || t == RCP {
		switch {
		case s.noPrincipal:
			if t == ResourcePolicy {
				return no, grantNone
			}
		case s.notPrincipal:
			if e.compat&compatNotPrincipalAnyMatch != 0 {
				if s.principals.match(&r.Principal) != grantNone {
					return no, grantNone
				}
			} else if s.principals.excludes(&r.Principal, e.hasBoundary) {
				return no, grantNone
			}
			g = grantWildcard
		default:
			g = s.principals.match(&r.Principal)
			if g == grantNone {
				return no, grantNone
			}
		}
	}
	for i := range s.conditions {
		out = and(out, e.evalCondition(&s.conditions[i]))
		if out == no {
			return no, grantNone
		}
	}
	return out, g
}

// matchResource matches the request's resource against a Resource
// pattern; unresolved reports a policy variable without a value.
func (e *evaluation) matchResource(t *template) (m tri, unresolved bool) {
	ps, ok, unknown := t.resolve(e.ctx, e.scratch[:0])
	switch {
	case unknown:
		return maybe, false
	case !ok:
		// Null: unknown, unless no value of the variable could make the
		// pattern match.
		if e.compat&compatNullResourceBySegments != 0 {
			return no, sameARNPrefix(t.raw, e.req.Resource)
		}
		return no, matchPieces(t.resolveAny(e.ctx, e.scratch[:0]), e.req.Resource, false)
	}
	return triOf(matchPieces(ps, e.req.Resource, false)), false
}

// levels evaluates SCPs or RCPs: every level must have an Allow. It
// returns the level that allows nothing (-1 when all allow).
func (e *evaluation) levels(levels [][]*Policy, t PolicyType) (ok, deny tri, failed int) {
	ok, failed = yes, -1
	for i, lv := range levels {
		la := no
		for _, p := range lv {
			a, d, _ := e.scan(p, t, i)
			la = or(la, a)
			deny = or(deny, d)
		}
		if la != yes && failed < 0 {
			failed = i
		}
		ok = and(ok, la)
	}
	return ok, deny, failed
}

func (e *evaluation) run(set *Set) Decision {
	r := e.req
	p := &r.Principal
	identityless := p.Kind == ServicePrincipal || p.Kind == Anonymous
	e.hasBoundary = set.Boundary != nil

	// Every policy, for its Deny statements and its Allows.
	rcpOK, deny, rcpFailed := e.levels(set.RCPs, RCP)
	scpOK, scpFailed := yes, -1
	if !identityless {
		var d tri
		scpOK, d, scpFailed = e.levels(set.SCPs, SCP)
		deny = or(deny, d)
	}
	rpAllow, d, g := e.scan(set.Resource, ResourcePolicy, 0)
	deny = or(deny, d)
	idAllow := no
	pbOK, spOK := yes, yes
	if !identityless {
		for _, ip := range set.Identity {
			a, d, _ := e.scan(ip, IdentityPolicy, 0)
			idAllow, deny = or(idAllow, a), or(deny, d)
		}
		if p.Kind == AccountRoot {
			idAllow = yes
		}
		if set.Boundary != nil {
			pbOK, d, _ = e.scan(set.Boundary, PermissionsBoundary, 0)
			deny = or(deny, d)
		}
		if set.Session != nil {
			spOK, d, _ = e.scan(set.Session, SessionPolicy, 0)
			deny = or(deny, d)
		}
	}

	cross := e.crossAccount()
	identity := and(idAllow, and(pbOK, spOK))
	var allowed, viaResource tri
	switch {
	case identityless:
		allowed, viaResource = rpAllow, rpAllow
	case cross:
		allowed = and(identity, rpAllow)
		viaResource = no
	default:
		// One account: an Allow in the resource policy suffices when it
		// names the principal itself; a grant to a role ARN is still
		// capped by the boundary and the session policy; a grant to the
		// account delegates to the identity policies.
		switch g {
		case grantSession, grantService:
			// Granted to the session itself, after it was created: no
			// boundary or session policy limits it.
			viaResource = rpAllow
			if e.compat&compatSessionCapsSessionGrant != 0 {
				viaResource = and(rpAllow, spOK)
			}
		case grantUser, grantWildcard:
			// Granted to the user (or to anyone, the session included)
			// before any session: a session policy still limits it, a
			// boundary does not.
			viaResource = and(rpAllow, spOK)
		case grantRole:
			viaResource = and(rpAllow, and(pbOK, spOK))
		default:
			viaResource = no
			if rpAllow == maybe {
				viaResource = maybe
			}
		}
		if set.ResourceMustAllow {
			allowed = or(viaResource, and(identity, rpAllow))
		} else {
			allowed = or(identity, viaResource)
		}
	}
	final := and(not(deny), and(rcpOK, and(scpOK, allowed)))

	dec := Decision{CrossAccount: cross}
	switch {
	case deny == yes:
		dec.Effect = ExplicitlyDenied
	case final == yes:
		dec.Effect = Allowed
	case final == no:
		dec.Effect = ImplicitlyDenied
	default:
		dec.Effect = Conditional
	}
	if !e.explain {
		return dec
	}
	switch dec.Effect {
	case ExplicitlyDenied:
		dec.Reason = "explicitly denied: a Deny statement applies to the request"
		dec.Statements = e.pick(func(m *matched) bool { return m.deny && m.t == yes })
	case Allowed:
		dec.Reason, dec.Statements = e.explainAllow(set, cross, identityless, identity == yes, viaResource == yes)
	case Conditional:
		dec.Reason = "the decision depends on condition keys that are not known"
		dec.Statements = e.pick(func(m *matched) bool { return true })
	default:
		dec.Reason = e.explainImplicit(set, cross, identityless, rcpFailed, scpFailed, idAllow, pbOK, spOK, rpAllow, g)
	}
	return dec
}

// crossAccount reports whether the principal is of another account than
// the resource.
func (e *evaluation) crossAccount() bool {
	r := e.req
	acct := r.ResourceAccountID()
	if acct == "" || r.Principal.Account == "" {
		return false
	}
	return acct != r.Principal.Account
}

func (e *evaluation) pick(keep func(*matched) bool) []Deciding {
	var out []Deciding
	for i := range e.matched {
		if keep(&e.matched[i]) {
			out = append(out, e.matched[i].Deciding)
		}
	}
	return out
}

func (e *evaluation) explainAllow(set *Set, cross, identityless, viaIdentity, viaResource bool) (string, []Deciding) {
	allowOf := func(types ...PolicyType) []Deciding {
		return e.pick(func(m *matched) bool {
			if m.deny || m.t != yes {
				return false
			}
			for _, t := range types {
				if m.Type == t {
					return true
				}
			}
			return false
		})
	}
	limits := []PolicyType{SCP, RCP}
	if set.Boundary != nil {
		limits = append(limits, PermissionsBoundary)
	}
	if set.Session != nil {
		limits = append(limits, SessionPolicy)
	}
	switch {
	case identityless:
		return "allowed by the resource policy", allowOf(ResourcePolicy, RCP)
	case cross:
		return "allowed across accounts: both an identity policy and the resource policy allow", allowOf(append(limits, IdentityPolicy, ResourcePolicy)...)
	case viaResource && !viaIdentity:
		return "allowed by the resource policy, which grants the principal within its own account", allowOf(append(limits, ResourcePolicy)...)
	}
	return "allowed by an identity policy", allowOf(append(limits, IdentityPolicy)...)
}

func (e *evaluation) explainImplicit(set *Set, cross, identityless bool, rcpFailed, scpFailed int, idAllow, pbOK, spOK, rpAllow tri, g grant) string {
	var why []string
	if rcpFailed >= 0 {
		why = append(why, fmt.Sprintf("no RCP at level %d allows it", rcpFailed+1))
	}
	if scpFailed >= 0 {
		why = append(why, fmt.Sprintf("no SCP at level %d allows it", scpFailed+1))
	}
	switch {
	case identityless:
		if rpAllow != yes {
			why = append(why, "no resource policy statement allows this principal")
		}
	default:
		if set.ResourceMustAllow && rpAllow != yes && !cross {
			if set.Resource == nil {
				why = append(why, "the resource has no policy, and its policy must allow the request")
			} else {
				why = append(why, "the resource policy must allow the request, and it does not allow this principal")
			}
		}
		if idAllow != yes {
			if set.Resource != nil && rpAllow == yes && g == grantAccount && !cross {
				why = append(why, "the resource policy grants the account, which delegates to identity policies, and none allows it")
			} else {
				why = append(why, "no identity policy allows it")
			}
		}
		if pbOK != yes {
			why = append(why, "the permissions boundary does not allow it")
		}
		if spOK != yes {
			why = append(why, "the session policy does not allow it")
		}
		if cross && rpAllow != yes {
			if set.Resource == nil {
				why = append(why, "the request crosses accounts and the resource has no policy to allow it")
			} else {
				why = append(why, "the request crosses accounts and the resource policy does not allow this principal")
			}
		}
	}
	if len(why) == 0 {
		return "implicitly denied: nothing allows the request"
	}
	return "implicitly denied: " + strings.Join(why, "; ")
}
