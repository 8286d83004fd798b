package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

var flagRE = regexp.MustCompile(`(?:^|\s|\()--([a-z][a-z-]*)`)

// checkFlags reports the --flags in text that the lint command lacks.
func checkFlags(t *testing.T, where, text string) {
	t.Helper()
	cmd := newRootCmd()
	found := 0
	for _, m := range flagRE.FindAllStringSubmatch(text, -1) {
		found++
		if cmd.Flags().Lookup(m[1]) == nil {
			t.Errorf("%s uses --%s, which iamlint does not have", where, m[1])
		}
	}
	if found == 0 {
		t.Errorf("%s: no flags found", where)
	}
}

// TestActionYAML checks the composite action: its inputs and the flags its
// script passes to iamlint.
func TestActionYAML(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs map[string]struct{ Description, Default string }
		Runs   struct {
			Using string
			Steps []struct {
				ID, Run string
				Env     map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", action.Runs.Using)
	}
	for _, in := range []string{"paths", "format", "fail-on", "sarif-category"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("action.yml lacks input %q", in)
		}
	}
	i := slices.IndexFunc(action.Runs.Steps, func(s struct {
		ID, Run string
		Env     map[string]string
	}) bool {
		return s.ID == "lint"
	})
	if i < 0 {
		t.Fatal("action.yml has no step with id lint")
	}
	step := action.Runs.Steps[i]
	checkFlags(t, "action.yml", step.Run)
	inputRE := regexp.MustCompile(`\$\{\{\s*inputs\.`)
	if inputRE.MatchString(step.Run) {
		t.Error("the lint script pastes inputs into shell code; pass them through env")
	}
	if f, ok := action.Inputs["format"]; !ok || f.Default != "sarif" {
		t.Errorf("format input default = %q, want sarif", f.Default)
	}
	runActionScript(t, step.Run)
}

// runActionScript runs the action's lint script with bash, as a workflow
// would, against a stand-in iamlint that records its arguments and exits
// 1, and checks the arguments and the exit-code output.
func runActionScript(t *testing.T, script string) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	stub := "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > \"$ARGS_FILE\"\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "iamlint"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Env = append(os.Environ(),
		"PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"ARGS_FILE="+filepath.Join(dir, "args"),
		"GITHUB_OUTPUT="+filepath.Join(dir, "output"),
		"IAMLINT_PATHS=policies infra/main.tf",
		"IAMLINT_FORMAT=sarif",
		"IAMLINT_OUTPUT=iamlint.sarif",
		"IAMLINT_FAIL_ON=high",
		"IAMLINT_SARIF_CATEGORY=iamlint",
		"IAMLINT_CONFIG=",
		"IAMLINT_BASELINE=",
		"IAMLINT_ARGS=--disable version-missing",
	)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("script: %v, want exit status 1 (iamlint's)\n%s", err, out)
	}
	args, err := os.ReadFile(filepath.Join(dir, "args"))
	if err != nil {
		t.Fatal(err)
	}
	want := "--format\nsarif\n--color\nnever\n--output\niamlint.sarif\n--fail-on\nhigh\n--sarif-category\niamlint\n--disable\nversion-missing\npolicies\ninfra/main.tf\n"
	if string(args) != want {
		t.Errorf("iamlint called with\n%s\nwant\n%s", args, want)
	}
	output, err := os.ReadFile(filepath.Join(dir, "output"))
	if err != nil || string(output) != "exit-code=1\n" {
		t.Errorf("GITHUB_OUTPUT = %q, %v; want exit-code=1", output, err)
	}
}

// TestPreCommitHooks checks .pre-commit-hooks.yaml.
func TestPreCommitHooks(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language string
		TypesOr             []string `yaml:"types_or"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "iamlint" || hooks[0].Language != "golang" {
		t.Fatalf("hooks = %+v, want one golang hook with id iamlint", hooks)
	}
	for _, ty := range []string{"json", "yaml", "terraform"} {
		if !slices.Contains(hooks[0].TypesOr, ty) {
			t.Errorf("hook types_or lacks %s", ty)
		}
	}
	checkFlags(t, ".pre-commit-hooks.yaml", hooks[0].Entry)
}
