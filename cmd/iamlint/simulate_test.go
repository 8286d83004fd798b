package main

import (
	"bytes"
	"encoding/json"
	"errors"
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
