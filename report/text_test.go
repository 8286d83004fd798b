package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/analyzer"
)

func TestText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Text(&buf, testResult(t, 0), Options{Color: "never"}); err != nil {
		t.Fatal(err)
	}
	// The Sid line is 2 tabs, then 7 bytes, "é日本🔑" (12 bytes, 4 runes),
	// then the rest: "Allow" is at byte column 36, rune 28.
	want := []string{
		"policies/a.json:4:10  info  sid-format  sid é日本🔑 has characters other than letters and digits",
		"    \t\t\"Sid\": \"é日本🔑\", \"Effect\": \"Allow\",",
		"    \t\t       ^~~~~~",
		"",
		"policies/a.json:4:36  low  effect-case  effect \"Allow\" is fine, this is a test",
		"    \t\t\"Sid\": \"é日本🔑\", \"Effect\": \"Allow\",",
		"    \t\t" + strings.Repeat(" ", 25) + "^~~~~~~",
		"",
		"policies/a.json:5:13  high  wildcard-action  \"*\" allows every action of every service",
		"    \t\t\"Action\": \"*\",",
		"    \t\t          ^~~",
		"    related: policies/a.json:3:16 in this statement",
		"    path 1: policies/a.json:5:3 grants every action",
		"    path 2: policies/a.json:6:3 on every resource",
		"",
		"policies/a.json:6:15  medium  wildcard-resource  resource \"*\" on actions that support resource-level permissions",
		"    \t\t\"Resource\": [",
		"    \t\t            ^",
		"",
		"policies/b.json:2:14  high  parse-error  expected a string",
		"      \"Version\": 2012",
		"                 ^",
		"",
		"5 findings (2 high, 1 medium, 1 low, 1 info) in 2 files; 1 document checked",
		"1 file could not be read or parsed: policies/b.json",
	}
	got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\ngot  %q\nwant %q", i+1, g, w)
		}
	}
	for i, line := range got {
		if strings.TrimRight(line, " \t") != line {
			t.Errorf("line %d has trailing blanks: %q", i+1, line)
		}
	}
}

func TestTextColor(t *testing.T) {
	t.Parallel()
	res := testResult(t, 0)
	tests := []struct {
		mode    string
		escapes bool
	}{
		{"always", true},
		{"never", false},
		{"auto", false}, // a buffer is not a terminal
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := Text(&buf, res, Options{Color: tt.mode}); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(buf.String(), "\x1b["); got != tt.escapes {
				t.Errorf("color %q: escapes = %v, want %v\n%s", tt.mode, got, tt.escapes, buf.String())
			}
		})
	}
	if err := Text(&bytes.Buffer{}, res, Options{Color: "sometimes"}); err == nil {
		t.Error("color \"sometimes\": want an error")
	}
}

func TestTextSanitizes(t *testing.T) {
	t.Parallel()
	src := "{\"Action\": \"s3:\x1b[2JGet\u202eObject\"}\n"
	res := &analyzer.Result{
		Files: []*analyzer.FileResult{{Path: "x.json", Src: []byte(src), Documents: 1}},
		Diagnostics: []analyzer.Diagnostic{{Rule: "r", Severity: analyzer.Low, File: "x.json",
			Message: "bad \x1b[31maction", Span: find(t, src, "Action", "\"s3")}},
	}
	var buf bytes.Buffer
	if err := Text(&buf, res, Options{Color: "never"}); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); strings.ContainsAny(s, "\x1b\u202e") {
		t.Errorf("control characters from the input reached the output:\n%q", s)
	}
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 300) + "TARGET" + strings.Repeat("b", 300)
	tests := []struct {
		name       string
		line       string
		col, end   int
		text, care string
	}{
		{"start", "abc", 1, 2, "abc", "^"},
		{"underline", "abcdef", 2, 5, "abcdef", " ^~~"},
		{"multi-line span", "abc", 2, -1, "abc", " ^"},
		{"tabs kept", "\t\tx", 3, 4, "\t\tx", "\t\t^"},
		{"non-ASCII counts runes", "é日本🔑x", 13, 14, "é日本🔑x", "    ^"},
		{"past the end", "ab", 4, -1, "ab", "   ^"},
		{"end past the end", "ab", 1, 5, "ab", "^~"},
		{"long line cut around the column", long, 301, 307,
			"…" + strings.Repeat("a", 100) + "TARGET" + strings.Repeat("b", 94) + "…",
			strings.Repeat(" ", 101) + "^~~~~~"},
		{"long line, column near the start", long, 3, 4,
			strings.Repeat("a", 200) + "…", "  ^"},
		{"long line, column near the end", long, 606, 607,
			"…" + long[406:], strings.Repeat(" ", 200) + "^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			text, caret := excerpt([]byte(tt.line), tt.col, tt.end)
			if text != tt.text || caret != tt.care {
				t.Errorf("excerpt(%q, %d, %d) =\n%q\n%q\nwant\n%q\n%q", tt.line, tt.col, tt.end, text, caret, tt.text, tt.care)
			}
		})
	}
}
