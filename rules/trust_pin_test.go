package rules

import "testing"

func TestValuePins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v     string
		shape pinShape
		want  bool
	}{
		{"o-a1b2c3d4e5", pinWhole, true},
		{"*", pinWhole, false},
		{"o-*", pinWhole, false},
		{"", pinWhole, false},
		{"${aws:ResourceAccount}", pinWhole, true},
		{"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*", pinOrgPath, true},
		{"o-a1b2c3d4e5/*", pinOrgPath, true},
		{"*/r-ab12/*", pinOrgPath, false},
		{"arn:aws:iam::111122223333:role/ci-*", pinARN, true},
		{"arn:aws:iam::*:role/ci", pinARN, false},
		{"arn:aws:iam::11112222333?:root", pinARN, false},
		{"arn:aws:s3:::upload-bucket", pinARN, true},
		{"arn:aws:s3:::upload-bucket/*", pinARN, true},
		{"arn:aws:s3:::upload-*", pinARN, false},
		{"arn:aws:sns:*:*:topic", pinARN, false},
		{"arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE", pinARN, true},
		{"*", pinARN, false},
		{"AROAEXAMPLEID:*", pinUserID, true},
		{"*:alice", pinUserID, false},
		{"10.0.0.0/8", pinIP, true},
		{"203.0.113.7", pinIP, true},
		{"0.0.0.0/0", pinIP, false},
		{"::/0", pinIP, false},
		{"not-an-ip", pinIP, false},
	}
	for _, tt := range tests {
		if got := valuePins(tt.v, tt.shape); got != tt.want {
			t.Errorf("valuePins(%q, %d) = %v, want %v", tt.v, tt.shape, got, tt.want)
		}
	}
}

func TestPositiveOperator(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op   string
		ip   bool
		want bool
	}{
		{"StringEquals", false, true},
		{"StringLike", false, true},
		{"ArnLike", false, true},
		{"stringequalsignorecase", false, true},
		{"ForAnyValue:StringLike", false, true},
		{"ForAllValues:StringEquals", false, false},
		{"StringEqualsIfExists", false, false},
		{"StringNotEquals", false, false},
		{"ArnNotLike", false, false},
		{"Null", false, false},
		{"IpAddress", true, true},
		{"NotIpAddress", true, false},
		{"StringEquals", true, false},
	}
	for _, tt := range tests {
		if got := positiveOperator(tt.op, tt.ip); got != tt.want {
			t.Errorf("positiveOperator(%q, %v) = %v, want %v", tt.op, tt.ip, got, tt.want)
		}
	}
}

func TestSubjectPins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		pins func(string) bool
		v    string
		want bool
	}{
		{"github", githubSubjectPins, "repo:octo-org/octo-repo:ref:refs/heads/main", true},
		{"github", githubSubjectPins, "repo:octo-org/octo-repo:*", true},
		{"github", githubSubjectPins, "repo:octo-org/*", true},
		{"github", githubSubjectPins, "repo:octo-org*", false},
		{"github", githubSubjectPins, "repo:*", false},
		{"github", githubSubjectPins, "repo:*/octo-repo:*", false},
		{"github", githubSubjectPins, "*", false},
		{"github", githubSubjectPins, "octo-org/shared/.github/workflows/deploy.yml@*", true},
		{"github", githubSubjectPins, "octo-*", false},
		{"github", githubSubjectPins, "repository_owner:octo-org:*", true},
		{"github", githubSubjectPins, "repository_owner:octo*", false},
		{"gitlab", gitlabSubjectPins, "project_path:mygroup/myproject:ref_type:branch:ref:main", true},
		{"gitlab", gitlabSubjectPins, "project_path:mygroup/*", true},
		{"gitlab", gitlabSubjectPins, "project_path:*", false},
		{"gitlab", gitlabSubjectPins, "project_path:my*", false},
		{"eks", func(v string) bool { return ownerPinned(v, "system:serviceaccount:", ":") }, "system:serviceaccount:payments:*", true},
		{"eks", func(v string) bool { return ownerPinned(v, "system:serviceaccount:", ":") }, "system:serviceaccount:*", false},
		{"eks", func(v string) bool { return ownerPinned(v, "system:serviceaccount:", ":") }, "system:serviceaccount:*:api", false},
		{"tfc", func(v string) bool { return ownerPinned(v, "organization:", ":") }, "organization:my-org:*", true},
		{"tfc", func(v string) bool { return ownerPinned(v, "organization:", ":") }, "organization:*", false},
	}
	for _, tt := range tests {
		if got := tt.pins(tt.v); got != tt.want {
			t.Errorf("%s: %q pins = %v, want %v", tt.name, tt.v, got, tt.want)
		}
	}
}

func TestConfusedDeputyService(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{
		"states.amazonaws.com":         true,
		"logs.eu-west-1.amazonaws.com": true,
		"logs.amazonaws.com.cn":        true,
		"lambda.amazonaws.com":         false,
		"ec2.amazonaws.com":            false,
		"iotevents.amazonaws.com":      false,
		"ssm-incidents.amazonaws.com":  false,
		"states":                       false,
	} {
		if got := confusedDeputyService(v) != nil; got != want {
			t.Errorf("confusedDeputyService(%q) = %v, want %v", v, got, want)
		}
	}
}
