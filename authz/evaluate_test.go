package authz

import (
	"strings"
	"testing"

	"github.com/iamlint/iamlint/policy"
)

const (
	alice    = "arn:aws:iam::111122223333:user/alice"
	devSess  = "arn:aws:sts::111122223333:assumed-role/dev/s1"
	devRole  = "arn:aws:iam::111122223333:role/team/dev"
	carol    = "arn:aws:iam::444455556666:user/carol"
	bucket   = "arn:aws:s3:::reports"
	object   = "arn:aws:s3:::reports/q1.csv"
	allowGet = `{"Version": "2012-10-17", "Statement": [{"Sid": "Get", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}`
	allowAll = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`
	denyGet  = `{"Version": "2012-10-17", "Statement": [{"Sid": "NoGet", "Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}`
	allowS3  = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`
	allowEC2 = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}`
)

// bucketPolicy is a resource policy allowing s3:GetObject to the
// principal as written.
func bucketPolicy(principal string) string {
	return `{"Version": "2012-10-17", "Statement": [{"Sid": "Share", "Effect": "Allow", "Principal": ` + principal +
		`, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}`
}

type setSpec struct {
	identity  []string
	resource  string
	boundary  string
	session   string
	scps      [][]string
	rcps      [][]string
	mustAllow bool
}

func (s setSpec) build(t testing.TB) *Set {
	t.Helper()
	set := &Set{ResourceMustAllow: s.mustAllow}
	for _, src := range s.identity {
		set.Identity = append(set.Identity, mustPolicy(t, src, policy.Identity))
	}
	if s.resource != "" {
		set.Resource = mustPolicy(t, s.resource, policy.Resource)
	}
	if s.boundary != "" {
		set.Boundary = mustPolicy(t, s.boundary, policy.Boundary)
	}
	if s.session != "" {
		set.Session = mustPolicy(t, s.session, policy.Identity)
	}
	for _, lv := range s.scps {
		var ps []*Policy
		for _, src := range lv {
			ps = append(ps, mustPolicy(t, src, policy.SCP))
		}
		set.SCPs = append(set.SCPs, ps)
	}
	for _, lv := range s.rcps {
		var ps []*Policy
		for _, src := range lv {
			ps = append(ps, mustPolicy(t, src, policy.Resource))
		}
		set.RCPs = append(set.RCPs, ps)
	}
	return set
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	rcpAll := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`
	rcpDenyOutside := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalAccount": "111122223333"}}}]}`
	tests := []struct {
		name      string
		set       setSpec
		principal string
		action    string
		resource  string
		acct      string
		ctx       []kv
		want      Effect
		reason    string // a substring of the reason
	}{
		{"identity allow", setSpec{identity: []string{allowGet}}, alice, "s3:GetObject", object, "", nil, Allowed, "identity policy"},
		{"implicit deny", setSpec{identity: []string{allowGet}}, alice, "s3:PutObject", object, "", nil, ImplicitlyDenied, "no identity policy"},
		{"no policies", setSpec{}, alice, "s3:GetObject", object, "", nil, ImplicitlyDenied, ""},
		{"deny wins", setSpec{identity: []string{allowAll, denyGet}}, alice, "s3:GetObject", object, "", nil, ExplicitlyDenied, "Deny"},
		{"action ignores case", setSpec{identity: []string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "S3:getOBJECT", "Resource": "*"}]}`}}, alice, "s3:GetObject", object, "", nil, Allowed, ""},
		{"action wildcard", setSpec{identity: []string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}`}}, alice, "s3:GetObject", object, "", nil, Allowed, ""},
		{"resource is case-sensitive", setSpec{identity: []string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::Reports/*"}]}`}}, alice, "s3:GetObject", object, "", nil, ImplicitlyDenied, ""},
		{"resource question mark", setSpec{identity: []string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::report?/*"}]}`}}, alice, "s3:GetObject", object, "", nil, Allowed, ""},
		{"resource variable", setSpec{identity: []string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}`}}, alice, "s3:GetObject", "arn:aws:s3:::home/alice/x", "", []kv{one("aws:username", "alice")}, Allowed, ""},
		{"resource variable without value", setSpec{identity: []string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}`}}, alice, "s3:GetObject", "arn:aws:s3:::home//x", "", nil, ImplicitlyDenied, ""},
		{"NotAction allow", setSpec{identity: []string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}`}}, alice, "s3:GetObject", object, "", nil, Allowed, ""},
		{"NotAction excludes", setSpec{identity: []string{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}`}}, alice, "iam:CreateUser", "*", "", nil, ImplicitlyDenied, ""},
		{"NotResource deny", setSpec{identity: []string{allowAll, `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::reports/*"}]}`}}, alice, "s3:GetObject", "arn:aws:s3:::other/x", "", nil, ExplicitlyDenied, ""},
		{"NotResource deny spares", setSpec{identity: []string{allowAll, `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::reports/*"}]}`}}, alice, "s3:GetObject", object, "", nil, Allowed, ""},

		// Boundaries.
		{"boundary allows", setSpec{identity: []string{allowAll}, boundary: allowS3}, alice, "s3:GetObject", object, "", nil, Allowed, ""},
		{"boundary caps", setSpec{identity: []string{allowAll}, boundary: allowEC2}, alice, "s3:GetObject", object, "", nil, ImplicitlyDenied, "permissions boundary"},
		{"boundary grants nothing alone", setSpec{boundary: allowAll}, alice, "s3:GetObject", object, "", nil, ImplicitlyDenied, "no identity policy"},
		{"boundary deny", setSpec{identity: []string{allowAll}, boundary: denyGet}, alice, "s3:GetObject", object, "", nil, ExplicitlyDenied, ""},
		{"resource grant to user passes boundary", setSpec{resource: bucketPolicy(`{"AWS": "` + alice + `"}`), boundary: allowEC2}, alice, "s3:GetObject", object, "", nil, Allowed, "resource policy"},
		{"resource grant to role capped by boundary", setSpec{resource: bucketPolicy(`{"AWS": "` + devRole + `"}`), boundary: allowEC2}, devSess, "s3:GetObject", object, "", nil, ImplicitlyDenied, "boundary"},
		{"resource grant to role within boundary", setSpec{resource: bucketPolicy(`{"AWS": "` + devRole + `"}`), boundary: allowS3}, devSess, "s3:GetObject", object, "", nil, Allowed, ""},
		{"resource grant to session passes boundary", setSpec{resource: bucketPolicy(`{"AWS": "` + devSess + `"}`), boundary: allowEC2}, devSess, "s3:GetObject", object, "", nil, Allowed, ""},

		// Session policies.
		{"session policy caps identity", setSpec{identity: []string{allowAll}, session: allowEC2}, devSess, "s3:GetObject", object, "", nil, ImplicitlyDenied, "session policy"},
		{"session policy allows", setSpec{identity: []string{allowAll}, session: allowS3}, devSess, "s3:GetObject", object, "", nil, Allowed, ""},
		{"session policy caps grant to role", setSpec{resource: bucketPolicy(`{"AWS": "` + devRole + `"}`), session: allowEC2}, devSess, "s3:GetObject", object, "", nil, ImplicitlyDenied, ""},
		{"session policy spares grant to session", setSpec{resource: bucketPolicy(`{"AWS": "` + devSess + `"}`), session: allowEC2}, devSess, "s3:GetObject", object, "", nil, Allowed, ""},

		// Same-account resource policies.
		{"resource policy alone, same account", setSpec{resource: bucketPolicy(`{"AWS": "` + alice + `"}`)}, alice, "s3:GetObject", object, "111122223333", nil, Allowed, "resource policy"},
		{"resource policy to wildcard", setSpec{resource: bucketPolicy(`"*"`)}, alice, "s3:GetObject", object, "111122223333", nil, Allowed, ""},
		{"resource policy to account delegates", setSpec{resource: bucketPolicy(`{"AWS": "111122223333"}`)}, alice, "s3:GetObject", object, "111122223333", nil, ImplicitlyDenied, "delegates"},
		{"resource policy to account root delegates", setSpec{identity: []string{allowGet}, resource: bucketPolicy(`{"AWS": "arn:aws:iam::111122223333:root"}`)}, alice, "s3:GetObject", object, "111122223333", nil, Allowed, ""},
		{"resource policy to someone else", setSpec{resource: bucketPolicy(`{"AWS": "arn:aws:iam::111122223333:user/bob"}`)}, alice, "s3:GetObject", object, "111122223333", nil, ImplicitlyDenied, ""},
		{"resource policy deny", setSpec{identity: []string{allowAll}, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}`}, alice, "s3:GetObject", object, "111122223333", nil, ExplicitlyDenied, ""},
		{"role path ignored for sessions", setSpec{resource: bucketPolicy(`{"AWS": "arn:aws:iam::111122223333:role/dev"}`)}, devSess, "s3:GetObject", object, "111122223333", nil, Allowed, ""},

		// Cross-account.
		{"cross-account needs resource policy", setSpec{identity: []string{allowGet}}, carol, "s3:GetObject", object, "111122223333", nil, ImplicitlyDenied, "crosses accounts"},
		{"cross-account resource policy alone", setSpec{resource: bucketPolicy(`{"AWS": "` + carol + `"}`)}, carol, "s3:GetObject", object, "111122223333", nil, ImplicitlyDenied, "no identity policy"},
		{"cross-account both", setSpec{identity: []string{allowGet}, resource: bucketPolicy(`{"AWS": "` + carol + `"}`)}, carol, "s3:GetObject", object, "111122223333", nil, Allowed, "both"},
		{"cross-account to account", setSpec{identity: []string{allowGet}, resource: bucketPolicy(`{"AWS": "444455556666"}`)}, carol, "s3:GetObject", object, "111122223333", nil, Allowed, ""},
		{"cross-account from ARN", setSpec{identity: []string{allowAll}}, carol, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q", "", nil, ImplicitlyDenied, "crosses"},

		// NotPrincipal.
		{"NotPrincipal excludes the listed chain", setSpec{identity: []string{allowGet}, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": ["` + alice + `", "arn:aws:iam::111122223333:root"]}, "Action": "s3:*", "Resource": "*"}]}`}, alice, "s3:GetObject", object, "111122223333", nil, Allowed, ""},
		{"NotPrincipal needs the account", setSpec{identity: []string{allowGet}, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "` + alice + `"}, "Action": "s3:*", "Resource": "*"}]}`}, alice, "s3:GetObject", object, "111122223333", nil, ExplicitlyDenied, ""},
		{"NotPrincipal session needs role and session", setSpec{identity: []string{allowGet}, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": ["111122223333", "` + devRole + `", "` + devSess + `"]}, "Action": "s3:*", "Resource": "*"}]}`}, devSess, "s3:GetObject", object, "111122223333", nil, Allowed, ""},
		{"NotPrincipal never excludes a bounded principal", setSpec{identity: []string{allowGet}, boundary: allowAll, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": ["` + alice + `", "111122223333"]}, "Action": "s3:*", "Resource": "*"}]}`}, alice, "s3:GetObject", object, "111122223333", nil, ExplicitlyDenied, ""},

		{"NotPrincipal wildcard never excludes a bounded federated user", setSpec{identity: []string{allowGet}, boundary: allowAll, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "*"}, "Action": "s3:*", "Resource": "*"}]}`}, "arn:aws:sts::111122223333:federated-user/fed", "s3:GetObject", object, "111122223333", nil, ExplicitlyDenied, ""},

		// SCPs and RCPs.
		{"SCP allows", setSpec{identity: []string{allowGet}, scps: [][]string{{allowAll}, {allowS3}}}, alice, "s3:GetObject", object, "", nil, Allowed, ""},
		{"SCP level without allow", setSpec{identity: []string{allowGet}, scps: [][]string{{allowAll}, {allowEC2}}}, alice, "s3:GetObject", object, "", nil, ImplicitlyDenied, "SCP at level 2"},
		{"SCP deny", setSpec{identity: []string{allowGet}, scps: [][]string{{allowAll, denyGet}}}, alice, "s3:GetObject", object, "", nil, ExplicitlyDenied, ""},
		{"SCP does not grant", setSpec{scps: [][]string{{allowAll}}}, alice, "s3:GetObject", object, "", nil, ImplicitlyDenied, ""},
		{"SCP caps a same-account resource grant", setSpec{resource: bucketPolicy(`{"AWS": "` + alice + `"}`), scps: [][]string{{allowEC2}}}, alice, "s3:GetObject", object, "111122223333", nil, ImplicitlyDenied, "SCP"},
		{"RCP allows", setSpec{identity: []string{allowGet}, rcps: [][]string{{rcpAll}}}, alice, "s3:GetObject", object, "", nil, Allowed, ""},
		{"RCP deny outside the org", setSpec{identity: []string{allowGet}, resource: bucketPolicy(`{"AWS": "` + carol + `"}`), rcps: [][]string{{rcpAll, rcpDenyOutside}}}, carol, "s3:GetObject", object, "111122223333", []kv{one("aws:PrincipalAccount", "444455556666")}, ExplicitlyDenied, ""},
		{"RCP without allow", setSpec{identity: []string{allowGet}, rcps: [][]string{{rcpDenyOutside}}}, alice, "s3:GetObject", object, "", []kv{one("aws:PrincipalAccount", "111122223333")}, ImplicitlyDenied, "RCP"},

		// KMS key policies and trust policies must allow.
		{"key policy required", setSpec{identity: []string{allowAll}, mustAllow: true}, alice, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k", "", nil, ImplicitlyDenied, "must allow"},
		{"key policy delegates to the account", setSpec{identity: []string{allowAll}, mustAllow: true, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}`}, alice, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k", "", nil, Allowed, ""},
		{"key policy delegation needs identity", setSpec{mustAllow: true, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}`}, alice, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k", "", nil, ImplicitlyDenied, ""},
		{"trust policy names the user", setSpec{mustAllow: true, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "` + alice + `"}, "Action": "sts:AssumeRole"}]}`}, alice, "sts:AssumeRole", "arn:aws:iam::111122223333:role/r", "", nil, Allowed, ""},
		{"trust policy names someone else", setSpec{identity: []string{allowAll}, mustAllow: true, resource: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "sts:AssumeRole"}]}`}, alice, "sts:AssumeRole", "arn:aws:iam::111122223333:role/r", "", nil, ImplicitlyDenied, ""},

		// Principals without identity policies.
		{"service principal by resource policy", setSpec{resource: bucketPolicy(`{"Service": "cloudtrail.amazonaws.com"}`)}, "cloudtrail.amazonaws.com", "s3:GetObject", object, "", nil, Allowed, ""},
		{"service principal not by another service", setSpec{resource: bucketPolicy(`{"Service": "lambda.amazonaws.com"}`)}, "cloudtrail.amazonaws.com", "s3:GetObject", object, "", nil, ImplicitlyDenied, ""},
		{"Service wildcard names no one", setSpec{resource: bucketPolicy(`{"Service": "*"}`)}, "cloudtrail.amazonaws.com", "s3:GetObject", object, "", nil, ImplicitlyDenied, ""},
		{"service principal ignores identity and SCPs", setSpec{identity: []string{denyGet}, scps: [][]string{{allowEC2}}, resource: bucketPolicy(`{"Service": "cloudtrail.amazonaws.com"}`)}, "cloudtrail.amazonaws.com", "s3:GetObject", object, "", nil, Allowed, ""},
		{"anonymous by public policy", setSpec{resource: bucketPolicy(`"*"`)}, "", "s3:GetObject", object, "", nil, Allowed, ""},
		{"anonymous by AWS wildcard", setSpec{resource: bucketPolicy(`{"AWS": "*"}`)}, "", "s3:GetObject", object, "", nil, Allowed, ""},
		{"anonymous not by account", setSpec{resource: bucketPolicy(`{"AWS": "111122223333"}`)}, "", "s3:GetObject", object, "", nil, ImplicitlyDenied, ""},
		{"anonymous has no identity policies", setSpec{identity: []string{allowAll}}, "", "s3:GetObject", object, "", nil, ImplicitlyDenied, ""},
		{"account root", setSpec{}, "arn:aws:iam::111122223333:root", "s3:GetObject", object, "", nil, Allowed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			set := tt.set.build(t)
			req := &Request{Principal: ParsePrincipal(tt.principal), Action: tt.action, Resource: tt.resource, ResourceAccount: tt.acct, Context: ctxOf(tt.ctx...)}
			got := Evaluate(set, req)
			if got.Effect != tt.want {
				t.Fatalf("got %s (%s), want %s", got.Effect, got.Reason, tt.want)
			}
			if !strings.Contains(got.Reason, tt.reason) {
				t.Errorf("reason %q, want it to contain %q", got.Reason, tt.reason)
			}
			if fast := Decide(set, req); fast != got.Effect {
				t.Errorf("Decide = %s, Evaluate = %s", fast, got.Effect)
			}
		})
	}
}

func TestDecisionStatements(t *testing.T) {
	t.Parallel()
	src := `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
    {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::secrets/*"}
  ]
}`
	set := &Set{Identity: []*Policy{mustPolicy(t, src, policy.Identity)}}
	req := &Request{Principal: ParsePrincipal(alice), Action: "s3:GetObject", Resource: object}
	got := Evaluate(set, req)
	if got.Effect != Allowed || len(got.Statements) != 1 || got.Statements[0].Sid() != "Read" {
		t.Fatalf("got %+v, want Allowed by Read", got)
	}
	if pos := got.Statements[0].Pos(); pos.Line != 4 || pos.Col != 5 {
		t.Errorf("Read at %d:%d, want 4:5", pos.Line, pos.Col)
	}
	if got.Statements[0].File() != "test.json" || got.Statements[0].Type != IdentityPolicy || got.Statements[0].Effect() != "Allow" {
		t.Errorf("statement %+v", got.Statements[0])
	}
	req.Resource = "arn:aws:s3:::secrets/key"
	got = Evaluate(set, req)
	if got.Effect != ExplicitlyDenied || len(got.Statements) != 1 || got.Statements[0].Sid() != "NoSecrets" || got.Statements[0].Pos().Line != 5 {
		t.Fatalf("got %+v, want ExplicitlyDenied by NoSecrets at line 5", got)
	}
}

func TestOpenContext(t *testing.T) {
	t.Parallel()
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}`
	set := &Set{Identity: []*Policy{mustPolicy(t, src, policy.Identity)}}
	req := &Request{Principal: ParsePrincipal(alice), Action: "s3:GetObject", Resource: object, Context: &Context{Open: true}}
	if got := Decide(set, req); got != Conditional {
		t.Errorf("unknown source IP: %s, want Conditional", got)
	}
	req.Context.Set("aws:SourceIp", "203.0.113.1")
	if got := Decide(set, req); got != Allowed {
		t.Errorf("known source IP: %s, want Allowed", got)
	}
	req.Action = "s3:PutObject"
	if got := Decide(set, req); got != ImplicitlyDenied {
		t.Errorf("other action: %s, want ImplicitlyDenied", got)
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ src, msg string }{
		{`{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}`, "Effect"},
		{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}`, "neither Action"},
		{`{"Version": "2012-10-17"}`, "no Statement"},
		{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": 3, "Resource": "*"}]}`, "strings"},
		{`{"Version": "2012-10-17", "Statement": [`, "invalid JSON"},
	}
	for _, tt := range tests {
		_, err := ParsePolicy("p.json", []byte(tt.src), policy.Identity)
		if err == nil || !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), "p.json:") {
			t.Errorf("%s: error %v, want one mentioning %q at a position", tt.src, err, tt.msg)
		}
	}
}
