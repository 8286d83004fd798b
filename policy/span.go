package policy

import (
	"fmt"
	"sort"
)

// Pos is a position in a file: a 0-based byte offset and the 1-based line
// and column (in bytes) it falls on.
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// Span is the half-open range [Start, End) of an element in its file.
type Span struct {
	Start Pos
	End   Pos
}

// IsZero reports whether the span was never set.
func (s Span) IsZero() bool { return s.Start.Line == 0 }

func (s Span) String() string {
	return fmt.Sprintf("%d:%d-%d:%d", s.Start.Line, s.Start.Col, s.End.Line, s.End.Col)
}

// Lines maps byte offsets of one file to line and column.
type Lines struct {
	starts []int // byte offset of each line's first byte
}

// NewLines indexes the line starts of src.
func NewLines(src []byte) *Lines {
	starts := make([]int, 1, len(src)/32+1)
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{starts: starts}
}

// Pos returns the position of a byte offset.
func (l *Lines) Pos(offset int) Pos {
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	if i < 0 {
		i = 0
	}
	return Pos{Offset: offset, Line: i + 1, Col: offset - l.starts[i] + 1}
}

// Span returns the span of the byte range [start, end).
func (l *Lines) Span(start, end int) Span {
	return Span{Start: l.Pos(start), End: l.Pos(end)}
}

// Start returns the byte offset of a 1-based line's first byte (the end of
// the file for a line past the last).
func (l *Lines) Start(line int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return l.starts[len(l.starts)-1]
	}
	return l.starts[line-1]
}

// LineCount is the number of lines (a final line without newline counts).
func (l *Lines) LineCount() int { return len(l.starts) }
