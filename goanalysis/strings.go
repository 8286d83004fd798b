package goanalysis

import (
	"go/ast"
	"go/token"
	"strconv"
	"unicode/utf8"
)

// text is the value of a constant string expression made of string
// literals, with the source position of each byte of the value.
type text struct {
	value []byte
	// pos[i] is the position of the source character that byte i of
	// value comes from (the start of its escape sequence); pos[len(value)]
	// is the end of the last literal.
	pos []token.Pos
	// exact is false when a part of the value has no literal in this
	// file (a constant from another package): positions then all point at
	// the start of the expression.
	exact bool
}

// at returns the source position of byte offset off of the value.
func (t *text) at(off int) token.Pos {
	if off < 0 {
		off = 0
	}
	if off >= len(t.pos) {
		off = len(t.pos) - 1
	}
	return t.pos[off]
}

// appendLit appends the value of a string literal and the positions of
// its bytes. Raw strings map byte for byte, except for the carriage
// returns Go drops from them; interpreted strings map each decoded byte to
// its escape sequence.
func (t *text) appendLit(lit *ast.BasicLit) bool {
	src := lit.Value
	if len(src) < 2 {
		return false
	}
	base := lit.Pos()
	if src[0] == '`' {
		for i := 1; i < len(src)-1; i++ {
			if src[i] == '\r' {
				continue
			}
			t.value = append(t.value, src[i])
			t.pos = append(t.pos, base+token.Pos(i))
		}
		t.pos = append(t.pos[:len(t.value)], base+token.Pos(len(src)))
		return true
	}
	if src[0] != '"' {
		return false
	}
	body := src[1 : len(src)-1]
	i := 0
	for i < len(body) {
		start := i
		r, multibyte, tail, err := strconv.UnquoteChar(body[i:], '"')
		if err != nil {
			return false
		}
		i = len(body) - len(tail)
		var buf [utf8.UTFMax]byte
		var enc []byte
		if r < utf8.RuneSelf || !multibyte {
			enc = []byte{byte(r)} // ASCII or a \x/octal byte escape
		} else {
			enc = buf[:utf8.EncodeRune(buf[:], r)]
		}
		for k := range enc {
			t.value = append(t.value, enc[k])
			p := base + 1 + token.Pos(start)
			if body[start] != '\\' {
				p += token.Pos(k) // a literal multibyte character maps byte for byte
			}
			t.pos = append(t.pos, p)
		}
	}
	t.pos = append(t.pos, base+token.Pos(len(src)))
	return true
}

// trimEnd drops the end position appended by appendLit before another
// part is appended.
func (t *text) trimEnd() {
	if len(t.pos) > len(t.value) {
		t.pos = t.pos[:len(t.value)]
	}
}
