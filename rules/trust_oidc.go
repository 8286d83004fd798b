package rules

import (
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// oidcProvider says which claims a trust of one identity provider must pin.
type oidcProvider struct {
	Name  string
	match func(prefix string) bool
	// subject lists the claims that tell the provider's users apart; one of
	// them must be pinned. Empty when the provider's audience does that.
	subject []string
	// subjectPins reports whether a subject value names one owner
	// (organization, group, namespace) rather than every one.
	subjectPins func(v string) bool
	// audience lists the claims naming the application; one of them must
	// be pinned. Empty for providers registered in IAM, whose list of client
	// IDs already checks the audience.
	audience []string
	// everyone says who can assume the role when the claims are not pinned.
	everyone func(prefix string) string
	// severity of a missing or open claim.
	severity analyzer.Severity
	// amr: the trust should say whether guest identities may assume it.
	amr bool
}

var eksIssuerRE = regexp.MustCompile(`^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/id/[A-Za-z0-9]+$`)

func fixed(s string) func(string) string { return func(string) string { return s } }

// oidcProviders are the identity providers whose trust the rule checks.
// Other OIDC providers (a company's own IdP) are left alone: IAM checks the
// token's audience against the provider's client IDs, and the issuer serves
// only its owner's users.
var oidcProviders = []*oidcProvider{
	{
		Name:        "GitHub Actions",
		match:       func(p string) bool { return p == "token.actions.githubusercontent.com" },
		subject:     []string{"sub", "job_workflow_ref"},
		subjectPins: githubSubjectPins,
		everyone:    fixed("the workflows of any GitHub repository"),
		severity:    analyzer.Critical,
	},
	{
		Name:        "GitLab",
		match:       func(p string) bool { return p == "gitlab.com" },
		subject:     []string{"sub"},
		subjectPins: gitlabSubjectPins,
		everyone:    fixed("the pipelines of any project on gitlab.com"),
		severity:    analyzer.Critical,
	},
	{
		Name:        "GitLab",
		match:       func(p string) bool { return strings.HasPrefix(p, "gitlab.") || strings.Contains(p, ".gitlab.") },
		subject:     []string{"sub"},
		subjectPins: gitlabSubjectPins,
		everyone:    func(p string) string { return "the pipelines of any project on " + p },
		severity:    analyzer.High,
	},
	{
		Name:        "HCP Terraform",
		match:       func(p string) bool { return p == "app.terraform.io" },
		subject:     []string{"sub"},
		subjectPins: func(v string) bool { return ownerPinned(v, "organization:", ":") },
		everyone:    fixed("the runs of any HCP Terraform organization"),
		severity:    analyzer.Critical,
	},
	{
		Name:        "EKS",
		match:       eksIssuerRE.MatchString,
		subject:     []string{"sub"},
		subjectPins: func(v string) bool { return ownerPinned(v, "system:serviceaccount:", ":") },
		everyone:    fixed("any service account of the cluster"),
		severity:    analyzer.High,
	},
	{
		Name:     "Amazon Cognito",
		match:    func(p string) bool { return p == "cognito-identity.amazonaws.com" },
		audience: []string{"aud"},
		everyone: fixed("the identities of any Cognito identity pool in any account"),
		severity: analyzer.Critical,
		amr:      true,
	},
	{
		Name:     "Google",
		match:    func(p string) bool { return p == "accounts.google.com" },
		audience: []string{"aud", "oaud"},
		everyone: fixed("the users of any Google application"),
		severity: analyzer.Critical,
	},
	{
		Name:     "Facebook",
		match:    func(p string) bool { return p == "graph.facebook.com" },
		audience: []string{"app_id"},
		everyone: fixed("the users of any Facebook app"),
		severity: analyzer.Critical,
	},
	{
		Name:     "Login with Amazon",
		match:    func(p string) bool { return p == "www.amazon.com" },
		audience: []string{"app_id"},
		everyone: fixed("the users of any Login with Amazon application"),
		severity: analyzer.Critical,
	},
}

// literalPrefix is v up to its first wildcard, and whether it has one.
func literalPrefix(v string) (string, bool) {
	if i := strings.IndexAny(v, "*?"); i >= 0 {
		return v[:i], true
	}
	return v, false
}

// ownerPinned reports whether a subject value, up to its first wildcard,
// starts with prefix and a complete, non-empty owner ended by sep.
func ownerPinned(v, prefix, sep string) bool {
	lp, wild := literalPrefix(v)
	if !wild {
		return v != ""
	}
	rest, ok := strings.CutPrefix(lp, prefix)
	if !ok {
		return false
	}
	i := strings.Index(rest, sep)
	return i > 0
}

// githubSubjectPins accepts a subject or job_workflow_ref that names its
// owner: "repo:OWNER/..." (repo:octo-org/* is every repository of one
// organization, which that organization controls), "OWNER/REPO/...@ref"
// for job_workflow_ref, and custom subject templates whose first claim
// value is complete ("repository_owner:octo-org:...").
func githubSubjectPins(v string) bool {
	lp, wild := literalPrefix(v)
	switch {
	case !wild:
		return v != ""
	case strings.HasPrefix(lp, "repo:"):
		return ownerPinned(v, "repo:", "/")
	case strings.Contains(lp, ":"):
		_, rest, _ := strings.Cut(lp, ":")
		return strings.Index(rest, ":") > 0
	default:
		return strings.Index(lp, "/") > 0
	}
}

// gitlabSubjectPins accepts "project_path:GROUP/..." and custom subjects
// whose first claim value is complete.
func gitlabSubjectPins(v string) bool {
	lp, wild := literalPrefix(v)
	switch {
	case !wild:
		return v != ""
	case strings.HasPrefix(lp, "project_path:"):
		return ownerPinned(v, "project_path:", "/")
	default:
		_, rest, ok := strings.Cut(lp, ":")
		return ok && strings.Index(rest, ":") > 0
	}
}

// oidcPrefix returns the condition-key prefix of a federated principal
// (the provider URL without scheme: "token.actions.githubusercontent.com",
// "oidc.eks.us-east-1.amazonaws.com/id/ABC"), or "" for other principals.
func oidcPrefix(v string) string {
	if _, host, ok := strings.Cut(v, ":oidc-provider/"); ok {
		return host
	}
	for _, h := range webIdentityHosts {
		if strings.EqualFold(v, h) {
			return h
		}
	}
	return ""
}

// TrustOIDCUnrestricted reports OIDC trust that any user of a shared
// identity provider can satisfy.
var TrustOIDCUnrestricted = &analyzer.Rule{
	ID:       "trust-oidc-unrestricted",
	Title:    "web identity trust that any user of the identity provider can assume",
	Severity: analyzer.High,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Trust},
	Doc: `Reports a role trust statement allowing ` + "`sts:AssumeRoleWithWebIdentity`" + ` to an OIDC or web identity provider that serves many customers, when its condition does not pin the claim that tells them apart, or pins it to a value that matches every subject. The claims must be tested with ` + "`StringEquals`, `StringLike`" + ` or their ` + "`IgnoreCase`/`ForAnyValue:`" + ` forms; a negated operator does not pin.

| provider (principal) | must pin | a value that pins | severity |
|---|---|---|---|
| GitHub Actions (` + "`oidc-provider/token.actions.githubusercontent.com`" + `) | ` + "`...:sub` or `...:job_workflow_ref`" + ` | ` + "`repo:octo-org/octo-repo:ref:refs/heads/main`, `repo:octo-org/octo-repo:*`, `repo:octo-org/*`" + ` (one organization); not ` + "`*`, `repo:*`, `repo:octo-org*`" + ` | critical |
| GitLab (` + "`oidc-provider/gitlab.com`" + `, or a self-hosted ` + "`gitlab.*`" + ` host) | ` + "`...:sub`" + ` | ` + "`project_path:mygroup/myproject:ref_type:branch:ref:main`, `project_path:mygroup/*`" + ` | critical (gitlab.com), high (self-hosted: only its own projects) |
| HCP Terraform (` + "`oidc-provider/app.terraform.io`" + `) | ` + "`...:sub`" + ` | ` + "`organization:my-org:project:*`" + ` | critical |
| EKS (` + "`oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID`" + `) | ` + "`...:sub`" + ` | ` + "`system:serviceaccount:NAMESPACE:NAME`, `system:serviceaccount:NAMESPACE:*`" + ` | high (the cluster's own pods) |
| Amazon Cognito (` + "`cognito-identity.amazonaws.com`" + `) | ` + "`cognito-identity.amazonaws.com:aud`" + ` (the identity pool ID) | the pool ID, without a wildcard | critical |
| Google (` + "`accounts.google.com`" + `) | ` + "`accounts.google.com:aud` or `:oaud`" + ` | your client ID | critical |
| Facebook (` + "`graph.facebook.com`" + `), Login with Amazon (` + "`www.amazon.com`" + `) | ` + "`...:app_id`" + ` | your app ID | critical |

A Cognito trust that does not test ` + "`cognito-identity.amazonaws.com:amr`" + ` is reported at medium severity: ` + "`\"authenticated\"` or `\"unauthenticated\"`" + ` says whether guest identities of the pool may assume the role, and AWS's examples always say it.

The audience of GitHub, GitLab, HCP Terraform and EKS tokens is not required here: IAM checks the token's ` + "`aud`" + ` against the client IDs registered on the OIDC provider, and their usual audience (` + "`sts.amazonaws.com`" + `, ` + "`aws.workload.identity`" + `) is the same for every customer, so only the subject tells one from another. Other OIDC providers (your own IdP) are not checked: the issuer serves only your users.

**Why it matters.** Anyone can create a GitHub repository, a gitlab.com project, an HCP Terraform organization or a Cognito identity pool, obtain a token from the shared issuer, and assume a role that does not pin the subject or audience. IAM now refuses to create or update a role that trusts GitHub's provider unless ` + "`sub` or `job_workflow_ref`" + ` is tested with a value not scoped to everyone (` + "`MalformedPolicyDocument`" + `); roles created before that, and templates not yet deployed, can still have the hole, so the rule checks every value of the list.

**How to fix.** Pin the subject to your repository and branch or environment (GitHub), project path (GitLab), organization and workspace (HCP Terraform), namespace and service account (EKS); pin the audience to your identity pool or app ID (Cognito, Google, Facebook, Amazon).

Bad:

` + "```json" + `
{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
 "Action": "sts:AssumeRoleWithWebIdentity",
 "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
 "Action": "sts:AssumeRoleWithWebIdentity",
 "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                                "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if !s.IsAllow() || s.Principal == nil || !allowsAction(s, "sts:AssumeRoleWithWebIdentity") {
				continue
			}
			for _, e := range s.Principal.Entries {
				if e.Type() != "Federated" {
					continue
				}
				for _, v := range e.Values {
					if v.Kind != policy.String || v.Unknown {
						continue
					}
					prefix := oidcPrefix(v.Str)
					if prefix == "" {
						continue
					}
					for _, p := range oidcProviders {
						if p.match(strings.ToLower(prefix)) {
							checkOIDCTrust(pass, s, v, prefix, p)
							break
						}
					}
				}
			}
		}
	},
}

func checkOIDCTrust(pass *analyzer.Pass, s *policy.Statement, principal *policy.Node, prefix string, p *oidcProvider) {
	report := func(n *policy.Node, sev analyzer.Severity, msg string) {
		pass.Report(analyzer.Diagnostic{Message: msg, Span: n.Span, Pointer: n.Pointer, Value: n.Str, Severity: sev})
	}
	everyone := p.everyone(prefix)
	if len(p.subject) > 0 {
		checkClaims(s, prefix, p.subject, p.subjectPins, principal, func(n *policy.Node, key string, missing bool) {
			if missing {
				report(n, p.severity, p.Name+" trust does not pin "+key+": "+everyone+" can assume this role")
			} else {
				report(n, p.severity, key+" value \""+n.Str+"\" lets "+everyone+" assume this role")
			}
		})
	}
	if len(p.audience) > 0 {
		literal := func(v string) bool { return valuePins(v, pinWhole) }
		checkClaims(s, prefix, p.audience, literal, principal, func(n *policy.Node, key string, missing bool) {
			if missing {
				report(n, p.severity, p.Name+" trust does not pin "+key+": "+everyone+" can assume this role")
			} else {
				report(n, p.severity, key+" value \""+n.Str+"\" lets "+everyone+" assume this role")
			}
		})
	}
	if p.amr {
		if _, found := conditionValues(s, prefix+":amr"); !found {
			report(principal, analyzer.Medium, p.Name+" trust does not test "+prefix+":amr: guest (unauthenticated) identities of the pool can assume this role too")
		}
	}
}

// checkClaims looks for a positive test of one of the claims: none found
// is reported once at the principal (missing), and every value of the
// tests found that does not pin is reported at the value.
func checkClaims(s *policy.Statement, prefix string, claims []string, pins func(string) bool, principal *policy.Node,
	report func(n *policy.Node, key string, missing bool)) {
	tested := false
	for _, c := range claims {
		key := prefix + ":" + c
		values, found := conditionValues(s, key)
		if !found {
			continue
		}
		tested = true
		for _, n := range values {
			if n.Unknown || n.Kind != policy.String || strings.Contains(n.Str, "${") {
				continue
			}
			if !pins(n.Str) {
				report(n, key, false)
			}
		}
	}
	if !tested {
		report(principal, prefix+":"+claims[0], true)
	}
}
