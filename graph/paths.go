package graph

import (
	"container/heap"
	"strings"
)

// Path is a way from a principal to administrator access (or, for
// WhoCan, to a principal allowed a request).
type Path struct {
	Start *Node
	// Steps are the edges taken, in order: becoming edges, and at most
	// one empowering edge.
	Steps []*Edge
	// Admin is the administrator the path ends at, nil when it ends with
	// an empowering step or at a principal allowed directly.
	Admin *Node
	// Conditional reports that a step depends on condition keys that are
	// not known.
	Conditional bool
}

// Last is the principal the path ends with.
func (p *Path) Last() *Node {
	if len(p.Steps) == 0 {
		return p.Start
	}
	return p.Steps[len(p.Steps)-1].To
}

// String is the path as text: "user/alice → assumes role/deployer →
// passes role/lambda-admin to lambda:CreateFunction → admin".
func (p *Path) String() string { return p.Text("admin") }

// Text is the path as text, ending with end.
func (p *Path) Text(end string) string {
	parts := []string{p.Start.Label()}
	for _, e := range p.Steps {
		parts = append(parts, e.Text())
	}
	if p.Admin != nil && p.Admin.Admin != nil {
		if p.Admin.Admin.Self != nil {
			parts = append(parts, p.Admin.Admin.Self.Text())
		} else if p.Admin.Admin.Conditional {
			end += " (if conditions allow)"
		}
	}
	return strings.Join(append(parts, end), " → ")
}

// ending is how a node ends a path: it is the goal, or takes these steps
// to it.
type ending struct {
	steps []*Edge
	admin *Node
	cost  int
}

// condCost is the cost of a conditional step: a path without one is
// always preferred.
const condCost = 1 << 16

func stepCost(e *Edge) int {
	if e.Conditional {
		return condCost
	}
	return 1
}

func pathCost(steps []*Edge) int {
	c := 0
	for _, e := range steps {
		c += stepCost(e)
	}
	return c
}

// adminEndings are the nodes paths to administrator end at: the
// administrators, and the principals that can empower another principal
// they can reach (or that can reach them).
func (g *Graph) adminEndings() map[*Node]ending {
	ends := map[*Node]ending{}
	put := func(n *Node, e ending) {
		if old, ok := ends[n]; !ok || e.cost < old.cost {
			ends[n] = e
		}
	}
	for _, n := range g.Nodes {
		if n.Admin != nil {
			c := 0
			if n.Admin.Conditional {
				c = condCost
			}
			put(n, ending{admin: n, cost: c})
		}
	}
	in := g.reverse()
	for _, x := range g.Nodes {
		if len(x.Empower) == 0 || x.Admin != nil {
			continue
		}
		fwd := bfs(x, func(n *Node) []*Edge { return n.Out }, func(e *Edge) *Node { return e.To })
		back := bfs(x, func(n *Node) []*Edge { return in[n.index] }, func(e *Edge) *Node { return e.From })
		for _, e := range x.Empower {
			if steps, ok := fwd.path(e.To, false); ok {
				s := append([]*Edge{e}, steps...)
				put(x, ending{steps: s, cost: pathCost(s)})
			}
			if steps, ok := back.path(e.To, true); ok {
				steps = append(steps, e)
				put(e.To, ending{steps: steps, cost: pathCost(steps)})
			}
		}
	}
	return ends
}

// reverse returns the incoming becoming edges of each node.
func (g *Graph) reverse() [][]*Edge {
	in := make([][]*Edge, len(g.Nodes))
	for _, n := range g.Nodes {
		for _, e := range n.Out {
			in[e.To.index] = append(in[e.To.index], e)
		}
	}
	return in
}

// tree is a breadth-first search from one node.
type tree struct {
	root *Node
	via  map[*Node]*Edge
}

func bfs(root *Node, next func(*Node) []*Edge, far func(*Edge) *Node) *tree {
	t := &tree{root: root, via: map[*Node]*Edge{root: nil}}
	queue := []*Node{root}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, e := range next(n) {
			m := far(e)
			if _, ok := t.via[m]; !ok {
				t.via[m] = e
				queue = append(queue, m)
			}
		}
	}
	return t
}

// path returns the edges from the root to n (from n to the root for a
// backward tree).
func (t *tree) path(n *Node, backward bool) ([]*Edge, bool) {
	if _, ok := t.via[n]; !ok {
		return nil, false
	}
	var out []*Edge
	for cur := n; cur != t.root; {
		e := t.via[cur]
		out = append(out, e)
		if backward {
			cur = e.To
		} else {
			cur = e.From
		}
	}
	if !backward {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out, true
}

// shortest finds, for every node, the cheapest path to an ending: the
// first edge to take (nil at an ending) and the total cost (-1 when no
// ending is reachable).
func (g *Graph) shortest(ends map[*Node]ending) (next []*Edge, cost []int) {
	in := g.reverse()
	next = make([]*Edge, len(g.Nodes))
	cost = make([]int, len(g.Nodes))
	for i := range cost {
		cost[i] = -1
	}
	q := &queue{}
	for n, e := range ends {
		cost[n.index] = e.cost
		heap.Push(q, item{n, e.cost})
	}
	for q.Len() > 0 {
		it := heap.Pop(q).(item)
		if it.cost != cost[it.n.index] {
			continue
		}
		for _, e := range in[it.n.index] {
			c := it.cost + stepCost(e)
			if old := cost[e.From.index]; old < 0 || c < old {
				cost[e.From.index] = c
				next[e.From.index] = e
				heap.Push(q, item{e.From, c})
			}
		}
	}
	return next, cost
}

type item struct {
	n    *Node
	cost int
}

type queue []item

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if q[i].cost != q[j].cost {
		return q[i].cost < q[j].cost
	}
	return q[i].n.index < q[j].n.index
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(item)) }
func (q *queue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// follow builds the path from n along next to its ending.
func follow(n *Node, next []*Edge, ends map[*Node]ending) *Path {
	p := &Path{Start: n}
	cur := n
	for {
		if e, ok := ends[cur]; ok && (next[cur.index] == nil) {
			p.Steps = append(p.Steps, e.steps...)
			p.Admin = e.admin
			break
		}
		e := next[cur.index]
		p.Steps = append(p.Steps, e)
		cur = e.To
	}
	for _, e := range p.Steps {
		p.Conditional = p.Conditional || e.Conditional
	}
	if p.Admin != nil && p.Admin.Admin.Conditional {
		p.Conditional = true
	}
	return p
}

// EscalationPaths returns, for every principal that is not an
// administrator but can become one, the cheapest such path (fewest
// steps, and no conditional step when there is a way without), in the
// order of the nodes.
func (g *Graph) EscalationPaths() []*Path {
	ends := g.adminEndings()
	next, cost := g.shortest(ends)
	var out []*Path
	for _, n := range g.Nodes {
		if n.Admin != nil || cost[n.index] < 0 {
			continue
		}
		out = append(out, follow(n, next, ends))
	}
	return out
}
