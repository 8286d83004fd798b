package source

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/managed"
	"github.com/iamlint/iamlint/policy"
)

// Input is one file to read.
type Input struct {
	Path string
	Src  []byte
}

// maxTFDepth bounds the evaluation of references (locals referring to
// locals ...), which also stops cycles.
const maxTFDepth = 64

// maxHCLDepth bounds the nesting of brackets in a .tf file.
const maxHCLDepth = 512

// tooDeep returns the offset where brackets ((, [, {) nest deeper than limit,
// or -1. Quoted strings and comments are skipped.
func tooDeep(src []byte, limit int) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			for i++; i < len(src) && src[i] != '"' && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i < len(src) && src[i] != '\n' {
					i++
				}
			}
		case '(', '[', '{':
			if depth++; depth > limit {
				return i
			}
		case ')', ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return -1
}

// tfFile is one parsed .tf file of a module.
type tfFile struct {
	file *File
	body *hclsyntax.Body
}

// tfModule reads the .tf files of one folder together: references between
// resources, variables and locals resolve across its files.
type tfModule struct {
	files     []*tfFile
	variables map[string]tfDef
	locals    map[string]tfDef
	docs      map[string]*tfDataDoc // aws_iam_policy_document by name
	policies  map[string]tfDef      // data "aws_iam_policy" by name
	model     *tfModel
	// budget is how many more values may be converted: locals that refer
	// to each other twice over would otherwise expand exponentially.
	budget int
}

// tfDef is a variable's default or a local's expression (or a data
// block), in its file.
type tfDef struct {
	expr  hclsyntax.Expression
	file  *tfFile
	block *hclsyntax.Block
}

// tfDataDoc is a data "aws_iam_policy_document" block.
type tfDataDoc struct {
	block    *hclsyntax.Block
	file     *tfFile
	root     *policy.Node
	building bool
}

// ReadModule reads the Terraform files of one module (the .tf files of one
// folder) together. It returns a File (or an error) for each input, in
// order; the files share one identity model.
func ReadModule(inputs []Input, opts Options) ([]*File, []error) {
	_ = opts
	files := make([]*File, len(inputs))
	errs := make([]error, len(inputs))
	dir := ""
	if len(inputs) > 0 {
		dir = filepath.Dir(inputs[0].Path)
	}
	mod := &tfModule{variables: map[string]tfDef{}, locals: map[string]tfDef{}, docs: map[string]*tfDataDoc{},
		policies: map[string]tfDef{}, model: newTFModel(dir, "terraform")}
	for i, in := range inputs {
		if len(in.Src) > MaxFileSize {
			errs[i] = &Error{Path: in.Path, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit; not read", len(in.Src), MaxFileSize)}
			continue
		}
		lines := policy.NewLines(in.Src)
		if at := tooDeep(in.Src, maxHCLDepth); at >= 0 {
			// The HCL parser recurses once per level: bound it.
			errs[i] = &Error{Path: in.Path, Pos: lines.Pos(at), Msg: fmt.Sprintf("nesting deeper than %d levels; not read", maxHCLDepth)}
			continue
		}
		f, diags := hclsyntax.ParseConfig(in.Src, in.Path, hcl.InitialPos)
		if diags.HasErrors() {
			d := diags[0]
			e := &Error{Path: in.Path, Msg: "invalid Terraform: " + d.Summary}
			if d.Detail != "" {
				e.Msg += ": " + strings.TrimSuffix(d.Detail, ".")
			}
			if d.Subject != nil {
				e.Pos = lines.Pos(min(d.Subject.Start.Byte, len(in.Src)))
			}
			errs[i] = e
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			errs[i] = &Error{Path: in.Path, Msg: "not a Terraform file"}
			continue
		}
		files[i] = &File{Path: in.Path, Src: in.Src, Lines: lines, Format: "terraform", Account: mod.model.acct}
		mod.files = append(mod.files, &tfFile{file: files[i], body: body})
	}
	total := 0
	for _, in := range inputs {
		total += len(in.Src)
	}
	mod.budget = 4*total + 100_000
	mod.collect()
	mod.read()
	mod.model.acct.MarkBoundaries()
	// A module with no policy and no identity holds nothing of ours; when
	// it has some, each of its files is read (one may hold a finding, such
	// as a workload given an access key's secret).
	if !mod.hasIAM(files) {
		for i, f := range files {
			if f != nil {
				files[i], errs[i] = nil, ErrNotPolicy
			}
		}
	}
	for i := range files {
		if files[i] == nil && errs[i] == nil {
			errs[i] = ErrNotPolicy
		}
	}
	return files, errs
}

// hasIAM reports whether the module holds a policy document, an error in
// one, or an IAM resource.
func (m *tfModule) hasIAM(files []*File) bool {
	for _, f := range files {
		if f != nil && (len(f.Documents) > 0 || len(f.Errors) > 0) {
			return true
		}
	}
	for _, r := range m.model.res {
		if strings.HasPrefix(r.typ, "aws_iam_") {
			return true
		}
	}
	return false
}

// collect indexes the variables, locals and policy document data sources.
func (m *tfModule) collect() {
	for _, tf := range m.files {
		for _, b := range tf.body.Blocks {
			switch {
			case b.Type == "variable" && len(b.Labels) == 1:
				if a := b.Body.Attributes["default"]; a != nil {
					m.variables[b.Labels[0]] = tfDef{expr: a.Expr, file: tf}
				}
			case b.Type == "locals":
				for name, a := range b.Body.Attributes {
					m.locals[name] = tfDef{expr: a.Expr, file: tf}
				}
			case b.Type == "data" && len(b.Labels) == 2 && b.Labels[0] == "aws_iam_policy_document":
				m.docs[b.Labels[1]] = &tfDataDoc{block: b, file: tf}
			case b.Type == "data" && len(b.Labels) == 2 && b.Labels[0] == "aws_iam_policy":
				m.policies[b.Labels[1]] = tfDef{file: tf, block: b}
			}
		}
	}
}

// read converts every resource and builds the model, then emits the
// policy document data sources no resource used.
func (m *tfModule) read() {
	for _, tf := range m.files {
		for _, b := range tf.body.Blocks {
			if b.Type != "resource" || len(b.Labels) != 2 {
				continue
			}
			ev := &tfEval{mod: m, file: tf}
			r := &tfResource{
				addr: b.Labels[0] + "." + b.Labels[1], typ: b.Labels[0], file: tf.file,
				label: account.Loc{File: tf.file.Path, Span: ev.span(b.LabelRanges[1]), Pointer: "/" + b.Labels[0] + "/" + b.Labels[1]},
			}
			r.body = ev.body(b.Body, r.label.Pointer, 0)
			r.refs = ev.refs(b.Body)
			m.model.res = append(m.model.res, r)
		}
	}
	m.model.build()
	// Data sources that no resource used are documents of their own.
	names := make([]string, 0, len(m.docs))
	for name := range m.docs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		d := m.docs[name]
		root := m.dataDoc(d, 0)
		if root == nil || m.model.built[root] != nil {
			continue
		}
		doc := policy.Build(root, d.file.file.Path, 0)
		doc.Name = "data.aws_iam_policy_document." + name
		d.file.file.Documents = append(d.file.file.Documents, doc)
	}
}

// tfEval converts the expressions of one file into positional trees.
type tfEval struct {
	mod  *tfModule
	file *tfFile
}

func (ev *tfEval) span(r hcl.Range) policy.Span {
	n := len(ev.file.file.Src)
	return ev.file.file.Lines.Span(min(r.Start.Byte, n), min(r.End.Byte, n))
}

func (ev *tfEval) text(r hcl.Range) string {
	src := ev.file.file.Src
	return string(src[min(r.Start.Byte, len(src)):min(r.End.Byte, len(src))])
}

// body converts a block body: attributes in source order, then nested
// blocks as lists of objects.
func (ev *tfEval) body(b *hclsyntax.Body, ptr string, depth int) *policy.Node {
	n := &policy.Node{Kind: policy.Object, Pointer: ptr, Span: ev.span(b.SrcRange)}
	attrs := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		attrs = append(attrs, a)
	}
	slices.SortFunc(attrs, func(a, b *hclsyntax.Attribute) int { return a.SrcRange.Start.Byte - b.SrcRange.Start.Byte })
	for _, a := range attrs {
		p := policy.ChildPointer(ptr, a.Name)
		n.Members = append(n.Members, &policy.Member{Name: a.Name, KeySpan: ev.span(a.NameRange), Value: ev.expr(a.Expr, p, depth)})
	}
	for _, blk := range b.Blocks {
		if blk.Type == "dynamic" {
			continue
		}
		var list *policy.Node
		if m := n.Get(blk.Type); m != nil && m.Value.Kind == policy.Array {
			list = m.Value
		} else {
			list = &policy.Node{Kind: policy.Array, Pointer: policy.ChildPointer(ptr, blk.Type), Span: ev.span(blk.Range())}
			n.Members = append(n.Members, &policy.Member{Name: blk.Type, KeySpan: ev.span(blk.TypeRange), Value: list})
		}
		list.Elems = append(list.Elems, ev.body(blk.Body, list.Pointer+"/"+strconv.Itoa(len(list.Elems)), depth))
	}
	return n
}

// refs lists the references to resource attributes in a body.
func (ev *tfEval) refs(b *hclsyntax.Body) []tfRef {
	var out []tfRef
	_ = hclsyntax.VisitAll(b, func(node hclsyntax.Node) hcl.Diagnostics {
		st, ok := node.(*hclsyntax.ScopeTraversalExpr)
		if !ok || len(st.Traversal) < 3 {
			return nil
		}
		root := st.Traversal.RootName()
		switch root {
		case "var", "local", "data", "module", "each", "count", "path", "terraform", "self":
			return nil
		}
		name, ok1 := st.Traversal[1].(hcl.TraverseAttr)
		attr, ok2 := st.Traversal[2].(hcl.TraverseAttr)
		if !ok1 || !ok2 {
			if idx := 2; ok1 && len(st.Traversal) > 3 {
				if _, isIndex := st.Traversal[idx].(hcl.TraverseIndex); isIndex {
					attr, ok2 = st.Traversal[3].(hcl.TraverseAttr)
				}
			}
			if !ok1 || !ok2 {
				return nil
			}
		}
		out = append(out, tfRef{addr: root + "." + name.Name, attr: attr.Name,
			loc: account.Loc{File: ev.file.file.Path, Span: ev.span(st.SrcRange)}})
		return nil
	})
	return out
}

// emptyValue reports a known value that holds nothing: "", [], {} or null.
func emptyValue(n *policy.Node) bool {
	if n == nil || n.Unknown {
		return false
	}
	switch n.Kind {
	case policy.Null:
		return true
	case policy.String:
		return n.Str == ""
	case policy.Array:
		return len(n.Elems) == 0
	case policy.Object:
		return len(n.Members) == 0
	}
	return false
}

func (ev *tfEval) unknown(e hclsyntax.Expression, ptr, str, target string) *policy.Node {
	return &policy.Node{Kind: policy.String, Span: ev.span(e.Range()), Pointer: ptr, Str: str, Unknown: true, Target: target}
}

// expr converts an expression. Literals are known; jsonencode, objects and
// tuples are walked; references resolve to variables' defaults, locals and
// policy documents; anything else is evaluated when it needs no context,
// else unknown.
func (ev *tfEval) expr(e hclsyntax.Expression, ptr string, depth int) *policy.Node {
	ev.mod.budget--
	if depth > maxTFDepth || ev.mod.budget < 0 {
		return ev.unknown(e, ptr, ev.text(e.Range()), "")
	}
	switch x := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return ev.value(x.Val, e, ptr)
	case *hclsyntax.TemplateExpr:
		return ev.template(x, ptr, depth)
	case *hclsyntax.TemplateWrapExpr:
		return ev.expr(x.Wrapped, ptr, depth+1)
	case *hclsyntax.ObjectConsExpr:
		n := &policy.Node{Kind: policy.Object, Pointer: ptr, Span: ev.span(x.SrcRange)}
		for _, it := range x.Items {
			name, ok := ev.key(it.KeyExpr, depth)
			if !ok {
				// A key computed at apply time ("${local.oidc}:sub"): the
				// object holds more than the members read.
				n.Unknown, n.Str = true, ev.text(x.SrcRange)
				continue
			}
			n.Members = append(n.Members, &policy.Member{Name: name, KeySpan: ev.span(it.KeyExpr.Range()),
				Value: ev.expr(it.ValueExpr, policy.ChildPointer(ptr, name), depth+1)})
		}
		return n
	case *hclsyntax.TupleConsExpr:
		n := &policy.Node{Kind: policy.Array, Pointer: ptr, Span: ev.span(x.SrcRange)}
		for i, el := range x.Exprs {
			n.Elems = append(n.Elems, ev.expr(el, ptr+"/"+strconv.Itoa(i), depth+1))
		}
		return n
	case *hclsyntax.FunctionCallExpr:
		if x.Name == "jsonencode" && len(x.Args) == 1 {
			return ev.expr(x.Args[0], ptr, depth+1)
		}
	case *hclsyntax.ScopeTraversalExpr:
		return ev.traversal(x, ptr, depth)
	}
	if v, diags := e.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() {
		return ev.value(v, e, ptr)
	}
	return ev.unknown(e, ptr, ev.text(e.Range()), "")
}

// key reads an object key: a bare name, or an expression giving a string.
func (ev *tfEval) key(e hclsyntax.Expression, depth int) (string, bool) {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !k.ForceNonLiteral {
			if st, ok := k.Wrapped.(*hclsyntax.ScopeTraversalExpr); ok && len(st.Traversal) == 1 {
				return st.Traversal.RootName(), true
			}
		}
		e = k.Wrapped
	}
	n := ev.expr(e, "", depth+1)
	if s, ok := known(n); ok {
		return s, true
	}
	return "", false
}

// value converts a cty value to a tree spanning e.
func (ev *tfEval) value(v cty.Value, e hclsyntax.Expression, ptr string) *policy.Node {
	n := &policy.Node{Pointer: ptr, Span: ev.span(e.Range())}
	switch {
	case !v.IsKnown():
		return ev.unknown(e, ptr, ev.text(e.Range()), "")
	case v.IsNull():
		n.Kind, n.Str = policy.Null, "null"
	case v.Type() == cty.String:
		n.Kind, n.Str = policy.String, v.AsString()
		n.Quoted = bytes.HasPrefix([]byte(ev.text(e.Range())), []byte(`"`))
	case v.Type() == cty.Number:
		n.Kind, n.Str = policy.Number, v.AsBigFloat().Text('f', -1)
	case v.Type() == cty.Bool:
		n.Kind, n.Str = policy.Bool, strconv.FormatBool(v.True())
	case v.Type().IsTupleType() || v.Type().IsListType() || v.Type().IsSetType():
		n.Kind = policy.Array
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			_, ev2 := it.Element()
			n.Elems = append(n.Elems, ev.value(ev2, e, ptr+"/"+strconv.Itoa(i)))
		}
	case v.Type().IsObjectType() || v.Type().IsMapType():
		n.Kind = policy.Object
		for it := v.ElementIterator(); it.Next(); {
			k, ev2 := it.Element()
			n.Members = append(n.Members, &policy.Member{Name: k.AsString(), KeySpan: n.Span, Value: ev.value(ev2, e, policy.ChildPointer(ptr, k.AsString()))})
		}
	default:
		return ev.unknown(e, ptr, ev.text(e.Range()), "")
	}
	return n
}

// template converts a string template: a literal string, a heredoc (its
// span is its content, so JSON in it is positioned), or an interpolation.
func (ev *tfEval) template(x *hclsyntax.TemplateExpr, ptr string, depth int) *policy.Node {
	raw := ev.text(x.SrcRange)
	heredoc := strings.HasPrefix(raw, "<<")
	span := ev.span(x.SrcRange)
	if heredoc {
		start := x.SrcRange.Start.Byte + strings.IndexByte(raw, '\n') + 1
		end := x.SrcRange.End.Byte
		src := ev.file.file.Src
		end = min(end, len(src))
		// The closing marker is the last line.
		if i := bytes.LastIndexByte(src[start:end], '\n'); i >= 0 {
			end = start + i
		}
		if start > end {
			start = end
		}
		span = ev.file.file.Lines.Span(start, end)
	}
	var sb strings.Builder
	isKnown := true
	for _, p := range x.Parts {
		v := ev.expr(p, ptr, depth+1)
		s, ok := known(v)
		if !ok {
			isKnown = false
			break
		}
		sb.WriteString(s)
	}
	if isKnown {
		n := &policy.Node{Kind: policy.String, Pointer: ptr, Span: span, Str: sb.String()}
		n.Quoted = !heredoc && len(x.Parts) <= 1 && strings.HasPrefix(raw, `"`)
		if len(x.Parts) > 1 && !heredoc {
			// Interpolated values: the span is the whole string, quotes
			// included, and the text differs from the source.
			n.Quoted = false
		}
		return n
	}
	str := strings.TrimSuffix(strings.TrimPrefix(raw, `"`), `"`)
	target := ""
	if len(x.Parts) == 1 {
		if inner := ev.expr(x.Parts[0], ptr, depth+1); inner.Unknown {
			str, target = inner.Str, inner.Target
		}
	}
	if heredoc {
		str = string(ev.file.file.Src[span.Start.Offset:span.End.Offset])
	}
	return &policy.Node{Kind: policy.String, Pointer: ptr, Span: span, Str: str, Unknown: true, Target: target}
}

// traversal resolves a reference.
func (ev *tfEval) traversal(x *hclsyntax.ScopeTraversalExpr, ptr string, depth int) *policy.Node {
	tr := x.Traversal
	root := tr.RootName()
	attrs := make([]string, 0, len(tr)-1)
	for _, t := range tr[1:] {
		switch s := t.(type) {
		case hcl.TraverseAttr:
			attrs = append(attrs, s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String {
				attrs = append(attrs, s.Key.AsString())
			} else if s.Key.Type() == cty.Number {
				bf := s.Key.AsBigFloat()
				i, _ := bf.Int64()
				attrs = append(attrs, strconv.FormatInt(i, 10))
			}
		}
	}
	text := "${" + ev.text(x.SrcRange) + "}"
	switch root {
	case "var", "local":
		if len(attrs) == 0 {
			break
		}
		defs := ev.mod.variables
		if root == "local" {
			defs = ev.mod.locals
		}
		def, ok := defs[attrs[0]]
		if !ok {
			break
		}
		sub := &tfEval{mod: ev.mod, file: def.file}
		n := sub.expr(def.expr, ptr, depth+1)
		if root == "var" && emptyValue(n) {
			// An empty default ("", [], {}, null) marks an optional input
			// that callers set: its value is not known.
			return ev.unknown(x, ptr, text, "")
		}
		for _, a := range attrs[1:] {
			n = step(n, a)
			if n == nil {
				return ev.unknown(x, ptr, text, "")
			}
		}
		if def.file != ev.file {
			n = respan(n, ev.span(x.SrcRange))
		}
		return n
	case "data":
		if len(attrs) >= 3 && attrs[0] == "aws_iam_policy_document" && (attrs[2] == "json" || attrs[2] == "minified_json") {
			if d := ev.mod.docs[attrs[1]]; d != nil {
				if n := ev.mod.dataDoc(d, depth+1); n != nil {
					ev.mod.model.origin[n] = d.file.file
					return n
				}
			}
		}
		if len(attrs) >= 3 && attrs[0] == "aws_iam_policy" && attrs[2] == "arn" {
			if arn := ev.mod.dataPolicyARN(attrs[1], depth); arn != "" {
				return &policy.Node{Kind: policy.String, Str: arn, Span: ev.span(x.SrcRange), Pointer: ptr}
			}
		}
		if len(attrs) >= 1 {
			return ev.unknown(x, ptr, text, attrs[0])
		}
	case "each", "count", "path", "terraform", "self", "module":
	default:
		return ev.unknown(x, ptr, text, root)
	}
	return ev.unknown(x, ptr, text, "")
}

// step follows one attribute or index into a tree.
func step(n *policy.Node, a string) *policy.Node {
	switch n.Kind {
	case policy.Object:
		if m := n.Get(a); m != nil {
			return m.Value
		}
	case policy.Array:
		if i, err := strconv.Atoi(a); err == nil && i >= 0 && i < len(n.Elems) {
			return n.Elems[i]
		}
	}
	return nil
}

// respan copies a tree with every span set to s: a value defined in another
// file, located at the reference that uses it.
func respan(n *policy.Node, s policy.Span) *policy.Node {
	out := *n
	out.Span = s
	out.Quoted = false
	if n.Members != nil {
		out.Members = make([]*policy.Member, len(n.Members))
		for i, m := range n.Members {
			out.Members[i] = &policy.Member{Name: m.Name, KeySpan: s, Value: respan(m.Value, s)}
		}
	}
	if n.Elems != nil {
		out.Elems = make([]*policy.Node, len(n.Elems))
		for i, e := range n.Elems {
			out.Elems[i] = respan(e, s)
		}
	}
	return &out
}

// dataPolicyARN resolves data "aws_iam_policy" NAME to its ARN: its arn
// argument, or its name when that is an AWS managed policy.
func (m *tfModule) dataPolicyARN(name string, depth int) string {
	d, ok := m.policies[name]
	if !ok {
		return ""
	}
	ev := &tfEval{mod: m, file: d.file}
	if a := d.block.Body.Attributes["arn"]; a != nil {
		s, _ := known(ev.expr(a.Expr, "", depth+1))
		return s
	}
	if a := d.block.Body.Attributes["name"]; a != nil {
		if s, ok := known(ev.expr(a.Expr, "", depth+1)); ok {
			if p := managed.Default().Lookup(s); p != nil {
				return p.ARN
			}
		}
	}
	return ""
}
