package analyzer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/iamlint/iamlint/analyzer"
)

// TestTerraformFolderIsOneModule checks that the .tf files of a folder are
// read together (a reference in one resolves to a resource of another) and
// that account rules run once per model, with findings in the right file.
func TestTerraformFolderIsOneModule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"roles.tf": `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
`,
		"trust.tf": `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
`,
		"other/roles.tf": `resource "aws_iam_role" "other" {
  name               = "other"
  assume_role_policy = "{}"
}
`,
	}
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rule := &analyzer.Rule{ID: "roles", Severity: analyzer.Info, Category: analyzer.Hygiene,
		RunAccount: func(pass *analyzer.Pass) {
			for _, r := range pass.Account.Roles {
				if r.Trust != nil && len(r.Trust.Statements) == 1 {
					pass.Report(analyzer.Diagnostic{Message: "trusted " + r.Label(), File: r.Trust.File, Span: r.Trust.Statements[0].Node.Span})
				}
			}
		}}
	res, err := analyzer.Run(context.Background(), []*analyzer.Rule{rule}, []string{dir}, &analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 {
		t.Fatalf("want one finding, got %+v", res.Diagnostics)
	}
	d := res.Diagnostics[0]
	if d.Message != "trusted app" || filepath.Base(d.File) != "trust.tf" || d.Span.Start.Line != 2 {
		t.Errorf("finding %s at %s:%d", d.Message, d.File, d.Span.Start.Line)
	}
	if n := res.Documents(); n != 2 {
		t.Errorf("%d documents, want 2 (the trust policies of app and other)", n)
	}
}

// TestTerraformNamedFile checks that a .tf file named on the command line
// is read with the other .tf files of its folder (references resolve) and
// that only it is reported.
func TestTerraformNamedFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	named := write("role.tf", "resource \"aws_iam_role\" \"app\" {\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n}\n")
	write("trust.tf", "data \"aws_iam_policy_document\" \"assume\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n  }\n}\n")
	rule := &analyzer.Rule{ID: "roles", Severity: analyzer.Info, Category: analyzer.Hygiene,
		RunAccount: func(pass *analyzer.Pass) {
			for _, r := range pass.Account.Roles {
				if r.Trust != nil {
					pass.Report(analyzer.Diagnostic{Message: "role with trust", File: r.Loc.File, Span: r.Loc.Span})
					pass.Report(analyzer.Diagnostic{Message: "trust", File: r.Trust.File, Span: r.Trust.Root.Span})
				}
			}
		}}
	res, err := analyzer.Run(context.Background(), []*analyzer.Rule{rule}, []string{named}, &analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Message != "role with trust" || res.Diagnostics[0].File != named {
		t.Errorf("want one finding in %s, got %+v", named, res.Diagnostics)
	}
	if len(res.Files) != 1 {
		t.Errorf("%d files in the result, want the named one", len(res.Files))
	}
}
