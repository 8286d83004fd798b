// Package goanalysis is iamlint as a golang.org/x/tools/go/analysis
// analyzer: it finds the IAM policies written in Go source and runs every
// iamlint rule over them, reporting each finding at its exact position
// inside the string literal.
//
// It finds
//
//   - the policy documents of the aws-sdk-go-v2 IAM inputs
//     (github.com/aws/aws-sdk-go-v2/service/iam): PolicyDocument of
//     PutRolePolicyInput, PutUserPolicyInput, PutGroupPolicyInput,
//     CreatePolicyInput and CreatePolicyVersionInput (identity policies),
//     AssumeRolePolicyDocument of CreateRoleInput and PolicyDocument of
//     UpdateAssumeRolePolicyInput (trust policies), written as a constant
//     string or aws.String(constant);
//   - every other constant string expression (a literal, a named
//     constant, a concatenation of constants) whose value is a JSON policy
//     document: an object with a Statement.
//
// A constant declared in the package is followed to its declaration, so
// the finding points into the literal even when the policy is used
// elsewhere; each literal is checked once. Parts of a value that come from
// another package's constants have no literal here: findings in such a
// value are reported at the expression. An "//iamlint:ignore RULE -- reason"
// comment on the line of a finding, or alone on the line above it,
// suppresses it, as in YAML and HCL files; one without a reason suppresses
// nothing and is reported (suppression-without-reason).
//
// cmd/iamlint-vet runs it under go vet: go vet -vettool=$(command -v
// iamlint-vet) ./...
package goanalysis

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
	"github.com/iamlint/iamlint/rules"
)

// Analyzer finds IAM policies in Go source and runs iamlint's rules on them.
var Analyzer = &analysis.Analyzer{
	Name:     "iamlint",
	Doc:      "check the AWS IAM policies written in Go source with every iamlint rule\n\nIt checks the policy documents of aws-sdk-go-v2 IAM inputs (PutRolePolicyInput, CreatePolicyInput, CreateRoleInput ...) and every constant string that is a JSON policy document, and reports each finding at its position inside the literal.",
	URL:      "https://github.com/iamlint/iamlint#go-vet-and-golangci-lint",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// docsURL is where the rule docs are.
const docsURL = "https://github.com/iamlint/iamlint/blob/main/docs/rules/"

// iamPkg is the package of the aws-sdk-go-v2 IAM client.
const iamPkg = "github.com/aws/aws-sdk-go-v2/service/iam"

// policyFields maps "Type.Field" of the IAM inputs to the kind of the
// policy the field holds.
var policyFields = map[string]policy.Kind{
	"PutRolePolicyInput.PolicyDocument":          policy.Identity,
	"PutUserPolicyInput.PolicyDocument":          policy.Identity,
	"PutGroupPolicyInput.PolicyDocument":         policy.Identity,
	"CreatePolicyInput.PolicyDocument":           policy.Identity,
	"CreatePolicyVersionInput.PolicyDocument":    policy.Identity,
	"CreateRoleInput.AssumeRolePolicyDocument":   policy.Trust,
	"UpdateAssumeRolePolicyInput.PolicyDocument": policy.Trust,
}

// found is a policy to check: its text and kind, and whether it is known
// to be a policy (an IAM input's field) rather than a string that might be.
type found struct {
	text  *text
	at    ast.Expr
	kind  policy.Kind
	known bool
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &collector{pass: pass, decls: constDecls(pass), done: map[token.Pos]bool{}}

	// The IAM inputs' fields first: they say the kind and that the string
	// must be a policy.
	ins.Preorder([]ast.Node{(*ast.CompositeLit)(nil)}, func(n ast.Node) {
		lit := n.(*ast.CompositeLit)
		name := iamType(pass.TypesInfo.TypeOf(lit))
		if name == "" {
			return
		}
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			if kind, ok := policyFields[name+"."+key.Name]; ok {
				c.add(unwrap(pass, kv.Value), kind, true)
			}
		}
	})
	// Then every maximal constant string expression that is a policy.
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			if !isConstString(pass, e) {
				return true
			}
			switch e.(type) {
			case *ast.Ident, *ast.SelectorExpr:
				// A named constant: checked at its declaration (in
				// its own package).
			default:
				c.add(e, 0, false)
			}
			return false // a maximal expression: do not look inside
		})
	}
	for _, f := range c.found {
		check(pass, f)
	}
	reportMissingReasons(pass)
	return nil, nil
}

// reportMissingReasons reports the iamlint:ignore comments of the
// package's files that give no reason, which suppress nothing.
func reportMissingReasons(pass *analysis.Pass) {
	rule := rules.SuppressionWithoutReason
	for _, file := range pass.Files {
		tf := pass.Fset.File(file.Pos())
		if tf == nil || !hasIgnoreComment(file) {
			continue
		}
		for _, d := range analyzer.MissingReasons(tf.Name(), ignoreComments(pass, tf.Name()), rule) {
			start := tf.LineStart(d.Span.Start.Line) + token.Pos(d.Span.Start.Col-1)
			end := tf.LineStart(d.Span.End.Line) + token.Pos(d.Span.End.Col-1)
			pass.Report(analysis.Diagnostic{Pos: start, End: end, Category: rule.ID,
				Message: fmt.Sprintf("%s: %s", rule.ID, d.Message), URL: docsURL + rule.ID + ".md"})
		}
	}
}

// hasIgnoreComment reports whether a file has a comment holding the
// iamlint:ignore directive.
func hasIgnoreComment(file *ast.File) bool {
	for _, g := range file.Comments {
		for _, c := range g.List {
			if strings.Contains(c.Text, "iamlint:ignore") {
				return true
			}
		}
	}
	return false
}

// collector gathers the policies of a package, each literal once.
type collector struct {
	pass  *analysis.Pass
	decls map[*types.Const]ast.Expr
	done  map[token.Pos]bool
	found []found
}

// add records the constant expression e when it is a policy. A named
// constant of the package is followed to its declaration.
func (c *collector) add(e ast.Expr, kind policy.Kind, known bool) {
	if e == nil || !isConstString(c.pass, e) {
		return
	}
	if id, ok := e.(*ast.Ident); ok {
		if k, ok := c.pass.TypesInfo.Uses[id].(*types.Const); ok {
			if decl := c.decls[k]; decl != nil {
				e = decl
			}
		}
	}
	if c.done[e.Pos()] {
		return
	}
	t := &text{exact: true}
	c.build(t, e)
	if !known && !looksLikePolicy(t.value) {
		return
	}
	c.done[e.Pos()] = true
	c.found = append(c.found, found{text: t, at: e, kind: kind, known: known})
}

// build appends the value of the constant expression e to t, mapping
// each byte to its literal when there is one in this package.
func (c *collector) build(t *text, e ast.Expr) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		c.build(t, e.X)
		return
	case *ast.BasicLit:
		t.trimEnd()
		if t.appendLit(e) {
			return
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			c.build(t, e.X)
			c.build(t, e.Y)
			return
		}
	case *ast.Ident:
		if k, ok := c.pass.TypesInfo.Uses[e].(*types.Const); ok && c.decls[k] != nil {
			c.build(t, c.decls[k])
			return
		}
	}
	// Anything else: the constant's value, positioned at the expression.
	t.trimEnd()
	t.exact = false
	v := constant.StringVal(c.pass.TypesInfo.Types[e].Value)
	for i := range len(v) {
		t.value = append(t.value, v[i])
		t.pos = append(t.pos, e.Pos())
	}
	t.pos = append(t.pos, e.End())
}

// check parses one policy and reports the findings of every rule.
func check(pass *analysis.Pass, f found) {
	t := f.text
	file := pass.Fset.File(f.at.Pos())
	name := ""
	if file != nil {
		name = file.Name()
	}
	root, _, err := policy.ParseJSON(t.value)
	if err != nil {
		if f.known {
			var se *policy.SyntaxError
			pos := f.at.Pos()
			msg := err.Error()
			if errors.As(err, &se) {
				pos, msg = t.at(se.Pos.Offset), "invalid JSON: "+se.Msg
			}
			report(pass, f, analyzer.Diagnostic{Rule: analyzer.ParseErrorID, Message: msg}, pos, pos)
		}
		return
	}
	doc := policy.Build(root, name, f.kind)
	for _, d := range analyzer.Check(doc, rules.All(), catalog.Default(), &analyzer.Config{}) {
		start, end := t.at(d.Span.Start.Offset), t.at(d.Span.End.Offset)
		if d.Span.IsZero() || !t.exact {
			start, end = f.at.Pos(), f.at.End()
		}
		report(pass, f, d, start, end)
	}
}

// report reports one finding unless an iamlint:ignore comment suppresses it.
func report(pass *analysis.Pass, f found, d analyzer.Diagnostic, start, end token.Pos) {
	p := pass.Fset.Position(start)
	d.Span.Start.Line = p.Line
	if sup := analyzer.Match(ignoreComments(pass, p.Filename), &d); sup != nil {
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos:      start,
		End:      end,
		Category: d.Rule,
		Message:  fmt.Sprintf("%s: %s", d.Rule, d.Message),
		URL:      docsURL + d.Rule + ".md",
	})
}

// ignoreComments returns the iamlint:ignore comments of a Go file.
func ignoreComments(pass *analysis.Pass, filename string) []analyzer.IgnoreComment {
	src, err := pass.ReadFile(filename)
	if err != nil {
		return nil
	}
	return analyzer.ParseIgnoreComments(src)
}

// iamType returns the name of an aws-sdk-go-v2 IAM input type (or a
// pointer to one), or "".
func iamType(t types.Type) string {
	if t == nil {
		return ""
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != iamPkg {
		return ""
	}
	return named.Obj().Name()
}

// unwrap returns the constant string expression behind a field value:
// the argument of aws.String(c) (or any one-argument call of a constant),
// or the value itself.
func unwrap(pass *analysis.Pass, e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.CallExpr:
			// aws.String(c) and any other one-argument helper taking
			// the constant (ptr.String, lo.ToPtr ...).
			if len(x.Args) == 1 && isConstString(pass, x.Args[0]) {
				e = x.Args[0]
				continue
			}
		}
		return e
	}
}

// isConstString reports whether e is a constant expression of string type.
func isConstString(pass *analysis.Pass, e ast.Expr) bool {
	tv, ok := pass.TypesInfo.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.String
}

// constDecls maps the package's string constants to their declared
// expressions.
func constDecls(pass *analysis.Pass) map[*types.Const]ast.Expr {
	out := map[*types.Const]ast.Expr{}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						break // iota-style repetition: no expression of its own
					}
					if k, ok := pass.TypesInfo.Defs[name].(*types.Const); ok {
						out[k] = vs.Values[i]
					}
				}
			}
		}
	}
	return out
}

// looksLikePolicy is a quick test, before parsing, that a string may be a
// JSON policy document: an object naming a Statement.
func looksLikePolicy(v []byte) bool {
	s := strings.TrimSpace(string(v))
	return strings.HasPrefix(s, "{") && strings.Contains(s, `"Statement"`)
}
