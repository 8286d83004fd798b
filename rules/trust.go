package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// TrustPublic reports a role that anyone can assume.
var TrustPublic = &analyzer.Rule{
	ID:       "trust-public",
	Title:    "role trust policy that lets anyone assume the role",
	Severity: analyzer.Critical,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Trust},
	Doc: `Reports an ` + "`Allow`" + ` statement of a role trust policy whose principal is ` + "`\"*\"` or `{\"AWS\": \"*\"}`" + ` when no condition pins the caller to an account, organization, principal or network (` + "`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:userid`, `aws:SourceVpce`, `aws:SourceIp` ..." + `, tested with a positive operator against values without a wildcard; see ` + "`resource-policy-public`" + ` for the full list). ` + "`sts:ExternalId`" + ` alone does not pin: an external ID is not a secret.

**Why it matters.** Every principal of every AWS account can call ` + "`sts:AssumeRole`" + ` on the role and act with its permissions. Role ARNs are easy to guess or find.

**How to fix.** Name the accounts or roles that may assume the role, or keep ` + "`\"*\"`" + ` and pin the caller, for example to your organization.

Bad:

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() {
				continue
			}
			w := wildcardPrincipal(s.Principal)
			if w == nil || pinningKey(s, callerPinKeys) != nil {
				continue
			}
			d := analyzer.Diagnostic{Span: w.Span, Pointer: w.Pointer, Value: w.Str,
				Message: "anyone can assume this role: principal \"*\" and no condition pins the caller to an account, organization or network"}
			if s.Condition != nil {
				d.Related = append(d.Related, analyzer.Related{Span: s.Condition.Member.KeySpan,
					Message: "this condition does not pin the caller"})
			}
			pass.Report(d)
		}
	},
}

// TrustCrossAccountNoExternalID reports another account trusted without an
// external ID.
var TrustCrossAccountNoExternalID = &analyzer.Rule{
	ID:       "trust-cross-account-no-external-id",
	Title:    "role another account can assume without an external ID",
	Severity: analyzer.High,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Trust},
	Doc: `Reports an AWS account, or a principal of one, that a role trust policy allows to call ` + "`sts:AssumeRole`" + ` without an ` + "`sts:ExternalId`" + ` condition (` + "`StringEquals`" + ` or ` + "`StringLike`" + ` against a value without a wildcard). A condition on ` + "`aws:PrincipalOrgID` or `aws:PrincipalOrgPaths`" + ` counts as well: the caller is then one of your organization's accounts.

Your own accounts are not reported: pass them with ` + "`--trusted-account ID`" + ` (repeatable), and the account that holds the role is known when the input says so (an account authorization dump). Service principals, federated principals and ` + "`\"*\"`" + ` are left to the other trust rules.

**Why it matters.** A vendor that assumes roles in many customers' accounts is a deputy: without an external ID, another customer of the vendor can give it your role's ARN and have it act in your account (the confused deputy problem). AWS asks third parties to require an external ID unique to each customer.

**How to fix.** Add the external ID that the third party gave you. If the account is yours, list it with ` + "`--trusted-account`" + `, or pin the caller to your organization.

Bad:

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole",
 "Condition": {"StringEquals": {"sts:ExternalId": "c7d3f0a2-5b8e-4e1c-9a2d-1f6b0e8c4d3a"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		trusted := pass.Config.TrustedAccounts
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() || s.Principal == nil || !allowsAction(s, "sts:AssumeRole") {
				continue
			}
			if hasExternalID(s) || pinningKey(s, orgPinKeys) != nil {
				continue
			}
			for _, e := range s.Principal.Entries {
				if e.Type() != "AWS" {
					continue
				}
				for _, v := range e.Values {
					if v.Kind != policy.String || v.Unknown {
						continue
					}
					account := principalAccount(v.Str)
					if account == "" || isGroupARN(v.Str) || account == pass.Doc.Account || slices.Contains(trusted, account) {
						continue
					}
					pass.ReportNode(v, "account %s can assume this role without an sts:ExternalId condition", account)
				}
			}
		}
	},
}

// hasExternalID reports a positive test of sts:ExternalId against literal
// values.
func hasExternalID(s *policy.Statement) bool {
	values, found := conditionValues(s, "sts:ExternalId")
	return found && valuesPin(values, pinWhole)
}

var principalARNAccountRE = regexp.MustCompile(`^arn:[a-z-]+:(?:iam|sts)::(\d{12}):`)

// principalAccount returns the account ID of an AWS principal value (an
// account ID or an IAM/STS ARN), or "" when it names none (a wildcard, a
// unique ID).
func principalAccount(v string) string {
	if accountIDRE.MatchString(v) {
		return v
	}
	if m := principalARNAccountRE.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return ""
}

// TrustServiceNoSource reports a service principal trusted without the
// source conditions AWS asks for.
var TrustServiceNoSource = &analyzer.Rule{
	ID:       "trust-service-no-source",
	Title:    "service role trusted without aws:SourceArn or aws:SourceAccount",
	Severity: analyzer.Low,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Trust},
	Doc: `Reports a service principal allowed to call ` + "`sts:AssumeRole`" + ` on a role without a condition on ` + "`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`" + `, for the services whose documentation asks for one in the role's trust policy against the cross-service confused deputy problem.

Only the services in this table are checked, each with the AWS page that asks for the condition:

` + confusedDeputyTable() + `
Services that AWS's guidance and examples trust without such a condition are never reported: ` + "`ec2.amazonaws.com`" + ` (an instance profile is bound to your instances), ` + "`lambda.amazonaws.com`" + ` (the execution role is passed to your function with ` + "`iam:PassRole`" + `), ` + "`ecs-tasks.amazonaws.com`, `eks.amazonaws.com`, `edgelambda.amazonaws.com`" + ` and the other compute services, where the role is handed over by ` + "`iam:PassRole`" + ` within your account.

**Why it matters.** A service that acts for many customers is a deputy: without the condition, another customer could make the service use your role for their resource, if they learn its ARN.

**How to fix.** Add ` + "`aws:SourceAccount`" + ` with your account ID, or ` + "`aws:SourceArn`" + ` with the ARN (or ARN pattern) of the resources that use the role.

Bad:

` + "```json" + `
{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole",
 "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:states:us-east-1:111122223333:stateMachine:*"},
               "StringEquals": {"aws:SourceAccount": "111122223333"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() || s.Principal == nil || !allowsAction(s, "sts:AssumeRole") {
				continue
			}
			if pinningKey(s, sourcePinKeys) != nil {
				continue
			}
			for _, e := range s.Principal.Entries {
				if e.Type() != "Service" {
					continue
				}
				for _, v := range e.Values {
					if v.Kind != policy.String || v.Unknown {
						continue
					}
					if svc := confusedDeputyService(v.Str); svc != nil {
						pass.ReportNode(v, "%s can assume this role for any account's resources: pin it with aws:SourceArn or aws:SourceAccount", v.Str)
					}
				}
			}
		}
	},
}

// principalClass is the kind of principal a trust action is meant for.
type principalClass uint8

const (
	classAWS     principalClass = iota + 1 // an account, user or role, or a service: sts:AssumeRole
	classSAML                              // a SAML provider: sts:AssumeRoleWithSAML
	classOIDC                              // an OIDC or web identity provider: sts:AssumeRoleWithWebIdentity
	classUnknown                           // not classified (malformed, unknown)
)

// assumeActions maps each way of assuming a role to the principals it is for.
var assumeActions = []struct {
	action string
	class  principalClass
}{
	{"sts:AssumeRole", classAWS},
	{"sts:AssumeRoleWithSAML", classSAML},
	{"sts:AssumeRoleWithWebIdentity", classOIDC},
}

var principalClassNames = map[principalClass]string{
	classAWS: "an AWS or service principal", classSAML: "a SAML provider", classOIDC: "an OIDC provider",
}

// webIdentityHosts are the identity providers built into STS, named
// without a provider ARN.
var webIdentityHosts = []string{"cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"}

// classify returns the class of a principal value of the given type.
func classify(typ, v string) principalClass {
	switch typ {
	case "AWS", "Service":
		return classAWS
	case "Federated":
		switch {
		case strings.Contains(v, ":saml-provider/"):
			return classSAML
		case strings.Contains(v, ":oidc-provider/"), slices.Contains(webIdentityHosts, strings.ToLower(v)):
			return classOIDC
		}
	}
	return classUnknown
}

// TrustActionMismatch reports a trust statement whose assume action does
// not fit its principal.
var TrustActionMismatch = &analyzer.Rule{
	ID:       "trust-action-mismatch",
	Title:    "trust statement whose assume action does not fit its principal",
	Severity: analyzer.Medium,
	Category: analyzer.Validity,
	Kinds:    []policy.Kind{policy.Trust},
	Doc: `Reports a role trust statement that names a principal with no action it can assume the role with, or an assume action that none of its principals can use. Each kind of principal has its own STS action:

| principal | action |
|---|---|
| ` + "`AWS`" + ` (account, user, role) and ` + "`Service`" + ` | ` + "`sts:AssumeRole`" + ` |
| ` + "`Federated`" + ` SAML provider (` + "`arn:aws:iam::ACCOUNT:saml-provider/NAME`" + `) | ` + "`sts:AssumeRoleWithSAML`" + ` |
| ` + "`Federated`" + ` OIDC provider (` + "`arn:aws:iam::ACCOUNT:oidc-provider/HOST`" + `, ` + "`cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`" + `) | ` + "`sts:AssumeRoleWithWebIdentity`" + ` |

` + "`sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`" + ` go with any of them, and a wildcard (` + "`sts:AssumeRole*`, `sts:*`" + `) covers all three.

**Why it matters.** IAM Access Analyzer reports the pairing as an error ("Mismatched action for principal"), and the statement does not do what it says: a GitHub Actions workflow cannot assume a role whose trust says ` + "`sts:AssumeRole`" + ` for its OIDC provider. The mistake usually hides a second one, such as a missing ` + "`sub`" + ` condition written for the wrong action.

**How to fix.** Use the action that matches the principal, or split the statement per kind of principal.

Bad:

` + "```json" + `
{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/okta"}, "Action": "sts:AssumeRole",
 "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/okta"}, "Action": "sts:AssumeRoleWithSAML",
 "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() || s.Principal == nil || s.Action == nil || slices.ContainsFunc(s.Action.Values, func(n *policy.Node) bool { return n.Unknown }) {
				continue
			}
			checkActionMismatch(pass, s)
		}
	},
}

func checkActionMismatch(pass *analyzer.Pass, s *policy.Statement) {
	// The classes the statement's actions serve.
	served := map[principalClass]bool{}
	for _, a := range assumeActions {
		if allowsAction(s, a.action) {
			served[a.class] = true
		}
	}
	if len(served) == 0 {
		return // no assume action at all: not a trust statement this rule judges
	}
	// The classes the statement's principals belong to; principals without
	// a fitting action are reported.
	present := map[principalClass]bool{}
	// A principal known only at deploy time (a template reference) may
	// be the one the action is for.
	unknown := s.Principal.Member.Value.Unknown
	for _, e := range s.Principal.Entries {
		for _, v := range e.Values {
			if v.Kind != policy.String || v.Unknown {
				unknown = true
				continue
			}
			c := classify(e.Type(), v.Str)
			if c == classUnknown {
				continue
			}
			present[c] = true
			if !served[c] {
				pass.ReportNode(v, "%s is %s: it assumes a role with %s, which this statement does not allow", v.Str, principalClassNames[c], actionFor(c))
			}
		}
	}
	if s.Principal.Wildcard != nil {
		present[classAWS] = true
	}
	if unknown {
		return
	}
	// Literal assume actions no principal of the statement can use, when
	// the principals were not already reported.
	for _, v := range actionStrings(s) {
		for _, a := range assumeActions {
			if !strings.EqualFold(v.Str, a.action) || present[a.class] {
				continue
			}
			if len(present) > 0 && !allPresentServed(present, served) {
				continue // the principal's finding explains it
			}
			pass.ReportNode(v, "%s is for %s, and this statement names none", a.action, principalClassNames[a.class])
		}
	}
}

func allPresentServed(present, served map[principalClass]bool) bool {
	for c := range present {
		if !served[c] {
			return false
		}
	}
	return true
}

func actionFor(c principalClass) string {
	for _, a := range assumeActions {
		if a.class == c {
			return a.action
		}
	}
	return ""
}
