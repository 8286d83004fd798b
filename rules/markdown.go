package rules

import (
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// Markdown renders a rule's documentation page: docs/rules/<id>.md and
// `iamlint explain` print it.
func Markdown(r *analyzer.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.ID)
	fmt.Fprintf(&b, "%s.\n\n", upperFirst(r.Title))
	fmt.Fprintf(&b, "- Severity: %s\n- Category: %s\n- Applies to: %s\n\n", r.Severity, r.Category, kindList(r))
	b.WriteString(strings.TrimSpace(r.Doc))
	b.WriteString("\n")
	return b.String()
}

func kindList(r *analyzer.Rule) string {
	if r.RunAccount != nil {
		return "the identity model (users, groups, roles and instance profiles of a template, Terraform module or plan, or account dump)"
	}
	kinds := r.Kinds
	if kinds == nil {
		kinds = policy.Kinds
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.String()
	}
	return strings.Join(names, ", ") + " policies"
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Table renders the README's rule table.
func Table() string {
	var b strings.Builder
	b.WriteString("| ID | Severity | Category | Finds |\n|---|---|---|---|\n")
	for _, r := range All() {
		fmt.Fprintf(&b, "| [`%s`](docs/rules/%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, r.Category, r.Title)
	}
	return b.String()
}
