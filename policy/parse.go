package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// bom is the UTF-8 byte order mark, allowed (and skipped) at a file's start.
var bom = []byte{0xEF, 0xBB, 0xBF}

// SyntaxError is a JSON document that could not be parsed, at the position
// of the error.
type SyntaxError struct {
	Pos Pos
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
}

// ParseJSON parses src into a positional tree. Duplicate object names are
// kept (see [Duplicates]). A leading UTF-8 BOM is skipped; offsets stay those
// of the original bytes. The error, if any, is a *SyntaxError.
func ParseJSON(src []byte) (*Node, *Lines, error) {
	lines := NewLines(src)
	base := 0
	if bytes.HasPrefix(src, bom) {
		base = len(bom)
	}
	p := &jsonParser{
		src:   src,
		base:  base,
		lines: lines,
		dec: jsontext.NewDecoder(bytes.NewReader(src[base:]),
			jsontext.AllowDuplicateNames(true)),
	}
	root, err := p.value("")
	if err == nil {
		if _, err = p.dec.ReadToken(); errors.Is(err, io.EOF) {
			return root, lines, nil
		} else if err == nil {
			err = errors.New("unexpected data after the top-level value")
		}
	}
	return nil, lines, p.syntaxError(err)
}

type jsonParser struct {
	src   []byte
	base  int
	lines *Lines
	dec   *jsontext.Decoder
	prev  int // end offset (in src) of the previous token
}

// next reads one token and returns it with its byte range in src.
func (p *jsonParser) next() (jsontext.Token, int, int, error) {
	tok, err := p.dec.ReadToken()
	if err != nil {
		return tok, 0, 0, err
	}
	end := p.base + int(p.dec.InputOffset())
	start := p.prev
	for start < end {
		switch p.src[start] {
		case ' ', '\t', '\r', '\n', ',', ':':
			start++
			continue
		}
		break
	}
	p.prev = end
	return tok, start, end, nil
}

func (p *jsonParser) value(ptr string) (*Node, error) {
	tok, start, end, err := p.next()
	if err != nil {
		return nil, err
	}
	return p.valueFrom(tok, start, end, ptr)
}

func (p *jsonParser) valueFrom(tok jsontext.Token, start, end int, ptr string) (*Node, error) {
	n := &Node{Pointer: ptr}
	switch tok.Kind() {
	case 'n':
		n.Kind = Null
		n.Str = "null"
	case 't', 'f':
		n.Kind = Bool
		n.Str = tok.String()
	case '0':
		n.Kind = Number
		n.Str = string(p.src[start:end])
	case '"':
		n.Kind = String
		n.Str = tok.String()
		n.Quoted = true
	case '{':
		n.Kind = Object
		for {
			tok, ks, ke, err := p.next()
			if err != nil {
				return nil, err
			}
			if tok.Kind() == '}' {
				end = ke
				break
			}
			name := tok.String()
			v, err := p.value(ChildPointer(ptr, name))
			if err != nil {
				return nil, err
			}
			n.Members = append(n.Members, &Member{Name: name, KeySpan: p.lines.Span(ks, ke), Value: v})
		}
	case '[':
		n.Kind = Array
		for i := 0; ; i++ {
			tok, s, e, err := p.next()
			if err != nil {
				return nil, err
			}
			if tok.Kind() == ']' {
				end = e
				break
			}
			v, err := p.valueFrom(tok, s, e, ptr+"/"+strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			n.Elems = append(n.Elems, v)
		}
	default:
		return nil, fmt.Errorf("unexpected %s", tok.Kind())
	}
	n.Span = p.lines.Span(start, end)
	return n, nil
}

// syntaxError positions a decoder error.
func (p *jsonParser) syntaxError(err error) *SyntaxError {
	off := p.prev
	msg := err.Error()
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		off = p.base + int(se.ByteOffset)
		msg = se.Err.Error()
	} else if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		off = len(p.src)
		msg = "unexpected end of input"
	}
	if off > len(p.src) {
		off = len(p.src)
	}
	msg = strings.TrimPrefix(msg, "jsontext: ")
	if off < len(p.src) && p.src[off] == ',' {
		if rest := bytes.TrimLeft(p.src[off+1:], " \t\r\n"); len(rest) > 0 && (rest[0] == '}' || rest[0] == ']') {
			msg = "trailing comma before " + string(rest[0]) + " (JSON allows none)"
		}
	}
	if off == len(p.src) && len(bytes.TrimSpace(p.src[p.base:])) == 0 {
		msg = "empty file: expected a JSON policy document"
	}
	return &SyntaxError{Pos: p.lines.Pos(off), Msg: msg}
}

// Duplicate is an object name written twice in one object.
type Duplicate struct {
	Name   string
	First  *Member
	Second *Member
}

// Duplicates returns every repeated name in the objects of the tree, in
// source order. AWS keeps only one of them, silently.
func Duplicates(root *Node) []Duplicate {
	var out []Duplicate
	var walk func(n *Node)
	walk = func(n *Node) {
		if n == nil {
			return
		}
		if len(n.Members) > 1 {
			seen := make(map[string]*Member, len(n.Members))
			for _, m := range n.Members {
				if first, ok := seen[m.Name]; ok {
					out = append(out, Duplicate{Name: m.Name, First: first, Second: m})
				} else {
					seen[m.Name] = m
				}
			}
		}
		for _, m := range n.Members {
			walk(m.Value)
		}
		for _, e := range n.Elems {
			walk(e)
		}
	}
	walk(root)
	return out
}
