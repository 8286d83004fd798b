package rules_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/rules"
)

// genDump writes an account authorization details dump with the given
// numbers of roles, users, groups and customer managed policies, in the
// shapes real dumps have: trust policies as URL-encoded strings, inline
// and attached policies, group memberships, instance profiles, several
// policy versions.
func genDump(roles, users, groups, policies int) []byte {
	var b strings.Builder
	enc := func(doc string) string { return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20") }
	stmt := func(i int) string {
		return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"Read%d","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::bucket-%d","arn:aws:s3:::bucket-%d/*"]},{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:111122223333:queue-%d","Condition":{"StringEquals":{"aws:PrincipalTag/team":"t%d"}}}]}`, i, i, i, i, i%50)
	}
	aws := []string{"ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "service-role/AWSLambdaBasicExecutionRole", "AmazonEC2ReadOnlyAccess", "CloudWatchLogsFullAccess"}
	b.WriteString("{\n\"UserDetailList\": [\n")
	for i := range users {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"Path":"/","UserName":"user-%d","UserId":"AIDA%016d","Arn":"arn:aws:iam::111122223333:user/user-%d","CreateDate":"2024-01-01T00:00:00Z","UserPolicyList":[],"GroupList":["group-%d","group-%d"],"AttachedManagedPolicies":[],"Tags":[]}`,
			i, i, i, i%groups, (i+7)%groups)
	}
	b.WriteString("\n],\n\"GroupDetailList\": [\n")
	for i := range groups {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"Path":"/","GroupName":"group-%d","GroupId":"AGPA%016d","Arn":"arn:aws:iam::111122223333:group/group-%d","CreateDate":"2024-01-01T00:00:00Z","GroupPolicyList":[{"PolicyName":"g%d","PolicyDocument":%s}],"AttachedManagedPolicies":[{"PolicyName":"policy-%d","PolicyArn":"arn:aws:iam::111122223333:policy/policy-%d"}]}`,
			i, i, i, i, stmt(i), i%policies, i%policies)
	}
	b.WriteString("\n],\n\"RoleDetailList\": [\n")
	for i := range roles {
		if i > 0 {
			b.WriteString(",\n")
		}
		trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		profiles := "[]"
		if i%10 == 0 {
			trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
			profiles = fmt.Sprintf(`[{"Path":"/","InstanceProfileName":"role-%d","InstanceProfileId":"AIPA%016d","Arn":"arn:aws:iam::111122223333:instance-profile/role-%d","CreateDate":"2024-01-01T00:00:00Z","Roles":[{"Path":"/","RoleName":"role-%d","RoleId":"AROA%016d","Arn":"arn:aws:iam::111122223333:role/role-%d","CreateDate":"2024-01-01T00:00:00Z","AssumeRolePolicyDocument":"%s"}]}]`,
				i, i, i, i, i, i, enc(trust))
		}
		fmt.Fprintf(&b, `{"Path":"/","RoleName":"role-%d","RoleId":"AROA%016d","Arn":"arn:aws:iam::111122223333:role/role-%d","CreateDate":"2024-01-01T00:00:00Z","AssumeRolePolicyDocument":"%s","InstanceProfileList":%s,"RolePolicyList":[{"PolicyName":"inline-%d","PolicyDocument":"%s"}],"AttachedManagedPolicies":[{"PolicyName":"x","PolicyArn":"arn:aws:iam::aws:policy/%s"},{"PolicyName":"policy-%d","PolicyArn":"arn:aws:iam::111122223333:policy/policy-%d"}],"Tags":[],"RoleLastUsed":{"LastUsedDate":"2026-10-01T00:00:00Z","Region":"eu-west-1"}}`,
			i, i, i, enc(trust), profiles, i, enc(stmt(i)), aws[i%len(aws)], i%policies, i%policies)
	}
	b.WriteString("\n],\n\"Policies\": [\n")
	for i := range policies {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"PolicyName":"policy-%d","PolicyId":"ANPA%016d","Arn":"arn:aws:iam::111122223333:policy/policy-%d","Path":"/","DefaultVersionId":"v2","AttachmentCount":3,"PermissionsBoundaryUsageCount":0,"IsAttachable":true,"CreateDate":"2024-01-01T00:00:00Z","UpdateDate":"2024-02-01T00:00:00Z","PolicyVersionList":[{"Document":"%s","VersionId":"v2","IsDefaultVersion":true,"CreateDate":"2024-02-01T00:00:00Z"},{"Document":"%s","VersionId":"v1","IsDefaultVersion":false,"CreateDate":"2024-01-01T00:00:00Z"}]}`,
			i, i, i, enc(stmt(i)), enc(stmt(i+1)))
	}
	b.WriteString("\n]\n}\n")
	return []byte(b.String())
}

// BenchmarkAccountDump runs every rule over a generated dump of 5,000
// roles, 5,000 users, 1,000 groups and 3,000 customer managed policies
// (target: 3 s and 1 GB of memory on two cores). IAMLINT_BENCH_DUMP=FILE
// also writes the dump, to measure the command's peak memory.
func BenchmarkAccountDump(b *testing.B) {
	dump := genDump(5000, 5000, 1000, 3000)
	path := filepath.Join(b.TempDir(), "auth.json")
	if err := os.WriteFile(path, dump, 0o644); err != nil {
		b.Fatal(err)
	}
	if out := os.Getenv("IAMLINT_BENCH_DUMP"); out != "" {
		if err := os.WriteFile(out, dump, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(dump)))
	all := rules.All()
	for b.Loop() {
		res, err := analyzer.Run(context.Background(), all, []string{path}, &analyzer.Config{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Failed() > 0 || res.Documents() < 14000 {
			b.Fatalf("%d failed, %d documents: %v", res.Failed(), res.Documents(), res.Diagnostics[:min(3, len(res.Diagnostics))])
		}
	}
}
