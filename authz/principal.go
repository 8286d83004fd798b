package authz

import (
	"strings"

	"github.com/iamlint/iamlint/policy"
)

// PrincipalKind is what kind of principal makes a request.
type PrincipalKind uint8

// The kinds of principal.
const (
	UnknownPrincipal PrincipalKind = iota
	IAMUser                        // arn:aws:iam::111122223333:user/name
	RoleSession                    // arn:aws:sts::111122223333:assumed-role/role/session
	Role                           // arn:aws:iam::111122223333:role/name, a session of it
	FederatedUser                  // arn:aws:sts::111122223333:federated-user/name
	AccountRoot                    // arn:aws:iam::111122223333:root
	ServicePrincipal               // lambda.amazonaws.com
	Anonymous                      // an unsigned request
)

// Principal is the principal of a request, parsed from its ARN once.
type Principal struct {
	ARN     string
	Kind    PrincipalKind
	Account string
	// RoleName is the role's name (without path) for a role or role
	// session.
	RoleName string
	// Partition is the ARN's partition ("aws").
	Partition string
}

// ParsePrincipal reads a principal: an IAM user, role, role session,
// federated user or account root ARN, a service principal name, or "" or
// "*" for an anonymous request.
func ParsePrincipal(s string) Principal {
	p := Principal{ARN: s}
	if s == "" || s == "*" {
		p.Kind = Anonymous
		return p
	}
	parts, ok := splitARN(s)
	if !ok || parts[0] != "arn" {
		if strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn") {
			p.Kind = ServicePrincipal
		}
		return p
	}
	p.Partition, p.Account = parts[1], parts[4]
	res := parts[5]
	switch parts[2] {
	case "iam":
		switch {
		case res == "root":
			p.Kind = AccountRoot
		case strings.HasPrefix(res, "user/"):
			p.Kind = IAMUser
		case strings.HasPrefix(res, "role/"):
			p.Kind = Role
			p.RoleName = res[strings.LastIndexByte(res, '/')+1:]
		}
	case "sts":
		switch {
		case strings.HasPrefix(res, "assumed-role/"):
			p.Kind = RoleSession
			name, _, _ := strings.Cut(res[len("assumed-role/"):], "/")
			p.RoleName = name
		case strings.HasPrefix(res, "federated-user/"):
			p.Kind = FederatedUser
		}
	}
	return p
}

// RoleARN is the ARN of a role session's role (without its path, which
// a session ARN does not carry), or "".
func (p *Principal) RoleARN() string {
	if p.Kind != RoleSession && p.Kind != Role {
		return ""
	}
	if p.Kind == Role {
		return p.ARN
	}
	return "arn:" + p.Partition + ":iam::" + p.Account + ":role/" + p.RoleName
}

// grant is how a resource policy's Principal names the request's
// principal; it decides whether the grant stands alone in one account.
type grant uint8

const (
	grantNone     grant = iota
	grantUser           // the IAM user ARN
	grantSession        // the role session or federated user session ARN
	grantRole           // the role ARN of a role session
	grantAccount        // the principal's account
	grantWildcard       // "*" or {"AWS": "*"}
	grantService        // the service principal
)

// principalSet is a compiled Principal or NotPrincipal element.
type principalSet struct {
	src      *policy.Principal
	wildcard bool
	aws      []string // AWS values: "*", account IDs, ARNs
	other    []string // Service, Federated, CanonicalUser values
}

func compilePrincipal(p *policy.Principal) principalSet {
	ps := principalSet{src: p, wildcard: p.Wildcard != nil}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			if v.Kind != policy.String {
				continue
			}
			if strings.EqualFold(e.Type(), "AWS") {
				ps.aws = append(ps.aws, v.Str)
			} else {
				ps.other = append(ps.other, v.Str)
			}
		}
	}
	return ps
}

// match returns how the set names the principal (grantNone when it does
// not). The strongest form wins: the principal itself, then a wildcard
// (which names the principal itself too), then its role, then its
// account.
func (ps *principalSet) match(p *Principal) grant {
	if ps.wildcard {
		return grantWildcard
	}
	best := grantNone
	better := func(g grant) {
		if rank(g) > rank(best) {
			best = g
		}
	}
	for _, v := range ps.aws {
		switch {
		case v == "*":
			// {"AWS": "*"} is everyone, anonymous users included, as
			// "*" is (IAM User Guide, "AWS JSON policy elements:
			// Principal", All principals).
			better(grantWildcard)
		case p.Kind == Anonymous || p.Kind == ServicePrincipal:
		case v == p.ARN:
			switch p.Kind {
			case Role:
				better(grantRole)
			case IAMUser:
				better(grantUser)
			default:
				better(grantSession)
			}
		case isAccountID(v):
			if v == p.Account {
				better(grantAccount)
			}
		default:
			better(matchPrincipalARN(v, p))
		}
	}
	for _, v := range ps.other {
		// Only "*" and {"AWS": "*"} are wildcards; {"Service": "*"} names
		// no one.
		if (p.Kind == ServicePrincipal && strings.EqualFold(v, p.ARN)) || (p.Kind != Anonymous && v == p.ARN) {
			if p.Kind == ServicePrincipal {
				better(grantService)
			} else {
				better(grantSession)
			}
		}
	}
	return best
}

func rank(g grant) int {
	switch g {
	case grantSession, grantService:
		return 5
	case grantUser:
		return 4
	case grantWildcard:
		return 3
	case grantRole:
		return 2
	case grantAccount:
		return 1
	}
	return 0
}

// matchPrincipalARN matches a principal ARN from a policy (not the
// request's own ARN) against the request's principal.
func matchPrincipalARN(v string, p *Principal) grant {
	parts, ok := splitARN(v)
	if !ok || parts[0] != "arn" || parts[4] != p.Account {
		return grantNone
	}
	switch {
	case parts[2] == "iam" && parts[5] == "root":
		return grantAccount
	case parts[2] == "iam" && strings.HasPrefix(parts[5], "role/") && (p.Kind == RoleSession || p.Kind == Role):
		name := parts[5][strings.LastIndexByte(parts[5], '/')+1:]
		if name == p.RoleName {
			return grantRole
		}
	}
	return grantNone
}

func isAccountID(s string) bool { return len(s) == 12 && isDigits(s) }

// excludes reports whether a NotPrincipal set leaves the principal out.
// AWS checks each identity in the principal's chain (the account, then the
// role, then the role session or user), so every one of them must be
// listed; and a principal with a permissions boundary is never left out
// (IAM User Guide, "AWS JSON policy elements: NotPrincipal").
func (ps *principalSet) excludes(p *Principal, hasBoundary bool) bool {
	if hasBoundary && (p.Kind == IAMUser || p.Kind == Role || p.Kind == RoleSession || p.Kind == FederatedUser) {
		return false
	}
	if ps.wildcard {
		return true
	}
	listed := func(test func(v string) bool) bool {
		for _, v := range ps.aws {
			if v == "*" || test(v) {
				return true
			}
		}
		return false
	}
	account := func(v string) bool {
		if isAccountID(v) {
			return v == p.Account
		}
		parts, ok := splitARN(v)
		return ok && parts[2] == "iam" && parts[4] == p.Account && parts[5] == "root"
	}
	exact := func(v string) bool { return v == p.ARN }
	role := func(v string) bool { return matchPrincipalARN(v, p) == grantRole }
	switch p.Kind {
	case IAMUser, FederatedUser:
		return listed(account) && listed(exact)
	case RoleSession:
		return listed(account) && listed(role) && listed(exact)
	case Role:
		return listed(account) && listed(role)
	case AccountRoot:
		return listed(account)
	case ServicePrincipal:
		for _, v := range ps.other {
			if strings.EqualFold(v, p.ARN) {
				return true
			}
		}
		return false
	case Anonymous:
		return false
	}
	return listed(exact)
}
