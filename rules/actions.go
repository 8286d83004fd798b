package rules

import (
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// ServiceUnknown reports an action whose service prefix AWS does not have.
var ServiceUnknown = &analyzer.Rule{
	ID:       "service-unknown",
	Title:    "action names a service prefix that does not exist",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports an ` + "`Action` or `NotAction`" + ` value whose service prefix (the part before the colon) is not a service in the AWS Service Authorization Reference, with the nearest real prefix. The service name is often not its prefix: Amazon EventBridge is ` + "`events`" + `, CloudWatch Logs is ` + "`logs`" + `, Amazon Cognito user pools are ` + "`cognito-idp`" + `. A prefix with no real prefix near it is reported at medium severity, with the date of the catalog: it may be newer than the catalog. A prefix of a service AWS has retired and removed from the reference (` + "`deepracer`, `iot1click`, `mobilehub`" + ` ...) is reported at low severity as hygiene: IAM accepts the policy, and the statement grants nothing by it.

**Why it matters.** AWS rejects the policy ("invalid service"), or, in a Deny, the statement denies nothing.

**How to fix.** Use the prefix the Service Authorization Reference gives; ` + "`iamlint expand 'PREFIX:*'`" + ` lists a prefix's actions.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "cloudwatchlogs:PutLogEvents", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		forEachAction(pass, func(s *policy.Statement, v *policy.Node, svc, name string) {
			if svc == "" || hasWildcard(svc) || pass.Catalog.Service(svc) != nil {
				return // action-unknown reports a value without a prefix
			}
			if r, ok := pass.Catalog.RetiredService(svc); ok {
				reportRetired(pass, v, svc+" is the prefix of "+r.What+", which AWS has retired: the Service Authorization Reference no longer lists it, and the statement grants nothing by it")
				return
			}
			if near := pass.Catalog.SuggestService(svc); near != "" {
				pass.ReportNode(v, "%s is not an AWS service prefix%s", svc, didYouMean(near))
				return
			}
			// Nothing near: not a typo, perhaps a service newer than the
			// catalog.
			pass.Report(analyzer.Diagnostic{
				Severity: analyzer.Medium,
				Message:  fmt.Sprintf("%s is not a service prefix in the Service Authorization Reference as of %s", svc, pass.Catalog.Info().Date),
				Span:     v.Span, Pointer: v.Pointer, Value: v.Str,
			})
		})
	},
}

// ActionUnknown reports an action (or pattern) that names no action of its
// service.
var ActionUnknown = &analyzer.Rule{
	ID:       "action-unknown",
	Title:    "action that does not exist, or a pattern that matches none",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports an ` + "`Action` or `NotAction`" + ` value that is not an action of its service, with the nearest real action (` + "`s3:GetObjekt` → `s3:GetObject`" + `); a pattern such as ` + "`s3:Get*Objekt`" + ` that matches no action; and a value that is not of the form ` + "`service:action`" + `. Actions are matched case-insensitively, as AWS does. A name with no real action near it is reported at medium severity, with the date of the catalog: it may be newer than the catalog, or renamed. An action AWS has removed from the reference (CloudHSM Classic's ` + "`cloudhsm:CreateLunaClient`" + ` ...) is reported at low severity as hygiene: IAM accepts the policy, and the statement grants nothing by it.

**Why it matters.** AWS rejects unknown actions in identity policies ("invalid action"); where a pattern matches nothing, the statement grants or denies nothing, which for a Deny means a guardrail that does not guard. API operation names are not always IAM action names (` + "`s3:HeadObject`" + ` is authorized by ` + "`s3:GetObject`" + `).

**How to fix.** Use the action named in the Service Authorization Reference; ` + "`iamlint expand PATTERN`" + ` shows what a pattern matches.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": ["s3:GetObjekt", "s3:HeadObject"], "Resource": "arn:aws:s3:::reports/*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		forEachAction(pass, func(s *policy.Statement, v *policy.Node, svc, name string) {
			if svc == "" {
				pass.ReportNode(v, "%q is not an action: write it as service:Action, such as s3:GetObject", v.Str)
				return
			}
			if hasWildcard(svc) || hasWildcard(name) {
				if len(pass.Catalog.Expand(v.Str)) == 0 && (hasWildcard(svc) || pass.Catalog.Service(svc) != nil) {
					pass.ReportNode(v, "%s matches no action", v.Str)
				}
				return
			}
			service := pass.Catalog.Service(svc)
			if service == nil || service.Action(name) != nil {
				return // service-unknown reports an unknown service
			}
			if r, ok := pass.Catalog.RetiredAction(v.Str); ok {
				reportRetired(pass, v, v.Str+" is an action of "+r.What+" that AWS has removed from the Service Authorization Reference: the statement grants nothing by it")
				return
			}
			if near := pass.Catalog.SuggestAction(v.Str); near != "" {
				pass.ReportNode(v, "%s is not an action of %s%s", v.Str, service.Prefix, didYouMean(near))
				return
			}
			// Nothing near: not a typo, perhaps an action newer than the
			// catalog, or one AWS renamed.
			pass.Report(analyzer.Diagnostic{
				Severity: analyzer.Medium,
				Message: fmt.Sprintf("%s is not an action of %s in the Service Authorization Reference as of %s",
					v.Str, service.Prefix, pass.Catalog.Info().Date),
				Span: v.Span, Pointer: v.Pointer, Value: v.Str,
			})
		})
	},
}

// forEachAction calls fn for every known string of every Action and
// NotAction, split into service prefix and action name ("" service when
// there is no colon). "*" is skipped.
func forEachAction(pass *analyzer.Pass, fn func(s *policy.Statement, v *policy.Node, svc, name string)) {
	for _, s := range pass.Doc.Statements {
		for _, l := range []*policy.List{s.Action, s.NotAction} {
			if l == nil {
				continue
			}
			for _, v := range l.Values {
				if v.Unknown || v.Kind != policy.String || v.Str == "*" {
					continue
				}
				svc, name, ok := strings.Cut(v.Str, ":")
				if !ok {
					fn(s, v, "", v.Str)
					continue
				}
				fn(s, v, svc, name)
			}
		}
	}
}

// reportRetired reports a name AWS has retired: the policy is valid and
// the name is dead weight, a hygiene matter.
func reportRetired(pass *analyzer.Pass, v *policy.Node, msg string) {
	pass.Report(analyzer.Diagnostic{
		Severity: analyzer.Low, Category: analyzer.Hygiene, Message: msg,
		Span: v.Span, Pointer: v.Pointer, Value: v.Str,
	})
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// statementActions expands a statement's Action element to catalog actions.
// ok is false when the statement has no Action (NotAction, or none), or
// when one of its values is unknown or names no known action: then the
// statement's actions are not known completely.
func statementActions(cat *catalog.Catalog, s *policy.Statement) (acts []*catalog.Action, all bool, ok bool) {
	if s.Action == nil {
		return nil, false, false
	}
	seen := map[*catalog.Action]bool{}
	for _, v := range s.Action.Values {
		if v.Unknown || v.Kind != policy.String {
			return nil, false, false
		}
		if v.Str == "*" {
			return nil, true, true
		}
		matched := cat.Expand(v.Str)
		if len(matched) == 0 {
			return nil, false, false
		}
		for _, a := range matched {
			if !seen[a] {
				seen[a] = true
				acts = append(acts, a)
			}
		}
	}
	return acts, false, true
}
