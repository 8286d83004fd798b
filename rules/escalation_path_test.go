package rules_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
	"github.com/iamlint/iamlint/report"
	"github.com/iamlint/iamlint/rules"
	"github.com/iamlint/iamlint/source"
)

// escalationFindings runs privilege-escalation-path over one input of its
// bad fixture.
func escalationFindings(t *testing.T, name string) (*source.File, []analyzer.Diagnostic) {
	t.Helper()
	ar, err := txtar.ParseFile("../fixtures/rules/privilege-escalation-path/bad.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name == name {
			got, err := source.Read(f.Name, f.Data, source.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return got, analyzer.CheckAccount(got.Account, []*analyzer.Rule{rules.PrivilegeEscalationPath}, catalog.Default(), &analyzer.Config{})
		}
	}
	t.Fatalf("no %s", name)
	return nil, nil
}

func TestEscalationPathSeverityAndSteps(t *testing.T) {
	t.Parallel()
	_, ds := escalationFindings(t, "template.yaml")
	if len(ds) != 1 {
		t.Fatalf("%d findings, want 1", len(ds))
	}
	d := ds[0]
	if d.Severity != analyzer.Critical {
		t.Errorf("severity %v, want critical: the user has an access key", d.Severity)
	}
	// One location per step, then the administrator.
	if len(d.Path) != 2 || !strings.Contains(d.Path[0].Message, "assumes role/ReleaseRole") ||
		!strings.Contains(d.Path[1].Message, "role/ReleaseRole is an administrator") {
		t.Errorf("path: %+v", d.Path)
	}

	_, ds = escalationFindings(t, "auth.json")
	for _, d := range ds {
		if d.Severity != 0 && d.Severity != analyzer.High {
			t.Errorf("%s: severity %v, want high (no access keys in a dump)", d.Message, d.Severity)
		}
		if !strings.HasPrefix(d.Message, "user/alice ") {
			continue
		}
		// Step 1: the group policy allowing sts:AssumeRole; step 2: the
		// deployer's iam:PassRole; then the administrator's attachment.
		if len(d.Path) != 3 || d.Path[0].Span.Start != d.Span.Start {
			t.Errorf("alice's path: %+v", d.Path)
		}
		var msgs []string
		for _, r := range append(d.Path, d.Related...) {
			msgs = append(msgs, r.Message)
		}
		want := []string{
			"user/alice assumes role/deployer: sts:AssumeRole allowed here",
			"role/deployer passes role/lambda-admin to lambda:CreateFunction: iam:PassRole allowed here",
			"role/lambda-admin is an administrator: it is allowed every action on every resource",
			"sts:AssumeRole allowed here by the trust policy of role/deployer (user/alice assumes role/deployer)",
			"lambda:CreateFunction allowed here (role/deployer passes role/lambda-admin to lambda:CreateFunction)",
			"lambda:InvokeFunction allowed here (role/deployer passes role/lambda-admin to lambda:CreateFunction)",
			"sts:AssumeRole allowed here by the trust policy of role/lambda-admin (role/deployer passes role/lambda-admin to lambda:CreateFunction)",
		}
		if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
			t.Errorf("alice's steps and related places:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestEscalationPathSARIF checks that a path becomes a SARIF code flow
// with a thread flow location per step.
func TestEscalationPathSARIF(t *testing.T) {
	t.Parallel()
	f, ds := escalationFindings(t, "auth.json")
	res := &analyzer.Result{Files: []*analyzer.FileResult{{Path: f.Path, Src: f.Src, Lines: policy.NewLines(f.Src), Documents: len(f.Documents)}}, Diagnostics: ds}
	var buf bytes.Buffer
	if err := report.SARIF(&buf, res, report.Options{Rules: rules.All()}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Message   struct{ Text string }
				CodeFlows []struct {
					ThreadFlows []struct {
						Locations []struct {
							Location struct {
								Message          struct{ Text string }
								PhysicalLocation struct {
									Region struct{ StartLine int }
								}
							}
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range log.Runs[0].Results {
		if !strings.HasPrefix(r.Message.Text, "user/alice ") {
			continue
		}
		found = true
		if len(r.CodeFlows) != 1 || len(r.CodeFlows[0].ThreadFlows) != 1 {
			t.Fatalf("code flows: %+v", r.CodeFlows)
		}
		locs := r.CodeFlows[0].ThreadFlows[0].Locations
		if len(locs) != 3 {
			t.Fatalf("%d thread flow locations, want 3", len(locs))
		}
		for _, l := range locs {
			if l.Location.PhysicalLocation.Region.StartLine == 0 || l.Location.Message.Text == "" {
				t.Errorf("step without a location or message: %+v", l)
			}
		}
	}
	if !found {
		t.Error("no finding for user/alice")
	}
}
