package rules

import (
	"fmt"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/graph"
)

// principalGraph is the principal graph of the pass's identity model,
// built once per model.
var principalGraph = &analyzer.Analysis{
	Name: "principal-graph",
	Run:  func(pass *analyzer.Pass) any { return graph.Build(pass.Account) },
}

// PrivilegeEscalationPath reports principals that are not administrators
// but can become one through other principals.
var PrivilegeEscalationPath = &analyzer.Rule{
	ID:       "privilege-escalation-path",
	Title:    "a principal can become an administrator through other principals",
	Severity: analyzer.High,
	Category: analyzer.Security,
	Doc: `Reports each user or role that is not an administrator but can become one, step by step through other principals, and names the path: ` + "`user/alice → assumes role/deployer → passes role/lambda-admin to lambda:CreateFunction → admin`" + `. The finding points at the statement that grants the first step; in SARIF the whole path is a code flow with one location per step (the statement that allows it).

The steps, each decided by AWS's evaluation logic over the principal's identity policies (its groups' for a user), its permissions boundary and the role's trust policy, so that conditions, boundaries and Deny statements count:

- **assumes** a role whose trust policy allows the principal: by its ARN, or by its account (then its own policies must allow ` + "`sts:AssumeRole`" + ` on the role);
- **passes** a role (` + "`iam:PassRole`" + ` with ` + "`iam:PassedToService`" + `) to a service it can run code on, when the role trusts that service: Lambda (` + "`lambda:CreateFunction`" + ` and a way to invoke it), EC2 (` + "`ec2:RunInstances`" + `, with an instance profile of the role, or one it may create), Auto Scaling, ECS, CodeBuild, CloudFormation, Glue, SageMaker, Data Pipeline, App Runner, Bedrock AgentCore;
- **creates an access key** or a console password for a user, or **changes** its password;
- **rewrites the trust policy** of a role (` + "`iam:UpdateAssumeRolePolicy`" + `) and assumes it;
- **writes or attaches a policy** on a principal it holds or one of its groups, **writes a new version** of a customer managed policy attached to it, or **adds** a user it holds to a group that grants everything; when that principal has a permissions boundary, removing or replacing the boundary must be allowed too.

An administrator is a principal allowed every action on every resource (AdministratorAccess, or ` + "`*`" + ` on ` + "`*`" + `, with no boundary or Deny limiting it) or one that can grant itself everything. A step that depends on condition keys that cannot be known statically (MFA, source IP, tags) is kept and marked "(if conditions allow)". The finding is critical when the path starts at a user with access keys. Administrators themselves are not reported; neither is a principal that can grant itself everything (the privilege-escalation rule reports the policy that allows it).

In templates and Terraform modules, principals are named by their IAM name or logical ID and given the placeholder account 000000000000; references to the template's own roles, users and policies (` + "`Fn::GetAtt Role.Arn`" + `, ` + "`aws_iam_role.x.arn`" + `) are resolved.

**Why it matters.** Each policy can look harmless on its own: the user may only assume one role, the role may only pass roles to Lambda. Together they hand the user an administrator's credentials. This is what PMapper finds in a live account; iamlint finds it in templates, plans and account dumps before they are deployed.

**How to fix.** Break the path at its weakest step: name the roles a principal may pass and the service (` + "`iam:PassedToService`" + `), do not let a principal assume or pass a role more powerful than itself, narrow the trust policy to the principals that need it, keep ` + "`iam:CreateAccessKey`" + `, ` + "`iam:*LoginProfile`" + ` and the policy-writing actions to administrators, or cap the principals with a permissions boundary.

Bad (the deployer role can pass the administrator role to a new Lambda function):

` + "```json" + `
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/*",
 "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-function",
 "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}
` + "```",
	RunAccount: func(pass *analyzer.Pass) {
		g := pass.Result(principalGraph).(*graph.Graph)
		for _, p := range g.EscalationPaths() {
			reportPath(pass, p)
		}
	},
}

// reportPath reports one escalation path at the grant of its first step.
func reportPath(pass *analyzer.Pass, p *graph.Path) {
	at := p.Start.Loc
	var related, steps []analyzer.Related
	for i, e := range p.Steps {
		msg := e.From.Label() + " " + e.Text()
		grants := e.Grants()
		if len(grants) == 0 {
			steps = append(steps, relatedAt(e.From.Loc, "%s", msg))
		} else {
			steps = append(steps, relatedAt(grants[0].Loc, "%s: %s", msg, grants[0].Text()))
			if i == 0 {
				at = grants[0].Loc
			}
			for _, gr := range grants[1:] {
				related = append(related, relatedAt(gr.Loc, "%s (%s)", gr.Text(), msg))
			}
		}
	}
	if a := p.Admin; a != nil && a.Admin != nil {
		loc := a.Loc
		if grants := a.Admin.Grants(); len(grants) > 0 {
			loc = grants[0].Loc
		}
		steps = append(steps, relatedAt(loc, "%s is an administrator: it %s", a.Label(), a.Admin.Reason))
	} else {
		steps = append(steps, relatedAt(p.Last().Loc, "%s now has every permission", p.Last().Label()))
	}
	sev := analyzer.Severity(0)
	if p.Start.Kind == graph.User && p.Start.AccessKeys {
		sev = analyzer.Critical
	}
	pass.Report(analyzer.Diagnostic{
		Severity: sev,
		Message:  fmt.Sprintf("%s can become an administrator: %s", p.Start.Label(), p.String()),
		File:     at.File, Span: at.Span, Pointer: at.Pointer, Value: p.Start.Label(),
		Related: related, Path: steps,
	})
}
