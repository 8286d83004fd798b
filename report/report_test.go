package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// srcA has tabs, non-ASCII text (2-, 3- and 4-byte UTF-8) before a
// finding's column, and a multi-line element.
const srcA = "{\n" +
	"\t\"Version\": \"2012-10-17\",\n" +
	"\t\"Statement\": [{\n" +
	"\t\t\"Sid\": \"é日本🔑\", \"Effect\": \"Allow\",\n" +
	"\t\t\"Action\": \"*\",\n" +
	"\t\t\"Resource\": [\n" +
	"\t\t\t\"*\"\n" +
	"\t\t]\n" +
	"\t}]\n" +
	"}\n"

// srcB does not parse.
const srcB = "{\n  \"Version\": 2012\n"

var testRules = []*analyzer.Rule{
	{ID: "wildcard-resource", Title: "resource is *", Severity: analyzer.Medium, Category: analyzer.LeastPrivilege,
		Doc: "# wildcard-resource\n\nReports `\"Resource\": \"*\"`\non actions that support resource-level permissions.\n\n**Why it matters.** ..."},
	{ID: "wildcard-action", Title: "action is *", Severity: analyzer.High, Category: analyzer.Security,
		Doc: "Reports `\"Action\": \"*\"`.\n\nMore."},
	{ID: "sid-format", Title: "sid is not alphanumeric", Severity: analyzer.Info, Category: analyzer.Hygiene},
	{ID: "effect-case", Title: "effect is not capitalized", Severity: analyzer.Low, Category: analyzer.Validity},
	{ID: "public-trust", Title: "role trusts everyone", Severity: analyzer.Critical, Category: analyzer.Security},
	{ID: analyzer.ParseErrorID, Title: "file could not be read or parsed", Severity: analyzer.High, Category: analyzer.Validity},
}

// find returns the span of the first needle after the first after in src.
func find(t *testing.T, src, after, needle string) policy.Span {
	t.Helper()
	i := strings.Index(src, after)
	j := strings.Index(src[i:], needle)
	if i < 0 || j < 0 {
		t.Fatalf("%q after %q not in source", needle, after)
	}
	return policy.NewLines([]byte(src)).Span(i+j, i+j+len(needle))
}

// testResult builds a result over srcA moved down by shift lines, and srcB.
func testResult(t *testing.T, shift int) *analyzer.Result {
	t.Helper()
	src := strings.Repeat("\n", shift) + srcA
	const a, b = "policies/a.json", "policies/b.json"
	at := func(after, needle string) policy.Span { return find(t, src, after, needle) }
	parseAt := policy.NewLines([]byte(srcB)).Pos(len("{\n  \"Version\": "))
	return &analyzer.Result{
		Files: []*analyzer.FileResult{
			{Path: a, Src: []byte(src), Lines: policy.NewLines([]byte(src)), Documents: 1},
			{Path: b, Src: []byte(srcB), Lines: policy.NewLines([]byte(srcB)), Failed: true},
			{Path: "README.md", Skipped: true},
		},
		Diagnostics: []analyzer.Diagnostic{
			{Rule: "sid-format", Severity: analyzer.Info, Category: analyzer.Hygiene, File: a,
				Message: "sid é日本🔑 has characters other than letters and digits",
				Span:    at("Sid", `"é日本🔑"`), Pointer: "/Statement/0/Sid", Value: "é日本🔑"},
			{Rule: "effect-case", Severity: analyzer.Low, Category: analyzer.Validity, File: a,
				Message: "effect \"Allow\" is fine, this is a test", Span: at("Effect", `"Allow"`),
				Pointer: "/Statement/0/Effect", Value: "Allow"},
			{Rule: "wildcard-action", Severity: analyzer.High, Category: analyzer.Security, File: a,
				Message: "\"*\" allows every action of every service", Span: at("Action", `"*"`),
				Pointer: "/Statement/0/Action", Value: "*",
				Related: []analyzer.Related{{File: a, Span: at("Statement", "{"), Message: "in this statement"}},
				Path: []analyzer.Related{
					{File: a, Span: at("\t\"Action", `"Action"`), Message: "grants every action"},
					{File: a, Span: at("\t\"Resource", `"Resource"`), Message: "on every resource"},
				}},
			{Rule: "wildcard-resource", Severity: analyzer.Medium, Category: analyzer.LeastPrivilege, File: a,
				Message: "resource \"*\" on actions that support resource-level permissions",
				Span:    at("Resource", "[\n\t\t\t\"*\"\n\t\t]"), Pointer: "/Statement/0/Resource", Value: "*"},
			{Rule: analyzer.ParseErrorID, Severity: analyzer.High, Category: analyzer.Validity, File: b,
				Message: "expected a string", Span: policy.Span{Start: parseAt, End: parseAt}, Value: "expected a string"},
		},
	}
}

func TestWriteFormats(t *testing.T) {
	t.Parallel()
	res := testResult(t, 0)
	for _, f := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, f, res, Options{Color: "never", Rules: testRules}); err != nil {
			t.Errorf("Write(%s): %v", f, err)
		}
		if buf.Len() == 0 || !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
			t.Errorf("Write(%s): want output ending in a line break, got %q", f, buf.String())
		}
	}
	err := Write(&bytes.Buffer{}, "xml", res, Options{})
	if err == nil || !strings.Contains(err.Error(), "text, json, sarif") {
		t.Errorf("Write(xml): got %v, want an error listing the formats", err)
	}
}

func TestEmptyResult(t *testing.T) {
	t.Parallel()
	res := &analyzer.Result{Files: []*analyzer.FileResult{{Path: "p.json", Documents: 2}}}
	tests := []struct {
		format string
		want   string
	}{
		{"text", "no findings in 1 file (2 documents)\n"},
		{"json", "\"findings\": []"},
		{"sarif", "\"results\": []"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, res, Options{Color: "never"}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), tt.want) {
				t.Errorf("got\n%s\nwant it to contain %q", buf.String(), tt.want)
			}
		})
	}
}
