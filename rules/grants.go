package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/effective"
	"github.com/iamlint/iamlint/policy"
)

// grantsAnalysis computes what a document grants, once, for every
// least-privilege and security rule.
var grantsAnalysis = &analyzer.Analysis{
	Name: "grants",
	Run: func(pass *analyzer.Pass) any {
		return effective.Compute(pass.Catalog, pass.Doc)
	},
}

func grantsOf(pass *analyzer.Pass) *effective.Set {
	return pass.Result(grantsAnalysis).(*effective.Set)
}

// contextKeys are global condition keys that describe the caller or the
// request (where from, when, how authenticated, with which tags) and not
// which resources may be acted on. A statement limited by nothing else
// still reaches every resource its Resource names; and they never stop a
// privilege-escalation method (the caller chooses the request, or meets the
// condition anyway).
var contextKeys = []string{
	"aws:CurrentTime", "aws:EpochTime", "aws:TokenIssueTime",
	"aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge",
	"aws:SecureTransport", "aws:SourceIp", "aws:VpcSourceIp", "aws:SourceVpc", "aws:SourceVpce",
	"aws:SourceVpcArn", "aws:Ec2InstanceSourceVpc", "aws:Ec2InstanceSourcePrivateIPv4",
	"aws:RequestedRegion", "aws:UserAgent", "aws:Referer",
	"aws:PrincipalTag/*", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
	"aws:PrincipalArn", "aws:PrincipalType", "aws:PrincipalIsAWSService", "aws:PrincipalServiceName",
	"aws:PrincipalServiceNamesList", "aws:userid", "aws:username", "aws:SourceIdentity",
	"aws:FederatedProvider", "aws:AssumedRoot", "aws:IsMcpServiceAction",
}

// requestTagKeys are the keys of the tags a request carries: they limit what
// a create call must tag, which narrows a grant, but the caller picks them,
// so they stop no escalation.
var requestTagKeys = []string{"aws:RequestTag/*", "aws:TagKeys"}

func keyIn(name string, list []string) bool {
	for _, k := range list {
		if p, ok := strings.CutSuffix(k, "*"); ok {
			if len(name) >= len(p) && strings.EqualFold(name[:len(p)], p) {
				return true
			}
			continue
		}
		if strings.EqualFold(name, k) {
			return true
		}
	}
	return false
}

// scopedByCondition reports whether the statement's Condition limits the
// resources it reaches: a key other than the caller and request context
// (aws:ResourceTag/..., aws:ResourceAccount, kms:ViaService, s3:prefix,
// iam:PassedToService ...).
func scopedByCondition(s *policy.Statement) bool {
	scoped := false
	s.Condition.Keys(func(_ *policy.ConditionOperator, k *policy.ConditionKey) {
		if !keyIn(k.Name(), contextKeys) {
			scoped = true
		}
	})
	return scoped
}

// unconstrained reports whether a Resource pattern names every resource
// the action acts on of some type: "*", or an ARN that fits one of the
// action's resource types and whose resource part, wildcards aside, holds
// only the fixed words of that type's format ("arn:aws:s3:::*/*",
// "arn:aws:iam::111122223333:role/*", "arn:aws:ssm:*:*:parameter/*").
// "arn:aws:s3:::reports/*" is constrained: "reports" is a bucket name. So
// is a pattern with a policy variable (user/${aws:username}).
func unconstrained(a *catalog.Action, r string) bool {
	if strings.Trim(r, "*") == "" {
		return true
	}
	if strings.Contains(r, "${") {
		return false
	}
	f := strings.SplitN(r, ":", 6)
	if len(f) < 6 {
		return false
	}
	words := resourceWords(f[5])
	for _, ar := range a.Resources {
		rt := ar.Type
		if rt == nil || !rt.Match(r) {
			continue
		}
		for alt := range strings.SplitSeq(rt.ARN, ", ") {
			g := strings.SplitN(alt, ":", 6)
			if len(g) < 6 {
				continue
			}
			fixed := resourceWords(placeholderRE.ReplaceAllString(g[5], ""))
			if subset(words, fixed) {
				return true
			}
		}
	}
	return false
}

var placeholderRE = regexp.MustCompile(`\$\{[^}]*\}`)

// resourceWords splits the resource part of an ARN into its words, without
// wildcards and separators.
func resourceWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ':' || r == '*' || r == '?' })
}

func subset(words, of []string) bool {
	for _, w := range words {
		if !slices.Contains(of, w) {
			return false
		}
	}
	return true
}

// selfOnly reports whether a user resource pattern names only the calling
// user (user/${aws:username}).
func selfOnly(r string) bool {
	return strings.Contains(r, "${aws:username}") || strings.Contains(r, "${aws:userid}")
}

// listActions names up to five actions and how many more there are.
func listActions(acts []*catalog.Action) string {
	const most = 5
	names := make([]string, 0, most)
	for i, a := range acts {
		if i == most {
			break
		}
		names = append(names, a.String())
	}
	s := strings.Join(names, ", ")
	if len(acts) > most {
		s += fmt.Sprintf(" and %d more", len(acts)-most)
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
