package config

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Glob is a path pattern: segments separated by "/", where "**" matches
// any number of segments (none included) and other segments are
// path.Match patterns ("*", "?", "[a-z]"). A pattern without "/" matches
// at any depth, like "**/pattern". A pattern that matches a folder matches
// every file under it.
type Glob struct {
	pattern string
	parts   []string
}

// NewGlob checks and compiles a pattern.
func NewGlob(pattern string) (Glob, error) {
	p := strings.TrimPrefix(filepath.ToSlash(strings.TrimSpace(pattern)), "./")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return Glob{}, fmt.Errorf("empty path pattern")
	}
	if strings.HasPrefix(p, "/") {
		return Glob{}, fmt.Errorf("path pattern %q is absolute: write it relative to the folder of the configuration file", pattern)
	}
	if !strings.Contains(p, "/") && p != "**" {
		p = "**/" + p
	}
	parts := strings.Split(p, "/")
	for _, part := range parts {
		if part == "**" {
			continue
		}
		if _, err := path.Match(part, ""); err != nil {
			return Glob{}, fmt.Errorf("bad path pattern %q: %w", pattern, err)
		}
	}
	return Glob{pattern: pattern, parts: parts}, nil
}

// String is the pattern as written.
func (g Glob) String() string { return g.pattern }

// Match reports whether the slash-separated relative path, or a folder
// holding it, matches the pattern.
func (g Glob) Match(rel string) bool {
	segs := strings.Split(strings.TrimPrefix(path.Clean(rel), "./"), "/")
	for n := 1; n <= len(segs); n++ {
		if matchParts(g.parts, segs[:n]) {
			return true
		}
	}
	return false
}

func matchParts(parts, segs []string) bool {
	for len(parts) > 0 {
		if parts[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchParts(parts[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(parts[0], segs[0]); !ok {
			return false
		}
		parts, segs = parts[1:], segs[1:]
	}
	return len(segs) == 0
}
