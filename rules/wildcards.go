package rules

import (
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// grantingKinds are the kinds whose Allow statements grant permissions to
// someone: identity policies, and resource policies (to their principals).
var grantingKinds = []policy.Kind{policy.Identity, policy.Resource}

// WildcardAction reports an Allow of every action.
var WildcardAction = &analyzer.Rule{
	ID:       "wildcard-action",
	Title:    "Allow of every action",
	Severity: analyzer.High,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports an ` + "`Allow`" + ` statement of an identity policy whose ` + "`Action`" + ` is ` + "`*`" + `: every action of every service, including those AWS adds later. With ` + "`Resource: \"*\"`" + ` (or ` + "`NotResource`" + `) and no ` + "`Condition`" + `, the statement is full administrator access and the finding is critical; otherwise high.

**Why it matters.** Whoever holds the policy can do anything the resources allow: change IAM, read every secret, delete every bucket. A leaked credential or a compromised workload with this policy owns the account.

Resource policies are not checked: their ` + "`Action: \"*\"`" + ` usually delegates to the owning account (an S3 access point delegation, a KMS key's default policy), and ` + "`resource-policy-public`" + ` reports the dangerous cases.

**How to fix.** List the actions the workload calls (` + "`iamlint expand`" + ` shows what a pattern covers). Keep administrator access to a few roles that people assume with MFA, through the AWS managed ` + "`AdministratorAccess`" + ` policy so that it is visible.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "*", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::reports/*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() || s.Action == nil {
				continue
			}
			for _, v := range s.Action.Values {
				if v.Kind != policy.String || v.Str != "*" {
					continue
				}
				if anyResource(s) && s.Condition == nil {
					pass.Report(analyzer.Diagnostic{Severity: analyzer.Critical, Span: v.Span, Pointer: v.Pointer, Value: v.Str,
						Message: `Action "*" on every resource without a condition is full administrator access`})
				} else {
					pass.ReportNode(v, `Action "*" allows every action of every service`)
				}
			}
		}
	},
}

// anyResource reports a statement that reaches every resource: Resource
// "*" or NotResource.
func anyResource(s *policy.Statement) bool {
	if s.NotResource != nil {
		return true
	}
	if s.Resource == nil {
		return false
	}
	for _, v := range s.Resource.Values {
		if v.Kind == policy.String && strings.Trim(v.Str, "*") == "" {
			return true
		}
	}
	return false
}

// ServiceWildcard reports an Allow of every action of a service.
var ServiceWildcard = &analyzer.Rule{
	ID:       "service-wildcard",
	Title:    "Allow of every action of a service",
	Severity: analyzer.High,
	Category: analyzer.LeastPrivilege,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports an ` + "`Allow`" + ` of ` + "`service:*`" + ` in an identity policy (every action of a service, and those it adds later). The finding is high when the service has Write or Permissions management actions, and low for a service whose actions only read or list.

Resource policies are not checked (a KMS key's default policy grants ` + "`kms:*`" + ` to its own account, by design).

**Why it matters.** ` + "`s3:*`" + ` is not "use S3": it is also delete every bucket, rewrite bucket policies and turn off versioning. Service wildcards are the most common way a policy grants far more than its workload uses.

**How to fix.** Grant the actions the workload calls. ` + "`iamlint expand 's3:*'`" + ` lists what the wildcard stands for, with access levels; a prefix pattern such as ` + "`s3:Get*`" + ` is a narrower middle way.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() || s.Action == nil {
				continue
			}
			for _, v := range s.Action.Values {
				if v.Kind != policy.String || v.Unknown {
					continue
				}
				prefix, ok := strings.CutSuffix(v.Str, ":*")
				if !ok || hasWildcard(prefix) {
					continue
				}
				svc := pass.Catalog.Service(prefix)
				if svc == nil {
					continue
				}
				writes := 0
				for _, a := range svc.Actions {
					if a.Access == catalog.Write || a.Access == catalog.PermissionsManagement {
						writes++
					}
				}
				if writes == 0 {
					pass.Report(analyzer.Diagnostic{Severity: analyzer.Low, Span: v.Span, Pointer: v.Pointer, Value: v.Str,
						Message: v.Str + " allows every action of " + svc.Prefix + " (" + plural(len(svc.Actions), "action", "actions") + ", none of them writes)"})
					continue
				}
				pass.ReportNode(v, "%s allows every action of %s: %s, %s among them", v.Str, svc.Prefix,
					plural(len(svc.Actions), "action", "actions"), plural(writes, "write or permissions-management action", "write or permissions-management actions"))
			}
		}
	},
}

// WildcardResource reports Resource "*" on actions that could be scoped.
var WildcardResource = &analyzer.Rule{
	ID:       "wildcard-resource",
	Title:    `Resource "*" on write actions that can be scoped to resources`,
	Severity: analyzer.Medium,
	Category: analyzer.LeastPrivilege,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports ` + "`Resource: \"*\"`" + ` in an ` + "`Allow`" + ` statement that grants Write, Permissions management or Tagging actions which support resource-level permissions, and names them. Actions that only work on ` + "`*`" + ` (` + "`ec2:DescribeInstances`" + `, ` + "`s3:ListAllMyBuckets`" + `, ` + "`xray:PutTraceSegments`" + `) are never reported, nor are read and list actions. There is no finding when the statement's ` + "`Condition`" + ` limits the resources (` + "`aws:ResourceTag/...`" + `, ` + "`aws:ResourceAccount`" + `, a service key such as ` + "`kms:ViaService`" + ` or ` + "`s3:prefix`" + `, request tags that created resources must carry), nor for actions a ` + "`Deny`" + ` without conditions takes away. Conditions on the caller alone (` + "`aws:SourceIp`" + `, ` + "`aws:RequestedRegion`" + `, MFA) do not scope resources. Statements with ` + "`Action: \"*\"`" + ` or ` + "`NotAction`" + ` are left to ` + "`wildcard-action`" + ` and ` + "`notaction-allow`" + `.

**Why it matters.** The statement changes every resource of those types in the account, including ones created later and ones belonging to other teams.

**How to fix.** Name the resources (ARNs, with wildcards for name prefixes), or limit them by tag with an ` + "`aws:ResourceTag`" + ` condition.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:DeleteMessage"], "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:DeleteMessage"], "Resource": "arn:aws:sqs:us-east-1:111122223333:orders-*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		set := grantsOf(pass)
		for _, g := range set.Grants {
			s := g.Statement
			if g.AllActions || g.NotResource || s.NotAction != nil || scopedByCondition(s) {
				continue
			}
			for _, r := range g.Resources {
				if r.Kind != policy.String || r.Str != "*" {
					continue
				}
				var scopable []*catalog.Action
				for _, a := range set.Actions(g) {
					if a.OnlyWildcardResource() || contains(optionalResourceActions, a.String()) {
						continue
					}
					switch a.Access {
					case catalog.Write, catalog.PermissionsManagement, catalog.Tagging:
					default:
						continue
					}
					if acc, ok := set.AccessIn(g, a); ok && containsNode(acc.Resources, r) {
						scopable = append(scopable, a)
					}
				}
				if len(scopable) > 0 {
					pass.ReportNode(r, `Resource "*" grants %s of write, permissions management or tagging that can be limited to named resources: %s`,
						plural(len(scopable), "action", "actions"), listActions(scopable))
				}
			}
		}
	},
}

// optionalResourceActions list resource types that only some calls use:
// the ordinary call names no resource and needs "*" (PutMetricData names a
// dataset only when it writes to one).
var optionalResourceActions = []string{"cloudwatch:PutMetricData"}

func containsNode(nodes []*policy.Node, n *policy.Node) bool {
	for _, x := range nodes {
		if x == n {
			return true
		}
	}
	return false
}

// NotActionAllow reports Allow with NotAction.
var NotActionAllow = &analyzer.Rule{
	ID:       "notaction-allow",
	Title:    "Allow with NotAction",
	Severity: analyzer.Medium,
	Category: analyzer.Security,
	Kinds:    grantingKinds,
	Doc: `Reports an ` + "`Allow`" + ` statement written with ` + "`NotAction`" + `: it allows every action of every service except those listed, including every action AWS adds later.

**Why it matters.** ` + "`NotAction`" + ` reads like a restriction but grants almost everything: "everything but IAM" still allows passing roles to Lambda, reading every secret and deleting every table. ` + "`Deny`" + ` with ` + "`NotAction`" + ` (a guardrail) is fine and not reported.

**How to fix.** List the actions to allow; keep ` + "`NotAction`" + ` for ` + "`Deny`" + ` statements.

Bad:

` + "```json" + `
{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": ["ec2:Describe*", "ec2:StartInstances", "ec2:StopInstances"], "Resource": "*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if s.IsAllow() && s.NotAction != nil {
				pass.ReportMember(s.NotAction.Member, "Allow with NotAction grants every action except %s, and every action AWS adds later",
					theListed(len(s.NotAction.Values)))
			}
		}
	},
}

// NotResourceAllow reports Allow with NotResource.
var NotResourceAllow = &analyzer.Rule{
	ID:       "notresource-allow",
	Title:    "Allow with NotResource",
	Severity: analyzer.Medium,
	Category: analyzer.Security,
	Kinds:    grantingKinds,
	Doc: `Reports an ` + "`Allow`" + ` statement written with ` + "`NotResource`" + `: it allows its actions on every resource except those listed, in every account and on every resource created later.

**Why it matters.** The exclusion list must name everything sensitive, forever; anything it forgets is granted. ` + "`Deny`" + ` with ` + "`NotResource`" + ` is a legitimate guardrail and is not reported.

**How to fix.** Name the resources to allow in ` + "`Resource`" + `.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::payroll/*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if s.IsAllow() && s.NotResource != nil {
				pass.ReportMember(s.NotResource.Member, "Allow with NotResource grants its actions on every resource except %s",
					theListed(len(s.NotResource.Values)))
			}
		}
	},
}

// theListed says "the one listed" or "the 3 listed".
func theListed(n int) string {
	if n == 1 {
		return "the one listed"
	}
	return "the " + itoa(n) + " listed"
}
