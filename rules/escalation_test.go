package rules

import (
	"testing"

	"github.com/iamlint/iamlint/catalog"
)

// TestActionTablesExist keeps the data tables true to the catalog: a name
// AWS retires or renames would silently stop a method from being found.
func TestActionTablesExist(t *testing.T) {
	t.Parallel()
	cat := catalog.Default()
	check := func(table, name string) {
		t.Helper()
		if cat.Action(name) == nil {
			t.Errorf("%s: %s is not an action in the catalog", table, name)
		}
	}
	for _, m := range escalationMethods {
		if m.Name == "" || m.Explain == "" || m.Reference == "" || len(m.Steps) == 0 {
			t.Errorf("method %q lacks a name, explanation, reference or steps", m.Name)
		}
		passes := false
		for _, step := range m.Steps {
			if len(step) == 0 {
				t.Errorf("method %q has an empty step", m.Name)
			}
			for _, a := range step {
				check("method "+m.Name, a)
				passes = passes || a == passRoleStep
			}
		}
		if passes != (len(m.PassTo) > 0) {
			t.Errorf("method %q: PassTo must be set exactly when a step passes a role", m.Name)
		}
	}
	for a, types := range stepTargets {
		check("stepTargets", a)
		for _, ty := range types {
			found := false
			for _, r := range cat.Action(a).Resources {
				found = found || r.Type.Name == ty
			}
			if !found {
				t.Errorf("stepTargets: %s has no resource type %s", a, ty)
			}
		}
	}
	for _, a := range exfiltrationActions {
		check("exfiltrationActions", a)
	}
	for _, a := range credentialActions {
		check("credentialActions", a)
	}
	for _, a := range callerTokenActions {
		check("callerTokenActions", a)
	}
	for _, a := range optionalResourceActions {
		check("optionalResourceActions", a)
	}
}

func TestUnconstrained(t *testing.T) {
	t.Parallel()
	cat := catalog.Default()
	tests := []struct {
		action, resource string
		want             bool
	}{
		{"s3:GetObject", "*", true},
		{"s3:GetObject", "arn:aws:s3:::*/*", true},
		{"s3:GetObject", "arn:aws:s3:::*", true},
		{"s3:GetObject", "arn:aws:s3:::reports/*", false},
		{"s3:GetObject", "arn:*:s3:::shared/*", false},
		{"iam:PassRole", "arn:aws:iam::111122223333:role/*", true},
		{"iam:PassRole", "arn:aws:iam::*:role/app-*", false},
		{"ssm:GetParameter", "arn:aws:ssm:*:*:parameter/*", true},
		{"ssm:GetParameter", "arn:aws:ssm:*:*:parameter/app/*", false},
		{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:111122223333:secret:*", true},
		{"iam:CreateAccessKey", "arn:aws:iam::*:user/${aws:username}", false},
	}
	for _, tt := range tests {
		if got := unconstrained(cat.Action(tt.action), tt.resource); got != tt.want {
			t.Errorf("unconstrained(%s, %s) = %v, want %v", tt.action, tt.resource, got, tt.want)
		}
	}
}
