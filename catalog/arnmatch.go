package catalog

import (
	"math/bits"
	"slices"
	"strings"
)

// charClass is a set of bytes.
type charClass [4]uint64

func (c *charClass) has(b byte) bool { return c[b>>6]&(1<<(b&63)) != 0 }
func (c *charClass) add(b byte)      { c[b>>6] |= 1 << (b & 63) }
func (c *charClass) addRange(lo, hi byte) {
	for b := int(lo); b <= int(hi); b++ {
		c.add(byte(b))
	}
}

func classOf(s string) charClass {
	var c charClass
	for i := range len(s) {
		c.add(s[i])
	}
	return c
}

func anyBut(s string) charClass {
	c := charClass{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	for i := range len(s) {
		c[s[i]>>6] &^= 1 << (s[i] & 63)
	}
	return c
}

var (
	classAny       = anyBut("")
	classPartition = func() charClass { c := classOf("-"); c.addRange('a', 'z'); return c }()
	classRegion    = func() charClass { c := classPartition; c.addRange('0', '9'); return c }()
	classDigit     = func() charClass { var c charClass; c.addRange('0', '9'); return c }()
)

// arnMatcher is an ARN format compiled to an automaton without ε-moves.
// State i's edges are edges[start[i]:start[i+1]]; state 0 is the start.
type arnMatcher struct {
	classes []charClass
	start   []int32
	edges   []arnEdge
	accept  int32
	// header is the first state of the resource part: states before it
	// read the five fields before it, where a policy's * stays within its
	// field (IAM matches each colon-separated field on its own).
	header int32
	colon  int // the class of the ':' separating fields; -1 if none
	// service is the format's service field when it is literal ("s3"),
	// else "".
	service string
}

type arnEdge struct {
	class uint16
	to    int32
}

// arnBuilder assembles an arnMatcher: cur is the state the next piece
// starts from.
type arnBuilder struct {
	m       arnMatcher
	classID map[charClass]uint16
	raw     [][3]int32 // from, class, to
	n, cur  int32
	loose   bool
}

func (b *arnBuilder) state() int32 { b.n++; return b.n - 1 }

func (b *arnBuilder) edge(from int32, c charClass, to int32) {
	id, ok := b.classID[c]
	if !ok {
		id = uint16(len(b.m.classes))
		b.classID[c] = id
		b.m.classes = append(b.m.classes, c)
	}
	b.raw = append(b.raw, [3]int32{from, int32(id), to})
}

// one appends a piece that is exactly one byte of c.
func (b *arnBuilder) one(c charClass) {
	t := b.state()
	b.edge(b.cur, c, t)
	b.cur = t
}

// many appends c+ (atLeastOne) or c*.
func (b *arnBuilder) many(c charClass, atLeastOne bool) {
	if atLeastOne {
		b.one(c)
	}
	b.edge(b.cur, c, b.cur)
}

func (b *arnBuilder) literal(s string) {
	for i := range len(s) {
		b.one(classOf(s[i : i+1]))
	}
}

// account appends 12 digits or "aws", both ending in one state.
func (b *arnBuilder) account() {
	from, end := b.cur, b.state()
	for i := range 12 {
		t := end
		if i < 11 {
			t = b.state()
		}
		b.edge(b.cur, classDigit, t)
		b.cur = t
	}
	b.cur = from
	b.literal("aw")
	b.edge(b.cur, classOf("s"), end)
	b.cur = end
}

// accountField appends the account field and the colon after it. A
// ${Account} placeholder may also be empty: resources that AWS owns have
// no account in their ARN (arn:aws:ssm:us-east-1::document/AWS-RunShellScript,
// arn:aws:ec2:us-east-1::image/ami-1), whatever the format says.
func (b *arnBuilder) accountField(s string) {
	from := b.cur
	b.field(s, b.account)
	colon := b.state()
	b.edge(b.cur, classOf(":"), colon)
	if strings.HasPrefix(s, "${") {
		b.edge(from, classOf(":"), colon)
	}
	b.cur = colon
}

// field appends one of the fields before the resource part.
func (b *arnBuilder) field(s string, placeholder func()) {
	switch {
	case s == "*":
		b.many(anyBut(":"), false)
	case strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}"):
		placeholder()
	default:
		b.literal(s)
	}
}

// compileARN compiles one ARN format. loose lets the placeholder that
// ends the format hold any characters, '/' and ':' included (see
// ResourceType.MatchLoose).
func compileARN(format string, loose bool) *arnMatcher {
	b := &arnBuilder{classID: map[charClass]uint16{}, loose: loose}
	b.state()
	fields := strings.SplitN(format, ":", 6)
	if len(fields) == 6 && strings.EqualFold(fields[0], "arn") {
		b.one(classOf("aA"))
		b.one(classOf("rR"))
		b.one(classOf("nN"))
		b.literal(":")
		b.field(fields[1], func() { b.many(classPartition, true) })
		b.literal(":")
		b.field(fields[2], func() { b.many(classRegion, true) })
		b.literal(":")
		b.field(fields[3], func() { b.many(classRegion, false) })
		b.literal(":")
		b.accountField(fields[4])
		b.m.header = b.n
		if !strings.ContainsAny(fields[2], "*?$") {
			b.m.service = fields[2]
		}
		b.resource(fields[2], fields[5])
	} else {
		b.resource("", format)
	}
	return b.finish()
}

// resource appends the resource part of a format.
func (b *arnBuilder) resource(service, s string) {
	for len(s) > 0 {
		switch {
		case s[0] == '*':
			b.many(classAny, false)
			s = s[1:]
		case strings.HasPrefix(s, "${") && strings.IndexByte(s, '}') > 0:
			end := strings.IndexByte(s, '}')
			name, rest := s[2:end], s[end+1:]
			switch {
			case rest == "" && (b.loose || pathLike(service, name)):
				b.many(classAny, true)
			case rest == "":
				b.many(anyBut("/"), true)
			case strings.HasPrefix(rest, "${"):
				b.many(anyBut("/"), true)
			default:
				b.many(anyBut(rest[:1]), true)
			}
			s = rest
		default:
			b.literal(s[:1])
			s = s[1:]
		}
	}
}

func (b *arnBuilder) finish() *arnMatcher {
	m := &b.m
	m.accept = b.cur
	m.colon = -1
	if id, ok := b.classID[classOf(":")]; ok {
		m.colon = int(id)
	}
	slices.SortStableFunc(b.raw, func(x, y [3]int32) int { return int(x[0] - y[0]) })
	m.start = make([]int32, b.n+1)
	m.edges = make([]arnEdge, len(b.raw))
	for i, e := range b.raw {
		m.edges[i] = arnEdge{uint16(e[1]), e[2]}
		m.start[e[0]+1]++
	}
	for i := 1; i <= int(b.n); i++ {
		m.start[i] += m.start[i-1]
	}
	return m
}

// stateSet is a set of automaton states.
type stateSet []uint64

func (s stateSet) add(i int32)      { s[i>>6] |= 1 << (i & 63) }
func (s stateSet) clear()           { clear(s) }
func (s stateSet) empty() bool      { return !slices.ContainsFunc(s, func(w uint64) bool { return w != 0 }) }
func (s stateSet) has(i int32) bool { return s[i>>6]&(1<<(i&63)) != 0 }

// each calls f for every state in s.
func (s stateSet) each(f func(int32)) {
	for w, word := range s {
		for word != 0 {
			f(int32(w<<6 + bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
}

// match runs the automaton over a policy resource pattern.
func (m *arnMatcher) match(resource string) bool {
	words := (len(m.start) + 63) / 64
	var buf [16]uint64
	mem := buf[:]
	if 2*words > len(mem) {
		mem = make([]uint64, 2*words)
	}
	cur, next := stateSet(mem[:words]), stateSet(mem[words:2*words])
	cur.add(0)
	for i := 0; i < len(resource); {
		c, kind, n := policyItem(resource[i:])
		i += n
		switch kind {
		case itemStar:
			m.closure(cur, next)
			continue
		case itemOne:
			m.step(cur, next, func(*charClass) bool { return true })
		default:
			m.step(cur, next, func(cls *charClass) bool { return cls.has(c) })
		}
		cur, next = next, cur
		if cur.empty() {
			return false
		}
	}
	return cur.has(m.accept)
}

// step sets next to the states reached from cur by one edge that ok allows.
func (m *arnMatcher) step(cur, next stateSet, ok func(*charClass) bool) {
	next.clear()
	cur.each(func(s int32) {
		for _, e := range m.edges[m.start[s]:m.start[s+1]] {
			if ok(&m.classes[e.class]) {
				next.add(e.to)
			}
		}
	})
}

// closure adds to cur every state reachable from it by any edges (the
// policy's *), using tmp as scratch; but in the fields before the
// resource part, not over the ':' that ends a field.
func (m *arnMatcher) closure(cur, tmp stateSet) {
	for {
		tmp.clear()
		cur.each(func(s int32) {
			for _, e := range m.edges[m.start[s]:m.start[s+1]] {
				if s < m.header && int(e.class) == m.colon {
					continue
				}
				tmp.add(e.to)
			}
		})
		grew := false
		for w := range cur {
			if tmp[w]&^cur[w] != 0 {
				cur[w] |= tmp[w]
				grew = true
			}
		}
		if !grew {
			return
		}
	}
}

const (
	itemByte = iota
	itemOne  // ?
	itemStar // *, or a ${...} that is not an escape
)

// policyItem reads the next item of a policy resource pattern: its byte (for
// itemByte), its kind and its length.
func policyItem(s string) (byte, int, int) {
	switch s[0] {
	case '*':
		return 0, itemStar, 1
	case '?':
		return 0, itemOne, 1
	case '$':
		if len(s) > 1 && s[1] == '{' {
			end := strings.IndexByte(s, '}')
			if end < 0 {
				break
			}
			switch inner := s[2:end]; inner {
			case "*", "?", "$":
				return inner[0], itemByte, end + 1
			}
			return 0, itemStar, end + 1
		}
	}
	return s[0], itemByte, 1
}
