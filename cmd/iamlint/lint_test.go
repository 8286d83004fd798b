package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bad has one high finding (an unknown action) in statement ReadReports.
const bad = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "ReadReports",
    "Effect": "Allow",
    "Action": "s3:GetObjekt",
    "Resource": "arn:aws:s3:::reports/*"
  }]
}
`

const good = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}`

// run runs iamlint with args and returns its exit status, standard output
// and standard error.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	code := 0
	if err != nil {
		var ee *exitError
		if !errors.As(err, &ee) {
			t.Fatalf("iamlint %v: %v", args, err)
		}
		code = ee.code
		if ee.err != nil {
			errOut.WriteString(ee.err.Error())
		}
	}
	return code, out.String(), errOut.String()
}

// tree writes files (path relative to a new temporary folder: content)
// and returns the folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		files    map[string]string
		args     []string // the folder is appended
		code     int
		contains string
	}{
		{"clean", map[string]string{"p.json": good}, nil, 0, "no findings"},
		{"finding", map[string]string{"p.json": bad}, nil, 1, "action-unknown"},
		{"below fail-on", map[string]string{"p.json": bad}, []string{"--fail-on", "critical"}, 0, "1 finding"},
		{"config fail-on", map[string]string{"p.json": bad, ".iamlint.yml": "fail-on: critical\n"}, nil, 0, "1 finding"},
		{"flag overrides config", map[string]string{"p.json": bad, ".iamlint.yml": "fail-on: critical\n"}, []string{"--fail-on", "high"}, 1, ""},
		{"config disable", map[string]string{"p.json": bad, ".iamlint.yml": "disable: [action-unknown]\n"}, nil, 0, "no findings"},
		{"--enable overrides config disable", map[string]string{"p.json": bad, ".iamlint.yml": "disable: [action-unknown]\n"}, []string{"--enable", "action-unknown"}, 1, ""},
		{"config severity", map[string]string{"p.json": bad, ".iamlint.yml": "severity: {action-unknown: info}\nfail-on: low\n"}, nil, 0, "1 info"},
		{"ignore-paths", map[string]string{"legacy/p.json": bad, "p.json": good, ".iamlint.yml": "ignore-paths: [legacy]\n"}, nil, 0, "no findings in 1 file"},
		{"ignored folder not read", map[string]string{"vendor/broken.json": `{"Statement": [`, "p.json": good, ".iamlint.yml": "ignore-paths: [vendor]\n"}, nil, 0, "no findings in 1 file"},
		{"override", map[string]string{"test/p.json": bad, ".iamlint.yml": "overrides:\n  - paths: [test/**]\n    disable: [action-unknown]\n"}, nil, 0, "no findings"},
		{"external suppression by Sid", map[string]string{"p.json": bad, ".iamlint.yml": "suppressions:\n  - paths: [p.json]\n    rules: [action-unknown]\n    sids: [ReadReports]\n    reason: test\n"}, nil, 0, "1 suppressed"},
		{"external suppression, other Sid", map[string]string{"p.json": bad, ".iamlint.yml": "suppressions:\n  - paths: [p.json]\n    rules: [action-unknown]\n    sids: [Other]\n    reason: test\n"}, nil, 1, ""},
		{"no-ignore", map[string]string{"p.json": bad, ".iamlint.yml": "suppressions:\n  - paths: [p.json]\n    rules: [action-unknown]\n    reason: test\n"}, []string{"--no-ignore"}, 1, "action-unknown"},
		{"config error", map[string]string{"p.json": good, ".iamlint.yml": "fail-on: low\nfailon: high\n"}, nil, 2, ".iamlint.yml:2:1: unknown key \"failon\""},
		{"config unknown rule", map[string]string{"p.json": good, ".iamlint.yml": "disable: [nope]\n"}, nil, 2, ".iamlint.yml:1:11: unknown rule \"nope\""},
		{"parse error", map[string]string{"p.json": `{"Version": "2012-10-17", "Statement": [}`}, nil, 2, "could not be read or parsed"},
		{"bad flag", map[string]string{"p.json": good}, []string{"--fail-on", "urgent"}, 2, "--fail-on"},
		{"bad format", map[string]string{"p.json": good}, []string{"--format", "xml"}, 2, "--format"},
		{"unknown rule flag", map[string]string{"p.json": good}, []string{"--disable", "nope"}, 2, "unknown rule"},
		{"github format", map[string]string{"p.json": bad}, []string{"--format", "github"}, 1, "::error file="},
		{"markdown format", map[string]string{"p.json": bad}, []string{"--format", "markdown"}, 1, "| high | [action-unknown]"},
		{"named non-policy file", map[string]string{"package.json": `{"name": "x"}`}, []string{"--skip-non-policy"}, 0, "no findings in 0 files"},
		{"yaml suppression", map[string]string{"t.yaml": cfnTemplate("s3:GetObjekt # iamlint:ignore action-unknown -- a test")}, nil, 0, "1 suppressed"},
		{"yaml suppression without reason", map[string]string{"t.yaml": cfnTemplate("s3:GetObjekt # iamlint:ignore action-unknown")}, nil, 1, "suppression-without-reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := tree(t, tt.files)
			code, out, errOut := run(t, append(append([]string{"--color", "never"}, tt.args...), dir)...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out+errOut, tt.contains) {
				t.Errorf("output does not contain %q\nstdout:\n%s\nstderr:\n%s", tt.contains, out, errOut)
			}
		})
	}
}

func cfnTemplate(action string) string {
	return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ` + action + `
            Resource: arn:aws:s3:::reports/*
`
}

// TestBaseline records a baseline, moves the finding down and adds one:
// only the new one fails the run.
func TestBaseline(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"p.json": bad})
	policy := filepath.Join(dir, "p.json")
	base := filepath.Join(dir, "baseline.json")
	code, _, errOut := run(t, "--write-baseline", base, policy)
	if code != 0 || !strings.Contains(errOut, "wrote 1 findings to baseline") {
		t.Fatalf("--write-baseline: exit %d, stderr %s", code, errOut)
	}
	code, out, _ := run(t, "--color", "never", "--baseline", base, policy)
	if code != 0 || !strings.Contains(out, "0 new, 1 in baseline") {
		t.Errorf("unchanged: exit %d, want 0\n%s", code, out)
	}
	// Three lines further down: the same finding.
	if err := os.WriteFile(policy, []byte("\n\n\n"+bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "--color", "never", "--baseline", base, policy)
	if code != 0 || !strings.Contains(out, "0 new, 1 in baseline") {
		t.Errorf("lines moved: exit %d, want 0\n%s", code, out)
	}
	added := strings.Replace(bad, `"Resource": "arn:aws:s3:::reports/*"`, `"Resource": "arn:aws:s3:::reports/*"}, {"Effect": "Allow", "Action": "s3:ListBuckett", "Resource": "*"`, 1)
	if err := os.WriteFile(policy, []byte("\n"+added), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "--color", "never", "--baseline", base, policy)
	if code != 1 || !strings.Contains(out, "1 new, 1 in baseline") || !strings.Contains(out, "s3:ListBuckett") || strings.Contains(out, "s3:GetObjekt is not") {
		t.Errorf("new finding: exit %d, want 1 and only the new finding shown\n%s", code, out)
	}
	code, _, errOut = run(t, "--format", "json", "--baseline", base, policy)
	if code != 1 || !strings.Contains(errOut, "1 new, 1 in baseline") {
		t.Errorf("json: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = run(t, "--baseline", filepath.Join(dir, "missing.json"), policy)
	if code != 2 || !strings.Contains(errOut, "--baseline") {
		t.Errorf("missing baseline: exit %d, stderr %q", code, errOut)
	}
}

func TestInit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, out, _ := run(t, "init", dir)
	if code != 0 || !strings.Contains(out, "wrote") {
		t.Fatalf("init: exit %d, %s", code, out)
	}
	if code, _, errOut := run(t, "init", dir); code != 2 || !strings.Contains(errOut, "--force") {
		t.Errorf("init over an existing file: exit %d, %s", code, errOut)
	}
	if code, _, _ := run(t, "init", "--force", dir); code != 0 {
		t.Errorf("init --force: exit %d", code)
	}
	if err := os.WriteFile(filepath.Join(dir, "p.json"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := run(t, dir); code != 0 {
		t.Errorf("lint with the starter configuration: exit %d\n%s%s", code, out, errOut)
	}
}

func TestSARIFCategory(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"p.json": bad})
	code, out, _ := run(t, "--format", "sarif", "--sarif-category", "iam", dir)
	if code != 1 || !strings.Contains(out, `"id": "iam/"`) {
		t.Errorf("exit %d; want runAutomationDetails id iam/ in\n%s", code, out)
	}
}

// TestGitHubWorkspace checks that paths are relative to GITHUB_WORKSPACE.
func TestGitHubWorkspace(t *testing.T) {
	dir := tree(t, map[string]string{"infra/iam/p.json": bad})
	t.Setenv("GITHUB_WORKSPACE", dir)
	code, out, _ := run(t, "--format", "github", filepath.Join(dir, "infra"))
	if code != 1 || !strings.Contains(out, "::error file=infra/iam/p.json,line=6,") {
		t.Errorf("exit %d; want an annotation of infra/iam/p.json in\n%s", code, out)
	}
}
