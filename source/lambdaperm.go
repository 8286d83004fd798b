package source

import (
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/policy"
)

// lambdaPermission is what a Lambda permission (AWS::Lambda::Permission,
// aws_lambda_permission) says, each part with its node; nil when absent.
type lambdaPermission struct {
	at            *policy.Member // the resource: positions of the synthesized parts
	principal     *policy.Node
	action        *policy.Node
	function      *policy.Node
	sourceArn     *policy.Node
	sourceAccount *policy.Node
	orgID         *policy.Node
	urlAuthType   *policy.Node
}

var accountOrARNRE = regexp.MustCompile(`^(\d{12}|arn:.*|\*)$`)

// document turns a Lambda permission into the statement Lambda adds to
// the function's resource policy, positioned at the properties it comes
// from. The function is always unknown here (a name, not an ARN).
func (p *lambdaPermission) document(ptr string) *policy.Node {
	if p.principal == nil || p.action == nil {
		return nil
	}
	at := p.at.KeySpan
	str := func(s, sub string) *policy.Node {
		return &policy.Node{Kind: policy.String, Str: s, Span: at, Pointer: ptr + sub}
	}
	member := func(name string, span policy.Span, v *policy.Node) *policy.Member {
		return &policy.Member{Name: name, KeySpan: span, Value: v}
	}
	typ := "AWS"
	if s, ok := known(p.principal); ok && !accountOrARNRE.MatchString(s) && strings.Contains(s, ".") {
		typ = "Service"
	}
	stmt := &policy.Node{Kind: policy.Object, Span: p.at.Span(), Pointer: ptr + "/Statement/0"}
	stmt.Members = append(stmt.Members,
		member("Effect", at, str("Allow", "/Statement/0/Effect")),
		member("Principal", p.principal.Span, &policy.Node{Kind: policy.Object, Span: p.principal.Span, Pointer: ptr + "/Statement/0/Principal",
			Members: []*policy.Member{member(typ, p.principal.Span, p.principal)}}),
		member("Action", p.action.Span, p.action))
	fn := &policy.Node{Kind: policy.String, Unknown: true, Str: "${function}", Span: at, Pointer: ptr + "/Statement/0/Resource"}
	if p.function != nil {
		fn.Span, fn.Str = p.function.Span, p.function.Str
	}
	stmt.Members = append(stmt.Members, member("Resource", fn.Span, fn))
	cond := &policy.Node{Kind: policy.Object, Span: at, Pointer: ptr + "/Statement/0/Condition"}
	add := func(op, key string, v *policy.Node) {
		if v == nil {
			return
		}
		m := cond.Get(op)
		if m == nil {
			m = member(op, v.Span, &policy.Node{Kind: policy.Object, Span: v.Span, Pointer: cond.Pointer + "/" + op})
			cond.Members = append(cond.Members, m)
		}
		m.Value.Members = append(m.Value.Members, member(key, v.Span, v))
	}
	add("ArnLike", "AWS:SourceArn", p.sourceArn)
	add("StringEquals", "AWS:SourceAccount", p.sourceAccount)
	add("StringEquals", "aws:PrincipalOrgID", p.orgID)
	add("StringEquals", "lambda:FunctionUrlAuthType", p.urlAuthType)
	if len(cond.Members) > 0 {
		stmt.Members = append(stmt.Members, member("Condition", at, cond))
	}
	return &policy.Node{Kind: policy.Object, Span: p.at.Span(), Pointer: ptr, Members: []*policy.Member{
		member("Version", at, str("2012-10-17", "/Version")),
		member("Statement", at, &policy.Node{Kind: policy.Array, Span: p.at.Span(), Pointer: ptr + "/Statement", Elems: []*policy.Node{stmt}}),
	}}
}
