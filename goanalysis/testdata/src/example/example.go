// Package example holds IAM policies in Go source, with the findings
// iamlint-vet must report.
package example

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// A raw string constant that parses as a policy, used by an IAM input.
// want +5 `action-unknown: s3:GetObjekt is not an action of s3; did you mean s3:GetObject`
const readReports = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "s3:GetObjekt",
    "Resource": "arn:aws:s3:::reports/*"
  }]
}`

// PutReports attaches the policy to a role: the finding is reported once,
// in the constant's literal.
func PutReports() *iam.PutRolePolicyInput {
	return &iam.PutRolePolicyInput{
		RoleName:       aws.String("reports"),
		PolicyDocument: aws.String(readReports),
	}
}

// An interpreted string with escapes before the finding.
func Interpreted() iam.CreatePolicyInput {
	return iam.CreatePolicyInput{
		PolicyDocument: aws.String("{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"caf\u00e9\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObjekt\", \"Resource\": \"*\"}}"), // want `sid-invalid: .*` `action-unknown: s3:GetObjekt is not an action of s3`
	}
}

// Concatenated constants.
const (
	head = `{"Version": "2012-10-17", "Statement": [`
	stmt = `{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"},` +
		`{"Effect": "Alow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}` // want `effect-invalid: .*`
	tail   = `]}`
	joined = head + stmt + tail
)

// A trust policy: a group cannot be a principal.
func CreateRole() *iam.CreateRoleInput {
	return &iam.CreateRoleInput{
		RoleName:                 aws.String("deploy"),
		AssumeRolePolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:group/Dev"}, "Action": "sts:AssumeRole"}]}`), // want `group-as-principal: .*`
	}
}

// Not JSON, but an IAM input's document: a parse error.
var broken = iam.UpdateAssumeRolePolicyInput{
	PolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": [}`), // want `parse-error: invalid JSON: .*`
}

// A valid policy: nothing to report.
const ok = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}`

// Strings that are not policies are left alone, even with "Statement".
const notPolicy = `"Statement" is a word`

// A suppression with its reason.
const suppressed = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}` //iamlint:ignore action-unknown -- kept to test suppressions

// A suppression without a reason suppresses nothing.
const unexplained = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}` //iamlint:ignore action-unknown // want `action-unknown: .*` `suppression-without-reason: iamlint:ignore without a reason suppresses nothing.*`

var _ = joined
