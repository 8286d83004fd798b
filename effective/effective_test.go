package effective_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/effective"
	"github.com/iamlint/iamlint/policy"
)

func doc(t testing.TB, src string) *policy.Document {
	t.Helper()
	root, _, err := policy.ParseJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return policy.Build(root, "policy.json", policy.Identity)
}

func resources(acc []effective.Access) []string {
	var out []string
	for _, a := range acc {
		if a.Grant.NotResource {
			out = append(out, "NotResource")
		}
		for _, r := range a.Resources {
			out = append(out, r.Str)
		}
	}
	return out
}

func TestAccess(t *testing.T) {
	t.Parallel()
	cat := catalog.Default()
	tests := []struct {
		name, policy, action string
		want                 []string // resources still granted; nil: not granted
	}{
		{"plain", `{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}}`,
			"s3:GetObject", []string{"arn:aws:s3:::a/*"}},
		{"pattern is case-insensitive", `{"Statement": {"Effect": "Allow", "Action": "S3:get*", "Resource": "*"}}`,
			"s3:GetObject", []string{"*"}},
		{"not named", `{"Statement": {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}`,
			"s3:GetObject", nil},
		{"NotAction covers iam:*", `{"Statement": {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}}`,
			"iam:PassRole", []string{"*"}},
		{"NotAction excludes", `{"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}`,
			"iam:PassRole", nil},
		{"deny of the same action wins", `{"Statement": [
			{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
			{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}]}`,
			"iam:PassRole", nil},
		{"conditional deny removes nothing", `{"Statement": [
			{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
			{"Effect": "Deny", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}`,
			"iam:PassRole", []string{"*"}},
		{"deny on one bucket keeps the others", `{"Statement": [
			{"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]},
			{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::a/*"}]}`,
			"s3:DeleteObject", []string{"arn:aws:s3:::b/*"}},
		{"narrow deny does not cover a wide allow", `{"Statement": [
			{"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::*"},
			{"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::a/*"}]}`,
			"s3:DeleteObject", []string{"arn:aws:s3:::*"}},
		{"wide deny covers a narrow allow", `{"Statement": [
			{"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::logs/*"},
			{"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*"}]}`,
			"s3:DeleteObject", nil},
		{"deny of every queue covers star", `{"Statement": [
			{"Effect": "Allow", "Action": "sqs:PurgeQueue", "Resource": "*"},
			{"Effect": "Deny", "Action": "sqs:Purge*", "Resource": "arn:aws:sqs:*:*:*"}]}`,
			"sqs:PurgeQueue", nil},
		{"deny with NotResource", `{"Statement": [
			{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::team-a/*", "arn:aws:s3:::other/*"]},
			{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::team-*"}]}`,
			"s3:GetObject", []string{"arn:aws:s3:::team-a/*"}},
		{"deny NotAction", `{"Statement": [
			{"Effect": "Allow", "Action": ["iam:PassRole", "s3:GetObject"], "Resource": "*"},
			{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}]}`,
			"iam:PassRole", nil},
		{"allow NotResource", `{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}}`,
			"s3:GetObject", []string{"NotResource"}},
		{"deny star covers NotResource", `{"Statement": [
			{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"},
			{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}`,
			"s3:GetObject", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			set := effective.Compute(cat, doc(t, tt.policy))
			a := cat.Action(tt.action)
			if a == nil {
				t.Fatalf("no action %s", tt.action)
			}
			got := resources(set.Access(a))
			if len(got) != len(tt.want) {
				t.Fatalf("access to %s = %q, want %q", tt.action, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("access to %s = %q, want %q", tt.action, got, tt.want)
				}
			}
		})
	}
}

func TestActionsAndSource(t *testing.T) {
	t.Parallel()
	cat := catalog.Default()
	d := doc(t, `{"Statement": [
		{"Effect": "Allow", "Action": ["s3:GetObject", "sqs:Send*"], "Resource": "*"},
		{"Effect": "Deny", "Action": "sqs:SendMessageBatch", "Resource": "*"}]}`)
	set := effective.Compute(cat, d)
	if len(set.Grants) != 1 {
		t.Fatalf("%d grants, want 1", len(set.Grants))
	}
	g := set.Grants[0]
	var names []string
	for _, a := range set.Actions(g) {
		names = append(names, a.String())
	}
	want := []string{"s3:GetObject", "sqs:SendMessage"}
	if len(names) != len(want) || names[0] != want[0] || names[1] != want[1] {
		t.Fatalf("actions = %v, want %v", names, want)
	}
	src := g.Source(cat.Action("sqs:SendMessage"))
	if src.Str != "sqs:Send*" || src.Span.Start.Line != 2 {
		t.Fatalf("source = %q at %v, want sqs:Send* on line 2", src.Str, src.Span)
	}
}

func TestGlobAndOverlap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b           string
		glob, overlaps bool
	}{
		{"arn:aws:s3:::*", "arn:aws:s3:::logs/*", true, true},
		{"arn:aws:s3:::logs/*", "arn:aws:s3:::*", false, true},
		{"arn:aws:s3:::a?c", "arn:aws:s3:::abc", true, true},
		{"arn:aws:s3:::A", "arn:aws:s3:::a", false, false},
		{"team-*", "other-*", false, false},
		{"*-prod", "app-*", false, true},
	}
	for _, tt := range tests {
		if got := effective.Glob(tt.a, tt.b); got != tt.glob {
			t.Errorf("Glob(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.glob)
		}
		if got := effective.Overlap(tt.a, tt.b); got != tt.overlaps {
			t.Errorf("Overlap(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.overlaps)
		}
	}
}

func TestApplies(t *testing.T) {
	t.Parallel()
	cat := catalog.Default()
	tests := []struct {
		action, resource string
		want             bool
	}{
		{"s3:GetObject", "arn:aws:s3:::reports/*", true},
		{"s3:GetObject", "arn:aws:s3:::reports", false},
		{"s3:ListAllMyBuckets", "*", true},
		{"s3:ListAllMyBuckets", "arn:aws:s3:::*", false},
		{"iam:PassRole", "arn:aws:iam::111122223333:role/*", true},
		{"iam:PassRole", "arn:aws:iam::111122223333:user/*", false},
	}
	for _, tt := range tests {
		if got := effective.Applies(cat.Action(tt.action), tt.resource); got != tt.want {
			t.Errorf("Applies(%s, %s) = %v, want %v", tt.action, tt.resource, got, tt.want)
		}
	}
}

// BenchmarkCompute measures the shared computation over a broad policy
// (NotAction, wildcards, a Deny): the worst case the rules meet.
func BenchmarkCompute(b *testing.B) {
	cat := catalog.Default()
	d := doc(b, `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
		{"Effect": "Allow", "Action": ["s3:*", "ec2:Describe*", "lambda:*"], "Resource": "*"},
		{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}`)
	pass := cat.Action("iam:PassRole")
	for b.Loop() {
		set := effective.Compute(cat, d)
		_ = set.Access(pass)
	}
}

// BenchmarkManagedCorpus computes the grants of every AWS managed policy
// written by scripts/corpus.sh to $IAMLINT_CORPUS.
func BenchmarkManagedCorpus(b *testing.B) {
	dir := os.Getenv("IAMLINT_CORPUS")
	if dir == "" {
		b.Skip("IAMLINT_CORPUS not set (scripts/corpus.sh DIR writes the corpus)")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var docs []*policy.Document
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc(b, string(src)))
	}
	cat := catalog.Default()
	for b.Loop() {
		for _, d := range docs {
			effective.Compute(cat, d)
		}
	}
}
