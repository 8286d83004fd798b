package analyzer

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/policy"
)

// SuppressionWithoutReasonID is the rule ID of an iamlint:ignore comment
// that gives no reason.
const SuppressionWithoutReasonID = "suppression-without-reason"

// Suppression kinds, as SARIF names them.
const (
	// InSource: an iamlint:ignore comment in the file.
	InSource = "inSource"
	// External: an entry of the configuration file.
	External = "external"
)

// Suppression says why a finding is ignored.
type Suppression struct {
	// Kind is InSource or External.
	Kind string
	// Justification is the reason the user gave.
	Justification string
	// File and Span locate the comment of an InSource suppression.
	File string
	Span policy.Span
}

// IgnoreComment is one "iamlint:ignore RULE[,RULE] -- reason" comment.
type IgnoreComment struct {
	Rules  []string
	Reason string
	// Span is the span of the directive, from "iamlint:ignore" to the end
	// of the comment.
	Span policy.Span
	// Target is the line the comment applies to besides its own: the next
	// line that is not a comment, for a comment alone on its line; 0 for a
	// comment after code.
	Target int
}

// Applies reports whether the comment suppresses a finding of rule that
// starts on line.
func (c *IgnoreComment) Applies(rule string, line int) bool {
	return c.Reason != "" && (line == c.Span.Start.Line || line == c.Target) && slices.Contains(c.Rules, rule)
}

const directive = "iamlint:ignore"

// ParseIgnoreComments finds the iamlint:ignore comments in the source of a
// file whose format has "#" or "//" line comments (YAML, HCL). It works
// on lines, whatever the format: a comment starts at "#" or "//" at the
// start of a line or after a blank.
func ParseIgnoreComments(src []byte) []IgnoreComment {
	if !bytes.Contains(src, []byte(directive)) {
		return nil
	}
	lines := policy.NewLines(src)
	var out []IgnoreComment
	var pending []int // indexes in out of comments alone on their line, waiting for their target
	offset := 0
	for n := 1; offset <= len(src); n++ {
		end := bytes.IndexByte(src[offset:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += offset
		}
		line := src[offset:end]
		at, alone := commentStart(line)
		if !alone {
			for _, i := range pending {
				out[i].Target = n
			}
			pending = pending[:0]
		}
		if at >= 0 {
			if c, ok := parseDirective(line, at, offset, lines); ok {
				out = append(out, c)
				if alone {
					pending = append(pending, len(out)-1)
				}
			}
		}
		offset = end + 1
	}
	return out
}

// commentStart returns the byte index of the line comment of line (-1 for
// none) and whether the line holds only that comment (or is blank, which
// returns alone false so that a blank line ends a comment block).
func commentStart(line []byte) (at int, alone bool) {
	trimmed := bytes.TrimLeft(line, " \t")
	lead := len(line) - len(trimmed)
	for i := lead; i < len(line); i++ {
		if i > 0 && line[i-1] != ' ' && line[i-1] != '\t' {
			continue
		}
		if line[i] == '#' || (line[i] == '/' && i+1 < len(line) && line[i+1] == '/') {
			return i, i == lead
		}
	}
	return -1, false
}

// parseDirective reads the directive of the comment starting at byte at of
// line, which starts at offset in the file.
func parseDirective(line []byte, at, offset int, lines *policy.Lines) (IgnoreComment, bool) {
	text := line[at:]
	if text[0] == '#' {
		text = text[1:]
	} else {
		text = text[2:]
	}
	trimmed := bytes.TrimLeft(text, " \t")
	if !bytes.HasPrefix(trimmed, []byte(directive)) {
		return IgnoreComment{}, false
	}
	rest := trimmed[len(directive):]
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\r' {
		return IgnoreComment{}, false // iamlint:ignored, iamlint:ignore-file ...
	}
	start := offset + len(line) - len(trimmed)
	end := offset + len(bytes.TrimRight(line, " \t\r"))
	ids, reason, _ := strings.Cut(string(rest), "--")
	c := IgnoreComment{Reason: strings.TrimSpace(reason), Span: lines.Span(start, end)}
	for id := range strings.SplitSeq(ids, ",") {
		if id = strings.TrimSpace(id); id != "" {
			c.Rules = append(c.Rules, strings.Fields(id)...)
		}
	}
	return c, true
}

// HasLineComments reports whether the format of a file has line comments
// that may hold iamlint:ignore: every format but JSON.
func HasLineComments(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".sarif":
		return false
	}
	return true
}

// SuppressOptions control [Suppress].
type SuppressOptions struct {
	// NoIgnore applies no suppression (--no-ignore); comments without a
	// reason are still reported.
	NoIgnore bool
	// External returns the configuration's suppression of a finding, or nil.
	External func(*Diagnostic) *Suppression
	// MissingReason is the rule that reports comments without a reason;
	// nil when it is disabled.
	MissingReason *Rule
}

// Suppress marks the findings of res that an iamlint:ignore comment or
// the configuration suppresses, reports comments without a reason, and
// keeps the diagnostics ordered.
func Suppress(res *Result, opts SuppressOptions) {
	byFile := map[string][]IgnoreComment{}
	for _, f := range res.Files {
		if f.Src == nil || !HasLineComments(f.Path) {
			continue
		}
		cs := ParseIgnoreComments(f.Src)
		byFile[f.Path] = cs
		res.Diagnostics = append(res.Diagnostics, MissingReasons(f.Path, cs, opts.MissingReason)...)
	}
	for i := range res.Diagnostics {
		d := &res.Diagnostics[i]
		if opts.NoIgnore {
			continue
		}
		// A comment cannot excuse a comment without a reason; the
		// configuration can.
		if d.Rule != SuppressionWithoutReasonID {
			d.Suppressed = Match(byFile[d.File], d)
		}
		if d.Suppressed == nil && opts.External != nil {
			d.Suppressed = opts.External(d)
		}
	}
	slices.SortStableFunc(res.Diagnostics, func(a, b Diagnostic) int { return Compare(&a, &b) })
}

// Match returns the in-source suppression of d among the comments of its
// file, or nil.
func Match(comments []IgnoreComment, d *Diagnostic) *Suppression {
	for i := range comments {
		if c := &comments[i]; c.Applies(d.Rule, d.Span.Start.Line) {
			return &Suppression{Kind: InSource, Justification: c.Reason, File: d.File, Span: c.Span}
		}
	}
	return nil
}

// MissingReasons reports the comments of file that give no reason, as
// findings of rule (none when rule is nil). Such a comment suppresses
// nothing.
func MissingReasons(file string, comments []IgnoreComment, rule *Rule) []Diagnostic {
	if rule == nil {
		return nil
	}
	var out []Diagnostic
	for _, c := range comments {
		if c.Reason != "" {
			continue
		}
		msg := "iamlint:ignore without a reason suppresses nothing; add -- and why"
		if len(c.Rules) == 0 {
			msg = "iamlint:ignore names no rule and gives no reason; write iamlint:ignore RULE -- why"
		}
		out = append(out, Diagnostic{
			Rule: rule.ID, Severity: rule.Severity, Category: rule.Category, Message: msg,
			File: file, Span: c.Span, Value: strings.Join(c.Rules, ","),
		})
	}
	return out
}
