package report

import (
	"testing"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

func TestUTF16Col(t *testing.T) {
	t.Parallel()
	src := "ascii\n\"Sid\": \"é日本\"\n\t🔑x\r\n\xff\xfex\n"
	srcs := newSources(&analyzer.Result{Files: []*analyzer.FileResult{{Path: "f", Src: []byte(src)}}})
	tests := []struct {
		name      string
		file      string
		line, col int
		want      int
	}{
		{"ascii", "f", 1, 3, 3},
		{"after é日本", "f", 2, 20, 15}, // 19 bytes before, 8 of them 3 runes
		{"inside the string", "f", 2, 9, 9},
		{"after a surrogate pair", "f", 3, 6, 4}, // tab, 🔑 (4 bytes, 2 units)
		{"invalid UTF-8", "f", 4, 3, 3},
		{"past the end of the line", "f", 1, 7, 7},
		{"line past the end", "f", 9, 4, 4},
		{"unknown file", "g", 1, 5, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := srcs.utf16Col(tt.file, policy.Pos{Line: tt.line, Col: tt.col}); got != tt.want {
				t.Errorf("utf16Col(%d:%d) = %d, want %d", tt.line, tt.col, got, tt.want)
			}
		})
	}
}

func TestLevel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sev  analyzer.Severity
		cat  analyzer.Category
		want string
	}{
		{analyzer.Low, analyzer.Validity, "error"},
		{analyzer.Critical, analyzer.Security, "error"},
		{analyzer.High, analyzer.LeastPrivilege, "error"},
		{analyzer.Medium, analyzer.Security, "warning"},
		{analyzer.Low, analyzer.LeastPrivilege, "warning"},
		{analyzer.Medium, analyzer.Hygiene, "warning"},
		{analyzer.Info, analyzer.Security, "note"},
		{analyzer.Info, analyzer.Validity, "note"},
	}
	for _, tt := range tests {
		if got := level(tt.sev, tt.cat); got != tt.want {
			t.Errorf("level(%s, %s) = %s, want %s", tt.sev, tt.cat, got, tt.want)
		}
	}
}

func TestCamelCase(t *testing.T) {
	t.Parallel()
	for id, want := range map[string]string{
		"wildcard-action":       "WildcardAction",
		"parse-error":           "ParseError",
		"iam-passrole-wildcard": "IamPassroleWildcard",
		"x":                     "X",
	} {
		if got := camelCase(id); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", id, got, want)
		}
	}
}
