package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// source is the part of the npm package the catalog keeps.
type source struct {
	Package, Version, Date string
	Services               []*service
	Globals                []key
}

type service struct {
	Prefix, Name  string
	ResourceTypes []resourceType
	Keys          []key
	Actions       []action
}

type resourceType struct {
	Name, ARN string
	Keys      []string
}

type key struct{ Name, Type string }

type action struct {
	Name, Access string
	Resources    []actionResource
	Keys         []string
	Dependent    []string
}

type actionResource struct {
	Name      string
	Required  bool
	Keys      []string
	Dependent []string
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func readSource(root string) (*source, error) {
	var pkg struct{ Name, Version, UpdatedAt string }
	if err := readJSON(filepath.Join(root, "package.json"), &pkg); err != nil {
		return nil, err
	}
	date, _, _ := strings.Cut(pkg.UpdatedAt, "T")
	src := &source{Package: pkg.Name, Version: pkg.Version, Date: date}
	data := filepath.Join(root, "data")
	var prefixes []string
	if err := readJSON(filepath.Join(data, "services.json"), &prefixes); err != nil {
		return nil, err
	}
	var names map[string]string
	if err := readJSON(filepath.Join(data, "serviceNames.json"), &names); err != nil {
		return nil, err
	}
	for _, p := range prefixes {
		s, err := readService(data, p, names[p])
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", p, err)
		}
		src.Services = append(src.Services, s)
	}
	slices.SortFunc(src.Services, func(a, b *service) int { return byLower(a.Prefix, b.Prefix) })
	g, err := readGlobals(filepath.Join(root, "dist", "esm", "globalConditionKeys.js"))
	if err != nil {
		return nil, err
	}
	src.Globals = g
	return src, nil
}

func readService(data, prefix, name string) (*service, error) {
	s := &service{Prefix: prefix, Name: name}
	var rts map[string]struct {
		Key, Arn      string
		ConditionKeys []string
	}
	if err := readJSON(filepath.Join(data, "resourceTypes", prefix+".json"), &rts); err != nil {
		return nil, err
	}
	for _, rt := range rts {
		s.ResourceTypes = append(s.ResourceTypes, resourceType{rt.Key, rt.Arn, sortedKeys(rt.ConditionKeys)})
	}
	slices.SortFunc(s.ResourceTypes, func(a, b resourceType) int { return byLower(a.Name, b.Name) })
	var keys map[string]struct{ Key, Type string }
	if err := readJSON(filepath.Join(data, "conditionKeys", prefix+".json"), &keys); err != nil {
		return nil, err
	}
	for _, k := range keys {
		s.Keys = append(s.Keys, key{k.Key, k.Type})
	}
	slices.SortFunc(s.Keys, func(a, b key) int { return byLower(a.Name, b.Name) })
	var acts map[string]struct {
		Name, AccessLevel string
		ResourceTypes     []struct {
			Name                            string
			Required                        bool
			ConditionKeys, DependentActions []string
		}
		ConditionKeys, DependentActions []string
	}
	if err := readJSON(filepath.Join(data, "actions", prefix+".json"), &acts); err != nil {
		return nil, err
	}
	for _, a := range acts {
		act := action{Name: a.Name, Access: a.AccessLevel, Keys: sortedKeys(a.ConditionKeys), Dependent: sortedKeys(a.DependentActions)}
		for _, r := range a.ResourceTypes {
			act.Resources = append(act.Resources, actionResource{r.Name, r.Required, sortedKeys(r.ConditionKeys), sortedKeys(r.DependentActions)})
		}
		slices.SortFunc(act.Resources, func(a, b actionResource) int { return byLower(a.Name, b.Name) })
		s.Actions = append(s.Actions, act)
	}
	slices.SortFunc(s.Actions, func(a, b action) int { return byLower(a.Name, b.Name) })
	for i := 1; i < len(s.Actions); i++ {
		if strings.EqualFold(s.Actions[i-1].Name, s.Actions[i].Name) {
			return nil, fmt.Errorf("duplicate action %s", s.Actions[i].Name)
		}
	}
	return s, nil
}

var (
	globalKeyRE  = regexp.MustCompile(`key:\s*'([^']*)'`)
	globalTypeRE = regexp.MustCompile(`type:\s*'([^']*)'`)
)

// readGlobals extracts the global keys (key and type) from the package's
// compiled module; the package ships them only as JavaScript. It spells tag
// keys "aws:PrincipalTag/tag-key" where the service data says
// "aws:PrincipalTag/${TagKey}": the catalog uses the latter throughout.
func readGlobals(path string) ([]key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ks := globalKeyRE.FindAllSubmatch(b, -1)
	ts := globalTypeRE.FindAllSubmatch(b, -1)
	if len(ks) == 0 || len(ks) != len(ts) {
		return nil, fmt.Errorf("%s: found %d keys and %d types", path, len(ks), len(ts))
	}
	var out []key
	seen := map[string]bool{}
	for i := range ks {
		name := string(ks[i][1])
		if p, ok := strings.CutSuffix(name, "/tag-key"); ok {
			name = p + "/${TagKey}"
		}
		if seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		out = append(out, key{name, string(ts[i][1])})
	}
	slices.SortFunc(out, func(a, b key) int { return byLower(a.Name, b.Name) })
	return out, nil
}

func byLower(a, b string) int {
	return cmp.Or(strings.Compare(strings.ToLower(a), strings.ToLower(b)), strings.Compare(a, b))
}

func sortedKeys(s []string) []string {
	s = slices.Clone(s)
	slices.SortFunc(s, byLower)
	return slices.Compact(s)
}
