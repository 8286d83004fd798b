package rules

import (
	"strings"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// ParseError is reported by the engine for a file that cannot be read or
// parsed; it has no Run of its own.
var ParseError = &analyzer.Rule{
	ID:       analyzer.ParseErrorID,
	Title:    "file cannot be read or parsed",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a file that iamlint could not read or parse: invalid JSON (with the line and column of the error), a file too large to read, or a file named on the command line that holds no IAM policy.

**Why it matters.** AWS rejects a policy that is not valid JSON, and iamlint cannot check what it cannot parse. The run exits with status 2; the other files are still linted.

**How to fix.** Correct the syntax at the reported position: a missing comma or quote, a trailing comma, a comment (JSON has none).

Bad:

` + "```json" + `
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}
` + "```" + `

Good:

` + "```json" + `
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
` + "```",
}

// DuplicateKey reports a name written twice in one JSON object.
var DuplicateKey = &analyzer.Rule{
	ID:       "duplicate-key",
	Title:    "key written twice in one object",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a key that appears twice in the same JSON object, such as two ` + "`Action`" + ` elements in one statement or two ` + "`aws:SourceIp`" + ` keys under one condition operator.

**Why it matters.** JSON parsers keep only one of the values (IAM keeps the last), silently: the permissions you read are not the ones AWS enforces.

**How to fix.** Merge the values into one list under a single key.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, d := range policy.Duplicates(pass.Doc.Root) {
			pass.Report(analyzer.Diagnostic{
				Message: "duplicate key " + d.Name + ": only one of the values takes effect",
				Span:    d.Second.KeySpan, Pointer: d.Second.Value.Pointer, Value: d.Name,
				Related: []analyzer.Related{{File: pass.Doc.File, Span: d.First.KeySpan, Message: "first " + d.Name + " here"}},
			})
		}
	},
}

// ElementTypeInvalid reports a value of the wrong JSON type.
var ElementTypeInvalid = &analyzer.Rule{
	ID:       "element-type-invalid",
	Title:    "element value has the wrong type",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports an element whose value has a type AWS does not accept: a number as an ` + "`Action`" + `, a statement that is not an object, a ` + "`Principal`" + ` string other than ` + "`\"*\"`" + `, a condition operator that does not hold an object of keys.

**Why it matters.** AWS rejects the policy ("data type mismatch").

**How to fix.** Write the value as the grammar wants it: strings or lists of strings for ` + "`Action`" + `, ` + "`Resource`" + ` and principal values; an object of operators, each an object of keys, for ` + "`Condition`" + `.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": ["s3:GetObject", 42], "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, p := range pass.Doc.Problems {
			pass.Report(analyzer.Diagnostic{Message: p.Message, Span: p.Span, Pointer: p.Pointer})
		}
	},
}

// UnknownElement reports an element that is not part of the policy grammar
// (or not of this kind of policy).
var UnknownElement = &analyzer.Rule{
	ID:       "unknown-element",
	Title:    "element that is not part of the policy grammar",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports an element that the IAM policy grammar does not have at that place, often a misspelling (` + "`Ressource`" + `, ` + "`effect`" + `; names are case-sensitive), with the nearest real element; and a ` + "`Resource`" + ` or ` + "`NotResource`" + ` in a role trust policy, which takes none.

**Why it matters.** AWS rejects the policy, or (in some resource policies) ignores the element: a misspelt ` + "`Condition`" + ` would leave the statement unconditional.

**How to fix.** Use the element names ` + "`Version`, `Id`, `Statement`" + ` at the top and ` + "`Sid`, `Effect`, `Action`, `NotAction`, `Resource`, `NotResource`, `Principal`, `NotPrincipal`, `Condition`" + ` in a statement, spelled exactly.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Ressource": "arn:aws:s3:::b/*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, m := range pass.Doc.Unknown {
			pass.ReportMember(m, "unknown policy element %s%s", m.Name, didYouMean(closest(m.Name, policy.DocumentElements)))
		}
		for _, s := range pass.Doc.Statements {
			for _, m := range s.Unknown {
				pass.ReportMember(m, "unknown statement element %s%s", m.Name, didYouMean(closest(m.Name, policy.StatementElements)))
			}
			if pass.Doc.Kind == policy.Trust {
				for _, l := range []*policy.List{s.Resource, s.NotResource} {
					if l != nil {
						pass.ReportMember(l.Member, "a role trust policy takes no %s element: the role itself is the resource", l.Name())
					}
				}
			}
		}
	},
}

// ConflictingElements reports an element written with its Not form.
var ConflictingElements = &analyzer.Rule{
	ID:       "conflicting-elements",
	Title:    "element written together with its Not form",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a statement with both ` + "`Action` and `NotAction`" + `, ` + "`Resource` and `NotResource`" + `, or ` + "`Principal` and `NotPrincipal`" + `.

**Why it matters.** AWS rejects the policy: a statement takes one of each pair.

**How to fix.** Keep one of the two; split the statement if you meant both.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:DeleteBucket", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if s.Action != nil && s.NotAction != nil {
				reportPair(pass, s.Action.Member, s.NotAction.Member)
			}
			if s.Resource != nil && s.NotResource != nil {
				reportPair(pass, s.Resource.Member, s.NotResource.Member)
			}
			if s.Principal != nil && s.NotPrincipal != nil {
				reportPair(pass, s.Principal.Member, s.NotPrincipal.Member)
			}
		}
	},
}

// reportPair reports the later of two conflicting members.
func reportPair(pass *analyzer.Pass, a, b *policy.Member) {
	first, second := a, b
	if second.KeySpan.Start.Offset < first.KeySpan.Start.Offset {
		first, second = second, first
	}
	pass.Report(analyzer.Diagnostic{
		Message: "a statement cannot have both " + a.Name + " and " + b.Name,
		Span:    second.KeySpan, Pointer: second.Value.Pointer, Value: second.Name,
		Related: []analyzer.Related{{File: pass.Doc.File, Span: first.KeySpan, Message: first.Name + " here"}},
	})
}

// MissingElement reports a required element that is absent or empty.
var MissingElement = &analyzer.Rule{
	ID:       "missing-element",
	Title:    "required element missing or empty",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a required element that is absent or empty: ` + "`Statement`" + ` in a document; ` + "`Effect`" + `, ` + "`Action` (or `NotAction`)" + ` in every statement; ` + "`Resource` (or `NotResource`)" + ` in every statement of an identity policy, boundary, SCP or resource policy (but a repository policy's, whose actions are all Amazon ECR's: it applies to its repository, and AWS writes it without one); ` + "`Principal` (or `NotPrincipal`)" + ` in every statement of a trust or resource policy.

**Why it matters.** AWS rejects the policy.

**How to fix.** Add the element. A role trust policy names who may assume the role in ` + "`Principal`" + ` and has no ` + "`Resource`" + `.

Bad:

` + "```json" + `
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket"}]}
` + "```" + `

Good:

` + "```json" + `
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}]}
` + "```",
	Run: runMissingElement,
}

func runMissingElement(pass *analyzer.Pass) {
	d := pass.Doc
	if d.Root.Kind != policy.Object || d.Root.Unknown {
		return
	}
	if d.Statement == nil {
		pass.Report(analyzer.Diagnostic{Message: "policy has no Statement element", Span: startOf(d.Root), Pointer: d.Root.Pointer, Value: "Statement"})
		return
	}
	if v := d.Statement.Value; v.Kind == policy.Array && len(v.Elems) == 0 {
		pass.ReportMember(d.Statement, "Statement is empty: a policy needs at least one statement")
	}
	for _, s := range d.Statements {
		if s.Node.Unknown {
			continue
		}
		at := startOf(s.Node)
		missing := func(what string) {
			pass.Report(analyzer.Diagnostic{Message: "statement has no " + what, Span: at, Pointer: s.Node.Pointer, Value: what})
		}
		if s.Effect == nil {
			missing("Effect")
		}
		checkList(pass, s.Action, s.NotAction, "Action or NotAction", missing)
		needsResource := d.Kind != policy.Trust && (d.Kind != policy.Resource || !repositoryPolicyStatement(s))
		if needsResource {
			checkList(pass, s.Resource, s.NotResource, "Resource or NotResource", missing)
		}
		if d.Kind.HasPrincipal() && s.Principal == nil && s.NotPrincipal == nil {
			missing("Principal")
		}
	}
}

// repositoryPolicyStatement says whether a resource policy statement acts
// only on Amazon ECR (ecr:, ecr-public:): a repository policy applies to its
// repository, and AWS's examples, the console and the Lambda guide write its
// statements without Resource.
func repositoryPolicyStatement(s *policy.Statement) bool {
	if s.Action == nil || len(s.Action.Values) == 0 {
		return false
	}
	for _, v := range s.Action.Values {
		if v.Kind != policy.String || v.Unknown {
			return false
		}
		svc, _, ok := strings.Cut(strings.ToLower(v.Str), ":")
		if !ok || (svc != "ecr" && svc != "ecr-public") {
			return false
		}
	}
	return true
}

// checkList reports a pair of list elements that is absent, or one that is
// an empty list.
func checkList(pass *analyzer.Pass, a, b *policy.List, what string, missing func(string)) {
	if a == nil && b == nil {
		missing(what)
		return
	}
	for _, l := range []*policy.List{a, b} {
		if l != nil && l.Member.Value.Kind == policy.Array && len(l.Member.Value.Elems) == 0 {
			pass.ReportMember(l.Member, "%s is an empty list", l.Name())
		}
	}
}

// startOf is the span of a node's first character (its opening brace).
func startOf(n *policy.Node) policy.Span {
	end := n.Span.Start
	end.Offset++
	end.Col++
	return policy.Span{Start: n.Span.Start, End: end}
}

// EffectInvalid reports an Effect other than Allow or Deny.
var EffectInvalid = &analyzer.Rule{
	ID:       "effect-invalid",
	Title:    "Effect is neither Allow nor Deny",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports an ` + "`Effect`" + ` that is not exactly ` + "`Allow` or `Deny`" + ` (the values are case-sensitive).

**Why it matters.** AWS rejects the policy.

**How to fix.** Write ` + "`\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`" + `.

Bad:

` + "```json" + `
{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if s.Effect == nil || s.Effect.Value.Kind != policy.String || s.Effect.Value.Unknown {
				continue
			}
			v := s.Effect.Value
			if v.Str == "Allow" || v.Str == "Deny" {
				continue
			}
			pass.ReportNode(v, "Effect %q is neither Allow nor Deny%s", v.Str, didYouMean(closest(v.Str, []string{"Allow", "Deny"})))
		}
	},
}
