// Package account is the identity model: the users, groups, roles and
// instance profiles of one template, Terraform module, plan or account
// dump, with their memberships, trust policies, inline and managed
// policies, permissions boundaries and access keys.
//
// The readers in package source build it while they read (each knows how
// its format names and references identities); rules read it through an
// account-level analyzer pass. Every entity and every link keeps the [Loc]
// of the element that declares it, so a finding can point at the cause and
// list the other elements involved.
package account

import (
	"time"

	"github.com/iamlint/iamlint/policy"
)

// Loc is a place in an input file.
type Loc struct {
	File    string
	Span    policy.Span
	Pointer string
}

// NodeLoc is the location of a node.
func NodeLoc(file string, n *policy.Node) Loc {
	if n == nil {
		return Loc{File: file}
	}
	return Loc{File: file, Span: n.Span, Pointer: n.Pointer}
}

// MemberLoc is the location of a member's name.
func MemberLoc(file string, m *policy.Member) Loc {
	if m == nil {
		return Loc{File: file}
	}
	return Loc{File: file, Span: m.KeySpan, Pointer: m.Value.Pointer}
}

// Account is the identity model of one input: a CloudFormation template, a
// Terraform module (folder), a Terraform plan or an account dump.
type Account struct {
	// Source names the input: the template, module folder, plan or dump.
	Source string
	// Format is the reader that built it: cloudformation, terraform,
	// tfplan or authdetails.
	Format string
	// Complete reports a snapshot of a whole account (an account
	// authorization details dump): what it does not list does not exist,
	// so group memberships are fully known.
	Complete bool

	Users            []*User
	Groups           []*Group
	Roles            []*Role
	InstanceProfiles []*InstanceProfile
	Policies         []*ManagedPolicy
	AccessKeys       []*AccessKey
}

// MarkBoundaries gives the kind [policy.Boundary] to the documents of the
// input's own managed policies that are used only as permissions
// boundaries. A boundary caps what a user or role may do and grants
// nothing, so the rules about what a policy grants (wildcards, exposure,
// escalation) do not apply to it. A policy also attached to a principal
// keeps its kind. Readers call it once the model is linked.
func (a *Account) MarkBoundaries() {
	attached := map[*ManagedPolicy]bool{}
	bounds := map[*ManagedPolicy]bool{}
	see := func(p *Principal) {
		for _, at := range p.Attached {
			if at.Policy != nil {
				attached[at.Policy] = true
			}
		}
		if p.Boundary != nil && p.Boundary.Policy != nil {
			bounds[p.Boundary.Policy] = true
		}
	}
	for _, u := range a.Users {
		see(&u.Principal)
	}
	for _, g := range a.Groups {
		see(&g.Principal)
	}
	for _, r := range a.Roles {
		see(&r.Principal)
	}
	for _, p := range a.Policies {
		if bounds[p] && !attached[p] && !p.AWSManaged && p.Doc != nil && p.Doc.Kind == policy.Identity {
			p.Doc.Kind = policy.Boundary
		}
	}
}

// Entity is what every identity and policy has.
type Entity struct {
	// ID is how the input names it: a logical ID, a Terraform address, or
	// the IAM name in a dump.
	ID string
	// Name is the IAM name when known ("" when generated or unknown).
	Name string
	// ARN when known.
	ARN string
	// Loc is where it is declared (the logical ID, the resource block's
	// label, the dump's name field).
	Loc Loc
	// Created is the creation date, when the input says (dumps).
	Created time.Time
}

// Label is the most readable name of the entity.
func (e *Entity) Label() string {
	if e.Name != "" {
		return e.Name
	}
	return e.ID
}

// Principal is an identity that policies attach to: a user, group or role.
type Principal struct {
	Entity
	Inline   []*InlinePolicy
	Attached []*Attachment
	// Boundary is the permissions boundary, nil when none (users and
	// roles only).
	Boundary *Attachment
}

// User is an IAM user.
type User struct {
	Principal
	Groups     []*Membership
	AccessKeys []*AccessKey
	// LoginProfile reports a console password, when known.
	LoginProfile bool
}

// Group is an IAM group.
type Group struct {
	Principal
	Members []*Membership
	// MembersKnown reports that Members is the whole membership (from a
	// complete dump, or an exclusive Terraform aws_iam_group_membership).
	MembersKnown bool
}

// Membership links a user and a group, at the element that adds it.
type Membership struct {
	User  *User
	Group *Group
	Loc   Loc
}

// Role is an IAM role.
type Role struct {
	Principal
	// Trust is the trust policy (AssumeRolePolicyDocument), nil when
	// unknown.
	Trust *policy.Document
	// LastUsed is RoleLastUsed.LastUsedDate; zero when never used or
	// unknown. LastUsedKnown reports that the input tells (dumps).
	LastUsed      time.Time
	LastUsedKnown bool
	// LastUsedLoc is where RoleLastUsed is written, when it is.
	LastUsedLoc      Loc
	InstanceProfiles []*InstanceProfile
}

// InstanceProfile carries one role to EC2 instances.
type InstanceProfile struct {
	Entity
	Roles []*ProfileRole
}

// ProfileRole is a role of an instance profile, at the element naming it.
type ProfileRole struct {
	Role *Role
	// Ref is the role as written, when it names no role of the model.
	Ref string
	Loc Loc
}

// InlinePolicy is a policy embedded in one principal.
type InlinePolicy struct {
	Name string
	// Loc is the element that declares it (the policy's name, resource or
	// list entry).
	Loc Loc
	Doc *policy.Document
}

// ManagedPolicy is a customer managed policy of the input, or an AWS
// managed policy resolved from the embedded set.
type ManagedPolicy struct {
	Entity
	// AWSManaged reports a policy of the embedded AWS managed set.
	AWSManaged bool
	Doc        *policy.Document
}

// Attachment links a managed policy (or a boundary) to a principal.
type Attachment struct {
	// Policy is the attached policy when it resolves (a policy of the
	// input, or an AWS managed policy); nil otherwise.
	Policy *ManagedPolicy
	// Ref is the policy as written: an ARN, a name, a reference.
	Ref string
	// Loc is the element that attaches it.
	Loc Loc
}

// Name is the attached policy's name, or its reference.
func (a *Attachment) Name() string {
	if a.Policy != nil {
		return a.Policy.Label()
	}
	return a.Ref
}

// AccessKey is a long-term access key of a user.
type AccessKey struct {
	Entity
	User *User
	// UserRef is the user as written, when it names no user of the model.
	UserRef string
	// Flows are the places its secret is handed to.
	Flows []*SecretFlow
}

// SecretFlow is an access key's secret handed to a workload.
type SecretFlow struct {
	// Loc is the reference to the secret.
	Loc Loc
	// Workload is the resource that receives it (logical ID or address)
	// and Kind what it is: "Lambda function environment", "EC2 user data".
	Workload string
	Kind     string
}
