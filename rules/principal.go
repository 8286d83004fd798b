package rules

import (
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// PrincipalNotAllowed reports Principal or NotPrincipal where the kind of
// policy takes none.
var PrincipalNotAllowed = &analyzer.Rule{
	ID:       "principal-not-allowed",
	Title:    "Principal in a policy that takes none",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Kinds:    []policy.Kind{policy.Identity, policy.Boundary, policy.SCP, policy.Trust},
	Doc: `Reports ` + "`Principal` or `NotPrincipal`" + ` in an identity policy, permissions boundary or SCP (the principal is whoever the policy is attached to), and ` + "`NotPrincipal`" + ` in a role trust policy.

**Why it matters.** AWS rejects the policy. A raw JSON file is taken to be a resource or trust policy when it names a principal, so this is reported when the kind is known (` + "`--kind identity`" + `, or from a template).

**How to fix.** Remove the element from identity policies; in a trust policy, name who may assume the role in ` + "`Principal`" + `.

Bad (identity policy):

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if pass.Doc.Kind == policy.Trust {
				if s.NotPrincipal != nil {
					pass.ReportMember(s.NotPrincipal.Member, "a role trust policy cannot use NotPrincipal: name who may assume the role in Principal")
				}
				continue
			}
			for _, p := range []*policy.Principal{s.Principal, s.NotPrincipal} {
				if p != nil {
					pass.ReportMember(p.Member, "%s is not allowed in %s policy: it applies to whoever it is attached to", p.Member.Name, kindWithArticle(pass.Doc.Kind))
				}
			}
		}
	},
}

func kindWithArticle(k policy.Kind) string {
	switch k {
	case policy.Identity:
		return "an identity"
	case policy.SCP:
		return "an SCP"
	default:
		return "a " + k.String()
	}
}

// Principal value shapes.
var (
	accountIDRE = regexp.MustCompile(`^\d{12}$`)
	// partitions AWS has.
	partitionRE = `aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc`
	awsARNRE    = regexp.MustCompile(`^arn:(` + partitionRE + `):(iam|sts)::(\d{12}):(.+)$`)
	iamPathRE   = regexp.MustCompile(`^(root|(user|role|group|federated-user)/[\w+=,.@/-]+|assumed-role/[\w+=,.@-]+/[\w+=,.@-]+|federated-user/[\w+=,.@-]+)$`)
	uniqueIDRE  = regexp.MustCompile(`^A[A-Z0-9]{3}[A-Z2-7]{12,}$`)
	serviceRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov|amazon\.com)$`)
	federatedRE = regexp.MustCompile(`^arn:(` + partitionRE + `):iam::\d{12}:(saml-provider/[\w+=,.@-]+|oidc-provider/[^\s*]+)$`)
	hostRE      = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(/[^\s*]*)?$`)
	canonicalRE = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// principalTypes are the keys of a Principal object.
var principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

// PrincipalInvalid reports principal types and values AWS rejects.
var PrincipalInvalid = &analyzer.Rule{
	ID:       "principal-invalid",
	Title:    "principal that AWS does not accept",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Kinds:    []policy.Kind{policy.Trust, policy.Resource},
	Doc: `Reports a malformed principal: a type other than ` + "`AWS`, `Service`, `Federated`, `CanonicalUser`" + `; an ` + "`AWS`" + ` value that is not ` + "`*`" + `, a 12-digit account ID, an IAM or STS ARN of a root, user, role, assumed-role session or federated user, or a unique ID; a wildcard inside an ARN (principals match exactly: ` + "`role/*`" + ` is rejected); a service principal that is not a ` + "`*.amazonaws.com`" + ` name; a federated principal that is neither a SAML/OIDC provider ARN nor an identity provider's domain; a canonical user ID that is not 64 hex digits.

**Why it matters.** AWS rejects the policy, or (for a wildcard in an ARN) the statement never matches anyone.

**How to fix.** Write the principal in one of the forms above. To allow every role of an account, name the account and narrow with a condition such as ` + "`aws:PrincipalArn`" + ` with ` + "`ArnLike`" + `.

Bad:

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/*"}, "Action": "sts:AssumeRole"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole",
 "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/deploy-*"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			for _, p := range []*policy.Principal{s.Principal, s.NotPrincipal} {
				if p == nil {
					continue
				}
				for _, e := range p.Entries {
					checkPrincipalEntry(pass, e)
				}
			}
		}
	},
}

func checkPrincipalEntry(pass *analyzer.Pass, e *policy.PrincipalEntry) {
	typ := e.Type()
	known := false
	for _, t := range principalTypes {
		if t == typ {
			known = true
		}
	}
	if !known {
		pass.ReportMember(e.Member, "unknown principal type %s: want AWS, Service, Federated or CanonicalUser%s", typ, didYouMean(closest(typ, principalTypes)))
		return
	}
	for _, v := range e.Values {
		if v.Unknown || v.Kind != policy.String {
			continue
		}
		if msg := principalProblem(typ, v.Str); msg != "" {
			pass.ReportNode(v, "%s", msg)
		}
	}
}

// principalProblem says what is wrong with a principal value, or "".
func principalProblem(typ, v string) string {
	switch typ {
	case "AWS":
		if v == "*" || accountIDRE.MatchString(v) || uniqueIDRE.MatchString(v) {
			return ""
		}
		m := awsARNRE.FindStringSubmatch(v)
		if m == nil {
			if strings.HasPrefix(v, "arn:") {
				return "AWS principal " + v + " is not an IAM or STS ARN with a 12-digit account ID"
			}
			return "AWS principal " + v + " is not \"*\", an account ID or an IAM ARN"
		}
		if strings.ContainsAny(v, "*?") {
			return "AWS principal " + v + " has a wildcard: principals are matched exactly; name the account and use an aws:PrincipalArn condition"
		}
		if !iamPathRE.MatchString(m[4]) || (m[2] == "sts") != (strings.HasPrefix(m[4], "assumed-role/") || strings.HasPrefix(m[4], "federated-user/")) {
			if isGroupARN(v) {
				return "" // group-as-principal reports it
			}
			return "AWS principal " + v + " is not a root, user, role, assumed-role or federated-user ARN"
		}
		return ""
	case "Service":
		if serviceRE.MatchString(v) {
			return ""
		}
		return "service principal " + v + " is not a service name such as lambda.amazonaws.com"
	case "Federated":
		if federatedRE.MatchString(v) || (hostRE.MatchString(v) && !strings.HasPrefix(v, "arn:")) {
			return ""
		}
		return "federated principal " + v + " is neither a SAML or OIDC provider ARN nor an identity provider domain"
	case "CanonicalUser":
		if canonicalRE.MatchString(v) {
			return ""
		}
		return "canonical user ID " + v + " is not 64 hexadecimal digits"
	}
	return ""
}

var groupARNRE = regexp.MustCompile(`^arn:(` + partitionRE + `|\*):iam::[^:]*:group/`)

// isGroupARN reports an IAM group ARN.
func isGroupARN(v string) bool { return groupARNRE.MatchString(v) }

// GroupAsPrincipal reports an IAM group named as a principal.
var GroupAsPrincipal = &analyzer.Rule{
	ID:       "group-as-principal",
	Title:    "IAM group named as a principal",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Kinds:    []policy.Kind{policy.Trust, policy.Resource},
	Doc: `Reports an IAM group ARN in ` + "`Principal` or `NotPrincipal`" + `, written out or as a reference to a group of the same template or module (` + "`!GetAtt Developers.Arn`" + ` of an ` + "`AWS::IAM::Group`" + `, ` + "`aws_iam_group.developers.arn`" + `).

**Why it matters.** A group is not a principal: it only attaches policies to its users, who act as themselves. AWS rejects the policy ("invalid principal"), and the intent (let the members of a group assume a role, or read a bucket) is not met.

**How to fix.** Trust the account (or the users) and grant ` + "`sts:AssumeRole`" + ` on the role to the group through an identity policy; or use a role that the group's members assume.

Bad:

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:group/Developers"}, "Action": "sts:AssumeRole"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}
` + "```" + `

with an identity policy on the group that allows ` + "`sts:AssumeRole`" + ` on this role.`,
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			for _, p := range []*policy.Principal{s.Principal, s.NotPrincipal} {
				if p == nil {
					continue
				}
				for _, e := range p.Entries {
					if e.Type() != "AWS" {
						continue
					}
					for _, v := range e.Values {
						switch {
						case v.Kind == policy.String && !v.Unknown && isGroupARN(v.Str):
							pass.ReportNode(v, "%s is an IAM group, and groups are never principals: trust the account or a role instead", v.Str)
						case v.Unknown && (v.Target == "AWS::IAM::Group" || v.Target == "aws_iam_group"):
							// A template reference: !GetAtt Developers.Arn,
							// aws_iam_group.developers.arn.
							pass.ReportNode(v, "%s refers to an IAM group, and groups are never principals: trust the account or a role instead", v.Str)
						}
					}
				}
			}
		}
	},
}
