package graph_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/graph"
	"github.com/iamlint/iamlint/source"
)

// load reads one input of a fixture into its identity model.
func load(t *testing.T, fixture, name string) *account.Account {
	t.Helper()
	ar, err := txtar.ParseFile("../fixtures/rules/privilege-escalation-path/" + fixture)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name != name {
			continue
		}
		got, err := source.Read(f.Name, f.Data, source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return got.Account
	}
	t.Fatalf("%s has no %s", fixture, name)
	return nil
}

// edge finds the edge from one node to another, becoming or empowering.
func edge(g *graph.Graph, from, to string) *graph.Edge {
	f := g.Find(from)
	if f == nil {
		return nil
	}
	for _, e := range slices.Concat(f.Empower, f.Out) {
		if e.To.Label() == to {
			return e
		}
	}
	return nil
}

func TestEdges(t *testing.T) {
	t.Parallel()
	g := graph.Build(load(t, "bad.txtar", "auth.json"))
	if g.Account != "111122223333" {
		t.Errorf("account %q", g.Account)
	}
	for _, tc := range []struct {
		from, to string
		kind     graph.EdgeKind
		action   string
		cond     bool
	}{
		{"user/alice", "role/deployer", graph.Assume, "sts:AssumeRole", false},
		{"user/bob", "role/ops-admin", graph.Assume, "sts:AssumeRole", false},
		{"user/leo", "role/ops-admin", graph.Assume, "sts:AssumeRole", true},
		{"role/deployer", "role/lambda-admin", graph.PassRole, "lambda:CreateFunction", false},
		{"user/kate", "role/ec2-admin", graph.PassRole, "ec2:RunInstances", false},
		{"user/carol", "user/root-admin", graph.CreateAccessKey, "iam:CreateAccessKey", false},
		{"user/dave", "user/root-admin", graph.LoginProfile, "iam:UpdateLoginProfile", false},
		{"user/erin", "role/ops-admin", graph.UpdateTrust, "iam:UpdateAssumeRolePolicy", false},
		{"user/frank", "role/app", graph.WritePolicy, "iam:AttachRolePolicy", false},
		{"user/gina", "role/batch", graph.PolicyVersion, "iam:CreatePolicyVersion", false},
		{"role/support", "user/ivan", graph.AddToGroup, "iam:AddUserToGroup", false},
		{"role/group-editor", "user/mia", graph.GroupPolicy, "iam:PutGroupPolicy", false},
	} {
		e := edge(g, tc.from, tc.to)
		if e == nil {
			t.Errorf("no edge %s → %s", tc.from, tc.to)
			continue
		}
		if e.Kind != tc.kind || e.Action != tc.action || e.Conditional != tc.cond {
			t.Errorf("%s → %s: kind %d action %s conditional %v, want %d %s %v", tc.from, tc.to, e.Kind, e.Action, e.Conditional, tc.kind, tc.action, tc.cond)
		}
		if g := e.Grants(); len(g) == 0 || g[0].Loc.Span.Start.Line == 0 {
			t.Errorf("%s → %s: no located grant", tc.from, tc.to)
		}
	}
	// Passing a role needs the role to trust the service: deployer may
	// pass any role to Lambda, but only lambda-admin trusts Lambda.
	if e := edge(g, "role/deployer", "role/app"); e != nil {
		t.Errorf("unexpected edge %s", e.Text())
	}
	for _, name := range []string{"user/root-admin", "role/lambda-admin", "role/ops-admin", "role/ec2-admin"} {
		if n := g.Find(name); n == nil || n.Admin == nil {
			t.Errorf("%s is not an administrator", name)
		}
	}
}

func TestEscalationPaths(t *testing.T) {
	t.Parallel()
	g := graph.Build(load(t, "bad.txtar", "auth.json"))
	got := map[string]string{}
	for _, p := range g.EscalationPaths() {
		got[p.Start.Label()] = p.String()
	}
	want := map[string]string{
		"user/alice": "user/alice → assumes role/deployer → passes role/lambda-admin to lambda:CreateFunction → admin",
		"user/ivan":  "user/ivan → assumes role/support → adds user/ivan to group/admins → admin",
		"user/frank": "user/frank → attaches a managed policy to role/app → assumes role/app → admin",
		"user/leo":   "user/leo → assumes role/ops-admin (if conditions allow) → admin",
	}
	for start, w := range want {
		if got[start] != w {
			t.Errorf("path of %s:\n got %q\nwant %q", start, got[start], w)
		}
	}
	if len(got) != 12 {
		t.Errorf("%d paths, want 12: %v", len(got), got)
	}
}

func TestBlocked(t *testing.T) {
	t.Parallel()
	a := load(t, "ok.txtar", "auth.json")
	if paths := graph.Build(a).EscalationPaths(); len(paths) != 0 {
		t.Fatalf("paths in ok.txtar: %v", paths)
	}
	// Without her boundary, mallory reaches ops-admin: the boundary is
	// what blocks her.
	for _, u := range a.Users {
		if u.Name == "mallory" {
			u.Boundary = nil
		}
	}
	paths := graph.Build(a).EscalationPaths()
	if len(paths) != 1 || paths[0].String() != "user/mallory → assumes role/ops-admin → admin" {
		t.Errorf("without the boundary: %v", paths)
	}
}

func TestTemplate(t *testing.T) {
	t.Parallel()
	g := graph.Build(load(t, "bad.txtar", "template.yaml"))
	if g.Account != graph.PlaceholderAccount {
		t.Errorf("account %q", g.Account)
	}
	n := g.Find("user/Builder")
	if n == nil || !n.AccessKeys || n.ARN != "arn:aws:iam::000000000000:user/Builder" {
		t.Fatalf("Builder: %+v", n)
	}
	paths := g.EscalationPaths()
	if len(paths) != 1 || paths[0].String() != "user/Builder → assumes role/ReleaseRole → admin" {
		t.Errorf("paths: %v", paths)
	}
}

func TestWhoCan(t *testing.T) {
	t.Parallel()
	g := graph.Build(load(t, "bad.txtar", "auth.json"))
	got := map[string]*graph.Access{}
	for _, a := range g.WhoCan("batch:SubmitJob", "arn:aws:batch:us-east-1:111122223333:job-queue/q") {
		got[a.Path.Start.Label()] = a
	}
	if a := got["role/batch"]; a == nil || len(a.Path.Steps) != 0 || len(a.Allowed) == 0 || a.ViaAdmin {
		t.Errorf("role/batch: %+v", a)
	}
	if a := got["user/gina"]; a == nil || !strings.Contains(a.Path.Text("allowed"), "assumes role/batch") {
		t.Errorf("user/gina: %+v", a)
	}
	// lambda-admin is allowed directly, as an administrator.
	if a := got["user/alice"]; a == nil || a.ViaAdmin || a.Path.Last().Label() != "role/lambda-admin" {
		t.Errorf("user/alice: %+v", a)
	}
	if a := got["role/lambda-admin"]; a == nil || len(a.Path.Steps) != 0 {
		t.Errorf("role/lambda-admin: %+v", a)
	}
}

func TestCrossAccount(t *testing.T) {
	t.Parallel()
	ar, err := txtar.ParseFile("../fixtures/graph/cross-account.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var models []*account.Account
	for _, f := range ar.Files {
		got, err := source.Read(f.Name, f.Data, source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		models = append(models, got.Account)
	}
	var got []string
	for _, p := range graph.Build(models...).EscalationPaths() {
		got = append(got, p.String())
	}
	want := []string{"user/auditor → assumes role/central-admin → admin"}
	if !slices.Equal(got, want) {
		t.Errorf("paths %q, want %q", got, want)
	}
	// Each dump alone has no path.
	for _, m := range models {
		if ps := graph.Build(m).EscalationPaths(); len(ps) != 0 {
			t.Errorf("%s alone: %v", m.Source, ps)
		}
	}
}
