package source

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/iamlint/iamlint/policy"
)

// parseEmbedded parses JSON held in the string node n of a file (a JSON
// string, a YAML scalar or block, a Terraform heredoc), keeping positions
// into the file: each position in the decoded text maps back to the source
// byte it came from. Pointers are prefixed with n's pointer.
func parseEmbedded(src []byte, lines *policy.Lines, n *policy.Node) (*policy.Node, error) {
	start, end := n.Span.Start.Offset, n.Span.End.Offset
	if start < 0 || end > len(src) || start >= end {
		return parseDetached(lines, n)
	}
	raw := src[start:end]
	var text []byte
	var offs []int
	switch raw[0] {
	case '"':
		text, offs = unescapeDouble(raw, start)
	case '\'':
		text, offs = unescapeSingle(raw, start)
	case '|', '>':
		i := 0
		for i < len(raw) && raw[i] != '\n' {
			i++
		}
		text, offs = identity(raw[i:], start+i)
	default:
		text, offs = identity(raw, start)
	}
	if text == nil {
		return parseDetached(lines, n)
	}
	return parseMapped(text, offs, lines, n.Pointer)
}

// parseDetached parses n's decoded text when its source cannot be mapped:
// every position is n's start.
func parseDetached(lines *policy.Lines, n *policy.Node) (*policy.Node, error) {
	text := []byte(n.Str)
	offs := make([]int, len(text)+1)
	for i := range offs {
		offs[i] = n.Span.Start.Offset
	}
	return parseMapped(text, offs, lines, n.Pointer)
}

// parseMapped parses text whose byte i came from source offset offs[i].
func parseMapped(text []byte, offs []int, lines *policy.Lines, ptr string) (*policy.Node, error) {
	root, _, err := policy.ParseJSON(text)
	m := func(o int) policy.Pos {
		if o < 0 {
			o = 0
		}
		if o >= len(offs) {
			o = len(offs) - 1
		}
		return lines.Pos(offs[o])
	}
	if err != nil {
		var se *policy.SyntaxError
		if errors.As(err, &se) {
			return nil, &Error{Pos: m(se.Pos.Offset), Msg: "invalid JSON policy: " + se.Msg}
		}
		return nil, &Error{Pos: m(0), Msg: err.Error()}
	}
	remap(root, m, ptr)
	return root, nil
}

// remap rewrites every span of the tree through m and prefixes pointers.
func remap(n *policy.Node, m func(int) policy.Pos, ptr string) {
	n.Span = policy.Span{Start: m(n.Span.Start.Offset), End: m(n.Span.End.Offset)}
	n.Pointer = ptr + n.Pointer
	for _, mem := range n.Members {
		mem.KeySpan = policy.Span{Start: m(mem.KeySpan.Start.Offset), End: m(mem.KeySpan.End.Offset)}
		remap(mem.Value, m, ptr)
	}
	for _, e := range n.Elems {
		remap(e, m, ptr)
	}
}

// identity maps raw bytes to themselves at base.
func identity(raw []byte, base int) ([]byte, []int) {
	offs := make([]int, len(raw)+1)
	for i := range offs {
		offs[i] = base + i
	}
	return raw, offs
}

// unescapeDouble decodes a double-quoted JSON (or YAML) string token,
// quotes included, mapping each decoded byte to its source offset.
func unescapeDouble(raw []byte, base int) ([]byte, []int) {
	text := make([]byte, 0, len(raw))
	offs := make([]int, 0, len(raw)+1)
	i := 1
	for i < len(raw) {
		c := raw[i]
		if c == '"' {
			break
		}
		if c != '\\' || i+1 >= len(raw) {
			text = append(text, c)
			offs = append(offs, base+i)
			i++
			continue
		}
		esc := raw[i+1]
		var dec []byte
		size := 2
		switch esc {
		case 'n':
			dec = []byte{'\n'}
		case 't':
			dec = []byte{'\t'}
		case 'r':
			dec = []byte{'\r'}
		case 'b':
			dec = []byte{'\b'}
		case 'f':
			dec = []byte{'\f'}
		case 'u':
			if i+6 <= len(raw) {
				if v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 32); err == nil {
					dec = utf8.AppendRune(nil, rune(v))
					size = 6
				}
			}
			if dec == nil {
				dec = []byte{'u'}
			}
		default:
			dec = []byte{esc}
		}
		for _, b := range dec {
			text = append(text, b)
			offs = append(offs, base+i)
		}
		i += size
	}
	offs = append(offs, base+min(i, len(raw)))
	return text, offs
}

// unescapeSingle decodes a single-quoted YAML string (” is a quote).
func unescapeSingle(raw []byte, base int) ([]byte, []int) {
	text := make([]byte, 0, len(raw))
	offs := make([]int, 0, len(raw)+1)
	i := 1
	for i < len(raw) {
		if raw[i] == '\'' {
			if i+1 < len(raw) && raw[i+1] == '\'' {
				text = append(text, '\'')
				offs = append(offs, base+i)
				i += 2
				continue
			}
			break
		}
		text = append(text, raw[i])
		offs = append(offs, base+i)
		i++
	}
	offs = append(offs, base+min(i, len(raw)))
	return text, offs
}

// markPlaceholders marks every string of the tree holding a ${...}
// placeholder (CloudFormation Fn::Sub, Terraform templates) unknown.
func markPlaceholders(n *policy.Node) {
	if n.Kind == policy.String && hasPlaceholder(n.Str) {
		n.Unknown = true
	}
	for _, m := range n.Members {
		markPlaceholders(m.Value)
	}
	for _, e := range n.Elems {
		markPlaceholders(e)
	}
}

// hasPlaceholder reports a ${...} that is not the escaped ${!...} of
// Fn::Sub nor an IAM policy variable such as ${aws:username}.
func hasPlaceholder(s string) bool {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return false
		}
		rest := s[i+2:]
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			return false
		}
		name := rest[:j]
		if !strings.HasPrefix(name, "!") && !isPolicyVariable(name) {
			return true
		}
		s = rest[j+1:]
	}
}

// isPolicyVariable reports an IAM policy variable name (aws:username,
// s3:prefix, *, ?, $, or a tag key variable).
func isPolicyVariable(name string) bool {
	switch name {
	case "*", "?", "$":
		return true
	}
	svc, key, ok := strings.Cut(name, ":")
	if !ok || svc == "" || key == "" || strings.HasPrefix(key, ":") {
		return false
	}
	for _, r := range svc {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// parseURLEncoded parses a URL-encoded JSON policy held in a JSON string
// (as IAM's API returns documents), positions mapped into the file.
func parseURLEncoded(src []byte, lines *policy.Lines, n *policy.Node) (*policy.Node, error) {
	start, end := n.Span.Start.Offset, n.Span.End.Offset
	if start < 0 || end > len(src) || start >= end || src[start] != '"' {
		return parseDetached(lines, &policy.Node{Str: percentDecode(n.Str), Span: n.Span, Pointer: n.Pointer})
	}
	text, offs := unescapeDouble(src[start:end], start)
	dec := make([]byte, 0, len(text))
	doffs := make([]int, 0, len(text)+1)
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+2 < len(text) && isHex(text[i+1]) && isHex(text[i+2]) {
			dec = append(dec, unhex(text[i+1])<<4|unhex(text[i+2]))
			doffs = append(doffs, offs[i])
			i += 2
			continue
		}
		dec = append(dec, text[i])
		doffs = append(doffs, offs[i])
	}
	doffs = append(doffs, offs[len(offs)-1])
	return parseMapped(dec, doffs, lines, n.Pointer)
}

func percentDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
