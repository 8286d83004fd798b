package graph

import (
	"slices"
	"strings"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/authz"
)

// Lookup returns the principals a user names: by ARN (a role's with or
// without its path), by user/NAME or role/NAME, or by bare name; a name
// is the IAM name, or the input's ID for the principal (a template's
// logical ID, a Terraform address). Several principals answer when the
// name is ambiguous (a user and a role of that name, or one name in
// several inputs); none when it names nothing.
func (g *Graph) Lookup(name string) []*Node {
	var out []*Node
	for _, n := range g.Nodes {
		if n.names(name) {
			out = append(out, n)
		}
	}
	return out
}

// names reports whether name names n.
func (n *Node) names(name string) bool {
	id := n.entity().ID
	switch {
	case strings.HasPrefix(name, "arn:"):
		if name == n.ARN {
			return true
		}
		p := n.principal
		return n.Kind == Role && name == "arn:"+p.Partition+":iam::"+p.Account+":role/"+p.RoleName
	case strings.HasPrefix(name, n.Kind.String()+"/"):
		rest := name[len(n.Kind.String())+1:]
		return rest == n.Name || rest == id
	}
	return name == n.Name || name == id
}

// entity is the user's or role's entity.
func (n *Node) entity() *account.Entity {
	if n.User != nil {
		return &n.User.Entity
	}
	if n.Role != nil {
		return &n.Role.Entity
	}
	return &account.Entity{}
}

// Suggest returns the label (or ARN, when name is an ARN) of the
// principal whose name is closest to name, ignoring case, or "" when none
// is close.
func (g *Graph) Suggest(name string) string {
	best, bestDist := "", len(name)/3+2
	for _, n := range g.Nodes {
		cands := []string{n.Label(), n.Name}
		if strings.HasPrefix(name, "arn:") {
			cands = []string{n.ARN}
		}
		for _, c := range cands {
			if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
				best, bestDist = cands[0], d
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two strings, in bytes.
func editDistance(a, b string) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := range len(a) {
		prev := row[0]
		row[0] = i + 1
		for j := range len(b) {
			cost := 1
			if a[i] == b[j] {
				cost = 0
			}
			cur := min(row[j+1]+1, row[j]+1, prev+cost)
			prev, row[j+1] = row[j+1], cur
		}
	}
	return row[len(b)]
}

// Principal is the principal n's requests are made as: its ARN, parsed.
func (n *Node) Principal() authz.Principal { return n.principal }

// Policies are the policies the graph decides n's requests with: its
// identity policies (inline and attached, a user's groups' too, AWS
// managed ones from the embedded set), compiled with a template's
// references to its own identities resolved, and its permissions
// boundary. The slice of identity policies is a copy. A boundary whose
// document is not in the inputs ([Node.BoundaryUnknown]) is given as one
// that allows everything.
func (n *Node) Policies() authz.Set {
	s := n.set
	s.Identity = slices.Clone(s.Identity)
	return s
}

// TrustPolicy is a role's trust policy, compiled like its other policies;
// nil for a user or a role whose trust policy is not known.
func (n *Node) TrustPolicy() *authz.Policy { return n.trust }

// BoundaryUnknown reports a permissions boundary whose document is not in
// the inputs (a customer managed policy that is not there, a reference
// that does not resolve).
func (n *Node) BoundaryUnknown() bool { return n.unsure }

// Boundary is the attachment of n's permissions boundary, or nil.
func (n *Node) Boundary() *account.Attachment {
	if n.User != nil {
		return n.User.Boundary
	}
	if n.Role != nil {
		return n.Role.Boundary
	}
	return nil
}

// Locate is where a statement that decided one of n's requests is in the
// inputs: the statement itself, or, for an AWS managed policy (whose text
// is not in the inputs) and a boundary that is not known, the element
// that attaches it.
func (n *Node) Locate(s authz.Deciding) account.Loc {
	if s.Policy == unknownBoundary {
		if at := n.Boundary(); at != nil {
			return at.Loc
		}
	}
	return locOf(n, s)
}
