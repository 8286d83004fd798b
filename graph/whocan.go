package graph

import (
	"github.com/iamlint/iamlint/authz"
)

// Access is a principal that can make a request, directly or by becoming
// another principal.
type Access struct {
	// Path leads from the principal to one allowed the request (no steps
	// when the principal is), or to administrator (Path.Admin set, or an
	// empowering last step).
	Path *Path
	// Allowed are the statements that allow the request to the last
	// principal of the path; empty for a path to administrator.
	Allowed []Grant
	// ViaAdmin reports a path that ends at administrator access.
	ViaAdmin bool
	// Conditional reports that the request or a step depends on
	// condition keys that are not known.
	Conditional bool
}

// WhoCan returns every principal that can make a request (an action on a
// resource ARN, or "*"), directly or through a path, in the order of the
// nodes. The principals' identity policies and boundaries decide; the
// model holds no resource policies.
func (g *Graph) WhoCan(action, resource string) []*Access {
	b := g.b
	ends := g.adminEndings()
	allowed := map[*Node]*decision{}
	for _, n := range g.Nodes {
		if d := b.decide(n, nil, action, resource, n.ctx); d != nil {
			allowed[n] = d
			c := 0
			if d.cond {
				c = condCost
			}
			if old, ok := ends[n]; !ok || c <= old.cost {
				ends[n] = ending{cost: c}
			}
		}
	}
	next, cost := g.shortest(ends)
	var out []*Access
	for _, n := range g.Nodes {
		if cost[n.index] < 0 {
			continue
		}
		p := follow(n, next, ends)
		a := &Access{Path: p, Conditional: p.Conditional}
		last := p.Last()
		if d, ok := allowed[last]; ok && p.Admin == nil && (len(p.Steps) == 0 || !p.Steps[len(p.Steps)-1].Empowering()) {
			a.Allowed = d.Grants()
			a.Conditional = a.Conditional || d.cond
		} else {
			a.ViaAdmin = true
		}
		out = append(out, a)
	}
	return out
}

// Decide decides a request of a principal of the graph with its identity
// policies and boundary, in an open context: Allowed, Conditional or
// denied.
func (g *Graph) Decide(n *Node, action, resource string) authz.Effect {
	req := authz.Request{Principal: n.principal, Action: action, Resource: resource, Context: n.ctx}
	return authz.Decide(&n.set, &req)
}
