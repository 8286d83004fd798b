package rules

import (
	"regexp"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// The policy language versions.
const (
	version2012 = "2012-10-17"
	version2008 = "2008-10-17"
)

// VersionMissing reports a document without Version.
var VersionMissing = &analyzer.Rule{
	ID:       "version-missing",
	Title:    "policy has no Version",
	Severity: analyzer.Low,
	Category: analyzer.Validity,
	Doc: `Reports a policy document without a ` + "`Version`" + ` element.

**Why it matters.** Without it AWS applies the legacy language version ` + "`2008-10-17`" + `, under which policy variables such as ` + "`${aws:username}`" + ` are not expanded and newer features are unavailable.

**How to fix.** Add ` + "`\"Version\": \"2012-10-17\"`" + ` as the first element.

Bad:

` + "```json" + `
{"Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
` + "```" + `

Good:

` + "```json" + `
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
` + "```",
	Run: func(pass *analyzer.Pass) {
		d := pass.Doc
		if d.Version != nil || d.Root.Kind != policy.Object || d.Root.Unknown {
			return
		}
		pass.Report(analyzer.Diagnostic{Message: "policy has no Version: add \"Version\": \"2012-10-17\"", Span: startOf(d.Root), Pointer: d.Root.Pointer, Value: "Version"})
	},
}

// VersionInvalid reports a Version that is not a policy language version.
var VersionInvalid = &analyzer.Rule{
	ID:       "version-invalid",
	Title:    "Version is not a policy language version",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a ` + "`Version`" + ` other than ` + "`2012-10-17` or `2008-10-17`" + `. A common mistake is today's date or the date the policy was written.

**Why it matters.** AWS rejects the policy.

**How to fix.** Use ` + "`\"Version\": \"2012-10-17\"`" + `: it is the version of the policy language, not of your policy.

Bad:

` + "```json" + `
{"Version": "2024-01-15", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
` + "```" + `

Good:

` + "```json" + `
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
` + "```",
	Run: func(pass *analyzer.Pass) {
		v := pass.Doc.Version
		if v == nil || v.Value.Kind != policy.String || v.Value.Unknown {
			return
		}
		if s := v.Value.Str; s != version2012 && s != version2008 {
			pass.ReportNode(v.Value, "Version %q is not a policy language version: use \"2012-10-17\"", s)
		}
	},
}

// variableRE finds policy variables: ${...} other than the escapes ${*},
// ${?} and ${$}.
var variableRE = regexp.MustCompile(`\$\{[^}*?$][^}]*\}`)

// PolicyVariableLegacyVersion reports policy variables that AWS will not
// expand because the document is not 2012-10-17.
var PolicyVariableLegacyVersion = &analyzer.Rule{
	ID:       "policy-variable-legacy-version",
	Title:    "policy variable in a document that is not Version 2012-10-17",
	Severity: analyzer.Medium,
	Category: analyzer.Validity,
	Doc: `Reports a policy variable (` + "`${aws:username}`, `${aws:PrincipalTag/team}`" + `) in a document whose ` + "`Version`" + ` is missing or ` + "`2008-10-17`" + `.

**Why it matters.** Only version ` + "`2012-10-17`" + ` expands policy variables; under the legacy version the text ` + "`${aws:username}`" + ` is matched literally, so the statement does not grant (or deny) what it appears to.

**How to fix.** Set ` + "`\"Version\": \"2012-10-17\"`" + `.

Bad:

` + "```json" + `
{"Statement": [{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}"}]}
` + "```" + `

Good:

` + "```json" + `
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/${aws:username}"}]}
` + "```",
	Run: func(pass *analyzer.Pass) {
		if pass.Doc.VersionString() == version2012 {
			return
		}
		if v := pass.Doc.Version; v != nil && (v.Value.Unknown || (v.Value.Str != version2008)) {
			return // unknown, or invalid (version-invalid reports it)
		}
		check := func(n *policy.Node) {
			if n.Kind == policy.String && !n.Unknown {
				if m := variableRE.FindString(n.Str); m != "" {
					pass.ReportNode(n, "policy variable %s is not expanded without \"Version\": \"2012-10-17\"", m)
				}
			}
		}
		for _, s := range pass.Doc.Statements {
			for _, l := range []*policy.List{s.Resource, s.NotResource} {
				if l != nil {
					for _, v := range l.Values {
						check(v)
					}
				}
			}
			s.Condition.Keys(func(_ *policy.ConditionOperator, k *policy.ConditionKey) {
				for _, v := range k.Values {
					check(v)
				}
			})
		}
	},
}
