package effective

import (
	"math/bits"
	"strings"
	"sync"

	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// Set is what some policy documents grant.
type Set struct {
	cat    *catalog.Catalog
	idx    *actionIndex
	Grants []*Grant
	denies []*deny
}

// Grant is one Allow statement and the actions it grants.
type Grant struct {
	Doc       *policy.Document
	Statement *policy.Statement
	// AllActions reports Action "*": every action, known to the catalog or
	// not.
	AllActions bool
	// Resources are the statement's Resource values, or with NotResource
	// the values it excludes.
	Resources   []*policy.Node
	NotResource bool
	// Unknown reports an Action or Resource value that cannot be known
	// statically (a template parameter): the grant may be narrower or
	// broader than what is seen.
	Unknown bool

	acts bitset
}

// deny is a Deny statement that applies for certain: no Condition.
type deny struct {
	stmt        *policy.Statement
	acts        bitset
	resources   []string
	notResource bool
}

// Access is one way a set grants an action: the statement, and the
// resources it still grants the action on once Deny statements are taken
// into account (nil with NotResource, which grants on every resource but
// those it names).
type Access struct {
	Grant     *Grant
	Action    *catalog.Action
	Resources []*policy.Node
}

// Conditional reports whether the granting statement has a Condition.
func (a Access) Conditional() bool { return a.Grant.Statement.Condition != nil }

// Compute works out what the documents grant together. Statements of
// documents with syntax problems count as far as they can be read;
// statements without a known Effect count as neither.
func Compute(cat *catalog.Catalog, docs ...*policy.Document) *Set {
	s := &Set{cat: cat, idx: indexOf(cat)}
	for _, d := range docs {
		for _, st := range d.Statements {
			switch {
			case st.IsAllow():
				if g := s.grant(d, st); g != nil {
					s.Grants = append(s.Grants, g)
				}
			case st.IsDeny() && st.Condition == nil:
				if dn := s.deny(st); dn != nil {
					s.denies = append(s.denies, dn)
				}
			}
		}
	}
	return s
}

func (s *Set) grant(d *policy.Document, st *policy.Statement) *Grant {
	acts, all, unknown, ok := s.actionSet(st)
	if !ok {
		return nil
	}
	g := &Grant{Doc: d, Statement: st, acts: acts, AllActions: all, Unknown: unknown}
	switch {
	case st.Resource != nil:
		g.Resources = st.Resource.Values
	case st.NotResource != nil:
		g.Resources, g.NotResource = st.NotResource.Values, true
	default:
		return nil
	}
	for _, r := range g.Resources {
		if r.Unknown || r.Kind != policy.String {
			g.Unknown = true
		}
	}
	return g
}

func (s *Set) deny(st *policy.Statement) *deny {
	acts, _, unknown, ok := s.actionSet(st)
	if !ok || unknown && st.NotAction != nil {
		// An unknown exception may exclude anything: the Deny is not
		// certain for any action. (An unknown Action value just adds
		// nothing certain.)
		return nil
	}
	dn := &deny{stmt: st, acts: acts}
	l := st.Resource
	if l == nil {
		l, dn.notResource = st.NotResource, true
	}
	if l == nil {
		return nil
	}
	for _, v := range l.Values {
		if v.Unknown || v.Kind != policy.String {
			if !dn.notResource {
				continue // an unknown resource covers nothing for certain
			}
			return nil // an unknown exception may exclude anything
		}
		dn.resources = append(dn.resources, v.Str)
	}
	return dn
}

// actionSet expands a statement's Action, or the complement of its
// NotAction, into a bit set of catalog actions. all reports Action "*";
// unknown a value that cannot be known statically (it adds nothing to an
// Action and excludes nothing from a NotAction); ok is false when the
// statement has neither element.
func (s *Set) actionSet(st *policy.Statement) (acts bitset, all, unknown, ok bool) {
	acts = newBitset(len(s.idx.actions))
	switch {
	case st.Action != nil:
		for _, v := range st.Action.Values {
			if v.Unknown || v.Kind != policy.String {
				unknown = true
				continue
			}
			if v.Str == "*" {
				acts.fill()
				return acts, true, unknown, true
			}
			for _, a := range expand(s.cat, v.Str) {
				acts.set(s.idx.pos[a])
			}
		}
	case st.NotAction != nil:
		acts.fill()
		for _, v := range st.NotAction.Values {
			if v.Unknown || v.Kind != policy.String {
				unknown = true
				continue
			}
			for _, a := range expand(s.cat, v.Str) {
				acts.clear(s.idx.pos[a])
			}
		}
	default:
		return acts, false, false, false
	}
	return acts, false, unknown, true
}

// Has reports whether the grant's statement names the action (before
// Deny statements are considered).
func (g *Grant) Has(s *Set, a *catalog.Action) bool {
	i, ok := s.idx.pos[a]
	return ok && g.acts.has(i)
}

// Source is the Action value that grants the action, or the NotAction
// element's value for a NotAction statement.
func (g *Grant) Source(a *catalog.Action) *policy.Node {
	st := g.Statement
	if st.Action == nil {
		return st.NotAction.Member.Value
	}
	name := a.String()
	for _, v := range st.Action.Values {
		if v.Kind == policy.String && (v.Str == "*" || catalog.MatchPattern(v.Str, name)) {
			return v
		}
	}
	return st.Action.Member.Value
}

// Access returns every way the set grants the action, after Deny
// statements: grants whose resources every certain Deny covers are left
// out, and the resources of the others are those still granted.
func (s *Set) Access(a *catalog.Action) []Access {
	i, ok := s.idx.pos[a]
	if !ok {
		return nil
	}
	var out []Access
	for _, g := range s.Grants {
		if !g.acts.has(i) {
			continue
		}
		if acc, ok := s.access(g, a, i); ok {
			out = append(out, acc)
		}
	}
	return out
}

// AccessIn is Access limited to one grant: ok is false when the grant does
// not give the action, or Deny statements take it away entirely.
func (s *Set) AccessIn(g *Grant, a *catalog.Action) (Access, bool) {
	i, ok := s.idx.pos[a]
	if !ok || !g.acts.has(i) {
		return Access{}, false
	}
	return s.access(g, a, i)
}

func (s *Set) access(g *Grant, a *catalog.Action, i int) (Access, bool) {
	acc := Access{Grant: g, Action: a}
	if g.NotResource {
		for _, dn := range s.denies {
			if dn.acts.has(i) && dn.coversAll() {
				return acc, false
			}
		}
		return acc, true
	}
	for _, r := range g.Resources {
		if r.Unknown || r.Kind != policy.String || !s.denied(a, i, r.Str) {
			acc.Resources = append(acc.Resources, r)
		}
	}
	return acc, len(acc.Resources) > 0
}

// Actions returns the catalog actions the grant gives on at least one
// resource once Deny statements are considered, in catalog order.
func (s *Set) Actions(g *Grant) []*catalog.Action {
	var out []*catalog.Action
	g.acts.each(func(i int) {
		a := s.idx.actions[i]
		if _, ok := s.access(g, a, i); ok {
			out = append(out, a)
		}
	})
	return out
}

// denied reports whether certain Deny statements take action i away on
// every resource the pattern r can name. For r "*" that is every resource
// of every type the action acts on: a Deny of sqs:PurgeQueue on
// arn:aws:sqs:*:*:* covers an Allow of it on "*".
func (s *Set) denied(a *catalog.Action, i int, r string) bool {
	var shapes []string
	star := strings.Trim(r, "*") == "" && !a.OnlyWildcardResource()
	for _, dn := range s.denies {
		if !dn.acts.has(i) {
			continue
		}
		if dn.covers(r) {
			return true
		}
		if star {
			if shapes == nil {
				shapes = resourceShapes(a)
			}
			if dn.coversEach(shapes) {
				return true
			}
		}
	}
	return false
}

// coversEach reports whether the Deny covers every one of the shapes.
func (dn *deny) coversEach(shapes []string) bool {
	for _, sh := range shapes {
		if !dn.covers(sh) {
			return false
		}
	}
	return true
}

// resourceShapes are the ARN formats of the action's resource types as
// patterns: ${Partition} is aws, other placeholders are *.
func resourceShapes(a *catalog.Action) []string {
	var out []string
	for _, ar := range a.Resources {
		if ar.Type != nil {
			out = append(out, ar.Type.Patterns()...)
		}
	}
	return out
}

func (dn *deny) coversAll() bool {
	if dn.notResource {
		return len(dn.resources) == 0
	}
	for _, p := range dn.resources {
		if strings.Trim(p, "*") == "" {
			return true
		}
	}
	return false
}

// covers reports whether every resource the allow pattern r can name is
// also named by the Deny's resources. A Deny pattern covers r when it
// matches r's text with r's wildcards taken as literal characters (a Deny
// "arn:aws:s3:::*" covers "arn:aws:s3:::logs/*"). A NotResource Deny covers
// r when none of its exceptions can overlap r.
func (dn *deny) covers(r string) bool {
	if dn.notResource {
		for _, p := range dn.resources {
			if Overlap(p, r) {
				return false
			}
		}
		return true
	}
	for _, p := range dn.resources {
		if coversPattern(p, r) {
			return true
		}
	}
	return false
}

// coversPattern reports whether the glob p matches every string the glob r
// matches: p matches r's text with r's wildcards taken literally. A '?' of
// p against a wildcard of r is not sure to cover it, so such pairs are
// taken not to cover (the Allow is kept).
func coversPattern(p, r string) bool {
	if strings.Contains(p, "?") && strings.ContainsAny(r, "*?") {
		return false
	}
	return Glob(p, r)
}

// Glob reports whether s matches the IAM resource pattern p, case
// sensitively: * matches any run of characters, ? any one.
func Glob(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// Overlap reports whether the globs a and b can match a string in common.
func Overlap(a, b string) bool {
	return overlap(a, b, map[[2]int]bool{}, 0, 0)
}

func overlap(a, b string, seen map[[2]int]bool, i, j int) bool {
	for {
		if seen[[2]int{i, j}] {
			return false
		}
		seen[[2]int{i, j}] = true
		switch {
		case i == len(a) && j == len(b):
			return true
		case i < len(a) && a[i] == '*':
			if overlap(a, b, seen, i+1, j) {
				return true
			}
			if j == len(b) {
				return false
			}
			j++
		case j < len(b) && b[j] == '*':
			if overlap(a, b, seen, i, j+1) {
				return true
			}
			if i == len(a) {
				return false
			}
			i++
		case i == len(a) || j == len(b):
			return false
		case a[i] == '?' || b[j] == '?' || a[i] == b[j]:
			i++
			j++
		default:
			return false
		}
	}
}

// Applies reports whether the Resource pattern can name a resource the
// action acts on: "*" always does; for an action that takes only "*" (it
// lists no resource type), only a pattern that matches "*" does; otherwise
// the pattern must fit one of the action's resource types.
func Applies(a *catalog.Action, resource string) bool {
	if strings.Trim(resource, "*") == "" {
		return true
	}
	if a.OnlyWildcardResource() {
		return false
	}
	for _, r := range a.Resources {
		if r.Type != nil && r.Type.Match(resource) {
			return true
		}
	}
	return false
}

// actionIndex numbers a catalog's actions for bit sets.
type actionIndex struct {
	actions []*catalog.Action
	pos     map[*catalog.Action]int
}

var indexes sync.Map // *catalog.Catalog → *actionIndex

func indexOf(cat *catalog.Catalog) *actionIndex {
	if x, ok := indexes.Load(cat); ok {
		return x.(*actionIndex)
	}
	x := &actionIndex{pos: map[*catalog.Action]int{}}
	for _, svc := range cat.Services() {
		for _, a := range svc.Actions {
			x.pos[a] = len(x.actions)
			x.actions = append(x.actions, a)
		}
	}
	v, _ := indexes.LoadOrStore(cat, x)
	return v.(*actionIndex)
}

// Catalog returns the set's catalog.
func (s *Set) Catalog() *catalog.Catalog { return s.cat }

// bitset is a set of action indexes below n.
type bitset struct {
	w []uint64
	n int
}

func newBitset(n int) bitset { return bitset{w: make([]uint64, (n+63)/64), n: n} }

func (b bitset) set(i int)      { b.w[i>>6] |= 1 << (i & 63) }
func (b bitset) clear(i int)    { b.w[i>>6] &^= 1 << (i & 63) }
func (b bitset) has(i int) bool { return i < b.n && b.w[i>>6]&(1<<(i&63)) != 0 }

// fill adds every index below n.
func (b bitset) fill() {
	for i := range b.w {
		b.w[i] = ^uint64(0)
	}
	if r := b.n & 63; r != 0 {
		b.w[len(b.w)-1] = 1<<r - 1
	}
}

func (b bitset) each(fn func(int)) {
	for w, x := range b.w {
		for x != 0 {
			fn(w*64 + bits.TrailingZeros64(x))
			x &= x - 1
		}
	}
}

// expand is catalog.Expand, with a direct lookup of the service when the
// pattern names one (the common case, and far cheaper than matching the
// pattern against every service prefix).
func expand(cat *catalog.Catalog, pattern string) []*catalog.Action {
	svc, act, ok := strings.Cut(pattern, ":")
	if !ok || strings.ContainsAny(svc, "*?") {
		return cat.Expand(pattern)
	}
	s := cat.Service(svc)
	if s == nil {
		return nil
	}
	if !strings.ContainsAny(act, "*?") {
		if a := s.Action(act); a != nil {
			return []*catalog.Action{a}
		}
		return nil
	}
	var out []*catalog.Action
	for _, a := range s.Actions {
		if catalog.MatchPattern(act, a.Name) {
			out = append(out, a)
		}
	}
	return out
}
