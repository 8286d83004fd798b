package graph

import (
	"strings"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/authz"
)

// PlaceholderAccount is the account ID given to the principals of a
// template or Terraform module, whose account is not known until it is
// deployed: their ARNs are arn:aws:iam::000000000000:role/NAME.
const PlaceholderAccount = "000000000000"

// Kind is what a node is.
type Kind uint8

// The kinds of node.
const (
	User Kind = iota + 1
	Role
)

func (k Kind) String() string {
	if k == User {
		return "user"
	}
	return "role"
}

// Graph is the principal graph of one identity model.
type Graph struct {
	// Account is the account ID of the (first) model: from its ARNs, or
	// PlaceholderAccount.
	Account string
	// Nodes are the users, then the roles, in the model's order.
	Nodes []*Node

	byARN  map[string]*Node
	groups map[*account.Group]*group
	b      *builder
}

// Node is a user or a role.
type Node struct {
	Kind Kind
	// Name is the IAM name, or the input's ID for it when the name is not
	// known (a template's logical ID).
	Name string
	ARN  string
	// Loc is where the principal is declared, and Source the input (dump,
	// template, module) it is from.
	Loc    account.Loc
	Source string
	User   *account.User
	Role   *account.Role
	// AccessKeys reports a user with long-term access keys in the model.
	AccessKeys bool
	// Admin says how the principal is an administrator; nil when it is
	// not.
	Admin *Admin
	// Out are the edges "this node can become another".
	Out []*Edge
	// Empower are the edges "this node can make another an
	// administrator" (write its policies).
	Empower []*Edge

	index     int
	principal authz.Principal
	set       authz.Set
	ctx       *authz.Context
	trust     *authz.Policy
	// origins are where the AWS managed policies of the set are
	// attached: statements of those policies are located there.
	origins map[*authz.Policy]account.Loc
	// unsure is a boundary that could not be read: every decision is at
	// most Conditional.
	unsure bool
	mask   uint64
	// launch caches whether the node may take the steps of each launcher
	// (nil: it may not), once launched says it is decided.
	launch   []*decision
	launched []bool
	// sets and patterns are, per indexed action, the policies about it
	// and the resources its Allows name.
	sets     []*authz.Set
	patterns []*patterns
	// groups are the user's groups.
	groups []*group
	// policies are the customer managed policies attached to the node or
	// its groups, with their ARNs.
	policies []*managed
}

// Label names the node as paths show it: user/alice, role/deployer.
func (n *Node) Label() string { return n.Kind.String() + "/" + n.Name }

// Admin is how a principal is an administrator.
type Admin struct {
	// Reason says how, in a few words.
	Reason string
	// Conditional reports that it depends on condition keys.
	Conditional bool
	why         *decision
	// Self is the edge by which the principal grants itself everything,
	// or nil when it is allowed everything already.
	Self *Edge
}

// EdgeKind is the way one principal becomes (or empowers) another.
type EdgeKind uint8

// The kinds of edge.
const (
	Assume EdgeKind = iota + 1
	PassRole
	CreateAccessKey
	LoginProfile
	UpdateTrust
	// The empowering kinds.
	WritePolicy   // Put/Attach{User,Role}Policy on the principal
	GroupPolicy   // Put/AttachGroupPolicy on a group of the user
	PolicyVersion // CreatePolicyVersion on a policy attached to it
	AddToGroup    // AddUserToGroup into an administrators' group
)

// Edge is one step: From can become To (or, for the empowering kinds,
// make To an administrator).
type Edge struct {
	From, To *Node
	Kind     EdgeKind
	// Action is the action that does it: sts:AssumeRole,
	// lambda:CreateFunction, iam:CreateAccessKey, iam:AttachRolePolicy.
	Action string
	// Via names the group or policy involved, for GroupPolicy,
	// PolicyVersion and AddToGroup.
	Via string
	// Conditional reports that a decision of the edge depends on
	// condition keys that are not known.
	Conditional bool
	// Unbounds reports an empowering edge that first removes (or
	// replaces) To's permissions boundary.
	Unbounds bool
	// why explains the edge; nil until asked for, for the kinds that
	// builder.explain can decide again.
	why      *decision
	b        *builder
	launcher int
}

// Grants are the statements that allow the edge; the first is the one a
// finding points at.
func (e *Edge) Grants() []Grant {
	if e.why == nil && e.b != nil {
		e.why = e.b.explain(e)
	}
	return e.why.Grants()
}

// Grants are the statements that make the principal an administrator.
func (a *Admin) Grants() []Grant { return a.why.Grants() }

// Grant is a statement that took part in allowing an edge.
type Grant struct {
	Loc account.Loc
	// Action is the action it allowed.
	Action string
	// In names the policy when it is not the principal's identity policy:
	// "the trust policy of role/deployer", "the permissions boundary".
	In string
}

// Text describes the grant: "sts:AssumeRole allowed here by the trust
// policy of role/deployer".
func (g Grant) Text() string {
	if g.In == "" {
		return g.Action + " allowed here"
	}
	return g.Action + " allowed here by " + g.In
}

// Text describes the edge as a step of a path: "assumes role/deployer".
func (e *Edge) Text() string {
	to := e.To.Label()
	if e.To == e.From {
		to = "itself"
	}
	var s string
	switch e.Kind {
	case Assume:
		s = "assumes " + to
	case PassRole:
		s = "passes " + to + " to " + e.Action
	case CreateAccessKey:
		s = "creates an access key for " + to
	case LoginProfile:
		if e.Action == actUpdateLogin {
			s = "changes the console password of " + to
		} else {
			s = "creates a console password for " + to
		}
	case UpdateTrust:
		s = "rewrites the trust policy of " + to + " and assumes it"
	case WritePolicy:
		if strings.HasPrefix(e.Action, "iam:Put") {
			s = "writes an inline policy of " + to
		} else {
			s = "attaches a managed policy to " + to
		}
	case GroupPolicy:
		if strings.HasPrefix(e.Action, "iam:Put") {
			s = "writes an inline policy of group/" + e.Via + " of " + to
		} else {
			s = "attaches a managed policy to group/" + e.Via + " of " + to
		}
	case PolicyVersion:
		s = "writes a new version of policy/" + e.Via + " attached to " + to
	case AddToGroup:
		if e.To == e.From {
			to = "itself"
		}
		s = "adds " + to + " to group/" + e.Via
	}
	if e.Unbounds {
		s += " and removes its permissions boundary"
	}
	if e.Conditional {
		s += " (if conditions allow)"
	}
	return s
}

// Empowering reports an edge that changes To's permissions rather than
// becoming To.
func (e *Edge) Empowering() bool { return e.Kind >= WritePolicy }

// Node returns the node of a principal ARN, or nil.
func (g *Graph) Node(arn string) *Node { return g.byARN[arn] }

// Find returns the node a user names: an ARN, user/NAME, role/NAME or a
// bare name (users first), or nil.
func (g *Graph) Find(name string) *Node {
	if n := g.byARN[name]; n != nil {
		return n
	}
	for _, n := range g.Nodes {
		if n.Label() == name || n.Name == name {
			return n
		}
	}
	return nil
}
