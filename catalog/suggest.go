package catalog

import "strings"

// SuggestService returns the real service prefix nearest to prefix by edit
// distance, ignoring case, or "" when none is close enough to be a typo.
func (c *Catalog) SuggestService(prefix string) string {
	best, bestD := "", maxTypos(prefix)+1
	for _, s := range c.services {
		if d := distance(prefix, s.Prefix, bestD); d < bestD {
			best, bestD = s.Prefix, d
		}
	}
	return best
}

// SuggestAction returns the real action nearest to name ("s3:GetObjekt"
// gives "s3:GetObject"), or "". When the service part is unknown it looks in
// the nearest service ("s33:GetObject" gives "s3:GetObject").
func (c *Catalog) SuggestAction(name string) string {
	prefix, act, ok := strings.Cut(name, ":")
	if !ok {
		return ""
	}
	s := c.Service(prefix)
	if s == nil {
		if s = c.Service(c.SuggestService(prefix)); s == nil {
			return ""
		}
	}
	var best *Action
	bestD := maxTypos(act) + 1
	for _, a := range s.Actions {
		if d := distance(act, a.Name, bestD); d < bestD {
			best, bestD = a, d
		}
	}
	if best == nil {
		return ""
	}
	return best.String()
}

// maxTypos is how many edits still look like a typo of s.
func maxTypos(s string) int {
	switch {
	case len(s) <= 4:
		return 1
	case len(s) <= 10:
		return 2
	}
	return 3
}

// distance is the optimal string alignment distance between a and b (edits:
// insert, delete, substitute, swap two neighbours), ignoring ASCII case. It
// gives up and returns limit once the distance reaches limit.
func distance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	var buf [3 * 128]int
	rows := buf[:]
	if 3*(len(b)+1) > len(rows) {
		rows = make([]int, 3*(len(b)+1))
	}
	w := len(b) + 1
	prev2, prev, cur := rows[:w], rows[w:2*w], rows[2*w:3*w]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lower(a[i-1]) == lower(b[j-1]) {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && lower(a[i-1]) == lower(b[j-2]) && lower(a[i-2]) == lower(b[j-1]) {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// SuggestConditionKey returns the real condition key nearest to name
// ("aws:SourceIP" gives "aws:SourceIp", "aws:RequestTags/env" gives
// "aws:RequestTag/env"), or "". It looks among the global keys and the keys
// of the service the name's prefix names (or the nearest service).
func (c *Catalog) SuggestConditionKey(name string) string {
	prefix, _, ok := strings.Cut(name, ":")
	if !ok {
		return ""
	}
	candidates := c.globals
	if !strings.EqualFold(prefix, "aws") {
		s := c.Service(prefix)
		if s == nil {
			s = c.Service(c.SuggestService(prefix))
		}
		if s != nil {
			candidates = append(s.ConditionKeys[:len(s.ConditionKeys):len(s.ConditionKeys)], candidates...)
		}
	}
	best, bestD := "", maxTypos(name)+1
	for _, k := range candidates {
		want, have, suggestion := k.Name, name, k.Name
		// A templated key (aws:RequestTag/${TagKey}) is compared up to its
		// placeholder, and the suggestion keeps the name's own tag key.
		if i := strings.IndexAny(k.Name, "$<"); i > 0 {
			j := strings.IndexByte(name, '/')
			if j < 0 || k.Name[i-1] != '/' {
				continue
			}
			want, have, suggestion = k.Name[:i], name[:j+1], k.Name[:i]+name[j+1:]
		}
		if d := distance(have, want, bestD); d < bestD {
			best, bestD = suggestion, d
		}
	}
	return best
}
