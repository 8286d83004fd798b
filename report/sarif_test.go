package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/iamlint/iamlint/analyzer"
)

// writeSARIF returns the SARIF log of res, checked against the SARIF 2.1.0
// schema, decoded as generic JSON.
func writeSARIF(t *testing.T, res *analyzer.Result, opts Options) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, res, opts); err != nil {
		t.Fatal(err)
	}
	log, err := sarif.FromBytes(buf.Bytes(), sarif.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Validate(); err != nil {
		t.Errorf("not valid SARIF 2.1.0: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// get walks a decoded JSON value along keys and indexes.
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %q", path, k)
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("%v: no element %d", path, k)
			}
			v = a[k]
		}
	}
	return v
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	res := testResult(t, 0)
	log := writeSARIF(t, res, Options{ToolVersion: "1.2.3", Catalog: "cat", Rules: testRules})

	if got := get(t, log, "$schema"); got != "https://json.schemastore.org/sarif-2.1.0.json" {
		t.Errorf("$schema = %v", got)
	}
	if got := get(t, log, "version"); got != "2.1.0" {
		t.Errorf("version = %v", got)
	}
	if runs := get(t, log, "runs").([]any); len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	run := get(t, log, "runs", 0)
	driver := get(t, run, "tool", "driver")
	for key, want := range map[string]string{"name": "iamlint", "version": "1.2.3", "informationUri": "https://github.com/iamlint/iamlint"} {
		if got := get(t, driver, key); got != want {
			t.Errorf("driver.%s = %v, want %s", key, got, want)
		}
	}
	wd, _ := os.Getwd()
	if got, want := get(t, run, "originalUriBaseIds", "%SRCROOT%", "uri"), "file://"+filepath.ToSlash(wd)+"/"; got != want {
		t.Errorf("%%SRCROOT%% = %v, want %s", got, want)
	}

	// Rules: sorted by ID, all of Options.Rules.
	rules := get(t, driver, "rules").([]any)
	var ids []string
	index := map[string]int{}
	for i, r := range rules {
		id := get(t, r, "id").(string)
		ids = append(ids, id)
		index[id] = i
	}
	if got := strings.Join(ids, " "); got != "effect-case parse-error public-trust sid-format wildcard-action wildcard-resource" {
		t.Errorf("rule ids = %s", got)
	}
	ruleTests := []struct {
		id, name, level, securitySeverity, precision, full string
	}{
		{"public-trust", "PublicTrust", "error", "9.5", "high", "role trusts everyone"},
		{"wildcard-action", "WildcardAction", "error", "8.0", "high", "Reports `\"Action\": \"*\"`."},
		{"wildcard-resource", "WildcardResource", "warning", "5.5", "high",
			"Reports `\"Resource\": \"*\"` on actions that support resource-level permissions."},
		{"effect-case", "EffectCase", "error", "3.0", "very-high", "effect is not capitalized"},
		{"sid-format", "SidFormat", "note", "", "high", "sid is not alphanumeric"},
	}
	for _, tt := range ruleTests {
		r := rules[index[tt.id]]
		if got := get(t, r, "name"); got != tt.name {
			t.Errorf("%s: name = %v, want %s", tt.id, got, tt.name)
		}
		if got, want := get(t, r, "helpUri"), DefaultDocsURL+"/"+tt.id+".md"; got != want {
			t.Errorf("%s: helpUri = %v, want %s", tt.id, got, want)
		}
		if got := get(t, r, "defaultConfiguration", "level"); got != tt.level {
			t.Errorf("%s: level = %v, want %s", tt.id, got, tt.level)
		}
		if got := get(t, r, "fullDescription", "text"); got != tt.full {
			t.Errorf("%s: fullDescription = %q, want %q", tt.id, got, tt.full)
		}
		props := get(t, r, "properties").(map[string]any)
		if got, ok := props["security-severity"]; tt.securitySeverity == "" && ok || tt.securitySeverity != "" && got != tt.securitySeverity {
			t.Errorf("%s: security-severity = %v, want %q", tt.id, got, tt.securitySeverity)
		}
		if got := props["precision"]; got != tt.precision {
			t.Errorf("%s: precision = %v, want %s", tt.id, got, tt.precision)
		}
		if tags := props["tags"].([]any); len(tags) == 0 || tags[0] != "security" {
			t.Errorf("%s: tags = %v", tt.id, tags)
		}
	}
	for id, want := range map[string]string{"wildcard-action": "[security]", "wildcard-resource": "[security least-privilege]", "effect-case": "[security validity]"} {
		if got := fmt.Sprint(get(t, rules[index[id]], "properties", "tags")); got != want {
			t.Errorf("%s: tags = %s, want %s", id, got, want)
		}
	}
	if got, want := get(t, rules[index["wildcard-action"]], "help", "markdown"), testRules[1].Doc; got != want {
		t.Errorf("help.markdown = %q, want the doc", got)
	}

	// Results, in the result's order.
	results := get(t, run, "results").([]any)
	if len(results) != len(res.Diagnostics) {
		t.Fatalf("%d results, want %d", len(results), len(res.Diagnostics))
	}
	resultTests := []struct {
		rule, level, uri, severity string
		line, col, endLine, endCol float64 // 0: absent
	}{
		// "é日本🔑" is 4 runes, 12 bytes, 5 UTF-16 code units (🔑 is a
		// surrogate pair): byte column 36 is UTF-16 column 36-12+5 = 29.
		{"sid-format", "note", "policies/a.json", "info", 4, 10, 4, 17},
		{"effect-case", "error", "policies/a.json", "low", 4, 29, 4, 36},
		{"wildcard-action", "error", "policies/a.json", "high", 5, 13, 5, 16},
		{"wildcard-resource", "warning", "policies/a.json", "medium", 6, 15, 8, 4},
		{"parse-error", "error", "policies/b.json", "high", 2, 14, 0, 0},
	}
	for i, tt := range resultTests {
		r := results[i]
		if got := get(t, r, "ruleId"); got != tt.rule {
			t.Errorf("result %d: ruleId = %v, want %s", i, got, tt.rule)
			continue
		}
		if got := get(t, r, "ruleIndex"); got != float64(index[tt.rule]) {
			t.Errorf("%s: ruleIndex = %v, want %d", tt.rule, got, index[tt.rule])
		}
		if got := get(t, r, "level"); got != tt.level {
			t.Errorf("%s: level = %v, want %s", tt.rule, got, tt.level)
		}
		if got := get(t, r, "message", "text"); got != res.Diagnostics[i].Message {
			t.Errorf("%s: message = %v", tt.rule, got)
		}
		if got := get(t, r, "properties", "severity"); got != tt.severity {
			t.Errorf("%s: properties.severity = %v, want %s", tt.rule, got, tt.severity)
		}
		if got := get(t, r, "partialFingerprints", "iamlint/v1"); got != res.Diagnostics[i].Fingerprint() {
			t.Errorf("%s: fingerprint = %v, want %s", tt.rule, got, res.Diagnostics[i].Fingerprint())
		}
		phys := get(t, r, "locations", 0, "physicalLocation")
		if got := get(t, phys, "artifactLocation", "uri"); got != tt.uri {
			t.Errorf("%s: uri = %v, want %s", tt.rule, got, tt.uri)
		}
		if got := get(t, phys, "artifactLocation", "uriBaseId"); got != "%SRCROOT%" {
			t.Errorf("%s: uriBaseId = %v", tt.rule, got)
		}
		region := get(t, phys, "region").(map[string]any)
		for key, want := range map[string]float64{"startLine": tt.line, "startColumn": tt.col, "endLine": tt.endLine, "endColumn": tt.endCol} {
			if got, ok := region[key]; want == 0 && ok || want != 0 && got != want {
				t.Errorf("%s: region.%s = %v, want %v", tt.rule, key, got, want)
			}
		}
	}

	// Related locations and the code flow of the path.
	wa := results[2]
	if got := get(t, wa, "relatedLocations", 0, "message", "text"); got != "in this statement" {
		t.Errorf("related message = %v", got)
	}
	if got := get(t, wa, "relatedLocations", 0, "id"); got != float64(1) {
		t.Errorf("related id = %v, want 1", got)
	}
	if got := get(t, wa, "relatedLocations", 0, "physicalLocation", "region", "startColumn"); got != float64(16) {
		t.Errorf("related startColumn = %v, want 16", got)
	}
	steps := get(t, wa, "codeFlows", 0, "threadFlows", 0, "locations").([]any)
	if len(steps) != 2 || get(t, steps[1], "location", "message", "text") != "on every resource" ||
		get(t, steps[1], "location", "physicalLocation", "region", "startLine") != float64(6) {
		t.Errorf("code flow steps = %v", steps)
	}
	if flows := get(t, results[0], "codeFlows"); flows != nil && len(flows.([]any)) != 0 {
		t.Errorf("code flows without a path: %v", flows)
	}
}

func TestSARIFFingerprintStable(t *testing.T) {
	t.Parallel()
	before := get(t, writeSARIF(t, testResult(t, 0), Options{}), "runs", 0, "results").([]any)
	after := get(t, writeSARIF(t, testResult(t, 3), Options{}), "runs", 0, "results").([]any)
	for i := range 4 { // the findings of the file that moved
		lb := get(t, before[i], "locations", 0, "physicalLocation", "region", "startLine").(float64)
		la := get(t, after[i], "locations", 0, "physicalLocation", "region", "startLine").(float64)
		if la != lb+3 {
			t.Errorf("result %d: line %v after moving 3 lines down, want %v", i, la, lb+3)
		}
		fb := get(t, before[i], "partialFingerprints", "iamlint/v1")
		fa := get(t, after[i], "partialFingerprints", "iamlint/v1")
		if fb == nil || fa != fb {
			t.Errorf("result %d: fingerprint %v changed to %v", i, fb, fa)
		}
	}
}

func TestSARIFURIs(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, base, file string
		uri, baseID      string
	}{
		{"under the working directory", "", "policies/a.json", "policies/a.json", "%SRCROOT%"},
		{"under the base", "policies", "policies/a.json", "a.json", "%SRCROOT%"},
		{"escaped", "", "my policies/50%.json", "my%20policies/50%25.json", "%SRCROOT%"},
		{"outside the base", "policies/sub", "policies/a.json", "file://" + filepath.ToSlash(wd) + "/policies/a.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := &analyzer.Result{Diagnostics: []analyzer.Diagnostic{{Rule: "r", Severity: analyzer.Low, File: tt.file}}}
			loc := get(t, writeSARIF(t, res, Options{BaseDir: tt.base}), "runs", 0, "results", 0, "locations", 0, "physicalLocation")
			if got := get(t, loc, "artifactLocation", "uri"); got != tt.uri {
				t.Errorf("uri = %v, want %s", got, tt.uri)
			}
			if got, _ := get(t, loc, "artifactLocation", "uriBaseId").(string); got != tt.baseID {
				t.Errorf("uriBaseId = %q, want %q", got, tt.baseID)
			}
			if region := get(t, loc, "region"); region != nil {
				t.Errorf("a finding without a span has region %v", region)
			}
		})
	}
}
