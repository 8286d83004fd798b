package source

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/policy"
)

// Limits of the YAML converter: aliases are expanded, so a small file can
// describe a huge tree (an alias bomb). The tree may have at most
// yamlNodesPerByte nodes per byte of input (a YAML node takes at least a
// byte or two without aliases), at most maxYAMLNodes, and nest at most
// maxYAMLDepth deep.
const (
	maxYAMLNodes     = 1 << 20
	yamlNodesPerByte = 2
	maxYAMLDepth     = 256
)

// errYAMLTooLarge is returned for a tree over the limits.
var errYAMLTooLarge = errors.New("YAML tree too large or too deeply nested (alias expansion?); not read")

// parseYAML parses the first document of src into a positional tree. Short
// form tags of CloudFormation become one-member objects, as in the long form:
// !Ref X is {"Ref": "X"}, !GetAtt A.B is {"Fn::GetAtt": "A.B"}, with the
// member's key at the tag. Scalars are strings (CloudFormation reads every
// scalar as a string) except null. Aliases are expanded within the limits.
func parseYAML(src []byte) (*policy.Node, *policy.Lines, error) {
	lines := policy.NewLines(src)
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, lines, yamlError(err, lines)
	}
	c := &yamlConv{src: src, lines: lines, limit: min(maxYAMLNodes, yamlNodesPerByte*len(src)+1024)}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, lines, &Error{Msg: "empty YAML document"}
		}
		root = root.Content[0]
	}
	n, err := c.node(root, "", 0)
	if err != nil {
		return nil, lines, err
	}
	return n, lines, nil
}

// yamlError positions a yaml.v3 error ("yaml: line 3: ...").
func yamlError(err error, lines *policy.Lines) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pos := policy.Pos{}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ":"); ok {
			if ln, err := strconv.Atoi(num); err == nil && ln >= 1 && ln <= lines.LineCount() {
				pos = policy.Pos{Line: ln, Col: 1}
				msg = strings.TrimSpace(tail)
			}
		}
	}
	return &Error{Pos: pos, Msg: "invalid YAML: " + msg}
}

type yamlConv struct {
	src   []byte
	lines *policy.Lines
	count int
	limit int
}

// offset converts yaml.v3's 1-based line and column (counted in runes) to a
// byte offset.
func (c *yamlConv) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > c.lines.LineCount() {
		return len(c.src)
	}
	off := c.lines.Start(line)
	for i := 1; i < col && off < len(c.src) && c.src[off] != '\n'; i++ {
		_, size := utf8.DecodeRune(c.src[off:])
		off += size
	}
	return off
}

func (c *yamlConv) node(y *yaml.Node, ptr string, depth int) (*policy.Node, error) {
	c.count++
	if c.count > c.limit || depth > maxYAMLDepth {
		return nil, errYAMLTooLarge
	}
	if y.Kind == yaml.AliasNode {
		if y.Alias == nil {
			return &policy.Node{Kind: policy.Null, Pointer: ptr, Span: c.lines.Span(c.offset(y.Line, y.Column), c.offset(y.Line, y.Column))}, nil
		}
		return c.node(y.Alias, ptr, depth+1)
	}
	start := c.offset(y.Line, y.Column)
	if tag, ok := cfnTag(y.Tag); ok {
		// The node starts at the tag; its value after the tag.
		tagEnd := start
		for tagEnd < len(c.src) && !isYAMLSpace(c.src[tagEnd]) && c.src[tagEnd] != ',' && c.src[tagEnd] != ']' && c.src[tagEnd] != '}' {
			tagEnd++
		}
		inner := *y
		inner.Tag = ""
		valStart := tagEnd
		for valStart < len(c.src) && (c.src[valStart] == ' ' || c.src[valStart] == '\t') {
			valStart++
		}
		v, err := c.untagged(&inner, policy.ChildPointer(ptr, tag), depth+1, valStart)
		if err != nil {
			return nil, err
		}
		end := v.Span.End.Offset
		if end < tagEnd {
			end = tagEnd
		}
		return &policy.Node{
			Kind: policy.Object, Pointer: ptr, Span: c.lines.Span(start, end),
			Members: []*policy.Member{{Name: tag, KeySpan: c.lines.Span(start, tagEnd), Value: v}},
		}, nil
	}
	return c.untagged(y, ptr, depth, start)
}

func isYAMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// untagged converts a node whose value starts at byte offset start.
func (c *yamlConv) untagged(y *yaml.Node, ptr string, depth, start int) (*policy.Node, error) {
	n := &policy.Node{Pointer: ptr}
	switch y.Kind {
	case yaml.ScalarNode:
		end := c.scalarEnd(y, start)
		n.Span = c.lines.Span(start, end)
		n.Str = y.Value
		n.Kind = policy.String
		if y.ShortTag() == "!!null" && y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
			n.Kind = policy.Null
		}
		n.Quoted = y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && end-start >= 2
		return n, nil
	case yaml.MappingNode:
		n.Kind = policy.Object
		end := start
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			ks := c.offset(k.Line, k.Column)
			name := k.Value
			kn, err := c.untagged(k, ptr, depth+1, ks)
			if err != nil {
				return nil, err
			}
			val, err := c.node(v, policy.ChildPointer(ptr, name), depth+1)
			if err != nil {
				return nil, err
			}
			n.Members = append(n.Members, &policy.Member{Name: name, KeySpan: kn.Span, Value: val})
			end = max(end, val.Span.End.Offset)
		}
		if y.Style&yaml.FlowStyle != 0 {
			end = c.closing(end, '}')
		}
		n.Span = c.lines.Span(start, max(end, start))
		return n, nil
	case yaml.SequenceNode:
		n.Kind = policy.Array
		end := start
		for i, e := range y.Content {
			v, err := c.node(e, ptr+"/"+strconv.Itoa(i), depth+1)
			if err != nil {
				return nil, err
			}
			n.Elems = append(n.Elems, v)
			end = max(end, v.Span.End.Offset)
		}
		if y.Style&yaml.FlowStyle != 0 {
			end = c.closing(end, ']')
		}
		n.Span = c.lines.Span(start, max(end, start))
		return n, nil
	case yaml.DocumentNode:
		if len(y.Content) > 0 {
			return c.node(y.Content[0], ptr, depth+1)
		}
	}
	n.Kind = policy.Null
	n.Span = c.lines.Span(start, start)
	return n, nil
}

// closing finds the end of a flow collection: the offset after the closing
// bracket that follows end, skipping blanks, commas and comments.
func (c *yamlConv) closing(end int, bracket byte) int {
	i := end
	for i < len(c.src) {
		switch b := c.src[i]; {
		case b == bracket:
			return i + 1
		case isYAMLSpace(b) || b == ',' || b == '"' || b == '\'':
			i++
		case b == '#':
			for i < len(c.src) && c.src[i] != '\n' {
				i++
			}
		default:
			return end
		}
	}
	return end
}

// scalarEnd finds the end offset of a scalar starting at start.
func (c *yamlConv) scalarEnd(y *yaml.Node, start int) int {
	src := c.src
	if start >= len(src) {
		return len(src)
	}
	switch {
	case y.Style&yaml.DoubleQuotedStyle != 0 && src[start] == '"':
		for i := start + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(src)
	case y.Style&yaml.SingleQuotedStyle != 0 && src[start] == '\'':
		for i := start + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(src)
	case y.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return blockScalarEnd(src, start)
	}
	// Plain scalar: the value as written, when it is on one line.
	if v := y.Value; !strings.Contains(v, "\n") && start+len(v) <= len(src) && string(src[start:start+len(v)]) == v {
		return start + len(v)
	}
	i := start
	for i < len(src) && src[i] != '\n' && (src[i] != '#' || i == start || !isYAMLSpace(src[i-1])) {
		i++
	}
	for i > start && isYAMLSpace(src[i-1]) {
		i--
	}
	return i
}

// blockScalarEnd finds the end of a literal or folded block scalar whose
// indicator (| or >) is at start: the end of its last non-blank line.
func blockScalarEnd(src []byte, start int) int {
	i := start
	for i < len(src) && src[i] != '\n' {
		i++
	}
	end := i
	indent := -1
	for i < len(src) {
		lineStart := i + 1
		j := lineStart
		for j < len(src) && src[j] == ' ' {
			j++
		}
		lineEnd := j
		for lineEnd < len(src) && src[lineEnd] != '\n' {
			lineEnd++
		}
		blank := strings.TrimSpace(string(src[j:lineEnd])) == ""
		if !blank {
			if indent < 0 {
				indent = j - lineStart
			}
			if j-lineStart < indent || indent == 0 {
				break
			}
			end = lineEnd
			for end > j && (src[end-1] == ' ' || src[end-1] == '\r' || src[end-1] == '\t') {
				end--
			}
		}
		i = lineEnd
		if i >= len(src) {
			break
		}
	}
	return end
}

// cfnTag maps a CloudFormation short-form tag to the long form's key.
func cfnTag(tag string) (string, bool) {
	switch tag {
	case "!Ref":
		return "Ref", true
	case "!Condition":
		return "Condition", true
	case "!Sub", "!GetAtt", "!Join", "!If", "!Select", "!Split", "!FindInMap", "!ImportValue",
		"!Base64", "!Cidr", "!GetAZs", "!Equals", "!Not", "!And", "!Or", "!Transform",
		"!Length", "!ToJsonString", "!ForEach":
		return "Fn::" + tag[1:], true
	}
	return "", false
}
