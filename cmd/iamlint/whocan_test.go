package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// whoCanInputs writes the inputs of the privilege-escalation-path bad
// fixture to a folder.
func whoCanInputs(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile("../../fixtures/rules/privilege-escalation-path/bad.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if f.Name == "want" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestWhoCanText(t *testing.T) {
	t.Parallel()
	dir := whoCanInputs(t)
	var out, errs bytes.Buffer
	err := runWhoCan(&out, &errs, "batch:SubmitJob", "arn:aws:batch:us-east-1:111122223333:job-queue/nightly", []string{dir}, "text")
	if err != nil {
		t.Fatalf("%v: %s", err, errs.String())
	}
	for _, want := range []string{
		"role/batch         allowed by its policies (",
		"user/gina          user/gina → assumes role/batch → allowed",
		"user/leo           user/leo → assumes role/ops-admin (if conditions allow) → allowed [conditional]",
		"user/frank         user/frank → attaches a managed policy to role/app → assumes role/app → admin",
		// The template's placeholder account is not the queue's: only
		// as an administrator can ReleaseRole reach it.
		"user/Builder       user/Builder → assumes role/ReleaseRole → admin",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestWhoCanJSON(t *testing.T) {
	t.Parallel()
	dir := whoCanInputs(t)
	var out, errs bytes.Buffer
	if err := runWhoCan(&out, &errs, "iam:CreateUser", "*", []string{filepath.Join(dir, "template.yaml")}, "json"); err != nil {
		t.Fatal(err)
	}
	var res whoCanResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Principals) != 2 {
		t.Fatalf("%d principals, want 2: %s", len(res.Principals), out.String())
	}
	b := res.Principals[0]
	if b.Principal != "user/Builder" || b.Direct || len(b.Steps) != 1 || b.Steps[0].Line == 0 || len(b.AllowedBy) == 0 {
		t.Errorf("Builder: %+v", b)
	}
	if r := res.Principals[1]; r.Principal != "role/ReleaseRole" || !r.Direct {
		t.Errorf("ReleaseRole: %+v", r)
	}
}

func TestWhoCanUsage(t *testing.T) {
	t.Parallel()
	var out, errs bytes.Buffer
	for _, args := range [][2]string{{"s3:*", "*"}, {"GetObject", "*"}} {
		err := runWhoCan(&out, &errs, args[0], args[1], []string{"."}, "text")
		var ee *exitError
		if !errors.As(err, &ee) || ee.code != 2 {
			t.Errorf("%v: %v, want exit status 2", args, err)
		}
	}
}

func TestWhoCanCrossAccount(t *testing.T) {
	t.Parallel()
	ar, err := txtar.ParseFile("../../fixtures/graph/cross-account.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errs bytes.Buffer
	if err := runWhoCan(&out, &errs, "iam:CreateUser", "*", []string{dir}, "text"); err != nil {
		t.Fatal(err)
	}
	if want := "user/auditor → assumes role/central-admin → "; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
	if strings.Contains(out.String(), "user/intern") {
		t.Errorf("intern listed:\n%s", out.String())
	}
}
