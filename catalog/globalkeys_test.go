package catalog

import (
	"regexp"
	"strings"
	"testing"
)

var (
	awsKeyRE     = regexp.MustCompile(`^aws:[A-Za-z0-9]+(/\$\{TagKey\})?$`)
	serviceKeyRE = regexp.MustCompile(`^(ec2|glue|lambda|ssm|identitystore):[A-Za-z0-9]+$`)
)

// TestGlobalKeysSpelledAsAWS checks the hand-written table against the
// global keys of the source data, case-sensitively, and against the shape of
// AWS's key names.
func TestGlobalKeysSpelledAsAWS(t *testing.T) {
	t.Parallel()
	c := Default()
	source := map[string]sourceKey{}
	for _, k := range c.sourceGlobals {
		source[strings.ToLower(k.name)] = k
	}
	table := map[string]bool{}
	for _, g := range globalKeys {
		low := strings.ToLower(g.name)
		if table[low] {
			t.Errorf("%s listed twice", g.name)
		}
		table[low] = true
		if !awsKeyRE.MatchString(g.name) && !serviceKeyRE.MatchString(g.name) {
			t.Errorf("%s is not shaped like an AWS global key", g.name)
		}
		s, ok := source[low]
		if !ok {
			continue
		}
		if s.name != g.name {
			t.Errorf("table spells %s, AWS spells %s", g.name, s.name)
		}
		var k ConditionKey
		k.setType(s.typ)
		if k.Type != g.typ || k.MultiValued != g.multi {
			t.Errorf("%s: table says %v (multi %v), source says %v (multi %v)", g.name, g.typ, g.multi, k.Type, k.MultiValued)
		}
	}
	for low, s := range source {
		if !table[low] {
			t.Errorf("source global key %s is missing from globalKeys: add it", s.name)
		}
	}
	for _, want := range []string{"aws:SourceIp", "aws:PrincipalOrgID", "aws:ViaAWSService", "aws:SecureTransport", "aws:CalledVia"} {
		if !table[strings.ToLower(want)] {
			t.Errorf("table lacks %s", want)
		}
	}
}

// TestServiceKeysAgreeWithGlobals checks that the aws: keys services list
// resolve to the global table with the same spelling.
func TestServiceKeysAgreeWithGlobals(t *testing.T) {
	t.Parallel()
	c := Default()
	for _, s := range c.Services() {
		for _, k := range s.ConditionKeys {
			if !strings.HasPrefix(k.Name, "aws:") {
				continue
			}
			g := c.GlobalKey(k.Name)
			if g == nil {
				t.Errorf("%s lists %s, which is not a global key", s.Prefix, k.Name)
				continue
			}
			if g.Name != k.Name || !k.Global {
				t.Errorf("%s lists %s (global %v); the table says %s", s.Prefix, k.Name, k.Global, g.Name)
			}
		}
	}
}
