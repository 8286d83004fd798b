package account

import "testing"

func TestAWSManaged(t *testing.T) {
	t.Parallel()
	p := AWSManaged("arn:aws:iam::aws:policy/AdministratorAccess")
	if p == nil || !p.AWSManaged || p.Name != "AdministratorAccess" || p.Doc == nil || len(p.Doc.Statements) == 0 {
		t.Fatalf("AdministratorAccess: %+v", p)
	}
	if AWSManaged("arn:aws:iam::aws:policy/AdministratorAccess") != p {
		t.Error("parsed twice")
	}
	for _, ref := range []string{"arn:aws:iam::111122223333:policy/AdministratorAccess", "arn:aws:iam::aws:policy/NoSuchPolicy", "AdministratorAccess"} {
		if AWSManaged(ref) != nil {
			t.Errorf("%s resolved", ref)
		}
	}
}

func TestIndex(t *testing.T) {
	t.Parallel()
	a := &Account{}
	x := NewIndex()
	r := &Role{Principal: Principal{Entity: Entity{ID: "AppRole", Name: "app", ARN: "arn:aws:iam::111122223333:role/app"}}}
	x.AddRole(a, r)
	for _, k := range []string{"AppRole", "app", "arn:aws:iam::111122223333:role/app"} {
		if x.Role(k) != r {
			t.Errorf("Role(%q) not found", k)
		}
	}
	mp := &ManagedPolicy{Entity: Entity{ID: "P", ARN: "arn:aws:iam::111122223333:policy/p"}}
	x.AddPolicy(a, mp)
	if x.Policy("P") != mp || x.Policy("arn:aws:iam::aws:policy/ReadOnlyAccess") == nil {
		t.Error("Policy lookups")
	}
	if at := x.Attach("P", true, Loc{}); at.Policy != nil {
		t.Error("an unknown reference must not resolve")
	}
	u, g := &User{}, &Group{}
	Join(u, g, Loc{})
	if len(u.Groups) != 1 || len(g.Members) != 1 || u.Groups[0] != g.Members[0] {
		t.Error("Join")
	}
}
