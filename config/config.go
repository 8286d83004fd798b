package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/analyzer"
)

// FileName is the name of the configuration file; [Find] also accepts
// AltFileName.
const (
	FileName    = ".iamlint.yml"
	AltFileName = ".iamlint.yaml"
)

// maxSize bounds the configuration file read.
const maxSize = 1 << 20

// Config is a configuration file's content.
type Config struct {
	// Path is the file read, "" for the empty configuration.
	Path string
	// Dir is the folder paths and globs are relative to.
	Dir string

	// Enable, when not empty, runs only these rules; Disable drops rules.
	Enable  []string
	Disable []string
	// Severity overrides rules' severities.
	Severity map[string]analyzer.Severity
	// TrustedAccounts are the user's own AWS account IDs.
	TrustedAccounts []string
	// FailOn is the lowest severity that fails the run; 0 when unset.
	FailOn analyzer.Severity
	// IgnorePaths are files and folders not linted.
	IgnorePaths []Glob
	// Suppressions ignore findings by path, rule and Sid.
	Suppressions []Suppression
	// Overrides change the rules for some paths, in order.
	Overrides []Override
}

// Override changes which rules run, and their severity, for some paths.
type Override struct {
	Paths    []Glob
	Enable   []string
	Disable  []string
	Severity map[string]analyzer.Severity
}

// Suppression ignores the findings of some rules in some files, for a
// reason; with Sids, only in the statements with these Sids.
type Suppression struct {
	Paths  []Glob
	Rules  []string
	Sids   []string
	Reason string
	// Line is where the entry is in the configuration file.
	Line int
}

// Find returns the configuration file for a run over start: FileName (or
// AltFileName) in start's folder or the nearest folder above it, or "" when
// there is none.
func Find(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("find %s: %w", FileName, err)
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		for _, name := range []string{FileName, AltFileName} {
			p := filepath.Join(dir, name)
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p, nil
			}
		}
		if filepath.Dir(dir) == dir {
			return "", nil
		}
	}
}

// Load reads and checks a configuration file; known lists the rule IDs.
func Load(path string, known []string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	defer func() { _ = f.Close() }() // read only
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read configuration %s: %w", path, err)
	}
	if len(data) > maxSize {
		return nil, fmt.Errorf("configuration %s is over %d bytes", path, maxSize)
	}
	return Parse(path, data, known)
}

// Parse reads a configuration from data; name is its path, used in errors
// and as the base of relative paths. known lists the rule IDs. Every
// problem is reported, each as "name:line:col: message".
func Parse(name string, data []byte, known []string) (*Config, error) {
	dir := filepath.Dir(name)
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	c := &Config{Path: name, Dir: dir}
	p := &parser{name: name, known: known}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	p.mapping(root, map[string]func(*yaml.Node){
		"enable":           func(n *yaml.Node) { c.Enable = p.rules(n) },
		"disable":          func(n *yaml.Node) { c.Disable = p.rules(n) },
		"severity":         func(n *yaml.Node) { c.Severity = p.severities(n) },
		"trusted-accounts": func(n *yaml.Node) { c.TrustedAccounts = p.accounts(n) },
		"fail-on":          func(n *yaml.Node) { c.FailOn = p.severity(n) },
		"ignore-paths":     func(n *yaml.Node) { c.IgnorePaths = p.globs(n) },
		"suppressions": func(n *yaml.Node) {
			for _, item := range p.sequence(n) {
				c.Suppressions = append(c.Suppressions, p.suppression(item))
			}
		},
		"overrides": func(n *yaml.Node) {
			for _, item := range p.sequence(n) {
				c.Overrides = append(c.Overrides, p.override(item))
			}
		},
	})
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return c, nil
}

// parser collects the problems of one file.
type parser struct {
	name  string
	known []string
	errs  []error
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s:%d:%d: %s", p.name, n.Line, n.Column, fmt.Sprintf(format, args...)))
}

// mapping calls the handler of each key of a mapping node, reporting
// unknown and repeated keys.
func (p *parser) mapping(n *yaml.Node, keys map[string]func(*yaml.Node)) {
	if n.Kind == yaml.AliasNode {
		p.errorf(n, "aliases are not supported")
		return
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "want a mapping of keys to values, not %s", describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind == yaml.AliasNode {
			p.errorf(v, "aliases are not supported")
			continue
		}
		h, ok := keys[k.Value]
		switch {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, "want a key name, not %s", describe(k))
		case !ok:
			names := make([]string, 0, len(keys))
			for name := range keys {
				names = append(names, name)
			}
			slices.Sort(names)
			p.errorf(k, "unknown key %q: want one of %s", k.Value, strings.Join(names, ", "))
		case seen[k.Value]:
			p.errorf(k, "key %q is already set above", k.Value)
		default:
			seen[k.Value] = true
			h(v)
		}
	}
}

// sequence returns the items of a sequence node.
func (p *parser) sequence(n *yaml.Node) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "want a list, not %s", describe(n))
		return nil
	}
	return n.Content
}

// strings reads one string or a list of strings.
func (p *parser) strings(n *yaml.Node) []*yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return []*yaml.Node{n}
	}
	var out []*yaml.Node
	for _, item := range p.sequence(n) {
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			p.errorf(item, "want a string, not %s", describe(item))
			continue
		}
		out = append(out, item)
	}
	return out
}

func (p *parser) rules(n *yaml.Node) []string {
	var out []string
	for _, item := range p.strings(n) {
		if p.rule(item) {
			out = append(out, item.Value)
		}
	}
	return out
}

func (p *parser) rule(n *yaml.Node) bool {
	if !slices.Contains(p.known, n.Value) {
		p.errorf(n, "unknown rule %q (iamlint rules lists them)", n.Value)
		return false
	}
	return true
}

func (p *parser) severity(n *yaml.Node) analyzer.Severity {
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "want a severity, not %s", describe(n))
		return 0
	}
	s, err := analyzer.ParseSeverity(n.Value)
	if err != nil {
		p.errorf(n, "%v", err)
	}
	return s
}

func (p *parser) severities(n *yaml.Node) map[string]analyzer.Severity {
	out := map[string]analyzer.Severity{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "want a mapping of rule IDs to severities, not %s", describe(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !p.rule(k) {
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.errorf(k, "severity of %s is already set above", k.Value)
		}
		if s := p.severity(v); s != 0 {
			out[k.Value] = s
		}
	}
	return out
}

var accountRE = regexp.MustCompile(`^\d{12}$`)

func (p *parser) accounts(n *yaml.Node) []string {
	var out []string
	for _, item := range p.strings(n) {
		if !accountRE.MatchString(item.Value) {
			p.errorf(item, "%q is not an AWS account ID (12 digits; quote it so YAML keeps leading zeros)", item.Value)
			continue
		}
		out = append(out, item.Value)
	}
	return out
}

func (p *parser) globs(n *yaml.Node) []Glob {
	var out []Glob
	for _, item := range p.strings(n) {
		g, err := NewGlob(item.Value)
		if err != nil {
			p.errorf(item, "%v", err)
			continue
		}
		out = append(out, g)
	}
	return out
}

func (p *parser) override(n *yaml.Node) Override {
	var o Override
	p.mapping(n, map[string]func(*yaml.Node){
		"paths":    func(v *yaml.Node) { o.Paths = p.globs(v) },
		"enable":   func(v *yaml.Node) { o.Enable = p.rules(v) },
		"disable":  func(v *yaml.Node) { o.Disable = p.rules(v) },
		"severity": func(v *yaml.Node) { o.Severity = p.severities(v) },
	})
	if n.Kind == yaml.MappingNode && len(o.Paths) == 0 && !hasKey(n, "paths") {
		p.errorf(n, "override needs paths: the globs it applies to")
	}
	return o
}

func (p *parser) suppression(n *yaml.Node) Suppression {
	s := Suppression{Line: n.Line}
	sids := func(v *yaml.Node) {
		for _, item := range p.strings(v) {
			s.Sids = append(s.Sids, item.Value)
		}
	}
	p.mapping(n, map[string]func(*yaml.Node){
		"paths": func(v *yaml.Node) { s.Paths = p.globs(v) },
		"rules": func(v *yaml.Node) { s.Rules = p.rules(v) },
		"sids":  sids,
		"reason": func(v *yaml.Node) {
			if v.Kind != yaml.ScalarNode {
				p.errorf(v, "want a reason, not %s", describe(v))
				return
			}
			s.Reason = strings.TrimSpace(v.Value)
			if s.Reason == "" {
				p.errorf(v, "reason is empty: say why these findings are acceptable")
			}
		},
	})
	if n.Kind == yaml.MappingNode {
		for _, req := range []string{"paths", "rules", "reason"} {
			if !hasKey(n, req) {
				p.errorf(n, "suppression needs %s (paths, rules and a reason; sids is optional)", req)
			}
		}
	}
	return s
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// describe names the kind of a node for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}
