package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
)

// GitHub writes the findings as GitHub Actions workflow commands, which
// annotate the pull request's changed lines:
//
//	::error file=policies/a.json,line=5,col=13,endLine=5,endColumn=19,title=iamlint action-unknown::[high] message
//
// one per finding, in the result's order, then the text summary as a
// plain log line. The command is error, warning or notice, as the SARIF
// level (validity and high findings are errors, info findings notices).
// File names are relative to Options.BaseDir (the working directory by
// default, which in a workflow is the repository) with forward slashes;
// columns are UTF-16 code units; values are escaped as the Actions
// toolkit does (% CR LF in the message, and : , in properties).
// Suppressed findings and findings in the baseline are left out.
func GitHub(w io.Writer, res *analyzer.Result, opts Options) error {
	base, err := baseDir(opts.BaseDir)
	if err != nil {
		return err
	}
	srcs := newSources(res)
	var b strings.Builder
	for i := range res.Diagnostics {
		d := &res.Diagnostics[i]
		if !d.Counts() {
			continue
		}
		cmd := level(d.Severity, d.Category)
		if cmd == "note" {
			cmd = "notice"
		}
		props := []string{"file=" + escapeProperty(repoPath(base, d.File))}
		if !d.Span.IsZero() {
			props = append(props,
				"line="+strconv.Itoa(d.Span.Start.Line),
				"col="+strconv.Itoa(srcs.utf16Col(d.File, d.Span.Start)))
			if end := d.Span.End; end.Line > 0 && end != d.Span.Start {
				props = append(props,
					"endLine="+strconv.Itoa(end.Line),
					"endColumn="+strconv.Itoa(srcs.utf16Col(d.File, end)))
			}
		}
		props = append(props, "title="+escapeProperty("iamlint "+d.Rule))
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","),
			escapeData(fmt.Sprintf("[%s] %s", d.Severity, d.Message)))
	}
	for line := range strings.Lines(summary(res, opts)) {
		// A log line must not start a workflow command itself.
		b.WriteString(strings.TrimPrefix(strings.TrimSuffix(line, "\n"), "::") + "\n")
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// repoPath is file relative to base with forward slashes, or as given
// when it is outside base.
func repoPath(base, file string) string {
	if abs, err := filepath.Abs(file); err == nil {
		if rel, err := filepath.Rel(base, abs); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(file)
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
