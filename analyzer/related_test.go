package analyzer_test

import (
	"testing"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// A related place a rule writes without a file is in the finding's file:
// the reports print file:line:col for it, not :line:col.
func TestRelatedTakesTheFindingsFile(t *testing.T) {
	t.Parallel()
	root, _, err := policy.ParseJSON([]byte(`{"Version": "2012-10-17", "Statement": []}`))
	if err != nil {
		t.Fatal(err)
	}
	doc := policy.Build(root, "stack/template.yaml", policy.Identity)
	other := analyzer.Related{File: "elsewhere.json", Message: "in another file"}
	rule := &analyzer.Rule{ID: "test-related", Severity: analyzer.Low, Run: func(p *analyzer.Pass) {
		p.Report(analyzer.Diagnostic{Message: "m", Related: []analyzer.Related{{Message: "same file"}, other}})
	}}
	got := analyzer.Check(doc, []*analyzer.Rule{rule}, nil, &analyzer.Config{})
	if len(got) != 1 {
		t.Fatalf("%d findings, want 1", len(got))
	}
	if f := got[0].Related[0].File; f != "stack/template.yaml" {
		t.Errorf("related without a file is in %q, want the finding's file", f)
	}
	if f := got[0].Related[1].File; f != "elsewhere.json" {
		t.Errorf("related in another file moved to %q", f)
	}
}
