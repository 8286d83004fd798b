package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// maxLine is the longest source line Text prints whole, in runes; longer
// lines are cut around the column.
const maxLine = 200

// indent starts the lines under a finding's first line.
const indent = "    "

// Text writes findings for people: for each finding, in the result's
// order,
//
//	file:line:col  severity  rule-id  message
//	    the source line
//	    ^~~~ under the span's first column
//	    related: file:line:col message
//	    path 1: file:line:col message    (steps of a privilege-escalation path)
//
// then a summary line, and a line naming the files that could not be read
// or parsed. A finding about a whole file shows the file alone, without a
// source line. Columns are 1-based and counted in bytes, as
// editors that jump to file:line:col expect; the caret is placed by
// counting runes and copying tabs, so it lines up with the source line.
func Text(w io.Writer, res *analyzer.Result, opts Options) error {
	on, err := useColor(w, opts.Color)
	if err != nil {
		return err
	}
	p := newPalette(on)
	srcs := newSources(res)
	var b strings.Builder
	shown := 0
	for i := range res.Diagnostics {
		d := &res.Diagnostics[i]
		if !d.Counts() {
			continue
		}
		if shown > 0 {
			b.WriteByte('\n')
		}
		shown++
		sev := p.severity(d.Severity)
		writeLine(&b, fmt.Sprintf("%s  %s  %s  %s", p.bold.Sprint(clean(location(d.File, d.Span))),
			sev.Sprint(d.Severity), clean(d.Rule), clean(d.Message)))
		if line, ok := srcs.line(d.File, d.Span.Start.Line); ok && !d.Span.IsZero() && utf8.Valid(line) {
			end := -1
			if d.Span.End.Line == d.Span.Start.Line {
				end = d.Span.End.Col
			}
			text, caret := excerpt(line, d.Span.Start.Col, end)
			writeLine(&b, indent+text)
			writeLine(&b, indent+sev.Sprint(caret))
		}
		for _, r := range d.Related {
			writeLine(&b, indent+"related: "+clean(location(r.File, r.Span))+" "+clean(r.Message))
		}
		for j, r := range d.Path {
			writeLine(&b, fmt.Sprintf("%spath %d: %s %s", indent, j+1, clean(location(r.File, r.Span)), clean(r.Message)))
		}
	}
	if shown > 0 {
		b.WriteByte('\n')
	}
	for line := range strings.Lines(summary(res, opts)) {
		writeLine(&b, strings.TrimSuffix(line, "\n"))
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// summary is the last line of text output, with a second line naming the
// files that failed. Suppressed findings and findings in the baseline are
// not counted as findings; the line says how many there are.
func summary(res *analyzer.Result, opts Options) string {
	c := count(res)
	var s string
	if n := c.findings; n == 0 {
		s = fmt.Sprintf("no findings in %s (%s)", plural(c.files, "file"), plural(c.documents, "document"))
	} else {
		s = fmt.Sprintf("%s (%s) in %s; %s checked", plural(n, "finding"), severityList(c),
			plural(c.files, "file"), plural(c.documents, "document"))
	}
	if c.suppressed > 0 {
		s += fmt.Sprintf("; %d suppressed", c.suppressed)
	}
	if opts.Baseline {
		s += fmt.Sprintf("; %d new, %d in baseline", c.findings, c.inBaseline)
	}
	if c.failed > 0 {
		paths := make([]string, len(c.failedPaths))
		for i, p := range c.failedPaths {
			paths[i] = clean(p)
		}
		s += fmt.Sprintf("\n%s could not be read or parsed: %s", plural(c.failed, "file"), strings.Join(paths, ", "))
	}
	return s
}

// severityList is "2 high, 1 low": the counted findings by severity.
func severityList(c counts) string {
	var parts []string
	for _, sev := range severities {
		if k := c.bySeverity[sev]; k > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", k, sev))
		}
	}
	return strings.Join(parts, ", ")
}

// writeLine writes s and a line break, without trailing blanks.
func writeLine(b *strings.Builder, s string) {
	b.WriteString(strings.TrimRight(s, " \t"))
	b.WriteByte('\n')
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// location is file:line:col, or the file alone for a finding about the
// whole file.
func location(file string, s policy.Span) string {
	if s.IsZero() {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, s.Start.Line, s.Start.Col)
}

// excerpt returns a source line to print and the caret line to print under
// it. col and end are 1-based byte columns; end < 0 means the span goes
// on past this line. The caret line copies the line's tabs so it lines up
// whatever the tab width, and underlines the span with ~ up to end.
func excerpt(line []byte, col, end int) (text, caret string) {
	runes := make([]rune, 0, len(line))
	at, stop := -1, -1 // rune indexes of col and end
	for i := 0; ; {
		if i >= col-1 && at < 0 {
			at = len(runes)
		}
		if end >= 0 && i >= end-1 && stop < 0 {
			stop = len(runes)
		}
		if i >= len(line) {
			break
		}
		r, size := utf8.DecodeRune(line[i:])
		runes = append(runes, printable(r))
		i += size
	}
	// Columns past the end of the line (a span ending at a line break).
	if at < 0 {
		at = len(runes) + col - 1 - len(line)
	}
	if end >= 0 && stop < 0 {
		stop = len(runes) + end - 1 - len(line)
	}

	from, to := 0, len(runes)
	var head, tail string
	if len(runes) > maxLine {
		from = max(0, min(at-maxLine/2, len(runes)-maxLine))
		to = from + maxLine
		if from > 0 {
			head = "…"
		}
		if to < len(runes) {
			tail = "…"
		}
	}
	text = head + string(runes[from:to]) + tail

	var c strings.Builder
	if head != "" {
		c.WriteByte(' ')
	}
	for i := from; i < at; i++ {
		if i < len(runes) && runes[i] == '\t' {
			c.WriteByte('\t')
		} else {
			c.WriteByte(' ')
		}
	}
	c.WriteByte('^')
	if stop > at+1 {
		c.WriteString(strings.Repeat("~", min(stop, to)-at-1))
	}
	return text, c.String()
}

// clean makes text from the input safe to print on a terminal: control
// characters (escape sequences) and bidirectional overrides become '?'.
func clean(s string) string {
	return strings.Map(printable, s)
}

func printable(r rune) rune {
	switch {
	case r == '\t':
		return r
	case r < 0x20, r >= 0x7f && r < 0xa0, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return '?'
	}
	return r
}

// palette holds the colors of one call, so that concurrent calls with
// different color modes do not interfere (color.NoColor is global).
type palette struct {
	bold                              *color.Color
	critical, high, medium, low, info *color.Color
}

func newPalette(on bool) *palette {
	p := &palette{
		bold:     color.New(color.Bold),
		critical: color.New(color.FgRed, color.Bold),
		high:     color.New(color.FgRed),
		medium:   color.New(color.FgYellow),
		low:      color.New(color.FgCyan),
		info:     color.New(color.Faint),
	}
	for _, c := range []*color.Color{p.bold, p.critical, p.high, p.medium, p.low, p.info} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p *palette) severity(s analyzer.Severity) *color.Color {
	switch s {
	case analyzer.Critical:
		return p.critical
	case analyzer.High:
		return p.high
	case analyzer.Medium:
		return p.medium
	case analyzer.Low:
		return p.low
	}
	return p.info
}
