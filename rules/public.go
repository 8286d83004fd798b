package rules

import (
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// ResourcePolicyPublic reports resource policies that grant to everyone.
var ResourcePolicyPublic = &analyzer.Rule{
	ID:       "resource-policy-public",
	Title:    "resource policy that grants access to anyone",
	Severity: analyzer.Critical,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Resource},
	Doc: `Reports an ` + "`Allow`" + ` statement of a resource policy (S3 bucket, SQS queue, SNS topic, KMS key, Lambda function, ECR repository, Secrets Manager secret ...) whose principal is everyone, ` + "`\"*\"` or `{\"AWS\": \"*\"}`" + `, or everyone but a few (` + "`NotPrincipal`" + ` with ` + "`Allow`" + `), when no condition pins the caller. Critical when the actions write, delete, tag or manage permissions; high when they only read or list.

A condition pins the caller when it tests one of these keys with a positive operator (` + "`StringEquals`, `StringLike`, `ArnEquals`, `ArnLike`" + `, their ` + "`IgnoreCase`" + ` and ` + "`ForAnyValue:`" + ` forms, or ` + "`IpAddress`" + `) against literal values:

| key | pins the caller to |
|---|---|
| ` + "`aws:PrincipalAccount`, `kms:CallerAccount`, `s3:DataAccessPointAccount`" + ` | an account |
| ` + "`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`" + ` | an AWS organization (or part of it) |
| ` + "`aws:PrincipalArn`, `aws:userid`" + ` | named principals |
| ` + "`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOwner`, `aws:SourceOrgID`, `aws:SourceOrgPaths`" + ` | the resource a service acts for (absent for direct callers, so they are shut out) |
| ` + "`aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceIp`, `aws:VpcSourceIp`, `s3:DataAccessPointArn`" + ` | a network or access point |
| ` + "`elasticfilesystem:AccessedViaMountTarget`" + ` tested ` + "`true` with `Bool`" + ` | an EFS file system's mount targets, in its VPC (EFS's own check does not count such a policy as public) |

A value with a wildcard where the account, organization or bucket belongs (` + "`aws:PrincipalOrgID: \"*\"`, `aws:PrincipalArn: \"arn:aws:iam::*:role/x\"`, `aws:SourceIp: \"0.0.0.0/0\"`" + `) does not pin; neither does a key under ` + "`IfExists`, `ForAllValues:`" + ` or a negated operator (all true for a caller without the key). Keys that look restrictive but are not: ` + "`aws:username`" + ` (any account can create a user of that name), ` + "`aws:PrincipalTag`, `aws:PrincipalType`, `aws:SecureTransport`, `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`, `kms:ViaService`" + `. A ` + "`Deny`" + ` statement never makes a policy public, and a ` + "`Deny`" + ` for everyone unless a pinning key matches (` + "`StringNotEquals aws:SourceVpce`" + `), covering the same actions and resources, closes the grant.

A VPC endpoint policy, or the access policy of an OpenSearch domain that lives in a VPC, is reachable only from that network: the default ` + "`\"Principal\": \"*\"`" + ` there is reported too, since the document alone does not say where it is attached; suppress the finding for such documents.

**Why it matters.** Anyone with an AWS account, or anyone at all for S3 and Lambda function URLs, can call the actions: read the data, send messages, decrypt, invoke, or overwrite and delete. Public buckets and queues are among the most common causes of data leaks.

**How to fix.** Name the principals (accounts, roles, service principals), or keep ` + "`\"*\"`" + ` and add a condition that pins the caller: ` + "`aws:PrincipalOrgID`" + ` for your organization, ` + "`aws:SourceArn`" + ` for a service delivering on behalf of one of your resources, ` + "`aws:SourceVpce`" + ` for private access. For a deliberately public website, serve it through CloudFront with origin access control instead of a public bucket.

Bad:

` + "```json" + `
{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",
 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() {
				continue
			}
			var d analyzer.Diagnostic
			who := ""
			if w := wildcardPrincipal(s.Principal); w != nil {
				who = "anyone"
				d = analyzer.Diagnostic{Span: w.Span, Pointer: w.Pointer, Value: w.Str}
			} else if s.NotPrincipal != nil {
				who = "everyone but the principals in NotPrincipal"
				m := s.NotPrincipal.Member
				d = analyzer.Diagnostic{Span: m.KeySpan, Pointer: m.Value.Pointer, Value: m.Name}
			} else {
				continue
			}
			if pinningKey(s, callerPinKeys) != nil || closedByDeny(pass.Doc, s) {
				continue
			}
			d.Message = fmt.Sprintf("%s can call %s: no condition pins the caller to an account, organization, network or source", who, publicActionList(s))
			if !publicGrantsWrite(pass.Catalog, s) {
				d.Severity = analyzer.High
			}
			if s.Condition != nil {
				d.Related = append(d.Related, analyzer.Related{Span: s.Condition.Member.KeySpan,
					Message: "this condition does not pin the caller"})
			}
			pass.Report(d)
		}
	},
}

// publicActionList names a statement's actions for a message.
func publicActionList(s *policy.Statement) string {
	if s.Action == nil && s.NotAction != nil {
		return "every action but " + publicJoinShort(s.NotAction.Values)
	}
	if s.Action == nil {
		return "its actions"
	}
	return publicJoinShort(s.Action.Values)
}

// publicJoinShort joins up to three values, then says how many more.
func publicJoinShort(values []*policy.Node) string {
	var names []string
	for _, v := range values {
		if v.Kind == policy.String {
			names = append(names, v.Str)
		}
	}
	switch {
	case len(names) == 0:
		return "its actions"
	case len(names) <= 3:
		return strings.Join(names, ", ")
	default:
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
}

// publicGrantsWrite reports whether a statement allows an action above Read and
// List, or an action the catalog does not know (taken to be one).
func publicGrantsWrite(cat *catalog.Catalog, s *policy.Statement) bool {
	if s.Action == nil || cat == nil {
		return true
	}
	for _, v := range s.Action.Values {
		if v.Kind != policy.String || v.Unknown {
			return true
		}
		acts := cat.Expand(v.Str)
		if len(acts) == 0 {
			return true
		}
		for _, a := range acts {
			if a.Access != catalog.Read && a.Access != catalog.List {
				return true
			}
		}
	}
	return false
}

// closedByDeny reports whether a Deny statement of the document refuses
// everyone unless a pinning key matches, for every action and resource of
// allow: the "deny unless from my VPC endpoint" pattern.
func closedByDeny(doc *policy.Document, allow *policy.Statement) bool {
	for _, deny := range doc.Statements {
		if !deny.IsDeny() || wildcardPrincipal(deny.Principal) == nil || deny.Condition == nil {
			continue
		}
		if denyUnlessPinned(deny) && denyCovers(deny.Action, allow.Action, allow.NotAction) &&
			denyCovers(deny.Resource, allow.Resource, allow.NotResource) {
			return true
		}
	}
	return false
}

// denyUnlessPinned reports a condition made only of negated tests of
// pinning keys against literal values: the Deny applies to every caller
// but the pinned ones.
func denyUnlessPinned(deny *policy.Statement) bool {
	ok, seen := true, false
	deny.Condition.Keys(func(op *policy.ConditionOperator, k *policy.ConditionKey) {
		seen = true
		shape, pin := callerPinKeys[strings.ToLower(k.Name())]
		o, valid := parseOperator(op.Name())
		if !pin || !valid || o.set != "" || !valuesPin(k.Values, shape) {
			ok = false
			return
		}
		switch o.base {
		case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike":
			ok = ok && shape != pinIP
		case "NotIpAddress":
			ok = ok && shape == pinIP
		default:
			ok = false
		}
	})
	return ok && seen
}

// denyCovers reports whether the patterns of a Deny's element (Action or
// Resource) match every value of the Allow's element; a NotAction or
// NotResource in the Allow is covered only by "*".
func denyCovers(deny, allow, allowNot *policy.List) bool {
	if deny == nil {
		return false
	}
	if allow == nil {
		if allowNot == nil {
			return false
		}
		for _, d := range deny.Values {
			if d.Kind == policy.String && d.Str == "*" {
				return true
			}
		}
		return false
	}
	for _, a := range allow.Values {
		if a.Kind != policy.String {
			return false
		}
		matched := false
		for _, d := range deny.Values {
			if d.Kind == policy.String && catalog.MatchPattern(d.Str, a.Str) {
				matched = true
				break
			}
		}
		if !matched {
			return false
		}
	}
	return true
}
