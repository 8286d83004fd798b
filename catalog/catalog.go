package catalog

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// Catalog is a loaded set of IAM facts. It is safe for concurrent use.
type Catalog struct {
	info     Info
	services []*Service

	// globals is the merged global key table, sorted by name ignoring case;
	// sourceGlobals the global keys as the source file lists them.
	globals       []*ConditionKey
	sourceGlobals []sourceKey

	keysOnce sync.Once
	keys     keyIndex

	arnOnce  sync.Once
	arnTypes arnTypeIndex

	byPrefix map[string]*Service // by prefix as AWS spells it
}

// Info describes where a catalog's facts come from and how many there are.
type Info struct {
	Package, Version, Date                                      string // the npm package, its version, its updatedAt date
	Services, Actions, ResourceTypes, ConditionKeys, GlobalKeys int
}

//go:embed catalog.bin.gz
var embedded []byte

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := load(embedded)
	if err != nil {
		panic("catalog: embedded catalog.bin.gz is corrupt: " + err.Error())
	}
	return c
})

// Default returns the embedded catalog, loading it on first use.
func Default() *Catalog { return defaultCatalog() }

// Info returns the catalog's source and counts.
func (c *Catalog) Info() Info { return c.info }

// Services returns every service, sorted by prefix. The slice is shared:
// do not modify it.
func (c *Catalog) Services() []*Service { return c.services }

// Service returns the service with the prefix, ignoring case, or nil.
func (c *Catalog) Service(prefix string) *Service {
	if s := c.byPrefix[prefix]; s != nil {
		return s // spelled as AWS spells it, the common case
	}
	i, ok := slices.BinarySearchFunc(c.services, prefix, func(s *Service, p string) int {
		return compareFold(s.Prefix, p)
	})
	if !ok {
		return nil
	}
	return c.services[i]
}

// Action returns the action named "prefix:Name", ignoring case, or nil.
func (c *Catalog) Action(name string) *Action {
	prefix, act, ok := strings.Cut(name, ":")
	if !ok {
		return nil
	}
	if s := c.Service(prefix); s != nil {
		return s.Action(act)
	}
	return nil
}

// Expand returns the actions an IAM action pattern matches: "s3:Get*",
// "s3:*", "*", "s3:?etObject", "*:GetObject". Matching ignores case; * is
// any run of characters and ? any one. The result is sorted by service
// prefix, then action name, without duplicates.
func (c *Catalog) Expand(pattern string) []*Action {
	svcPat, actPat, ok := strings.Cut(pattern, ":")
	if !ok {
		return c.expandWhole(pattern)
	}
	services := c.services
	if !strings.ContainsAny(svcPat, "*?") {
		// The common case, "s3:GetObject" or "s3:Get*": one service.
		s := c.Service(svcPat)
		if s == nil {
			return nil
		}
		services = []*Service{s}
	}
	var out []*Action
	literal := !strings.ContainsAny(actPat, "*?")
	for _, s := range services {
		if len(services) > 1 && !MatchPattern(svcPat, s.Prefix) {
			continue
		}
		if literal {
			if a := s.Action(actPat); a != nil {
				out = append(out, a)
			}
			continue
		}
		if actPat == "*" {
			out = append(out, s.Actions...)
			continue
		}
		for _, a := range s.Actions {
			if MatchPattern(actPat, a.Name) {
				out = append(out, a)
			}
		}
	}
	return out
}

// expandWhole matches a pattern without a colon ("*", "s3*") against whole
// "prefix:Name" strings.
func (c *Catalog) expandWhole(pattern string) []*Action {
	var out []*Action
	var buf []byte
	for _, s := range c.services {
		for _, a := range s.Actions {
			if pattern == "*" {
				out = append(out, a)
				continue
			}
			buf = append(append(append(buf[:0], s.Prefix...), ':'), a.Name...)
			if MatchPattern(pattern, string(buf)) {
				out = append(out, a)
			}
		}
	}
	return out
}

// Action returns the service's action with the name, ignoring case, or nil.
func (s *Service) Action(name string) *Action {
	// Most names are spelled as AWS spells them: look them up in a map
	// first (rules look up actions by the thousand), then ignoring case.
	s.exactOnce.Do(func() {
		s.exact = make(map[string]*Action, len(s.Actions))
		for _, a := range s.Actions {
			s.exact[a.Name] = a
		}
	})
	if a := s.exact[name]; a != nil {
		return a
	}
	i, ok := slices.BinarySearchFunc(s.Actions, name, func(a *Action, n string) int {
		return compareFold(a.Name, n)
	})
	if !ok {
		return nil
	}
	return s.Actions[i]
}

// ResourceType returns the service's resource type with the name, ignoring
// case, or nil.
func (s *Service) ResourceType(name string) *ResourceType {
	i, ok := slices.BinarySearchFunc(s.ResourceTypes, name, func(rt *ResourceType, n string) int {
		return compareFold(rt.Name, n)
	})
	if !ok {
		return nil
	}
	return s.ResourceTypes[i]
}

// finish marks the service keys that are global keys and counts.
func (c *Catalog) finish() {
	c.info.Services = len(c.services)
	c.info.GlobalKeys = len(c.globals)
	c.byPrefix = make(map[string]*Service, len(c.services))
	for _, s := range c.services {
		c.byPrefix[s.Prefix] = s
		c.info.Actions += len(s.Actions)
		c.info.ResourceTypes += len(s.ResourceTypes)
		c.info.ConditionKeys += len(s.ConditionKeys)
		for _, k := range s.ConditionKeys {
			if g := c.globalExact(k.Name); g != nil {
				k.Global, k.Variable = true, g.Variable
			}
		}
	}
}

// compareFold compares ASCII case-insensitively without allocating. The
// generator sorts by the same order (ties broken exactly), so lookups can
// binary-search with it.
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		x, y := lower(a[i]), lower(b[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
