package authz

import (
	"strings"
	"unicode/utf8"
)

// pieceKind is the kind of one piece of a compiled string.
type pieceKind uint8

const (
	lit    pieceKind = iota // literal text
	star                    // * in a Like pattern: any run of characters
	qmark                   // ? in a Like pattern: one character
	varRef                  // a policy variable, ${key} or ${key, 'default'}
)

// piece is one part of a compiled string.
type piece struct {
	kind pieceKind
	text string // lit: the text; varRef: the key name as written, trimmed
	def  string // varRef: the default value
	// hasDef says varRef has a default; bad says the ${...} was malformed,
	// so it never resolves.
	hasDef, bad bool
}

// template is a policy string compiled for matching: literal runs,
// wildcards (in Like patterns) and policy variables (in documents of
// Version 2012-10-17).
type template struct {
	raw    string
	pieces []piece
	hasVar bool
}

// compileTemplate splits s into pieces. vars expands ${...} policy
// variables; like makes * and ? wildcards.
func compileTemplate(s string, vars, like bool) template {
	t := template{raw: s}
	var buf strings.Builder
	flush := func() {
		if buf.Len() > 0 {
			t.pieces = append(t.pieces, piece{kind: lit, text: buf.String()})
			buf.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case like && c == '*':
			flush()
			if n := len(t.pieces); n == 0 || t.pieces[n-1].kind != star {
				t.pieces = append(t.pieces, piece{kind: star})
			}
			i++
		case like && c == '?':
			flush()
			t.pieces = append(t.pieces, piece{kind: qmark})
			i++
		case vars && c == '$' && strings.HasPrefix(s[i:], "${"):
			p, n, ok := parseVariable(s[i:])
			if !ok {
				buf.WriteByte(c)
				i++
				continue
			}
			i += n
			if p.kind == lit {
				buf.WriteString(p.text)
				continue
			}
			flush()
			t.pieces = append(t.pieces, p)
			t.hasVar = true
		default:
			buf.WriteByte(c)
			i++
		}
	}
	flush()
	return t
}

// parseVariable reads the policy variable that s starts with ("${...}")
// and returns it with its length. The escapes ${*}, ${?} and ${$} are
// literal pieces. A variable whose key or default is malformed (an empty
// key, a default not in single quotes) is returned with bad set: AWS
// cannot resolve it. ok is false when there is no closing brace, and the
// text is then literal.
func parseVariable(s string) (p piece, n int, ok bool) {
	// Find the closing brace, skipping over a quoted default, in which
	// '' stands for one quote.
	end := -1
	inQuote := false
	for i := 2; i < len(s); i++ {
		switch s[i] {
		case '\'':
			if inQuote && i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			inQuote = !inQuote
		case '}':
			if !inQuote {
				end = i
			}
		}
		if end >= 0 {
			break
		}
	}
	if end < 0 {
		return piece{}, 0, false
	}
	body := s[2:end]
	n = end + 1
	switch body {
	case "*", "?", "$":
		return piece{kind: lit, text: body}, n, true
	}
	key, rest, hasComma := strings.Cut(body, ",")
	key = strings.TrimSpace(key)
	p = piece{kind: varRef, text: key}
	if key == "" || strings.ContainsAny(key, " \t'") {
		p.bad = true
		return p, n, true
	}
	if hasComma {
		rest = strings.TrimSpace(rest)
		if len(rest) < 2 || rest[0] != '\'' || rest[len(rest)-1] != '\'' {
			p.bad = true
			return p, n, true
		}
		inner := rest[1 : len(rest)-1]
		// A lone quote inside the default is malformed; '' is one quote.
		var b strings.Builder
		for i := 0; i < len(inner); i++ {
			if inner[i] == '\'' {
				if i+1 < len(inner) && inner[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				p.bad = true
				return p, n, true
			}
			b.WriteByte(inner[i])
		}
		p.def, p.hasDef = b.String(), true
	}
	return p, n, true
}

// resolve returns the pieces of t with its variables replaced by literal
// values from ctx, using buf as scratch space. ok is false when a variable
// has no value and no default: the string then matches nothing. unknown
// reports a variable whose key is unknown (in an open context).
func (t *template) resolve(ctx *Context, buf []piece) (ps []piece, ok, unknown bool) {
	return t.resolveMode(ctx, buf, false)
}

// resolveAny is resolve with each variable that has no value replaced by
// a wildcard: the pattern of every string the template could match
// whatever the variable's value.
func (t *template) resolveAny(ctx *Context, buf []piece) []piece {
	ps, _, _ := t.resolveMode(ctx, buf, true)
	return ps
}

func (t *template) resolveMode(ctx *Context, buf []piece, any bool) (ps []piece, ok, unknown bool) {
	if !t.hasVar {
		return t.pieces, true, false
	}
	buf = buf[:0]
	for _, p := range t.pieces {
		if p.kind != varRef {
			buf = append(buf, p)
			continue
		}
		if p.bad {
			if any {
				buf = append(buf, piece{kind: star})
				continue
			}
			return nil, false, false
		}
		vals, present := ctx.lookup(p.text)
		switch {
		case present && len(vals) == 1:
			buf = append(buf, piece{kind: lit, text: vals[0]})
		case !present && ctx.open():
			return nil, false, true
		case p.hasDef:
			buf = append(buf, piece{kind: lit, text: p.def})
		case any:
			buf = append(buf, piece{kind: star})
		default:
			return nil, false, false
		}
	}
	return buf, true, false
}

// matchPieces reports whether s matches the pieces: literal runs compared
// exactly (or ignoring case with fold), star any run, qmark one character.
// It backtracks only to the last star, so it runs in O(len(ps)·len(s)) and
// does not allocate.
func matchPieces(ps []piece, s string, fold bool) bool {
	if len(ps) == 1 && ps[0].kind == star {
		return true
	}
	pi, si := 0, 0
	starPi, starSi := -1, 0
	for {
		if pi < len(ps) {
			p := &ps[pi]
			switch p.kind {
			case star:
				starPi, starSi = pi, si
				pi++
				if pi == len(ps) {
					return true // a final star takes the rest
				}
				if next := &ps[pi]; next.kind == lit && !fold {
					// Skip to the next place the literal can start.
					j := strings.Index(s[si:], next.text)
					if j < 0 {
						return false
					}
					starSi = si + j
					si = starSi
				}
				continue
			case qmark:
				if si < len(s) {
					si += runeLen(s, si)
					pi++
					continue
				}
			case lit:
				if hasPrefix(s[si:], p.text, fold) {
					si += len(p.text)
					pi++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		if starPi < 0 || starSi >= len(s) {
			return false
		}
		starSi += runeLen(s, starSi)
		if next := &ps[starPi+1]; next.kind == lit && !fold {
			j := strings.Index(s[starSi:], next.text)
			if j < 0 {
				return false
			}
			starSi += j
		}
		si, pi = starSi, starPi+1
	}
}

// runeLen is the length of the UTF-8 character at s[i].
func runeLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return w
}

func hasPrefix(s, prefix string, fold bool) bool {
	if len(s) < len(prefix) {
		return false
	}
	if fold {
		return strings.EqualFold(s[:len(prefix)], prefix)
	}
	return s[:len(prefix)] == prefix
}

// splitARN splits an ARN into its six colon-separated parts (the last may
// hold more colons). ok is false for a string with fewer than five colons.
func splitARN(s string) (parts [6]string, ok bool) {
	for i := range 5 {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return parts, false
		}
		parts[i], s = s[:j], s[j+1:]
	}
	parts[5] = s
	return parts, true
}
