package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// PolicyTooLarge reports a document over the IAM size quota of its kind.
var PolicyTooLarge = &analyzer.Rule{
	ID:       "policy-too-large",
	Title:    "policy exceeds the IAM size quota",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Kinds:    []policy.Kind{policy.Identity, policy.Trust, policy.Boundary, policy.SCP},
	Doc: `Reports a policy whose size, in characters not counting whitespace, exceeds the IAM quota for its kind: managed policy (and permissions boundary) 6,144; inline policy on a user 2,048, on a group 5,120, on a role 10,240; role trust policy 2,048 (the default, which can be raised to 4,096); SCP 5,120. A raw JSON file of an identity policy is held to the customer managed policy quota: a file of unknown provenance is most likely one. AWS managed policies (those AWS owns, ` + "`arn:aws:iam::aws:policy/...`" + `, as an account authorization dump lists them) are not subject to that quota, and some are over 30,000 characters: they are not checked.

**Why it matters.** AWS rejects the policy, usually at deploy time.

**How to fix.** Use wildcards where they do not widen access (` + "`s3:Get*`" + ` for every S3 read you list anyway), split the policy into several managed policies, or move statements to a group.

Bad: a managed policy listing 300 actions one by one.

Good: the same permissions as two managed policies, or with action patterns that cover exactly the listed actions.`,
	Run: func(pass *analyzer.Pass) {
		d := pass.Doc
		limit, what := sizeQuota(d)
		if limit == 0 || d.Root.Unknown {
			return
		}
		if n := policySize(d.Root); n > limit {
			pass.Report(analyzer.Diagnostic{
				Message: fmt.Sprintf("policy is %d characters without whitespace, over the %d-character quota of %s", n, limit, what),
				Span:    startOf(d.Root), Pointer: d.Root.Pointer, Value: what,
			})
		}
	},
}

// sizeQuota is the IAM quota that applies to a document.
func sizeQuota(d *policy.Document) (int, string) {
	if d.AWSManaged {
		return 0, "" // AWS's own policies: no customer quota applies
	}
	switch d.Kind {
	case policy.Trust:
		return 2048, "a role trust policy"
	case policy.SCP:
		return 5120, "a service control policy"
	case policy.Boundary:
		return 6144, "a customer managed policy"
	case policy.Identity:
		if d.Inline {
			switch d.Owner {
			case "user":
				return 2048, "an inline user policy"
			case "group":
				return 5120, "an inline group policy"
			case "role":
				return 10240, "an inline role policy"
			}
		}
		return 6144, "a customer managed policy"
	}
	return 0, ""
}

// policySize counts the characters of a document as IAM does: everything
// but whitespace outside strings. It measures the tree, so it works for
// documents from any input format.
func policySize(n *policy.Node) int {
	switch {
	case n.Unknown && n.Kind != policy.Object && n.Kind != policy.Array:
		// A value computed at deploy time: only what is written around
		// its placeholders is known, so that the size is a lower bound
		// and an unknown value never makes a policy too large.
		return quotedLen(literalText(n.Str))
	case n.Kind == policy.String:
		return quotedLen(n.Str)
	case n.Kind == policy.Object:
		size := 2 + max(len(n.Members)-1, 0) // braces and commas
		for _, m := range n.Members {
			size += quotedLen(m.Name) + 1 + policySize(m.Value)
		}
		return size
	case n.Kind == policy.Array:
		size := 2 + max(len(n.Elems)-1, 0)
		for _, e := range n.Elems {
			size += policySize(e)
		}
		return size
	default:
		return len(n.Str)
	}
}

// literalText is the text of an unknown value written around its ${...}
// placeholders ("arn:aws:s3:::${Bucket}/*" gives "arn:aws:s3:::/*"), or ""
// when it has none (a reference or an expression, written as is).
func literalText(s string) string {
	if !strings.Contains(s, "${") {
		return ""
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		s = s[i+j+1:]
	}
	return b.String()
}

// quotedLen is the length of a string written as JSON: characters plus two
// quotes and one backslash per escaped character.
func quotedLen(s string) int {
	n := utf8.RuneCountInString(s) + 2
	for i := range len(s) {
		if c := s[i]; c == '"' || c == '\\' || c < 0x20 {
			n++
		}
	}
	return n
}
