package report

import (
	"bytes"
	"unicode/utf8"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// sources gives the lines of the files of a result, to print source lines
// and convert byte columns.
type sources struct {
	files map[string]*source
}

// source is one file's text and the offsets its lines start at.
type source struct {
	src    []byte
	starts []int // built on first use
}

func newSources(res *analyzer.Result) *sources {
	s := &sources{files: map[string]*source{}}
	for _, f := range res.Files {
		if f.Src != nil {
			s.files[f.Path] = &source{src: f.Src}
		}
	}
	return s
}

// line returns the text of a 1-based line of file, without its line break,
// and whether the file and line are known.
func (s *sources) line(file string, n int) ([]byte, bool) {
	f := s.files[file]
	if f == nil || n < 1 {
		return nil, false
	}
	if f.starts == nil {
		f.starts = []int{0}
		for i, b := range f.src {
			if b == '\n' {
				f.starts = append(f.starts, i+1)
			}
		}
	}
	if n > len(f.starts) {
		return nil, false
	}
	text := f.src[f.starts[n-1]:]
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	return bytes.TrimSuffix(text, []byte("\r")), true
}

// utf16Col converts a 1-based byte column of a line of file to the 1-based
// column in UTF-16 code units that SARIF wants. Bytes that are not valid
// UTF-8 count as one unit each (U+FFFD), and so do columns past the end of
// the line. Without the file's text the byte column is returned.
func (s *sources) utf16Col(file string, p policy.Pos) int {
	text, ok := s.line(file, p.Line)
	if !ok || p.Col < 1 {
		return max(p.Col, 1)
	}
	before := text[:min(p.Col-1, len(text))]
	return utf16Len(before) + (p.Col - 1 - len(before)) + 1
}

// utf16Len counts the UTF-16 code units of b.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}
