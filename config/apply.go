package config

import (
	"path/filepath"
	"slices"

	"github.com/iamlint/iamlint/analyzer"
)

// Rules returns the rules a run needs: the rules enabled at the top level
// or by an override, with the severities set at the top level. Rules
// disabled for some paths only run and have their findings dropped there
// by [Config.Apply].
func (c *Config) Rules(all []*analyzer.Rule) []*analyzer.Rule {
	var out []*analyzer.Rule
	for _, r := range all {
		on := c.enabled(r.ID)
		for _, o := range c.Overrides {
			on = on || slices.Contains(o.Enable, r.ID)
		}
		if !on {
			continue
		}
		if s, ok := c.Severity[r.ID]; ok {
			clone := *r
			clone.Severity = s
			r = &clone
		}
		out = append(out, r)
	}
	return out
}

// enabled reports whether the top level enables a rule.
func (c *Config) enabled(id string) bool {
	return (len(c.Enable) == 0 || slices.Contains(c.Enable, id)) && !slices.Contains(c.Disable, id)
}

// Ignored reports whether a path is under an ignore-paths pattern.
func (c *Config) Ignored(path string) bool {
	rel := c.rel(path)
	for _, g := range c.IgnorePaths {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// Apply drops the files under ignore-paths and their findings, drops the
// findings of rules disabled for their path, and sets severities.
func (c *Config) Apply(res *analyzer.Result) {
	if len(c.IgnorePaths) > 0 {
		res.Files = slices.DeleteFunc(res.Files, func(f *analyzer.FileResult) bool { return c.Ignored(f.Path) })
	}
	out := res.Diagnostics[:0]
	for _, d := range res.Diagnostics {
		if c.Ignored(d.File) {
			continue
		}
		on, sev := c.enabled(d.Rule), c.Severity[d.Rule]
		if len(c.Overrides) > 0 {
			rel := c.rel(d.File)
			for _, o := range c.Overrides {
				if !matchAny(o.Paths, rel) {
					continue
				}
				if slices.Contains(o.Disable, d.Rule) {
					on = false
				}
				if slices.Contains(o.Enable, d.Rule) {
					on = true
				}
				if s, ok := o.Severity[d.Rule]; ok {
					sev = s
				}
			}
		}
		if !on {
			continue
		}
		if sev != 0 {
			d.Severity = sev
		}
		out = append(out, d)
	}
	res.Diagnostics = out
}

// External returns the configuration's suppression of a finding, or nil:
// the first entry whose paths, rules and (when it names any) Sids match.
func (c *Config) External(d *analyzer.Diagnostic) *analyzer.Suppression {
	if len(c.Suppressions) == 0 {
		return nil
	}
	rel := c.rel(d.File)
	for _, s := range c.Suppressions {
		if !slices.Contains(s.Rules, d.Rule) || !matchAny(s.Paths, rel) {
			continue
		}
		if len(s.Sids) > 0 && !slices.Contains(s.Sids, d.Sid) {
			continue
		}
		return &analyzer.Suppression{Kind: analyzer.External, Justification: s.Reason}
	}
	return nil
}

func matchAny(globs []Glob, rel string) bool {
	for _, g := range globs {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// rel is path relative to the configuration's folder, with forward
// slashes; a path outside it stays as given.
func (c *Config) rel(path string) string {
	if c.Dir != "" {
		if abs, err := filepath.Abs(path); err == nil {
			if r, err := filepath.Rel(c.Dir, abs); err == nil && filepath.IsLocal(r) {
				return filepath.ToSlash(r)
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(path))
}
