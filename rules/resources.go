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
	Doc: `Reports a ` + "`Resource` or `NotResource`" + ` value that is not ` + "`*`" + ` and not an ARN of the form ` + "`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`" + `: too few fields, an unknown partition, a region or account ID of the wrong shape, or a service field that is neither a service prefix nor the service of any ARN format in the reference. In an API Gateway resource policy (a resource policy whose statement grants only ` + "`execute-api:`" + ` actions), the shorthand ` + "`execute-api:/STAGE/VERB/PATH`" + ` is accepted: API Gateway expands it to the API's ARN.

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
					if v.Unknown || v.Kind != policy.String || apiGatewayShorthand(pass.Doc, s, v.Str) {
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

// apiGatewayShorthand says whether a resource is the execute-api:/STAGE/VERB/PATH
// form of an API Gateway resource policy, which API Gateway expands to
// arn:aws:execute-api:REGION:ACCOUNT:API-ID/STAGE/VERB/PATH when the policy
// is saved: AWS's resource policy examples write it so.
func apiGatewayShorthand(d *policy.Document, s *policy.Statement, v string) bool {
	if d.Kind != policy.Resource || !strings.HasPrefix(strings.ToLower(v), "execute-api:/") || s.Action == nil {
		return false
	}
	for _, a := range s.Action.Values {
		if a.Kind != policy.String || !strings.HasPrefix(strings.ToLower(a.Str), "execute-api:") {
			return false
		}
	}
	return true
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
	if !hasWildcard(service) && !cat.ARNService(service) && cat.Service(service) == nil {
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
	Doc: `Reports a ` + "`Resource`" + ` ARN that matches no resource type of any action in its statement, such as ` + "`s3:GetObject`" + ` (which acts on objects, ` + "`arn:aws:s3:::BUCKET/KEY`" + `) on a bucket ARN, or ` + "`s3:ListBucket`" + ` on ` + "`arn:aws:s3:::BUCKET/*`" + `. Wildcards and policy variables in the resource are taken to match anything they could, a ` + "`*`" + ` within its colon-separated field as IAM matches them (` + "`arn:aws:logs:*:*:/aws-glue/*`" + ` names no log group: their ARNs read ` + "`log-group:/aws-glue/...`" + `); an empty account is allowed (AWS-owned resources such as ` + "`arn:aws:ssm:REGION::document/AWS-RunShellScript`" + `). There is no finding when at least one action of the statement fits the resource, when an action lists no resource type, nor when the statement has an action iamlint does not know. Where the resource is of no type the reference knows, a type's last placeholder may hold ` + "`/` and `:`" + ` (the reference writes an ECS task ` + "`task/${TaskId}`" + `; its ARN is ` + "`task/CLUSTER/ID`" + `).

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
			types, anyResource := acceptedTypes(sa.acts)
			if anyResource {
				continue
			}
			for _, v := range s.Resource.Values {
				if v.Unknown || v.Kind != policy.String || v.Str == "*" || arnProblem(pass.Catalog, v.Str) != "" {
					continue
				}
				if strings.Count(v.Str, ":") < 5 {
					continue // arn:aws:s3*: which fields the * covers is not certain
				}
				if ok, kinds := typesFit(pass.Catalog, types, v.Str); !ok {
					pass.ReportNode(v, "%s %s", v.Str, mismatch(s, sa.acts, kinds))
				}
			}
		}
	},
}

// acceptedTypes is the set of resource types the actions act on, each
// once (a statement of ec2:* has thousands of actions but a few hundred
// types). anyResource reports an action that lists no resource type: the
// reference says it works only on "*", but AWS authorizes some of them on
// resources it does not list (ssmmessages:OpenDataChannel on an SSM
// session, in AWS's own policies), so it is taken to fit any resource and
// no finding can be certain.
func acceptedTypes(acts []*catalog.Action) (types []*catalog.ResourceType, anyResource bool) {
	seen := map[*catalog.ResourceType]bool{}
	for _, a := range acts {
		if a.OnlyWildcardResource() {
			return nil, true
		}
		for _, r := range a.Resources {
			if r.Type != nil && !seen[r.Type] {
				seen[r.Type] = true
				types = append(types, r.Type)
			}
		}
	}
	return types, false
}

// typesFit reports whether one of the types can name the resource, and
// else the resource types the resource names (none when its shape is not
// one the catalog knows).
//
// A resource that matches no resource type of the catalog strictly, such
// as an ECS task as task/CLUSTER/ID where the reference writes
// task/${TaskId}, is matched loosely: AWS's formats are sometimes simpler
// than the ARNs it matches, and a finding must be certain. So is a
// resource of a known type that an action lists under another service's
// older copy of the format (sameResource).
func typesFit(cat *catalog.Catalog, types []*catalog.ResourceType, resource string) (bool, []*catalog.ResourceType) {
	for _, t := range types {
		if t.Match(resource) {
			return true, nil
		}
	}
	kinds := cat.ResourceTypesOf(resource)
	for _, t := range types {
		if t.MatchLoose(resource) && (len(kinds) == 0 || sameResource(t, kinds)) {
			return true, nil
		}
	}
	return false, kinds
}

// sameResource reports whether t is another service's description of one
// of kinds: the reference copies formats across services and does not
// update the copies (SSM's task is an ECS task written task/${TaskId}, ECS
// writes task/${ClusterName}/${TaskId}).
func sameResource(t *catalog.ResourceType, kinds []*catalog.ResourceType) bool {
	for _, k := range kinds {
		if k.Service != t.Service && formatStem(k.ARN) == formatStem(t.ARN) {
			return true
		}
	}
	return false
}

// formatStem is an ARN format's service field and the literal start of its
// resource part: "ecs:task/" for arn:${Partition}:ecs:${Region}:${Account}:task/${TaskId}.
func formatStem(format string) string {
	f := strings.SplitN(format, ":", 6)
	if len(f) < 6 {
		return format
	}
	res, _, _ := strings.Cut(f[5], "${")
	return f[2] + ":" + res
}

// mismatch says why a resource fits no action: which resource types it
// names, when the catalog knows its shape.
func mismatch(s *policy.Statement, acts []*catalog.Action, kinds []*catalog.ResourceType) string {
	what := describeActions(s, acts)
	// Name the resource's own service's types when there are some: an
	// IAM role is also SSM's iam-role.
	var own []*catalog.ResourceType
	for _, k := range kinds {
		if strings.HasPrefix(k.ARN, "arn:${Partition}:"+k.Service.Prefix+":") {
			own = append(own, k)
		}
	}
	if len(own) > 0 {
		kinds = own
	}
	if len(kinds) == 0 || len(kinds) > 3 {
		return "matches no resource type of " + what
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Service.Prefix + ":" + k.Name
	}
	return "is a resource of type " + strings.Join(names, " or ") + ", which " + what + " cannot act on"
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
