package source

import (
	"strconv"
	"testing"
	"time"

	"github.com/iamlint/iamlint/policy"
)

// checkSpans fails when a span of the file's documents falls outside it.
func checkSpans(t *testing.T, f *File) {
	t.Helper()
	if f == nil {
		return
	}
	var walk func(n *policy.Node)
	walk = func(n *policy.Node) {
		if n.Span.Start.Offset < 0 || n.Span.End.Offset > len(f.Src) || n.Span.Start.Offset > n.Span.End.Offset {
			t.Fatalf("span %s (%d-%d) outside the %d-byte input", n.Span, n.Span.Start.Offset, n.Span.End.Offset, len(f.Src))
		}
		for _, m := range n.Members {
			walk(m.Value)
		}
		for _, e := range n.Elems {
			walk(e)
		}
	}
	for _, d := range f.Documents {
		if d.File == f.Path {
			walk(d.Root)
		}
	}
}

// watchdog crashes the fuzzing worker, which records the input, when a
// read takes over 10 seconds: a hang, not merely a slow input.
func watchdog(src []byte) (stop func()) {
	t := time.AfterFunc(10*time.Second, func() { panic("hang on input " + strconv.Quote(string(src))) })
	return func() { t.Stop() }
}

// FuzzReadYAML: the YAML converter and the CloudFormation reader.
func FuzzReadYAML(f *testing.F) {
	f.Add([]byte(cfnYAML))
	f.Add([]byte("AWSTemplateFormatVersion: x\na: &a [x, *a]\n"))
	f.Add([]byte("Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: !Sub |\n        {\"Statement\": [\"${X}\"]}\n"))
	f.Add([]byte("Resources: {R: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: \"{\\\"a\\\": 1}\", Roles: [!Ref R]}}}"))
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchdog(src)()
		file, _ := Read("t.yaml", src, Options{})
		checkSpans(t, file)
	})
}

// FuzzReadJSON: CloudFormation JSON, Terraform plans, account dumps and
// the JSON embedded in them.
func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(cfnJSON))
	f.Add([]byte(tfPlan))
	f.Add([]byte(authDump))
	f.Add([]byte(`{"RoleDetailList": [{"AssumeRolePolicyDocument": "%7B%22a%22%3A%25%7D"}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchdog(src)()
		file, _ := Read("t.json", src, Options{})
		checkSpans(t, file)
	})
}

// FuzzReadTerraform: the HCL reader.
func FuzzReadTerraform(f *testing.F) {
	f.Add([]byte(tfMain))
	f.Add([]byte(tfIAM))
	f.Add([]byte("locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode(local.a)\n}\n"))
	f.Add([]byte("resource \"aws_iam_policy\" \"p\" {\n  policy = <<EOF\n{\"Statement\": ${var.x}}\nEOF\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchdog(src)()
		files, _ := ReadModule([]Input{{Path: "main.tf", Src: src}}, Options{})
		checkSpans(t, files[0])
	})
}
