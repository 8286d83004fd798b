package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const simIdentity = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "OwnHome",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/home/${aws:username}/*"
    },
    {
      "Sid": "Office",
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}
    }
  ]
}
`

// simulate runs iamlint simulate in dir with args and returns its exit
// status, standard output and standard error.
func simulate(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(append([]string{"simulate"}, args...))
	code := 0
	if err := cmd.Execute(); err != nil {
		var ee *exitError
		if !errors.As(err, &ee) {
			t.Fatalf("iamlint simulate %v: %v", args, err)
		}
		code = ee.code
		if ee.err != nil {
			errOut.WriteString(ee.err.Error())
		}
	}
	return code, out.String(), errOut.String()
}

func simFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSimulate(t *testing.T) {
	dir := simFiles(t, map[string]string{
		"alice.json":    simIdentity,
		"bucket.json":   `{"Version": "2012-10-17", "Statement": [{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/shared/*"}]}`,
		"boundary.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}`,
		"broken.json":   "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}\n",
		"key.json":      `{"Version": "2012-10-17", "Statement": [{"Sid": "Admins", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/admin"}, "Action": "kms:*", "Resource": "*"}]}`,
		"kmsuse.json":   `{"Version": "2012-10-17", "Statement": [{"Sid": "Use", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}`,
		"badop.json":    `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {"aws:username": "x"}}}]}`,
	})
	alice := []string{"--policy", "alice.json", "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "s3:GetObject"}
	tests := []struct {
		name     string
		args     []string
		code     int
		decision string
		sids     []string
		stderr   string
	}{
		{"allowed", append(alice, "--resource", "arn:aws:s3:::reports/home/alice/q1.csv", "--context", "aws:SourceIp=203.0.113.9"), 0, "Allowed", []string{"OwnHome"}, ""},
		{"explicit deny over IPv6", append(alice, "--resource", "arn:aws:s3:::reports/home/alice/q1.csv", "--context", "aws:SourceIp=2001:db9::1"), 0, "ExplicitlyDenied", []string{"Office"}, ""},
		{"other user's home", append(alice, "--resource", "arn:aws:s3:::reports/home/bob/q1.csv", "--context", "aws:SourceIp=203.0.113.9"), 0, "ImplicitlyDenied", nil, ""},
		{"boundary caps", append(alice, "--boundary", "boundary.json", "--resource", "arn:aws:s3:::reports/home/alice/q1.csv", "--context", "aws:SourceIp=203.0.113.9"), 0, "ImplicitlyDenied", nil, ""},
		{"cross-account needs both", []string{"--resource-policy", "bucket.json", "--policy", "alice.json", "--principal", "arn:aws:iam::444455556666:user/alice", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::reports/shared/x", "--resource-account", "111122223333", "--context", "aws:SourceIp=203.0.113.9"}, 0, "ImplicitlyDenied", nil, ""},
		{"key policy must allow", []string{"--policy", "kmsuse.json", "--resource-policy", "key.json", "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "kms:Decrypt", "--resource", "arn:aws:kms:us-east-1:111122223333:key/k"}, 0, "ImplicitlyDenied", nil, ""},
		{"key policy names the user", []string{"--resource-policy", "key.json", "--principal", "arn:aws:iam::111122223333:user/admin", "--action", "kms:Decrypt", "--resource", "arn:aws:kms:us-east-1:111122223333:key/k"}, 0, "Allowed", []string{"Admins"}, ""},
		{"bad context value", append(alice, "--resource", "x", "--context", "aws:SourceIp=nowhere"), 2, "", nil, "not an IP address"},
		{"bad context flag", append(alice, "--resource", "x", "--context", "aws:SourceIp"), 2, "", nil, "KEY=VALUE"},
		{"syntax error", []string{"--policy", "broken.json", "--action", "s3:GetObject", "--resource", "x"}, 2, "", nil, "broken.json:3:"},
		{"unknown operator", []string{"--policy", "badop.json", "--action", "s3:GetObject", "--resource", "x"}, 2, "", nil, "badop.json:1:"},
		{"missing file", []string{"--policy", "nope.json", "--action", "s3:GetObject", "--resource", "x"}, 2, "", nil, "nope.json"},
		{"missing action", []string{"--policy", "alice.json", "--resource", "x"}, 2, "", nil, "--action"},
		{"bad format", append(alice, "--resource", "x", "--format", "xml"), 2, "", nil, "--format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := simulate(t, dir, append(tt.args, "--format", "json")...)
			if tt.name == "bad format" {
				code, _, errOut = simulate(t, dir, tt.args...)
			}
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", errOut, tt.stderr)
			}
			if tt.code != 0 {
				return
			}
			var got struct {
				Decision   string
				Statements []struct {
					File   string
					Line   int
					Column int
					Sid    string
					Effect string
				}
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if got.Decision != tt.decision {
				t.Errorf("decision %q, want %q", got.Decision, tt.decision)
			}
			var sids []string
			for _, s := range got.Statements {
				sids = append(sids, s.Sid)
				if s.File == "" || s.Line == 0 || s.Column == 0 || s.Effect == "" {
					t.Errorf("statement without position or effect: %+v", s)
				}
			}
			if strings.Join(sids, ",") != strings.Join(tt.sids, ",") {
				t.Errorf("statements %v, want %v", sids, tt.sids)
			}
		})
	}
}

func TestSimulateText(t *testing.T) {
	dir := simFiles(t, map[string]string{"alice.json": simIdentity})
	code, out, _ := simulate(t, dir, "--policy", "alice.json", "--principal", "arn:aws:iam::111122223333:user/alice",
		"--action", "s3:GetObject", "--resource", "arn:aws:s3:::reports/home/alice/q1.csv", "--context", "aws:SourceIp=198.51.100.1")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"ExplicitlyDenied: s3:GetObject on arn:aws:s3:::reports/home/alice/q1.csv", "alice.json:10:5  Deny Sid \"Office\"  (identity policy)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestSimulateInputs gathers the principal's policies from the fixtures'
// dumps and templates.
func TestSimulateInputs(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	extra := simFiles(t, map[string]string{
		"s3-boundary.json": `{"Version": "2012-10-17", "Statement": [{"Sid": "S3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`,
	})
	const (
		dump     = "fixtures/simulate/dump.json"
		stack    = "fixtures/simulate/stack.yaml"
		report   = "arn:aws:s3:::reports/q1.csv"
		auditor  = "arn:aws:iam::111122223333:role/auditor"
		getObj   = "s3:GetObject"
		assume   = "sts:AssumeRole"
		simInput = "fixtures/simulate"
	)
	tests := []struct {
		name     string
		args     []string
		code     int
		decision string
		// statements are "file:line:col sid policy".
		statements []string
		stderr     string
	}{
		{"allowed by a group's inline policy", []string{"--principal", "alice", "--action", getObj, "--resource", report, simInput},
			0, "Allowed", []string{dump + ":78:15 ReadReports identity policy"}, ""},
		{"allowed by a template group's policy", []string{"--principal", "user/deployer", "--action", "cloudformation:CreateStack",
			"--resource", "arn:aws:cloudformation:eu-west-1:000000000000:stack/app-web/1", stack},
			0, "Allowed", []string{stack + ":13:17 Stacks identity policy"}, ""},
		{"template reference resolved", []string{"--principal", "Deployer", "--action", "cloudformation:CreateStack",
			"--resource", "arn:aws:cloudformation:eu-west-1:000000000000:stack/db/1", stack},
			0, "ImplicitlyDenied", nil, ""},
		{"denied by the boundary", []string{"--principal", "user/bob", "--action", getObj, "--resource", report, simInput},
			0, "ImplicitlyDenied", nil, ""},
		{"--boundary replaces the gathered one", []string{"--principal", "bob", "--boundary", filepath.Join(extra, "s3-boundary.json"),
			"--action", getObj, "--resource", report, simInput},
			0, "Allowed", []string{dump + ":78:15 ReadReports identity policy", filepath.Join(extra, "s3-boundary.json") + ":1:41 S3 permissions boundary"},
			"replaces the permissions boundary"},
		{"--policy adds to the gathered ones", []string{"--principal", "arn:aws:iam::111122223333:user/erin", "--policy", filepath.Join(extra, "s3-boundary.json"),
			"--action", "s3:PutObject", "--resource", report, dump},
			0, "Allowed", []string{filepath.Join(extra, "s3-boundary.json") + ":1:41 S3 identity policy"}, ""},
		{"explicitly denied", []string{"--principal", "carol", "--action", getObj, "--resource", "arn:aws:s3:::reports/secret/pay.csv", simInput},
			0, "ExplicitlyDenied", []string{dump + ":39:15 NoSecrets identity policy"}, ""},
		{"AWS managed located at its attachment", []string{"--principal", "erin", "--action", getObj, "--resource", report, simInput},
			0, "Allowed", []string{dump + ":61:63  identity policy"}, ""},
		{"trust policy gathered", []string{"--principal", "alice", "--action", assume, "--resource", auditor, simInput},
			0, "Allowed", []string{dump + ":101:11 Alice resource policy"}, ""},
		{"trust policy names another user", []string{"--principal", "bob", "--action", assume, "--resource", auditor, simInput},
			0, "ImplicitlyDenied", nil, ""},
		{"template trust policy", []string{"--principal", "user/deployer", "--action", assume, "--resource", "arn:aws:iam::000000000000:role/deploy", simInput},
			0, "Allowed", []string{stack + ":30:13 Deployer resource policy"}, ""},
		{"role session", []string{"--principal", "arn:aws:sts::111122223333:assumed-role/auditor/s1", "--action", "iam:GetRole",
			"--resource", "arn:aws:iam::111122223333:role/deployer", simInput},
			0, "Allowed", []string{dump + ":112:54 BaseSecurityAuditStatement identity policy"}, ""},
		{"examples: a group's AWS managed policy", []string{"--principal", "alice", "--action", "iam:CreateUser", "--resource", "*", "fixtures/examples"},
			0, "Allowed", []string{"fixtures/examples/account-dump.json:23:60  identity policy"}, ""},
		{"unknown principal", []string{"--principal", "alcie", "--action", getObj, "--resource", report, simInput},
			2, "", nil, "--principal alcie: no user or role of the inputs has that name or ARN; did you mean user/alice"},
		{"ambiguous principal", []string{"--principal", "deployer", "--action", getObj, "--resource", report, simInput},
			2, "", nil, "--principal deployer is ambiguous: role/deployer (arn:aws:iam::111122223333:role/deployer, " + dump + "), user/deployer"},
		{"inputs without --principal", []string{"--action", getObj, "--resource", report, simInput},
			2, "", nil, "--principal is required"},
		{"a name without inputs", []string{"--principal", "alice", "--action", getObj, "--resource", report},
			2, "", nil, "not a principal ARN"},
		{"inputs without identities", []string{"--principal", "alice", "--action", getObj, "--resource", report, "fixtures/examples/developer-policy.json"},
			2, "", nil, "no users or roles found"},
		{"missing input", []string{"--principal", "alice", "--action", getObj, "--resource", report, "fixtures/nope"},
			2, "", nil, "fixtures/nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := simulate(t, root, append(tt.args, "--format", "json")...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", errOut, tt.stderr)
			}
			if tt.code != 0 {
				return
			}
			var got decisionJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out)
			}
			if got.Decision != tt.decision {
				t.Errorf("decision %q, want %q (%s)", got.Decision, tt.decision, got.Reason)
			}
			var sts []string
			for _, s := range got.Statements {
				sts = append(sts, fmt.Sprintf("%s:%d:%d %s %s", s.File, s.Line, s.Column, s.Sid, s.Policy))
			}
			if strings.Join(sts, "\n") != strings.Join(tt.statements, "\n") {
				t.Errorf("statements\n%s\nwant\n%s", strings.Join(sts, "\n"), strings.Join(tt.statements, "\n"))
			}
		})
	}
}

// TestSimulateInputsJSON checks the JSON shape: decision, and statements
// with file, line, column, sid and effect, in the input files.
func TestSimulateInputsJSON(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := simulate(t, root, "--principal", "user/carol", "--action", "s3:GetObject",
		"--resource", "arn:aws:s3:::reports/secret/pay.csv", "--format", "json", "fixtures/simulate")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got["decision"] != "ExplicitlyDenied" || got["principal"] != "arn:aws:iam::111122223333:user/carol" || got["source"] != "fixtures/simulate/dump.json" {
		t.Errorf("decision, principal, source: %v, %v, %v", got["decision"], got["principal"], got["source"])
	}
	sts, ok := got["statements"].([]any)
	if !ok || len(sts) != 1 {
		t.Fatalf("statements: %v", got["statements"])
	}
	want := map[string]any{"file": "fixtures/simulate/dump.json", "line": 39.0, "column": 15.0, "sid": "NoSecrets", "effect": "Deny", "policy": "identity policy"}
	st, _ := sts[0].(map[string]any)
	for k, v := range want {
		if st[k] != v {
			t.Errorf("statement %s = %v, want %v", k, st[k], v)
		}
	}
	if _, ok := st["managedPolicy"]; ok {
		t.Errorf("managedPolicy set for a statement of the dump: %v", st)
	}
}

func TestSimulateInputsText(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := simulate(t, root, "--principal", "alice", "--action", "sts:AssumeRole",
		"--resource", "arn:aws:iam::111122223333:role/auditor", "fixtures/simulate")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Allowed: sts:AssumeRole on arn:aws:iam::111122223333:role/auditor by user/alice (arn:aws:iam::111122223333:user/alice)\n",
		"  gathered from fixtures/simulate/dump.json: 1 identity policy, the trust policy of role/auditor\n",
		"  fixtures/simulate/dump.json:101:11  Allow Sid \"Alice\"  (trust policy of role/auditor)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
