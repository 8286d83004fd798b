package catalog

// MatchPattern reports whether s matches the IAM glob pattern, ignoring ASCII
// case: * matches any run of characters (also none), ? exactly one. This is
// how IAM matches action names. It runs in O(len(pattern)·len(s)) at worst
// and does not allocate.
func MatchPattern(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || lower(pattern[p]) == lower(s[i])):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
