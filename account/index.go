package account

import (
	"strings"
	"sync"

	"github.com/iamlint/iamlint/managed"
	"github.com/iamlint/iamlint/policy"
)

// Index finds the entities of a model by any of their keys (ID, name, ARN),
// for readers linking references while they build.
type Index struct {
	users    map[string]*User
	groups   map[string]*Group
	roles    map[string]*Role
	policies map[string]*ManagedPolicy
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{users: map[string]*User{}, groups: map[string]*Group{}, roles: map[string]*Role{}, policies: map[string]*ManagedPolicy{}}
}

func keysOf(e *Entity) []string {
	var out []string
	for _, k := range []string{e.ID, e.Name, e.ARN} {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

func add[T any](m map[string]T, v T, keys []string) {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
}

// AddUser adds u to the model and the index.
func (x *Index) AddUser(a *Account, u *User) {
	a.Users = append(a.Users, u)
	add(x.users, u, keysOf(&u.Entity))
}

// AddGroup adds g to the model and the index.
func (x *Index) AddGroup(a *Account, g *Group) {
	a.Groups = append(a.Groups, g)
	add(x.groups, g, keysOf(&g.Entity))
}

// AddRole adds r to the model and the index.
func (x *Index) AddRole(a *Account, r *Role) {
	a.Roles = append(a.Roles, r)
	add(x.roles, r, keysOf(&r.Entity))
}

// AddPolicy adds p to the model and the index.
func (x *Index) AddPolicy(a *Account, p *ManagedPolicy) {
	a.Policies = append(a.Policies, p)
	add(x.policies, p, keysOf(&p.Entity))
}

// User finds a user by key.
func (x *Index) User(key string) *User { return x.users[key] }

// Group finds a group by key.
func (x *Index) Group(key string) *Group { return x.groups[key] }

// Role finds a role by key.
func (x *Index) Role(key string) *Role { return x.roles[key] }

// Policy finds a managed policy by key; an AWS managed policy ARN not in
// the model resolves through the embedded set.
func (x *Index) Policy(key string) *ManagedPolicy {
	if p := x.policies[key]; p != nil {
		return p
	}
	return AWSManaged(key)
}

// Join adds u to g at loc.
func Join(u *User, g *Group, loc Loc) {
	m := &Membership{User: u, Group: g, Loc: loc}
	u.Groups = append(u.Groups, m)
	g.Members = append(g.Members, m)
}

// Attach resolves ref through x and returns the attachment.
func (x *Index) Attach(ref string, unknown bool, loc Loc) *Attachment {
	at := &Attachment{Ref: ref, Loc: loc}
	if !unknown {
		at.Policy = x.Policy(ref)
	}
	return at
}

var awsManaged sync.Map // ARN -> *ManagedPolicy

// AWSManaged returns the AWS managed policy an ARN names, from the embedded
// set, or nil. Its document is parsed once and shared; its File is the
// ARN.
func AWSManaged(arn string) *ManagedPolicy {
	if !strings.Contains(arn, ":aws:policy/") {
		return nil
	}
	if v, ok := awsManaged.Load(arn); ok {
		return v.(*ManagedPolicy)
	}
	p := managed.Default().Lookup(arn)
	if p == nil {
		return nil
	}
	mp := &ManagedPolicy{Entity: Entity{ID: p.Name, Name: p.Name, ARN: p.ARN}, AWSManaged: true}
	if root, _, err := policy.ParseJSON(p.Document); err == nil {
		mp.Doc = policy.Build(root, p.ARN, policy.Identity)
	}
	v, _ := awsManaged.LoadOrStore(arn, mp)
	return v.(*ManagedPolicy)
}
