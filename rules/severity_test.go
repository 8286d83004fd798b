package rules_test

import (
	"testing"

	"github.com/iamlint/iamlint/analyzer"
)

// TestFindingSeverities checks the rules whose findings carry a severity
// of their own, which the golden fixtures do not show.
func TestFindingSeverities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, rule, policy string
		want               analyzer.Severity
	}{
		{"admin", "wildcard-action", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`, analyzer.Critical},
		{"every action on one bucket", "wildcard-action", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}}`, analyzer.High},
		{"read-only service", "service-wildcard", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "pricing:*", "Resource": "*"}}`, analyzer.Low},
		{"writing service", "service-wildcard", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}}`, analyzer.High},
		{"registry login", "credentials-exposure", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}}`, analyzer.Low},
		{"password data", "credentials-exposure", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ec2:GetPasswordData"], "Resource": "*"}}`, analyzer.Medium},
		{"access keys of others", "credentials-exposure", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}}`, analyzer.High},
		{"sure escalation", "privilege-escalation", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*"}}`, analyzer.High},
		{"escalation under a condition", "privilege-escalation", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*",
			"Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}}`, analyzer.Medium},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			found := false
			for _, d := range lint(t, "policy.json", []byte(tt.policy), &analyzer.Config{}) {
				if d.Rule != tt.rule {
					continue
				}
				found = true
				if d.Severity != tt.want {
					t.Errorf("%s: severity %s, want %s (%s)", tt.rule, d.Severity, tt.want, d.Message)
				}
			}
			if !found {
				t.Errorf("no %s finding", tt.rule)
			}
		})
	}
}
