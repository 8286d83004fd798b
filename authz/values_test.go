package authz

import (
	"testing"

	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

func TestCheckValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ catalog.KeyType
		v   string
		ok  bool
	}{
		{catalog.Numeric, "3600", true}, {catalog.Numeric, "1.5", true}, {catalog.Numeric, "soon", false},
		{catalog.Date, "2026-01-31T12:00:00Z", true}, {catalog.Date, "2026-01-31", true}, {catalog.Date, "1768478400", true}, {catalog.Date, "Jan 31", false},
		{catalog.Bool, "true", true}, {catalog.Bool, "FALSE", true}, {catalog.Bool, "yes", false},
		{catalog.IPAddress, "203.0.113.7", true}, {catalog.IPAddress, "2001:db8::1", true}, {catalog.IPAddress, "203.0.113.0/24", false},
		{catalog.ARN, "arn:aws:iam::111122223333:role/x", true}, {catalog.ARN, "role/x", false},
		{catalog.Binary, "QmluYXJ5", true}, {catalog.Binary, "not base64!", false},
		{catalog.String, "anything", true},
	}
	for _, tt := range tests {
		if err := CheckValue(tt.typ, tt.v); (err == nil) != tt.ok {
			t.Errorf("CheckValue(%s, %q) = %v, want ok %v", tt.typ, tt.v, err, tt.ok)
		}
	}
}

func TestSetRequestKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		principal string
		want      map[string]string
	}{
		{alice, map[string]string{"aws:PrincipalArn": alice, "aws:username": "alice", "aws:PrincipalAccount": "111122223333", "aws:PrincipalType": "User", "aws:ResourceAccount": "999988887777"}},
		{devSess, map[string]string{"aws:PrincipalArn": "arn:aws:iam::111122223333:role/dev", "aws:PrincipalAccount": "111122223333", "aws:PrincipalType": "AssumedRole"}},
		{"lambda.amazonaws.com", map[string]string{"aws:PrincipalServiceName": "lambda.amazonaws.com", "aws:PrincipalIsAWSService": "true"}},
	}
	for _, tt := range tests {
		ctx := &Context{}
		ctx.Set("aws:ResourceAccount", "999988887777")
		ctx.SetRequestKeys(ParsePrincipal(tt.principal), "111122223333")
		for k, want := range tt.want {
			if got, _ := ctx.Get(k); len(got) != 1 || got[0] != want {
				t.Errorf("%s: %s = %v, want %s", tt.principal, k, got, want)
			}
		}
		if tt.principal == devSess && ctx.Has("aws:username") {
			t.Errorf("a role session has no aws:username")
		}
	}
}

func TestNilContext(t *testing.T) {
	t.Parallel()
	src := `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username, 'shared'}/*"},
  {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
]}`
	set := &Set{Identity: []*Policy{mustPolicy(t, src, policy.Identity)}}
	req := &Request{Principal: ParsePrincipal(alice), Action: "s3:GetObject", Resource: "arn:aws:s3:::home/shared/x"}
	if got := Evaluate(set, req); got.Effect != Allowed {
		t.Errorf("nil context: %s (%s), want Allowed", got.Effect, got.Reason)
	}
}

func TestParsePrincipal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		kind    PrincipalKind
		account string
		role    string
	}{
		{alice, IAMUser, "111122223333", ""},
		{devSess, RoleSession, "111122223333", "dev"},
		{devRole, Role, "111122223333", "dev"},
		{"arn:aws:sts::111122223333:federated-user/bob", FederatedUser, "111122223333", ""},
		{"arn:aws:iam::111122223333:root", AccountRoot, "111122223333", ""},
		{"ec2.amazonaws.com", ServicePrincipal, "", ""},
		{"", Anonymous, "", ""},
		{"*", Anonymous, "", ""},
		{"arn:aws-cn:iam::111122223333:user/x", IAMUser, "111122223333", ""},
	}
	for _, tt := range tests {
		p := ParsePrincipal(tt.in)
		if p.Kind != tt.kind || p.Account != tt.account || p.RoleName != tt.role {
			t.Errorf("ParsePrincipal(%q) = %+v", tt.in, p)
		}
	}
}
