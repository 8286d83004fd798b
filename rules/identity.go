package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// The identity-structure rules check the identity model (package account)
// that templates, Terraform modules and plans, and account dumps build:
// they run once per model through RunAccount.

// reportAt reports an account finding at loc; severity 0 is the rule's.
func reportAt(pass *analyzer.Pass, sev analyzer.Severity, loc account.Loc, value string, related []analyzer.Related, format string, args ...any) {
	pass.Report(analyzer.Diagnostic{
		Severity: sev, Message: fmt.Sprintf(format, args...), File: loc.File, Span: loc.Span,
		Pointer: loc.Pointer, Value: value, Related: related,
	})
}

// relatedAt is a related location.
func relatedAt(loc account.Loc, format string, args ...any) analyzer.Related {
	return analyzer.Related{File: loc.File, Span: loc.Span, Message: fmt.Sprintf(format, args...)}
}

// serviceTrust returns the service principals a role's trust policy allows
// to assume it (known values only), with the node of each.
func serviceTrust(trust *policy.Document) []*policy.Node {
	if trust == nil {
		return nil
	}
	var out []*policy.Node
	for _, s := range trust.Statements {
		if !s.IsAllow() || s.Principal == nil {
			continue
		}
		for _, e := range s.Principal.Entries {
			if e.Type() != "Service" {
				continue
			}
			for _, v := range e.Values {
				if name, ok := serviceName(v); ok {
					if name != v.Str {
						c := *v
						c.Str = name
						v = &c
					}
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// serviceName returns a service principal's name: a known string, or one
// a template writes with the URL suffix pseudo parameter
// (ec2.${AWS::URLSuffix}, as the CDK does), which is amazonaws.com outside
// China.
func serviceName(v *policy.Node) (string, bool) {
	if v.Kind != policy.String {
		return "", false
	}
	if !v.Unknown {
		return v.Str, true
	}
	if prefix, ok := strings.CutSuffix(v.Str, "${AWS::URLSuffix}"); ok && prefix != "" && !strings.Contains(prefix, "${") {
		return prefix + "amazonaws.com", true
	}
	return "", false
}

// adminGrant is a policy of a role that grants administrator-like access.
type adminGrant struct {
	what     string // "AdministratorAccess", "a policy allowing * on *"
	severity analyzer.Severity
	loc      account.Loc
}

// broadManaged are the AWS managed policies that give (nearly) full access.
var broadManaged = map[string]analyzer.Severity{
	"AdministratorAccess": analyzer.Critical,
	"PowerUserAccess":     analyzer.High,
	"IAMFullAccess":       analyzer.High,
}

// allowsAllOnAll returns the Action node of a statement allowing every
// action on every resource without condition, or nil.
func allowsAllOnAll(doc *policy.Document) *policy.Node {
	if doc == nil {
		return nil
	}
	for _, s := range doc.Statements {
		if !s.IsAllow() || s.Action == nil || s.Resource == nil || s.Condition != nil {
			continue
		}
		var act *policy.Node
		for _, v := range s.Action.Values {
			if !v.Unknown && v.Kind == policy.String && (v.Str == "*" || v.Str == "*:*") {
				act = v
			}
		}
		if act == nil {
			continue
		}
		for _, v := range s.Resource.Values {
			if !v.Unknown && v.Kind == policy.String && v.Str == "*" {
				return act
			}
		}
	}
	return nil
}

// adminGrants lists what gives a principal administrator-like access.
func adminGrants(p *account.Principal) []adminGrant {
	var out []adminGrant
	for _, at := range p.Attached {
		if at.Policy == nil {
			continue
		}
		if at.Policy.AWSManaged {
			if sev, ok := broadManaged[at.Policy.Name]; ok {
				out = append(out, adminGrant{what: at.Policy.Name, severity: sev, loc: at.Loc})
			}
			continue
		}
		if act := allowsAllOnAll(at.Policy.Doc); act != nil {
			out = append(out, adminGrant{what: "policy " + at.Name() + ", which allows * on *", severity: analyzer.Critical, loc: at.Loc})
		}
	}
	for _, ip := range p.Inline {
		if act := allowsAllOnAll(ip.Doc); act != nil {
			name := ip.Name
			if name == "" {
				name = "an inline policy"
			} else {
				name = "inline policy " + name
			}
			out = append(out, adminGrant{what: name + ", which allows * on *", severity: analyzer.Critical,
				loc: account.Loc{File: ip.Doc.File, Span: act.Span, Pointer: act.Pointer}})
		}
	}
	return out
}

// AdminOnServiceRole reports a role that a service assumes and that has
// administrator access.
var AdminOnServiceRole = &analyzer.Rule{
	ID:       "admin-on-service-role",
	Title:    "role trusted by a service has administrator access",
	Severity: analyzer.Critical,
	Category: analyzer.Security,
	Doc: `Reports a role whose trust policy lets an AWS service assume it (` + "`lambda.amazonaws.com`, `ec2.amazonaws.com`, `ecs-tasks.amazonaws.com`" + ` ...) and that has ` + "`AdministratorAccess`" + ` or a policy allowing ` + "`*`" + ` on ` + "`*`" + ` (critical), or ` + "`PowerUserAccess`" + ` or ` + "`IAMFullAccess`" + ` (high). The finding is at the attachment; the trust policy's service principal is a related location.

**Why it matters.** Whoever controls the workload (a function's code or dependencies, a container image, anything that reaches the instance metadata) gets the role's credentials, and with them the whole account. Workloads need a few actions on a few resources.

**How to fix.** Replace the broad policy with one granting the actions the workload calls, on its resources (an AWS managed job-function or service policy, or your own).

Bad (CloudFormation):

` + "```yaml" + `
FunctionRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement:
        - Effect: Allow
          Principal: {Service: lambda.amazonaws.com}
          Action: sts:AssumeRole
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/AdministratorAccess
` + "```" + `

Good:

` + "```yaml" + `
    ManagedPolicyArns:
      - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
` + "```",
	RunAccount: func(pass *analyzer.Pass) {
		for _, r := range pass.Account.Roles {
			services := serviceTrust(r.Trust)
			if len(services) == 0 {
				continue
			}
			grants := adminGrants(&r.Principal)
			if len(grants) == 0 {
				continue
			}
			svc := services[0]
			related := []analyzer.Related{
				relatedAt(account.Loc{File: r.Trust.File, Span: svc.Span}, "the trust policy lets %s assume the role", svc.Str),
				relatedAt(r.Loc, "role %s", r.Label()),
			}
			for _, g := range grants {
				reportAt(pass, g.severity, g.loc, r.Label()+" "+g.what, related,
					"role %s is assumed by %s and has %s: grant the service only the actions it needs", r.Label(), svc.Str, g.what)
			}
		}
	},
}

// InlinePolicy reports inline policies.
var InlinePolicy = &analyzer.Rule{
	ID:       "inline-policy",
	Title:    "inline policy instead of a managed policy",
	Severity: analyzer.Low,
	Category: analyzer.Hygiene,
	Doc: `Reports a policy embedded in one user, group or role (a role's ` + "`Policies`" + `, ` + "`AWS::IAM::Policy`" + `, ` + "`aws_iam_role_policy`" + `, ` + "`inline_policy`" + `, a dump's ` + "`RolePolicyList`" + ` ...).

**Why it matters.** An inline policy lives and dies with its principal: it cannot be reused, versioned or rolled back, it is harder to review across an account, and the same permissions end up copied from role to role. AWS recommends managed policies.

**How to fix.** Make it a customer managed policy (` + "`AWS::IAM::ManagedPolicy`, `aws_iam_policy`" + `) and attach it. An inline policy is right when the permissions must never outlive or leave the principal; then keep it and suppress this finding.

Bad (CloudFormation):

` + "```yaml" + `
AppRole:
  Type: AWS::IAM::Role
  Properties:
    Policies:
      - PolicyName: read-config
        PolicyDocument: {...}
` + "```" + `

Good:

` + "```yaml" + `
ReadConfig:
  Type: AWS::IAM::ManagedPolicy
  Properties:
    PolicyDocument: {...}
    Roles: [!Ref AppRole]
` + "```",
	RunAccount: func(pass *analyzer.Pass) {
		seen := map[account.Loc]bool{}
		check := func(p *account.Principal, kind string) {
			for _, ip := range p.Inline {
				if seen[ip.Loc] {
					continue
				}
				seen[ip.Loc] = true
				name := ""
				if ip.Name != "" {
					name = " " + ip.Name
				}
				reportAt(pass, 0, ip.Loc, p.Label()+name, []analyzer.Related{relatedAt(p.Loc, "%s %s", kind, p.Label())},
					"%s %s has an inline policy%s: prefer a customer managed policy", kind, p.Label(), name)
			}
		}
		for _, u := range pass.Account.Users {
			check(&u.Principal, "user")
		}
		for _, g := range pass.Account.Groups {
			check(&g.Principal, "group")
		}
		for _, r := range pass.Account.Roles {
			check(&r.Principal, "role")
		}
	},
}

// UserAttachedPolicy reports policies attached directly to users.
var UserAttachedPolicy = &analyzer.Rule{
	ID:       "user-attached-policy",
	Title:    "policy attached directly to a user",
	Severity: analyzer.Low,
	Category: analyzer.Hygiene,
	Doc: `Reports a managed or inline policy attached directly to an IAM user instead of to a group the user belongs to.

**Why it matters.** Permissions granted user by user drift apart, are hard to review and are forgotten when people change jobs. AWS recommends granting users permissions only through groups (Security Hub control IAM.2).

**How to fix.** Create a group for the job, attach the policy to the group, and add the user to it.

Bad (Terraform):

` + "```hcl" + `
resource "aws_iam_user_policy_attachment" "alice_read" {
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
` + "```" + `

Good:

` + "```hcl" + `
resource "aws_iam_group_policy_attachment" "auditors_read" {
  group      = aws_iam_group.auditors.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.auditors.name]
}
` + "```",
	RunAccount: func(pass *analyzer.Pass) {
		for _, u := range pass.Account.Users {
			rel := []analyzer.Related{relatedAt(u.Loc, "user %s", u.Label())}
			for _, at := range u.Attached {
				reportAt(pass, 0, at.Loc, u.Label()+" "+at.Name(), rel,
					"policy %s is attached directly to user %s: attach it to a group and add the user to the group", at.Name(), u.Label())
			}
			for _, ip := range u.Inline {
				name := ip.Name
				if name == "" {
					name = "(inline)"
				}
				reportAt(pass, 0, ip.Loc, u.Label()+" "+name, rel,
					"inline policy %s is attached directly to user %s: grant it through a group", name, u.Label())
			}
		}
	},
}

// GroupNoMembers reports groups with no members, where membership is known.
var GroupNoMembers = &analyzer.Rule{
	ID:       "group-no-members",
	Title:    "group with no members",
	Severity: analyzer.Info,
	Category: analyzer.Hygiene,
	Doc: `Reports an IAM group that has no users, where the whole membership is known: an account authorization details dump (every user is listed) or a Terraform ` + "`aws_iam_group_membership`" + ` (which owns the group's membership). A template's or module's groups are not reported otherwise, since users may be added elsewhere.

**Why it matters.** An empty group grants nothing today, and its policies are reviewed by no one: a forgotten group is an easy place to hide permissions for later.

**How to fix.** Delete the group, or add the users it was made for.

Bad (account dump): a group listed in ` + "`GroupDetailList`" + ` that no user's ` + "`GroupList`" + ` names.

Good: every group has the users it was made for, or is deleted.`,
	RunAccount: func(pass *analyzer.Pass) {
		for _, g := range pass.Account.Groups {
			if g.MembersKnown && len(g.Members) == 0 {
				reportAt(pass, 0, g.Loc, g.Label(), nil, "group %s has no members: delete it or add its users", g.Label())
			}
		}
	},
}

// AccessKeyForWorkload reports access key secrets handed to workloads.
var AccessKeyForWorkload = &analyzer.Rule{
	ID:       "access-key-for-workload",
	Title:    "access key secret handed to a workload",
	Severity: analyzer.High,
	Category: analyzer.Security,
	Doc: `Reports the secret of an IAM user's access key (` + "`!GetAtt Key.SecretAccessKey`" + `, ` + "`aws_iam_access_key.k.secret`" + `) passed to something that runs code: a Lambda function's environment, EC2 user data or a launch template, an ECS task definition, a CodeBuild project, a Batch job ...

**Why it matters.** Long-term keys never expire: they leak through environment dumps, logs, crash reports and instance metadata, and stay valid until someone rotates them. Every AWS compute service can give the workload a role instead, whose credentials are temporary and rotated for you.

**How to fix.** Give the workload a role (a Lambda execution role, an instance profile, an ECS task role) with the permissions the user had, and delete the access key.

Bad (CloudFormation):

` + "```yaml" + `
Function:
  Type: AWS::Lambda::Function
  Properties:
    Environment:
      Variables:
        AWS_SECRET_ACCESS_KEY: !GetAtt DeployKey.SecretAccessKey
` + "```" + `

Good:

` + "```yaml" + `
Function:
  Type: AWS::Lambda::Function
  Properties:
    Role: !GetAtt FunctionRole.Arn
` + "```",
	RunAccount: func(pass *analyzer.Pass) {
		for _, k := range pass.Account.AccessKeys {
			owner := k.UserRef
			if k.User != nil {
				owner = k.User.Label()
			}
			for _, f := range k.Flows {
				rel := []analyzer.Related{relatedAt(k.Loc, "access key %s", k.Label())}
				if k.User != nil {
					rel = append(rel, relatedAt(k.User.Loc, "user %s", k.User.Label()))
				}
				who := ""
				if owner != "" {
					who = " of user " + owner
				}
				reportAt(pass, 0, f.Loc, k.Label()+" "+f.Workload, rel,
					"the secret of access key %s%s is handed to %s %s: give the workload a role instead", k.Label(), who, f.Kind, f.Workload)
			}
		}
	},
}

// InstanceProfileTrustMismatch reports an instance profile whose role does
// not trust EC2.
var InstanceProfileTrustMismatch = &analyzer.Rule{
	ID:       "instance-profile-trust-mismatch",
	Title:    "instance profile role does not trust EC2",
	Severity: analyzer.Medium,
	Category: analyzer.Validity,
	Doc: `Reports an instance profile whose role's trust policy does not let ` + "`ec2.amazonaws.com`" + ` assume it. Only reported when the trust policy is fully known.

**Why it matters.** An instance profile exists to hand its role's credentials to EC2 instances, and EC2 gets them by assuming the role. If the role does not trust EC2, the instances launched with the profile get no credentials: the application fails at run time, and someone is tempted to "fix" it with access keys.

**How to fix.** Add a statement to the role's trust policy allowing ` + "`ec2.amazonaws.com`" + ` to call ` + "`sts:AssumeRole`" + `, or use a role made for EC2.

Bad:

` + "```yaml" + `
Role:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Statement:
        - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
Profile:
  Type: AWS::IAM::InstanceProfile
  Properties:
    Roles: [!Ref Role]
` + "```" + `

Good:

` + "```yaml" + `
        - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
` + "```",
	RunAccount: func(pass *analyzer.Pass) {
		for _, ip := range pass.Account.InstanceProfiles {
			for _, pr := range ip.Roles {
				r := pr.Role
				if r == nil || r.Trust == nil {
					continue
				}
				trusts, known := trustsService(r.Trust, "ec2.amazonaws.com")
				if trusts || !known {
					continue
				}
				rel := []analyzer.Related{
					relatedAt(account.Loc{File: r.Trust.File, Span: r.Trust.Root.Span}, "the trust policy of role %s", r.Label()),
					relatedAt(ip.Loc, "instance profile %s", ip.Label()),
				}
				reportAt(pass, 0, pr.Loc, ip.Label()+" "+r.Label(), rel,
					"instance profile %s carries role %s, whose trust policy does not let ec2.amazonaws.com assume it: instances get no credentials", ip.Label(), r.Label())
			}
		}
	},
}

// trustsService reports whether a trust policy allows the service to
// assume the role, and whether the policy is known well enough to tell.
func trustsService(trust *policy.Document, service string) (trusts, known bool) {
	if trust.Root == nil || trust.Root.Unknown || len(trust.Problems) > 0 {
		return false, false
	}
	known = true
	for _, s := range trust.Statements {
		if s.Node.Unknown || s.EffectString() == "" && s.Effect != nil {
			known = false
		}
		if !s.IsAllow() {
			continue
		}
		if s.Principal == nil {
			continue
		}
		if s.Principal.Member.Value.Unknown || s.Principal.Wildcard != nil {
			return true, true
		}
		for _, e := range s.Principal.Entries {
			for _, v := range e.Values {
				name, isService := serviceName(v)
				switch {
				case e.Type() == "Service" && isService && (name == service || name == service+".cn"):
					return true, true
				case v.Unknown:
					known = false
				case e.Type() == "AWS" && v.Str == "*":
					return true, true
				}
			}
		}
	}
	return false, known
}

// AssumeAnyRole reports sts:AssumeRole allowed on every role.
var AssumeAnyRole = &analyzer.Rule{
	ID:       "assume-any-role",
	Title:    "sts:AssumeRole allowed on any role",
	Severity: analyzer.Medium,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports an identity policy statement that allows ` + "`sts:AssumeRole`" + ` (or ` + "`sts:Assume*`, `sts:*`" + `) on ` + "`*`" + ` or on every role (` + "`arn:aws:iam::*:role/*`" + `) without a condition.

**Why it matters.** The principal can assume every role, in this account and others, whose trust policy trusts its account (` + "`arn:aws:iam::ACCOUNT:root`" + ` is a common trust): its real permissions are the union of all of those roles', now and as roles are added. It is a common step of privilege escalation.

**How to fix.** List the roles the principal needs to assume, by ARN, or narrow with a condition such as ` + "`aws:ResourceTag`" + ` or ` + "`aws:ResourceAccount`" + `.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/deploy"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() || s.Action == nil || s.Resource == nil || s.Condition != nil {
				continue
			}
			var act *policy.Node
			for _, v := range s.Action.Values {
				if !v.Unknown && v.Kind == policy.String && matchesAssumeRole(v.Str) {
					act = v
					break
				}
			}
			if act == nil {
				continue
			}
			for _, v := range s.Resource.Values {
				if v.Unknown || v.Kind != policy.String || !anyRole(v.Str) {
					continue
				}
				pass.Report(analyzer.Diagnostic{
					Message: fmt.Sprintf("%s is allowed on %s: the principal can assume every role that trusts its account; list the roles it needs", act.Str, v.Str),
					Span:    v.Span, Pointer: v.Pointer, Value: v.Str,
					Related: []analyzer.Related{{File: pass.Doc.File, Span: act.Span, Message: "the action"}},
				})
				break
			}
		}
	},
}

// matchesAssumeRole reports an action pattern of the sts service that
// matches sts:AssumeRole (not the bare "*", which other rules report).
func matchesAssumeRole(a string) bool {
	svc, name, ok := strings.Cut(a, ":")
	if !ok || !strings.EqualFold(svc, "sts") {
		return false
	}
	return wildcardMatch(strings.ToLower(name), "assumerole")
}

// anyRole reports a resource that matches every role: "*", or a role ARN
// pattern whose account and name are wildcards.
func anyRole(r string) bool {
	if r == "*" {
		return true
	}
	parts := strings.SplitN(r, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || (parts[2] != "iam" && parts[2] != "*") {
		return false
	}
	return (parts[4] == "*") && (parts[5] == "*" || parts[5] == "role/*" || parts[5] == "role*")
}

// wildcardMatch matches s against an IAM pattern (* and ?).
func wildcardMatch(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if wildcardMatch(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && wildcardMatch(pattern[1:], s[1:])
	}
	return s != "" && s[0] == pattern[0] && wildcardMatch(pattern[1:], s[1:])
}

// unusedAfter is how long a role may go unused before role-unused reports it.
const unusedAfter = 90 * 24 * time.Hour

// RoleUnused reports roles not used for a long time.
var RoleUnused = &analyzer.Rule{
	ID:       "role-unused",
	Title:    "role not used for over 90 days",
	Severity: analyzer.Low,
	Category: analyzer.Hygiene,
	Doc: `Reports a role of an account authorization details dump whose ` + "`RoleLastUsed.LastUsedDate`" + ` is more than 90 days old, or that was never used and was created more than 90 days ago. Service-linked roles are not reported. The clock is the time of the run; ` + "`--now`" + ` sets it (for reproducible reports and tests).

**Why it matters.** A role nobody uses still grants its permissions to whoever its trust policy allows: unused roles are standing access with no owner, and a favourite place to persist after a compromise.

**How to fix.** Confirm that nothing needs the role (IAM's last-accessed data, CloudTrail) and delete it; or record why it must stay (a break-glass role) and suppress the finding.

Bad (dump):

` + "```json" + `
{"RoleName": "old-deploy", "CreateDate": "2023-01-10T09:00:00Z", "RoleLastUsed": {"LastUsedDate": "2024-02-01T10:00:00Z"}}
` + "```" + `

Good: the role is deleted, or used:

` + "```json" + `
{"RoleName": "deploy", "CreateDate": "2023-01-10T09:00:00Z", "RoleLastUsed": {"LastUsedDate": "2026-11-20T10:00:00Z"}}
` + "```",
	RunAccount: func(pass *analyzer.Pass) {
		now := pass.Config.Clock()
		for _, r := range pass.Account.Roles {
			if !r.LastUsedKnown || strings.Contains(r.ARN, ":role/aws-service-role/") {
				continue
			}
			days := func(t time.Time) int { return int(now.Sub(t) / (24 * time.Hour)) }
			switch {
			case !r.LastUsed.IsZero() && now.Sub(r.LastUsed) > unusedAfter:
				reportAt(pass, 0, r.LastUsedLoc, r.Label(), []analyzer.Related{relatedAt(r.Loc, "role %s", r.Label())},
					"role %s was last used on %s, %d days ago: delete it if nothing needs it", r.Label(), r.LastUsed.Format("2006-01-02"), days(r.LastUsed))
			case r.LastUsed.IsZero() && !r.Created.IsZero() && now.Sub(r.Created) > unusedAfter:
				reportAt(pass, 0, r.Loc, r.Label(), nil,
					"role %s was never used and was created %d days ago: delete it if nothing needs it", r.Label(), days(r.Created))
			}
		}
	},
}
