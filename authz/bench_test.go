package authz

import (
	"testing"

	"github.com/iamlint/iamlint/policy"
)

// benchSet is a realistic set: two identity policies with conditions and
// variables, a bucket policy, a boundary and two SCP levels.
func benchSet(b *testing.B) (*Set, *Request) {
	b.Helper()
	identity := `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Home", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::reports/home/${aws:username}/*"},
  {"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports", "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}},
  {"Sid": "EC2", "Effect": "Allow", "Action": ["ec2:Start*", "ec2:Stop*"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}},
  {"Sid": "Office", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}, "Bool": {"aws:ViaAWSService": "false"}}}
]}`
	mfa := `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Deny", "NotAction": ["iam:ChangePassword", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
  {"Effect": "Allow", "Action": "iam:Get*", "Resource": "arn:aws:iam::*:user/${aws:username}"}
]}`
	bucket := `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/shared/*"}
]}`
	boundary := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*", "iam:Get*"], "Resource": "*"}]}`
	scp := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-west-3"]}}}, {"Effect": "Allow", "Action": "*", "Resource": "*"}]}`
	set := &Set{
		Identity: []*Policy{mustPolicy(b, identity, policy.Identity), mustPolicy(b, mfa, policy.Identity)},
		Resource: mustPolicy(b, bucket, policy.Resource),
		Boundary: mustPolicy(b, boundary, policy.Boundary),
		SCPs:     [][]*Policy{{mustPolicy(b, allowAll, policy.SCP)}, {mustPolicy(b, scp, policy.SCP)}},
	}
	ctx := &Context{}
	ctx.Set("aws:username", "alice")
	ctx.Set("aws:PrincipalTag/team", "dev")
	ctx.Set("aws:SourceIp", "203.0.113.7")
	ctx.Set("aws:ViaAWSService", "false")
	ctx.Set("aws:MultiFactorAuthPresent", "true")
	ctx.Set("aws:SecureTransport", "true")
	ctx.Set("aws:RequestedRegion", "eu-west-3")
	req := &Request{
		Principal: ParsePrincipal("arn:aws:iam::111122223333:user/alice"),
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::reports/home/alice/q1.csv",
		Context:   ctx,
	}
	return set, req
}

func BenchmarkDecide(b *testing.B) {
	set, req := benchSet(b)
	if got := Decide(set, req); got != Allowed {
		b.Fatalf("got %s, want Allowed", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		Decide(set, req)
	}
}

func BenchmarkDecideDenied(b *testing.B) {
	set, req := benchSet(b)
	r := *req
	r.Action = "iam:CreateUser"
	r.Resource = "arn:aws:iam::111122223333:user/mallory"
	b.ReportAllocs()
	for b.Loop() {
		Decide(set, &r)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	set, req := benchSet(b)
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(set, req)
	}
}

func BenchmarkCompile(b *testing.B) {
	src := []byte(`{"Version": "2012-10-17", "Statement": [
  {"Sid": "Home", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::reports/home/${aws:username}/*"},
  {"Sid": "Office", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}}
]}`)
	root, _, err := policy.ParseJSON(src)
	if err != nil {
		b.Fatal(err)
	}
	doc := policy.Build(root, "p.json", policy.Identity)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(doc); err != nil {
			b.Fatal(err)
		}
	}
}
