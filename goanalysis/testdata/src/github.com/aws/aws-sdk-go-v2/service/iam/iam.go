// Package iam is a stub of the aws-sdk-go-v2 IAM client's input types for
// tests.
package iam

type PutRolePolicyInput struct {
	PolicyDocument *string
	PolicyName     *string
	RoleName       *string
}

type CreatePolicyInput struct {
	PolicyDocument *string
	PolicyName     *string
}

type CreateRoleInput struct {
	AssumeRolePolicyDocument *string
	RoleName                 *string
}

type UpdateAssumeRolePolicyInput struct {
	PolicyDocument *string
	RoleName       *string
}
