package source

import (
	"github.com/iamlint/iamlint/policy"
)

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
