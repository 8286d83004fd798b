package rules

import (
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// stmtActions is a statement's Action expanded through the catalog.
type stmtActions struct {
	acts []*catalog.Action
	all  bool // Action "*"
	ok   bool // every value known and matched
}

// actionsAnalysis expands every statement's actions once per document.
var actionsAnalysis = &analyzer.Analysis{
	Name: "actions",
	Run: func(pass *analyzer.Pass) any {
		m := make(map[*policy.Statement]stmtActions, len(pass.Doc.Statements))
		for _, s := range pass.Doc.Statements {
			acts, all, ok := statementActions(pass.Catalog, s)
			m[s] = stmtActions{acts: acts, all: all, ok: ok}
		}
		return m
	},
}

func actionsOf(pass *analyzer.Pass, s *policy.Statement) stmtActions {
	return pass.Result(actionsAnalysis).(map[*policy.Statement]stmtActions)[s]
}

var (
	partitionOnlyRE = regexp.MustCompile(`^(` + partitionRE + `)$`)
	regionRE        = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	variableAnyRE   = regexp.MustCompile(`\$\{[^}]*\}`)
)

// ArnInvalid reports a Resource value that is not a well-formed ARN.
var ArnInvalid = &analyzer.Rule{
	ID:       "arn-invalid",
	Title:    "resource is not a well-formed ARN",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a ` + "`Resource` or `NotResource`" + ` value that is not ` + "`*`" + ` and not an ARN of the form ` + "`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`" + `: too few fields, an unknown partition, a region or account ID of the wrong shape, or a service that has no ARNs.

**Why it matters.** AWS rejects the policy, or the statement matches no resource at all.

**How to fix.** Write the full ARN; the Service Authorization Reference gives each resource type's format. An S3 bucket is ` + "`arn:aws:s3:::NAME`" + ` (no region or account); its objects are ` + "`arn:aws:s3:::NAME/*`" + `.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "reports/*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			for _, l := range []*policy.List{s.Resource, s.NotResource} {
				if l == nil {
					continue
				}
				for _, v := range l.Values {
					if v.Unknown || v.Kind != policy.String {
						continue
					}
					if msg := arnProblem(pass.Catalog, v.Str); msg != "" {
						pass.ReportNode(v, "%s", msg)
					}
				}
			}
		}
	},
}

// arnProblem says what is wrong with a resource ARN, or "".
func arnProblem(cat *catalog.Catalog, v string) string {
	if v == "*" {
		return ""
	}
	// Policy variables and IAM escapes may stand anywhere: treat them as
	// a wildcard for the shape checks.
	shape := variableAnyRE.ReplaceAllString(v, "*")
	if !strings.HasPrefix(shape, "arn:") {
		if hasWildcard(shape[:min(4, len(shape))]) {
			return ""
		}
		return "resource " + v + " is not an ARN: write arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, or \"*\""
	}
	parts := strings.SplitN(shape, ":", 6)
	if len(parts) < 6 {
		if strings.HasSuffix(shape, "*") {
			return "" // arn:aws:s3* and the like: the wildcard may span fields
		}
		return "resource " + v + " has too few fields for an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)"
	}
	partition, service, region, account := parts[1], parts[2], parts[3], parts[4]
	if !hasWildcard(partition) && !partitionOnlyRE.MatchString(partition) {
		return "resource " + v + " has unknown partition " + partition + " (aws, aws-cn, aws-us-gov ...)"
	}
	if !hasWildcard(service) && !cat.ARNService(service) {
		return "resource " + v + " names service " + service + ", which has no ARNs" + didYouMean(cat.SuggestService(service))
	}
	if region != "" && !hasWildcard(region) && !regionRE.MatchString(region) {
		return "resource " + v + " has region " + region + ", which is not a region name such as us-east-1"
	}
	if account != "" && !hasWildcard(account) && !accountIDRE.MatchString(account) && account != "aws" {
		return "resource " + v + " has account " + account + ", which is not a 12-digit account ID"
	}
	return ""
}

// ResourceMismatch reports a resource that no action of its statement can
// act on.
var ResourceMismatch = &analyzer.Rule{
	ID:       "resource-mismatch",
	Title:    "resource that no action of the statement applies to",
	Severity: analyzer.Medium,
	Category: analyzer.Validity,
	Doc: `Reports a ` + "`Resource`" + ` ARN that matches no resource type of any action in its statement, such as ` + "`s3:GetObject`" + ` (which acts on objects, ` + "`arn:aws:s3:::BUCKET/KEY`" + `) on a bucket ARN, or ` + "`s3:ListBucket`" + ` on ` + "`arn:aws:s3:::BUCKET/*`" + `. Wildcards and policy variables in the resource are taken to match anything they could; there is no finding when at least one action of the statement fits the resource, nor when the statement has an action iamlint does not know.

**Why it matters.** The statement grants (or denies) less than it seems: the request's resource never matches, so the intended access fails, or a Deny guards nothing.

**How to fix.** Give each action the resource type it works on; split the statement when its actions act on different types.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports/*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if s.Resource == nil {
				continue
			}
			sa := actionsOf(pass, s)
			if !sa.ok || sa.all || len(sa.acts) == 0 {
				continue
			}
			for _, v := range s.Resource.Values {
				if v.Unknown || v.Kind != policy.String || v.Str == "*" || arnProblem(pass.Catalog, v.Str) != "" {
					continue
				}
				if !anyActionFits(sa.acts, v.Str) {
					pass.ReportNode(v, "%s matches no resource type of %s", v.Str, describeActions(s, sa.acts))
				}
			}
		}
	},
}

// anyActionFits reports whether some action accepts the resource. An
// action that lists no resource type (it works only on "*") is taken to
// fit any resource of its own service, as AWS matches such requests
// against "*".
func anyActionFits(acts []*catalog.Action, resource string) bool {
	service := arnService(resource)
	for _, a := range acts {
		if a.OnlyWildcardResource() {
			if service == "" || hasWildcard(service) || strings.EqualFold(service, a.Service.Prefix) {
				return true
			}
			continue
		}
		for _, r := range a.Resources {
			if r.Type != nil && r.Type.Match(resource) {
				return true
			}
		}
	}
	return false
}

// arnService is the service field of an ARN, or "".
func arnService(arn string) string {
	parts := strings.SplitN(arn, ":", 4)
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

// describeActions names a statement's actions for a message: the values
// as written when few, else a count.
func describeActions(s *policy.Statement, acts []*catalog.Action) string {
	if len(s.Action.Values) <= 3 {
		names := make([]string, len(s.Action.Values))
		for i, v := range s.Action.Values {
			names[i] = v.Str
		}
		return strings.Join(names, ", ")
	}
	return "any of the statement's " + itoa(len(acts)) + " actions"
}
