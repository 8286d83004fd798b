package policy

import (
	"fmt"
	"strings"
)

// Kind is what a policy document is attached to, which decides the elements
// it may hold and the rules that apply to it.
type Kind uint8

// The kinds of policy.
const (
	Identity Kind = iota + 1 // attached to a user, group or role
	Trust                    // a role's trust policy (AssumeRolePolicyDocument)
	Resource                 // attached to a resource: S3 bucket, KMS key, SQS queue ...
	Boundary                 // a permissions boundary
	SCP                      // an AWS Organizations service control policy
)

var kindNames = map[Kind]string{
	Identity: "identity",
	Trust:    "trust",
	Resource: "resource",
	Boundary: "boundary",
	SCP:      "scp",
}

// Kinds lists every kind, in order.
var Kinds = []Kind{Identity, Trust, Resource, Boundary, SCP}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "unknown"
}

// ParseKind reads a kind name as written on the command line.
func ParseKind(s string) (Kind, error) {
	for k, name := range kindNames {
		if strings.EqualFold(s, name) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown policy kind %q: want one of identity, trust, resource, boundary, scp", s)
}

// HasPrincipal reports whether documents of this kind name principals.
func (k Kind) HasPrincipal() bool { return k == Trust || k == Resource }

// InferKind guesses the kind of a raw document from its content: a
// document whose statements with a Principal grant only sts:AssumeRole*
// and the session actions that go with them (sts:TagSession,
// sts:SetSourceIdentity, sts:SetContext), one of them sts:AssumeRole* at
// least, is a trust policy: AWS's session-tag examples grant sts:TagSession
// in a statement of its own. Any other Principal makes a resource policy;
// no Principal, an identity policy.
func InferKind(d *Document) Kind {
	principal, trust, assume := false, true, false
	for _, s := range d.Statements {
		if s.Principal == nil && s.NotPrincipal == nil {
			continue
		}
		principal = true
		ok, a := trustActions(s)
		trust = trust && ok
		assume = assume || a
	}
	switch {
	case !principal:
		return Identity
	case trust && assume:
		return Trust
	default:
		return Resource
	}
}

// trustActions reports whether every action of s is one a trust policy
// grants, and whether one of them is sts:AssumeRole*.
func trustActions(s *Statement) (ok, assume bool) {
	if s.Action == nil {
		return false, false
	}
	for _, a := range s.Action.Values {
		if a.Kind != String {
			continue
		}
		v := strings.ToLower(a.Str)
		switch {
		case strings.HasPrefix(v, "sts:assumerole"):
			assume = true
		case v == "sts:tagsession", v == "sts:setsourceidentity", v == "sts:setcontext":
		default:
			return false, false
		}
	}
	return true, assume
}
