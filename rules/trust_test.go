package rules_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
	"github.com/iamlint/iamlint/rules"
	"github.com/iamlint/iamlint/source"
)

// check runs one rule over a raw policy of the given kind; account, when
// set, is the account that holds the document.
func check(t *testing.T, rule *analyzer.Rule, kind policy.Kind, account, src string, cfg *analyzer.Config) []analyzer.Diagnostic {
	t.Helper()
	f, err := source.Read("policy.json", []byte(src), source.Options{Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	if cfg == nil {
		cfg = &analyzer.Config{}
	}
	var out []analyzer.Diagnostic
	for _, doc := range f.Documents {
		doc.Account = account
		out = append(out, analyzer.Check(doc, []*analyzer.Rule{rule}, catalog.Default(), cfg)...)
	}
	return out
}

func TestCrossAccountOwnAccount(t *testing.T) {
	t.Parallel()
	const trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
	  "Principal": {"AWS": ["arn:aws:iam::111122223333:role/ci", "444455556666"]}, "Action": "sts:AssumeRole"}]}`
	tests := []struct {
		name    string
		account string
		trusted []string
		want    int
	}{
		{"unknown owner", "", nil, 2},
		{"owner is one of them", "111122223333", nil, 1},
		{"other one trusted", "111122223333", []string{"444455556666"}, 0},
		{"both trusted", "", []string{"444455556666", "111122223333"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := check(t, rules.TrustCrossAccountNoExternalID, policy.Trust, tt.account, trust, &analyzer.Config{TrustedAccounts: tt.trusted})
			if len(got) != tt.want {
				t.Errorf("got %d findings, want %d: %v", len(got), tt.want, got)
			}
		})
	}
}

func TestResourcePolicyPublicSeverity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action string
		want   analyzer.Severity
	}{
		{`"s3:GetObject"`, analyzer.High},
		{`["s3:GetObject", "s3:ListBucket"]`, analyzer.High},
		{`"s3:Get*"`, analyzer.High},
		{`["s3:GetObject", "s3:PutObject"]`, analyzer.Critical},
		{`"s3:*"`, analyzer.Critical},
		{`"kms:Decrypt"`, analyzer.Critical},
	}
	for _, tt := range tests {
		src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ` + tt.action + `, "Resource": "*"}]}`
		got := check(t, rules.ResourcePolicyPublic, policy.Resource, "", src, nil)
		if len(got) != 1 || got[0].Severity != tt.want {
			t.Errorf("%s: got %v, want one finding of severity %s", tt.action, got, tt.want)
		}
	}
}

func TestOIDCSeverity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		provider string
		want     analyzer.Severity
	}{
		{"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", analyzer.Critical},
		{"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789", analyzer.High},
		{"arn:aws:iam::111122223333:oidc-provider/gitlab.example.com", analyzer.High},
	}
	for _, tt := range tests {
		src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "` + tt.provider + `"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}`
		got := check(t, rules.TrustOIDCUnrestricted, policy.Trust, "", src, nil)
		if len(got) != 1 || got[0].Severity != tt.want {
			t.Errorf("%s: got %v, want one finding of severity %s", tt.provider, got, tt.want)
		}
	}
}

// TestTrustRulesOnEveryFixture runs the trust and public rules over every
// fixture input read as a trust and as a resource policy: whatever the
// shape of the document, they must not panic.
func TestTrustRulesOnEveryFixture(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob("../fixtures/rules/*/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	mine := []*analyzer.Rule{rules.ResourcePolicyPublic, rules.TrustPublic, rules.TrustCrossAccountNoExternalID,
		rules.TrustOIDCUnrestricted, rules.TrustServiceNoSource, rules.TrustActionMismatch}
	for _, path := range paths {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "want" {
				continue
			}
			for _, kind := range []policy.Kind{policy.Trust, policy.Resource} {
				file, err := source.Read(f.Name, f.Data, source.Options{Kind: kind})
				if err != nil {
					continue
				}
				for _, doc := range file.Documents {
					analyzer.Check(doc, mine, catalog.Default(), &analyzer.Config{})
				}
			}
		}
	}
}
