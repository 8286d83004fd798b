package source

import (
	"testing"
	"time"

	"github.com/iamlint/iamlint/policy"
)

const authDump = `{
  "UserDetailList": [
    {"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice", "CreateDate": "2024-01-01T00:00:00Z",
     "GroupList": ["devs"], "UserPolicyList": [], "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": "arn:aws:iam::111122223333:policy/p"}]}
  ],
  "GroupDetailList": [
    {"GroupName": "devs", "Arn": "arn:aws:iam::111122223333:group/devs", "GroupPolicyList": [], "AttachedManagedPolicies": []},
    {"GroupName": "empty", "Arn": "arn:aws:iam::111122223333:group/empty", "GroupPolicyList": [], "AttachedManagedPolicies": []}
  ],
  "RoleDetailList": [
    {"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "CreateDate": "2024-01-01T00:00:00Z",
     "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D",
     "InstanceProfileList": [{"InstanceProfileName": "r", "Arn": "arn:aws:iam::111122223333:instance-profile/r", "Roles": [{"RoleName": "r"}]}],
     "RolePolicyList": [], "AttachedManagedPolicies": [], "RoleLastUsed": {"LastUsedDate": "2025-06-01T00:00:00Z"}}
  ],
  "Policies": [
    {"PolicyName": "p", "Arn": "arn:aws:iam::111122223333:policy/p", "DefaultVersionId": "v2", "PolicyVersionList": [
      {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Version": "2012-10-17", "Statement": []}},
      {"VersionId": "v2", "IsDefaultVersion": true, "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}
    ]},
    {"PolicyName": "ReadOnlyAccess", "Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "DefaultVersionId": "v1", "PolicyVersionList": [
      {"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}
    ]}
  ]
}`

func TestAuthDetails(t *testing.T) {
	t.Parallel()
	f := read(t, "auth.json", authDump)
	if f.Format != "authdetails" {
		t.Fatalf("format %q", f.Format)
	}
	// Two documents: the role's trust and the default version of p; the
	// AWS managed policy is AWS's, not linted.
	if len(f.Documents) != 2 {
		t.Fatalf("%d documents", len(f.Documents))
	}
	trust := doc(t, f, "role/r AssumeRolePolicyDocument")
	if trust.Kind != policy.Trust || trust.Account != "111122223333" {
		t.Errorf("kind %s account %q", trust.Kind, trust.Account)
	}
	// Inside the URL-encoded string: the position of "ec2..." (its
	// encoded quote).
	svc := at(t, trust.Root, "Statement/0/Principal/Service")
	wantPos(t, svc, 12, 163, "ec2.amazonaws.com")
	wantSrc(t, authDump, svc, "%22ec2.amazonaws.com%22")
	p := doc(t, f, "policy/p v2")
	wantPos(t, at(t, p.Root, "Statement/0/Action"), 19, 135, "s3:GetObject")

	a := f.Account
	if !a.Complete || len(a.Users) != 1 || len(a.Groups) != 2 || len(a.Roles) != 1 {
		t.Fatalf("model: %+v", a)
	}
	if !a.Groups[1].MembersKnown || len(a.Groups[1].Members) != 0 || len(a.Groups[0].Members) != 1 {
		t.Error("memberships")
	}
	if at := a.Users[0].Attached; len(at) != 1 || at[0].Policy == nil || at[0].Policy.Doc != p {
		t.Error("attachment to the customer managed policy")
	}
	r := a.Roles[0]
	if !r.LastUsedKnown || !r.LastUsed.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) || len(r.InstanceProfiles) != 1 || a.InstanceProfiles[0].Roles[0].Role != r {
		t.Errorf("role: %+v", r)
	}
}
