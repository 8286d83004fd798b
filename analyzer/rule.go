package analyzer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// Rule is one check. Rules are values listed explicitly (see package rules);
// nothing registers itself.
type Rule struct {
	// ID is the stable kebab-case slug: the SARIF ruleId and suppression key.
	ID string
	// Title is one line, lowercase, without a period.
	Title string
	// Doc is markdown: what the rule finds, why it matters, how to fix it.
	Doc      string
	Severity Severity
	Category Category
	// Kinds the rule applies to; nil means every kind.
	Kinds []policy.Kind
	// Run checks the pass's document. Nil for rules the engine reports
	// itself (parse-error) and for account rules.
	Run func(*Pass)
	// RunAccount checks an identity model (users, groups, roles and their
	// policies, from a template, Terraform module, plan or account dump):
	// the pass has Account set and Doc nil. Kinds does not apply.
	RunAccount func(*Pass)
}

// Applies reports whether the rule checks documents of kind k.
func (r *Rule) Applies(k policy.Kind) bool {
	return r.Kinds == nil || slices.Contains(r.Kinds, k)
}

// Analysis is a result computed once per document and shared by the rules
// that need it.
type Analysis struct {
	Name string
	Run  func(*Pass) any
}

// Pass is what a rule gets to check one document, or one identity model.
type Pass struct {
	Rule *Rule
	// Doc is the document checked by Run; nil for RunAccount.
	Doc *policy.Document
	// Account is the identity model checked by RunAccount; nil for Run.
	Account *account.Account
	Catalog *catalog.Catalog
	Config  *Config

	results map[*Analysis]any
	report  func(Diagnostic)
}

// Result returns the analysis's result for this document, computing it on
// first use.
func (p *Pass) Result(a *Analysis) any {
	if v, ok := p.results[a]; ok {
		return v
	}
	v := a.Run(p)
	p.results[a] = v
	return v
}

// Report records a diagnostic. Unset fields take the rule's and document's
// values.
func (p *Pass) Report(d Diagnostic) {
	if d.Rule == "" {
		d.Rule = p.Rule.ID
	}
	if d.Severity == 0 {
		d.Severity = p.Rule.Severity
	}
	if d.Category == "" {
		d.Category = p.Rule.Category
	}
	if d.File == "" && p.Doc != nil {
		d.File = p.Doc.File
	}
	// A related place written without a file is in the finding's file.
	for i := range d.Related {
		if d.Related[i].File == "" {
			d.Related[i].File = d.File
		}
	}
	if d.Sid == "" && p.Doc != nil {
		d.Sid = statementSid(p.Doc, d.Pointer)
	}
	p.report(d)
}

// ReportNode reports a finding located at a node, with the node's pointer
// and value in the fingerprint.
func (p *Pass) ReportNode(n *policy.Node, format string, args ...any) {
	p.Report(Diagnostic{Message: fmt.Sprintf(format, args...), Span: n.Span, Pointer: n.Pointer, Value: n.Str})
}

// ReportMember reports a finding located at a member's name.
func (p *Pass) ReportMember(m *policy.Member, format string, args ...any) {
	p.Report(Diagnostic{Message: fmt.Sprintf(format, args...), Span: m.KeySpan, Pointer: m.Value.Pointer, Value: m.Name})
}

// statementSid is the Sid of the statement of doc that holds the element at
// pointer, or "".
func statementSid(doc *policy.Document, pointer string) string {
	for _, st := range doc.Statements {
		if st.Node == nil || st.Sid == nil || st.Sid.Value.Kind != policy.String {
			continue
		}
		if sp := st.Node.Pointer; pointer == sp || strings.HasPrefix(pointer, sp+"/") {
			return st.Sid.Value.Str
		}
	}
	return ""
}
