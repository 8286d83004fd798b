package analyzer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/policy"
)

// TestBaselineRoundTrip writes a baseline, moves the findings' lines, adds
// a finding and a duplicate, and checks what is new.
func TestBaselineRoundTrip(t *testing.T) {
	t.Parallel()
	d := func(rule, ptr, value string, line int) Diagnostic {
		return Diagnostic{Rule: rule, File: "./policies/a.json", Pointer: ptr, Value: value,
			Span: policy.Span{Start: policy.Pos{Line: line, Col: 3}}}
	}
	today := []Diagnostic{
		d("wildcard-action", "/Statement/0/Action", "*", 5),
		d("wildcard-resource", "/Statement/0/Resource", "*", 6),
		{Rule: "x", Suppressed: &Suppression{Kind: External}},
	}
	var buf bytes.Buffer
	if err := NewBaseline(today).Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Findings) != 2 {
		t.Fatalf("baseline holds %d findings, want 2 (suppressed ones are not recorded)", len(b.Findings))
	}
	// Ten lines further down, the path written differently, one new
	// finding, and the same finding twice (only one is in the baseline).
	tomorrow := []Diagnostic{
		d("wildcard-action", "/Statement/0/Action", "*", 15),
		d("wildcard-resource", "/Statement/0/Resource", "*", 16),
		d("wildcard-resource", "/Statement/0/Resource", "*", 26),
		d("action-unknown", "/Statement/1/Action", "s3:GetObjekt", 20),
	}
	tomorrow[0].File = "policies/a.json"
	fresh, known := b.Apply(tomorrow)
	if fresh != 2 || known != 2 {
		t.Errorf("Apply = %d new, %d in baseline; want 2, 2", fresh, known)
	}
	for _, i := range []int{0, 1} {
		if !tomorrow[i].InBaseline {
			t.Errorf("%s moved down is not matched", tomorrow[i].Rule)
		}
	}
	if tomorrow[2].InBaseline || tomorrow[3].InBaseline {
		t.Error("a new finding matched the baseline")
	}
}

func TestReadBaselineErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`[]`, `{"version": 2, "findings": []}`, `{"version": 1, "extra": 1}`, `not json`} {
		if _, err := ReadBaseline(strings.NewReader(in)); err == nil {
			t.Errorf("ReadBaseline(%s): no error", in)
		}
	}
}
