package source

import (
	"errors"

	"github.com/iamlint/iamlint/policy"
)

// readJSON reads a file holding one raw policy document.
func readJSON(path string, src []byte, opts Options) (*File, error) {
	root, lines, err := policy.ParseJSON(src)
	if err != nil {
		var se *policy.SyntaxError
		if errors.As(err, &se) {
			return nil, &Error{Path: path, Pos: se.Pos, Msg: "invalid JSON: " + se.Msg}
		}
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	if !isPolicy(root) {
		return nil, ErrNotPolicy
	}
	doc := policy.Build(root, path, opts.Kind)
	return &File{Path: path, Src: src, Lines: lines, Format: "json", Documents: []*policy.Document{doc}}, nil
}

// isPolicy reports whether a JSON tree looks like a policy document: an
// object with a Statement, or a Version and nothing that says it is another
// format. A misspelt Statement still counts when Version is a policy version.
func isPolicy(root *policy.Node) bool {
	if root.Kind != policy.Object {
		return false
	}
	if root.Get("Statement") != nil {
		return true
	}
	v := root.Get("Version")
	if v == nil || v.Value.Kind != policy.String {
		return false
	}
	return v.Value.Str == "2012-10-17" || v.Value.Str == "2008-10-17"
}
