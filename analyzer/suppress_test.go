package analyzer

import (
	"reflect"
	"testing"

	"github.com/iamlint/iamlint/policy"
)

func TestParseIgnoreComments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []IgnoreComment // Span holds only the start line and column
	}{
		{"trailing", "a: 1 # iamlint:ignore r1 -- why\n",
			[]IgnoreComment{{Rules: []string{"r1"}, Reason: "why", Span: at(1, 8)}}},
		{"above", "x:\n  # iamlint:ignore r1,r2 -- legacy, tracked in JIRA-1\n  a: 1\n",
			[]IgnoreComment{{Rules: []string{"r1", "r2"}, Reason: "legacy, tracked in JIRA-1", Span: at(2, 5), Target: 3}}},
		{"stacked", "# iamlint:ignore r1 -- a\n# iamlint:ignore r2 -- b\nx: 1\n",
			[]IgnoreComment{
				{Rules: []string{"r1"}, Reason: "a", Span: at(1, 3), Target: 3},
				{Rules: []string{"r2"}, Reason: "b", Span: at(2, 3), Target: 3}}},
		{"blank line breaks", "# iamlint:ignore r1 -- a\n\nx: 1\n",
			[]IgnoreComment{{Rules: []string{"r1"}, Reason: "a", Span: at(1, 3), Target: 2}}},
		{"hcl slashes", "  Action = \"*\" // iamlint:ignore r1 -- x\n",
			[]IgnoreComment{{Rules: []string{"r1"}, Reason: "x", Span: at(1, 19)}}},
		{"spaces after commas", "# iamlint:ignore r1, r2 --   spaced  \ny\n",
			[]IgnoreComment{{Rules: []string{"r1", "r2"}, Reason: "spaced", Span: at(1, 3), Target: 2}}},
		{"no reason", "a # iamlint:ignore r1\n",
			[]IgnoreComment{{Rules: []string{"r1"}, Span: at(1, 5)}}},
		{"empty reason", "a # iamlint:ignore r1 --\n",
			[]IgnoreComment{{Rules: []string{"r1"}, Span: at(1, 5)}}},
		{"crlf", "a # iamlint:ignore r1 -- w\r\n",
			[]IgnoreComment{{Rules: []string{"r1"}, Reason: "w", Span: at(1, 5)}}},
		{"hash inside a value", "url: http://x#iamlint:ignore r1 -- no\n", nil},
		{"other directive", "# iamlint:ignored r1 -- no\n", nil},
		{"none", "a: 1\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ParseIgnoreComments([]byte(tt.src))
			for i := range got {
				got[i].Span = at(got[i].Span.Start.Line, got[i].Span.Start.Col)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func at(line, col int) policy.Span {
	return policy.Span{Start: policy.Pos{Line: line, Col: col}}
}

// TestSuppress runs the suppression pass over a YAML file's findings,
// before and after lines move, and with --no-ignore.
func TestSuppress(t *testing.T) {
	t.Parallel()
	const src = "Statement:\n" +
		"  # iamlint:ignore wildcard-resource -- Describe* takes no resource\n" +
		"  - Effect: Allow\n" +
		"    Action: ec2:DescribeInstances # iamlint:ignore wildcard-action\n" +
		"    Resource: '*'\n"
	diag := func(rule string, line int) Diagnostic {
		return Diagnostic{Rule: rule, Severity: Medium, File: "t.yaml", Span: at(line, 5)}
	}
	missing := &Rule{ID: SuppressionWithoutReasonID, Severity: Low, Category: Hygiene}
	tests := []struct {
		name     string
		diags    []Diagnostic
		opts     SuppressOptions
		want     map[string]string // rule -> suppression kind ("" for none)
		missings int
	}{
		{"above", []Diagnostic{diag("wildcard-resource", 3), diag("wildcard-action", 4)},
			SuppressOptions{MissingReason: missing},
			map[string]string{"wildcard-resource": InSource, "wildcard-action": ""}, 1},
		{"other line", []Diagnostic{diag("wildcard-resource", 5)},
			SuppressOptions{MissingReason: missing}, map[string]string{"wildcard-resource": ""}, 1},
		{"no-ignore", []Diagnostic{diag("wildcard-resource", 3)},
			SuppressOptions{NoIgnore: true, MissingReason: missing}, map[string]string{"wildcard-resource": ""}, 1},
		{"rule disabled", []Diagnostic{diag("wildcard-resource", 3)},
			SuppressOptions{}, map[string]string{"wildcard-resource": InSource}, 0},
		{"external", []Diagnostic{diag("wildcard-action", 4)},
			SuppressOptions{External: func(d *Diagnostic) *Suppression {
				return &Suppression{Kind: External, Justification: "config"}
			}}, map[string]string{"wildcard-action": External}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := &Result{Files: []*FileResult{{Path: "t.yaml", Src: []byte(src)}}, Diagnostics: tt.diags}
			Suppress(res, tt.opts)
			n := 0
			for _, d := range res.Diagnostics {
				if d.Rule == SuppressionWithoutReasonID {
					n++
					if d.Span.Start.Line != 4 || d.Span.Start.Col != 37 {
						t.Errorf("missing reason reported at %v, want 4:37", d.Span)
					}
					continue
				}
				kind := ""
				if d.Suppressed != nil {
					kind = d.Suppressed.Kind
				}
				if kind != tt.want[d.Rule] {
					t.Errorf("%s: suppression %q, want %q", d.Rule, kind, tt.want[d.Rule])
				}
			}
			if n != tt.missings {
				t.Errorf("%d suppression-without-reason findings, want %d", n, tt.missings)
			}
		})
	}
}

func TestSuppressSkipsJSON(t *testing.T) {
	t.Parallel()
	res := &Result{Files: []*FileResult{{Path: "p.json", Src: []byte(`{"Sid": "# iamlint:ignore r"}`)}}}
	Suppress(res, SuppressOptions{MissingReason: &Rule{ID: SuppressionWithoutReasonID}})
	if len(res.Diagnostics) != 0 {
		t.Errorf("JSON files hold no comments, got %v", res.Diagnostics)
	}
}
