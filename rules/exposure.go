package rules

import (
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/effective"
	"github.com/iamlint/iamlint/policy"
)

// PassRoleWildcard reports iam:PassRole on every role without
// iam:PassedToService.
var PassRoleWildcard = &analyzer.Rule{
	ID:       "passrole-wildcard",
	Title:    "iam:PassRole on every role without iam:PassedToService",
	Severity: analyzer.High,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports an ` + "`Allow`" + ` of ` + "`iam:PassRole`" + ` (directly, through a wildcard such as ` + "`iam:*`" + `, or through ` + "`NotAction`" + `) on ` + "`*`" + ` or on every role (` + "`arn:aws:iam::111122223333:role/*`" + `, ` + "`NotResource`" + `) when the statement has no ` + "`iam:PassedToService`" + ` condition. A ` + "`Deny`" + ` without conditions that covers it removes the finding. A statement with ` + "`Action: \"*\"`" + ` is left to ` + "`wildcard-action`" + `.

**Why it matters.** Passing a role hands its permissions to a service that runs your code: whoever can pass any role to any service can run code as the most powerful role in the account.

**How to fix.** Name the roles that may be passed, and pin the service with ` + "`iam:PassedToService`" + `.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app-task",
 "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		set := grantsOf(pass)
		a := pass.Catalog.Action("iam:PassRole")
		if a == nil {
			return
		}
		for _, acc := range set.Access(a) {
			g := acc.Grant
			if g.AllActions || g.Statement.Condition.HasKey("iam:PassedToService") || unknownCondition(g.Statement) != nil {
				continue
			}
			wide := g.NotResource
			var where *policy.Node
			for _, r := range acc.Resources {
				if r.Kind == policy.String && unconstrained(a, r.Str) && effective.Applies(a, r.Str) {
					wide, where = true, r
					break
				}
			}
			if !wide {
				continue
			}
			src := g.Source(a)
			d := analyzer.Diagnostic{Span: src.Span, Pointer: src.Pointer, Value: src.Str}
			on := "NotResource, almost any role"
			if where != nil {
				on = where.Str
				d.Related = []analyzer.Related{{File: pass.Doc.File, Span: where.Span, Message: "every role"}}
			}
			if src.Kind == policy.String && strings.EqualFold(src.Str, "iam:PassRole") {
				d.Message = "iam:PassRole on " + on + " lets any role be passed to any service: name the roles and pin iam:PassedToService"
			} else {
				d.Message = describeSource(src) + " grants iam:PassRole on " + on + ", so any role can be passed to any service: name the roles and pin iam:PassedToService"
			}
			pass.Report(d)
		}
	},
}

// exfiltrationActions read data in bulk: granted on every resource, they
// let a leaked credential copy it all.
var exfiltrationActions = []string{
	"s3:GetObject", "s3:GetObjectVersion",
	"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
	"secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue",
}

// credentialActions return credentials, keys, tokens or passwords.
var credentialActions = []string{
	"iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
	"iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
	"sts:GetFederationToken",
	"ecr:GetAuthorizationToken", "ecr-public:GetAuthorizationToken", "codeartifact:GetAuthorizationToken",
	"ec2:GetPasswordData",
	"redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM", "redshift-serverless:GetCredentials",
	"cognito-identity:GetCredentialsForIdentity", "cognito-identity:GetOpenIdToken", "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
	"lightsail:GetInstanceAccessDetails", "lightsail:DownloadDefaultKeyPair", "lightsail:GetRelationalDatabaseMasterUserPassword",
	"appsync:CreateApiKey", "chime:CreateApiKey", "grafana:CreateWorkspaceApiKey",
	"airflow:CreateCliToken", "airflow:CreateWebLoginToken", "cloud9:CreateEnvironmentToken",
	"connect:GetFederationToken", "gamelift:GetInstanceAccess", "gamelift:RequestUploadCredentials",
	"mediapackage:RotateChannelCredentials", "mediapackage:RotateIngestEndpointCredentials",
	"emr-containers:GetManagedEndpointSessionCredentials", "license-manager:GetAccessToken",
}

// callerTokenActions return a token that carries the caller's own
// permissions (a registry login): the least of the exposures.
var callerTokenActions = []string{
	"ecr:GetAuthorizationToken", "ecr-public:GetAuthorizationToken", "codeartifact:GetAuthorizationToken",
}

// userCredentialActions act on a user: on the caller alone they are
// ordinary self-service.
var userCredentialActions = []string{
	"iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
	"iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
}

// unconstrainedGrants lists, for each grant, the actions of names it gives
// on every resource of their type (on "*" for actions that take only
// "*"), without a condition that scopes resources. Grants of Action "*"
// are left out (wildcard-action reports them).
func unconstrainedGrants(pass *analyzer.Pass, names []string, skipSelf []string) map[*effective.Grant][]*catalog.Action {
	set := grantsOf(pass)
	out := map[*effective.Grant][]*catalog.Action{}
	for _, name := range names {
		a := pass.Catalog.Action(name)
		if a == nil {
			continue
		}
		self := contains(skipSelf, name)
		for _, acc := range set.Access(a) {
			g := acc.Grant
			if g.AllActions || scopedByCondition(g.Statement) {
				continue
			}
			wide := g.NotResource
			for _, r := range acc.Resources {
				if r.Kind == policy.String && !r.Unknown && unconstrained(a, r.Str) && effective.Applies(a, r.Str) && (!self || !selfOnly(r.Str)) {
					wide = true
					break
				}
			}
			if wide {
				out[g] = append(out[g], a)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// reportPerGrant reports one finding per grant, at the value granting its
// first action, in statement order.
func reportPerGrant(pass *analyzer.Pass, found map[*effective.Grant][]*catalog.Action, sev func([]*catalog.Action) analyzer.Severity, msg func([]*catalog.Action) string) {
	for _, g := range grantsOf(pass).Grants {
		acts, ok := found[g]
		if !ok {
			continue
		}
		src := g.Source(acts[0])
		d := analyzer.Diagnostic{Span: src.Span, Pointer: src.Pointer, Value: src.Str, Message: msg(acts)}
		if sev != nil {
			d.Severity = sev(acts)
		}
		pass.Report(d)
	}
}

// DataExfiltration reports bulk-read actions on every resource.
var DataExfiltration = &analyzer.Rule{
	ID:       "data-exfiltration",
	Title:    "bulk data reads on every resource",
	Severity: analyzer.Medium,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports an ` + "`Allow`" + ` of actions that read stored data and secrets (` + "`s3:GetObject`" + `, ` + "`s3:GetObjectVersion`" + `, ` + "`ssm:GetParameter`" + `, ` + "`ssm:GetParameters`" + `, ` + "`ssm:GetParametersByPath`" + `, ` + "`secretsmanager:GetSecretValue`" + `, ` + "`secretsmanager:BatchGetSecretValue`" + `) on every resource of their type (` + "`*`" + `, ` + "`arn:aws:s3:::*/*`" + `, ` + "`arn:aws:ssm:*:*:parameter/*`" + ` ...), when no condition limits the resources and no ` + "`Deny`" + ` without conditions takes them away.

**Why it matters.** A leaked credential or a compromised workload can copy every object, parameter and secret in the account, including those of other teams.

**How to fix.** Name the buckets, prefixes, parameter paths and secrets the workload reads, or limit them by tag.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": ["s3:GetObject", "secretsmanager:GetSecretValue"], "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:reports/*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		found := unconstrainedGrants(pass, exfiltrationActions, nil)
		reportPerGrant(pass, found, nil, func(acts []*catalog.Action) string {
			return "grants " + joinAnd(actionNames(acts)) + " on every resource: a leaked credential can read all of that data"
		})
	},
}

// ResourceExposure reports permissions-management actions on every
// resource.
var ResourceExposure = &analyzer.Rule{
	ID:       "resource-exposure",
	Title:    "permissions-management actions on every resource",
	Severity: analyzer.High,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports an ` + "`Allow`" + ` of actions at the Permissions management access level that support resource-level permissions (` + "`s3:PutBucketPolicy`" + `, ` + "`kms:PutKeyPolicy`" + `, ` + "`sqs:AddPermission`" + `, ` + "`iam:AttachRolePolicy`" + `, ` + "`lambda:AddPermission`" + ` ...), granted on every resource of their type, with no condition that limits resources, and not taken away by a ` + "`Deny`" + ` without conditions. Read the access levels with ` + "`iamlint expand`" + `.

**Why it matters.** Whoever can rewrite resource policies and IAM policies can expose any bucket, key, queue or function to the internet or to another account, or grant themselves more.

**How to fix.** Name the resources whose policies may be changed, and keep such actions to administrative roles.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": ["s3:PutBucketPolicy", "s3:GetObject"], "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::team-reports"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		set := grantsOf(pass)
		names := []string{}
		seen := map[*catalog.Action]bool{}
		for _, g := range set.Grants {
			if g.AllActions {
				continue
			}
			for _, a := range set.Actions(g) {
				if a.Access == catalog.PermissionsManagement && !a.OnlyWildcardResource() && !seen[a] {
					seen[a] = true
					names = append(names, a.String())
				}
			}
		}
		found := unconstrainedGrants(pass, names, nil)
		reportPerGrant(pass, found, nil, func(acts []*catalog.Action) string {
			return "grants " + plural(len(acts), "permissions-management action", "permissions-management actions") + " on every resource: " + listActions(acts)
		})
	},
}

// CredentialsExposure reports actions that return credentials, granted
// broadly.
var CredentialsExposure = &analyzer.Rule{
	ID:       "credentials-exposure",
	Title:    "actions that return credentials, on every resource",
	Severity: analyzer.Medium,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports an ` + "`Allow`" + ` of actions whose response holds credentials, keys, tokens or passwords: ` + "`iam:CreateAccessKey`" + ` and the other IAM user-credential actions on any user (high); registry logins that carry the caller's own permissions (` + "`ecr:GetAuthorizationToken`" + `, ` + "`codeartifact:GetAuthorizationToken`" + `: low); and ` + "`sts:GetFederationToken`" + `, ` + "`ec2:GetPasswordData`" + `, ` + "`redshift:GetClusterCredentials`" + `, ` + "`cognito-identity:GetCredentialsForIdentity`" + `, ` + "`lightsail:GetInstanceAccessDetails`" + ` and others (medium) on every resource, with no condition that limits resources. The IAM user-credential actions on ` + "`user/${aws:username}`" + ` (self-service) are not reported.

**Why it matters.** Credentials returned by these calls outlive the session that fetched them and can be used from anywhere: a leak spreads.

**How to fix.** Name the resources (the users, clusters, instances) and keep such grants to the principals that need them.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111122223333:user/${aws:username}"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		found := unconstrainedGrants(pass, credentialActions, userCredentialActions)
		reportPerGrant(pass, found, func(acts []*catalog.Action) analyzer.Severity {
			sev := analyzer.Low
			for _, a := range acts {
				switch {
				case contains(userCredentialActions, a.String()):
					return analyzer.High
				case !contains(callerTokenActions, a.String()):
					sev = analyzer.Medium
				}
			}
			return sev
		}, func(acts []*catalog.Action) string {
			return "grants " + listActions(acts) + " on every resource: each returns credentials"
		})
	},
}

func actionNames(acts []*catalog.Action) []string {
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.String()
	}
	return out
}

// describeSource names the Action value (or the NotAction element) that
// grants an action.
func describeSource(n *policy.Node) string {
	if n.Kind == policy.String {
		return n.Str
	}
	return "NotAction"
}
