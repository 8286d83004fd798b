package rules

import (
	"regexp"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// SidDuplicate reports two statements with the same Sid.
var SidDuplicate = &analyzer.Rule{
	ID:       "sid-duplicate",
	Title:    "two statements share a Sid",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a ` + "`Sid`" + ` used by more than one statement of a document.

**Why it matters.** IAM and most resource policies reject a document whose Sids are not unique; where accepted, tools that address statements by Sid (and people reading findings) confuse them.

**How to fix.** Give each statement its own Sid, or drop the Sid.

Bad:

` + "```json" + `
[{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
 {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]
` + "```" + `

Good:

` + "```json" + `
[{"Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
 {"Sid": "ListBuckets", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]
` + "```",
	Run: func(pass *analyzer.Pass) {
		seen := map[string]*policy.Node{}
		for _, s := range pass.Doc.Statements {
			sid := s.SidString()
			if sid == "" || s.Sid.Value.Unknown {
				continue
			}
			if first, ok := seen[sid]; ok {
				pass.Report(analyzer.Diagnostic{
					Message: "Sid " + sid + " is already used by another statement",
					Span:    s.Sid.Value.Span, Pointer: s.Sid.Value.Pointer, Value: sid,
					Related: []analyzer.Related{{File: pass.Doc.File, Span: first.Span, Message: "first used here"}},
				})
				continue
			}
			seen[sid] = s.Sid.Value
		}
	},
}

var sidRE = regexp.MustCompile(`^[A-Za-z0-9]*$`)

// SidInvalid reports a Sid with characters IAM does not accept.
var SidInvalid = &analyzer.Rule{
	ID:       "sid-invalid",
	Title:    "Sid has characters IAM does not accept",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Kinds:    []policy.Kind{policy.Identity, policy.Trust, policy.Boundary, policy.SCP},
	Doc: `Reports a ` + "`Sid`" + ` with characters other than ASCII letters and digits in an IAM policy (identity, trust, boundary) or SCP. Resource policies of some services (S3, SNS, SQS) accept other characters, so they are not checked.

**Why it matters.** IAM rejects the policy.

**How to fix.** Use only ` + "`A-Z`, `a-z` and `0-9`" + `: ` + "`AllowReadReports`" + `, not ` + "`allow-read reports`" + `.

Bad:

` + "```json" + `
{"Sid": "allow-read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Sid": "AllowRead", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if sid := s.SidString(); sid != "" && !s.Sid.Value.Unknown && !sidRE.MatchString(sid) {
				pass.ReportNode(s.Sid.Value, "Sid %q has characters other than letters and digits, which IAM rejects", sid)
			}
		}
	},
}
