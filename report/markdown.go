package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
)

// markdownRows caps the findings listed, to stay well under the size of a
// pull-request comment.
const markdownRows = 100

// Markdown writes a summary for a pull-request comment: a heading with the
// verdict, the summary line, a table of counts by severity, then a table
// of findings (severity, rule linked to its doc, location, message), at
// most 100 rows, and the files that could not be parsed. Text from the
// input is escaped so it cannot change the layout or inject markup.
// Suppressed findings and findings in the baseline are counted in the
// summary line, not listed.
func Markdown(w io.Writer, res *analyzer.Result, opts Options) error {
	docs := opts.DocsURL
	if docs == "" {
		docs = DefaultDocsURL
	}
	docs = strings.TrimSuffix(docs, "/")
	c := count(res)
	var b strings.Builder
	switch {
	case c.findings == 0 && c.failed == 0:
		b.WriteString("### iamlint: no findings\n\n")
	case c.findings == 0:
		b.WriteString("### iamlint: files could not be parsed\n\n")
	default:
		fmt.Fprintf(&b, "### iamlint: %s\n\n", plural(c.findings, "finding"))
	}
	sum, failedLine, _ := strings.Cut(summary(res, opts), "\n")
	b.WriteString(mdEscape(sum) + "\n\n")
	if c.findings > 0 {
		b.WriteString("| Severity | Findings |\n|---|---:|\n")
		for _, sev := range severities {
			if k := c.bySeverity[sev]; k > 0 {
				fmt.Fprintf(&b, "| %s | %d |\n", sev, k)
			}
		}
		b.WriteString("\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n")
		rows := 0
		for i := range res.Diagnostics {
			d := &res.Diagnostics[i]
			if !d.Counts() {
				continue
			}
			if rows == markdownRows {
				fmt.Fprintf(&b, "\n… and %d more; see the full report.\n", c.findings-rows)
				break
			}
			rows++
			fmt.Fprintf(&b, "| %s | [%s](%s/%s.md) | %s | %s |\n", d.Severity, mdEscape(d.Rule), docs, d.Rule,
				mdEscape(location(d.File, d.Span)), mdEscape(d.Message))
		}
	}
	if failedLine != "" {
		b.WriteString("\n" + mdEscape(failedLine) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape makes text from the input literal in a markdown table cell:
// markdown punctuation is backslash-escaped, HTML brackets become
// entities, tabs spaces, and other control characters '?'.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
