package catalog

import (
	"slices"
	"strings"
)

// sourceKey is a global key as the source file lists it: name and type byte.
type sourceKey struct {
	name string
	typ  byte
}

// mergeGlobals joins the source's global keys with the hand-written table.
// The table's spelling, multi-valued and variable flags win; the source's
// type wins where it has the key.
func mergeGlobals(src []sourceKey) []*ConditionKey {
	byName := map[string]*ConditionKey{}
	for _, g := range globalKeys {
		byName[strings.ToLower(g.name)] = &ConditionKey{
			Name: g.name, Type: g.typ, MultiValued: g.multi, Global: true, Variable: !g.multi,
		}
	}
	for _, s := range src {
		k := byName[strings.ToLower(s.name)]
		if k == nil {
			k = &ConditionKey{Name: s.name, Global: true}
			k.setType(s.typ)
			k.Variable = !k.MultiValued
			byName[strings.ToLower(s.name)] = k
			continue
		}
		var t ConditionKey
		t.setType(s.typ)
		k.Type = t.Type
	}
	out := make([]*ConditionKey, 0, len(byName))
	for _, k := range byName {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b *ConditionKey) int { return compareFold(a.Name, b.Name) })
	return out
}

// globalExact finds a global key by its exact name, ignoring case.
func (c *Catalog) globalExact(name string) *ConditionKey {
	i, ok := slices.BinarySearchFunc(c.globals, name, func(k *ConditionKey, n string) int {
		return compareFold(k.Name, n)
	})
	if !ok {
		return nil
	}
	return c.globals[i]
}

// GlobalKey returns the global (or cross-service) condition key with the
// name, ignoring case, or nil. A tag key resolves to its template:
// "aws:PrincipalTag/team" returns aws:PrincipalTag/${TagKey}.
func (c *Catalog) GlobalKey(name string) *ConditionKey {
	if k := c.globalExact(name); k != nil {
		return k
	}
	c.index()
	return c.keys.template(name, true)
}

// ConditionKey returns the global or service condition key with the name,
// ignoring case, or nil. Templated keys resolve: "aws:RequestTag/Env"
// returns aws:RequestTag/${TagKey} and "s3:ExistingObjectTag/x" returns
// s3:ExistingObjectTag/<key>.
func (c *Catalog) ConditionKey(name string) *ConditionKey {
	if k := c.globalExact(name); k != nil {
		return k
	}
	c.index()
	if k := c.keys.exact[strings.ToLower(name)]; k != nil {
		return k
	}
	return c.keys.template(name, false)
}

// keyIndex finds service keys by name; built on first use.
type keyIndex struct {
	exact     map[string]*ConditionKey // lowercased name
	templates []keyTemplate
}

// keyTemplate is a key with placeholders (${TagKey}, <key>, ${Domain}),
// split into its lowercased literal parts; each placeholder matches one or
// more characters.
type keyTemplate struct {
	parts []string
	key   *ConditionKey
}

func (c *Catalog) index() {
	c.keysOnce.Do(func() {
		x := keyIndex{exact: map[string]*ConditionKey{}}
		seen := map[string]bool{}
		add := func(k *ConditionKey) {
			low := strings.ToLower(k.Name)
			if seen[low] {
				return
			}
			seen[low] = true
			if parts, ok := splitTemplate(low); ok {
				x.templates = append(x.templates, keyTemplate{parts, k})
				return
			}
			x.exact[low] = k
		}
		for _, k := range c.globals {
			add(k)
		}
		for _, s := range c.services {
			for _, k := range s.ConditionKeys {
				add(k)
			}
		}
		c.keys = x
	})
}

// splitTemplate splits a key at its placeholders, "${...}" or "<...>".
// Two services write their tag keys otherwise, and those are placeholders
// too: secretsmanager:ResourceTag/tag-key and ssm:resourceTag/tag-key,
// and glacier:ResourceTag/ with nothing after the slash.
func splitTemplate(name string) ([]string, bool) {
	if base, ok := strings.CutSuffix(name, "tag/tag-key"); ok {
		return []string{base + "tag/", ""}, true
	}
	if strings.HasSuffix(name, "tag/") {
		return []string{name, ""}, true
	}
	var parts []string
	for {
		i := strings.IndexAny(name, "$<")
		if i < 0 {
			break
		}
		end := ">"
		if name[i] == '$' {
			if !strings.HasPrefix(name[i:], "${") {
				break
			}
			end = "}"
		}
		j := strings.Index(name[i:], end)
		if j < 0 {
			break
		}
		parts = append(parts, name[:i])
		name = name[i+j+1:]
	}
	if parts == nil {
		return nil, false
	}
	return append(parts, name), true
}

func (x *keyIndex) template(name string, globalOnly bool) *ConditionKey {
	low := strings.ToLower(name)
	for _, t := range x.templates {
		if globalOnly && !t.key.Global {
			continue
		}
		if matchParts(t.parts, low) {
			return t.key
		}
	}
	return nil
}

// matchParts reports whether s is parts[0] P parts[1] P ... parts[n-1],
// where each P is one or more characters. Taking each literal part at its
// leftmost possible place is optimal, so no backtracking is needed.
func matchParts(parts []string, s string) bool {
	first, last := parts[0], parts[len(parts)-1]
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	for _, p := range parts[1 : len(parts)-1] {
		if len(s) < 1 {
			return false
		}
		i := strings.Index(s[1:], p)
		if i < 0 {
			return false
		}
		s = s[1+i+len(p):]
	}
	return len(s) > len(last) && strings.HasSuffix(s, last)
}
