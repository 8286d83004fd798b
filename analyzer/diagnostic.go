package analyzer

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"

	"github.com/iamlint/iamlint/policy"
)

// Diagnostic is one finding.
type Diagnostic struct {
	Rule     string
	Severity Severity
	Category Category
	// Message is short, lowercase, without a period, and names the thing.
	Message string
	File    string
	Span    policy.Span
	// Pointer is the JSON Pointer of the element, and Value its text; with
	// the rule and file they make the fingerprint, which does not change
	// when lines move.
	Pointer string
	Value   string
	Related []Related
	Fixes   []SuggestedFix
	// Path is a chain of steps (a privilege-escalation path), shown as a
	// SARIF code flow.
	Path []Related
	// Sid is the Sid of the statement the finding is in, when it has one;
	// configuration suppressions of JSON files match it.
	Sid string
	// Suppressed, when set, says why the finding is ignored. Suppressed
	// findings stay in the result (SARIF shows them) but are not counted.
	Suppressed *Suppression
	// InBaseline marks a finding recorded in the baseline: shown in SARIF
	// as unchanged, not counted.
	InBaseline bool
}

// Counts reports whether the finding counts towards the summary and the
// exit status: it is neither suppressed nor in the baseline.
func (d *Diagnostic) Counts() bool { return d.Suppressed == nil && !d.InBaseline }

// Related is another place that explains a finding.
type Related struct {
	File    string
	Span    policy.Span
	Message string
}

// SuggestedFix is a change that would resolve a finding.
type SuggestedFix struct {
	Message string
	Edits   []TextEdit
}

// TextEdit replaces the bytes of Span with NewText.
type TextEdit struct {
	Span    policy.Span
	NewText string
}

// Fingerprint identifies the finding across runs and line moves: a hash of
// rule, file (cleaned, with forward slashes), JSON Pointer and value.
func (d *Diagnostic) Fingerprint() string {
	h := sha256.New()
	for _, s := range []string{d.Rule, filepath.ToSlash(filepath.Clean(d.File)), d.Pointer, d.Value} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Compare orders diagnostics by file, line, column, rule, then message.
func Compare(a, b *Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Span.Start.Line, b.Span.Start.Line),
		cmp.Compare(a.Span.Start.Col, b.Span.Start.Col),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}
