package source

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/policy"
)

// isAuthDetails reports the output of aws iam
// get-account-authorization-details.
func isAuthDetails(root *policy.Node) bool {
	if root.Kind != policy.Object {
		return false
	}
	for _, k := range []string{"UserDetailList", "GroupDetailList", "RoleDetailList"} {
		if m := root.Get(k); m != nil && m.Value.Kind == policy.Array {
			return true
		}
	}
	return false
}

// authReader reads an account authorization details dump.
type authReader struct {
	path  string
	src   []byte
	lines *policy.Lines
	file  *File
	acct  *account.Account
	index *account.Index
	// profiles seen, by name and ARN: each role lists its profiles.
	profiles map[string]bool
	// accountID is the dumped account's ID, from the ARNs.
	accountID string
}

// readAuthDetails reads the identities and policies of a dump. Documents
// are JSON objects or URL-encoded JSON strings (as the API returns them);
// of a managed policy's versions only the default one is read. AWS managed
// policies listed in the dump are not linted (they are AWS's) but resolve
// attachments.
func readAuthDetails(path string, src []byte, lines *policy.Lines, root *policy.Node) *File {
	a := &authReader{path: path, src: src, lines: lines,
		acct:  &account.Account{Source: path, Format: "authdetails", Complete: true},
		index: account.NewIndex(), profiles: map[string]bool{}}
	a.file = &File{Path: path, Src: src, Lines: lines, Format: "authdetails", Account: a.acct}
	a.accountID = dumpAccount(root)
	// Policies first, so attachments resolve to them.
	for _, p := range elems(root, "Policies") {
		a.managedPolicy(p)
	}
	for _, g := range elems(root, "GroupDetailList") {
		a.groupDetail(g)
	}
	for _, u := range elems(root, "UserDetailList") {
		a.userDetail(u)
	}
	for _, r := range elems(root, "RoleDetailList") {
		a.roleDetail(r)
	}
	for _, ip := range a.acct.InstanceProfiles {
		for _, pr := range ip.Roles {
			if pr.Role = a.index.Role(pr.Ref); pr.Role != nil && !slices.Contains(pr.Role.InstanceProfiles, ip) {
				pr.Role.InstanceProfiles = append(pr.Role.InstanceProfiles, ip)
			}
		}
	}
	// Every user is listed, so every membership is known; unless the dump
	// was filtered (--filter) to leave users out.
	if len(elems(root, "UserDetailList")) > 0 {
		for _, g := range a.acct.Groups {
			g.MembersKnown = true
		}
	}
	return a.file
}

// dumpAccount finds the account ID in the first user, group or role ARN.
func dumpAccount(root *policy.Node) string {
	for _, list := range []string{"RoleDetailList", "UserDetailList", "GroupDetailList"} {
		for _, e := range elems(root, list) {
			parts := strings.SplitN(str(e, "Arn"), ":", 6)
			if len(parts) == 6 && len(parts[4]) == 12 {
				return parts[4]
			}
		}
	}
	return ""
}

// elems returns the elements of an array member, or nil.
func elems(n *policy.Node, name string) []*policy.Node {
	if m := n.Get(name); m != nil && m.Value.Kind == policy.Array {
		return m.Value.Elems
	}
	return nil
}

// str returns a string member's value, or "".
func str(n *policy.Node, name string) string {
	if m := n.Get(name); m != nil && m.Value.Kind == policy.String && !m.Value.Unknown {
		return m.Value.Str
	}
	return ""
}

func (a *authReader) entity(n *policy.Node, nameKey string) account.Entity {
	e := account.Entity{Name: str(n, nameKey), ARN: str(n, "Arn"), Loc: account.NodeLoc(a.path, n)}
	e.ID = e.Name
	if m := n.Get(nameKey); m != nil {
		e.Loc = account.NodeLoc(a.path, m.Value)
	}
	if t, err := time.Parse(time.RFC3339, str(n, "CreateDate")); err == nil {
		e.Created = t
	}
	return e
}

// document reads a policy document: an object, or a URL-encoded string.
func (a *authReader) document(n *policy.Node, name string, kind policy.Kind, inline bool, owner string, lint bool) *policy.Document {
	root := n
	if n.Kind == policy.String {
		parsed, err := parseURLEncoded(a.src, a.lines, n)
		if err != nil {
			if e := (*Error)(nil); errors.As(err, &e) && lint {
				e.Path = a.path
				a.file.Errors = append(a.file.Errors, e)
			}
			return nil
		}
		root = parsed
	}
	doc := policy.Build(root, a.path, kind)
	doc.Name, doc.Inline, doc.Owner = name, inline, owner
	doc.Account = a.accountID
	if lint {
		a.file.Documents = append(a.file.Documents, doc)
	}
	return doc
}

func (a *authReader) managedPolicy(n *policy.Node) {
	p := &account.ManagedPolicy{Entity: a.entity(n, "PolicyName")}
	if p.ARN != "" && account.AWSManaged(p.ARN) != nil {
		p = account.AWSManaged(p.ARN)
	} else {
		p.AWSManaged = isAWSManagedARN(p.ARN)
		def := str(n, "DefaultVersionId")
		for _, v := range elems(n, "PolicyVersionList") {
			isDef := false
			if m := v.Get("IsDefaultVersion"); m != nil && m.Value.Kind == policy.Bool {
				isDef = m.Value.Str == "true"
			}
			if !isDef && (def == "" || str(v, "VersionId") != def) {
				continue
			}
			if d := v.Get("Document"); d != nil {
				p.Doc = a.document(d.Value, "policy/"+p.Name+" "+str(v, "VersionId"), policy.Identity, false, "", !p.AWSManaged)
			}
			break
		}
	}
	a.index.AddPolicy(a.acct, p)
}

func isAWSManagedARN(arn string) bool {
	return strings.Contains(arn, ":iam::aws:policy/")
}

// principal reads the inline policies, attachments and boundary of a user,
// group or role.
func (a *authReader) principal(n *policy.Node, p *account.Principal, listKey, owner string) {
	for _, ip := range elems(n, listKey) {
		name := str(ip, "PolicyName")
		d := ip.Get("PolicyDocument")
		if d == nil {
			continue
		}
		doc := a.document(d.Value, owner+"/"+p.Name+" policy/"+name, policy.Identity, true, owner, true)
		loc := account.NodeLoc(a.path, ip)
		if m := ip.Get("PolicyName"); m != nil {
			loc = account.NodeLoc(a.path, m.Value)
		}
		p.Inline = append(p.Inline, &account.InlinePolicy{Name: name, Loc: loc, Doc: doc})
	}
	for _, at := range elems(n, "AttachedManagedPolicies") {
		arn := str(at, "PolicyArn")
		loc := account.NodeLoc(a.path, at)
		if m := at.Get("PolicyArn"); m != nil {
			loc = account.NodeLoc(a.path, m.Value)
		}
		p.Attached = append(p.Attached, a.index.Attach(arn, arn == "", loc))
	}
	if b := n.Get("PermissionsBoundary"); b != nil && b.Value.Kind == policy.Object {
		arn := str(b.Value, "PermissionsBoundaryArn")
		loc := account.NodeLoc(a.path, b.Value)
		if m := b.Value.Get("PermissionsBoundaryArn"); m != nil {
			loc = account.NodeLoc(a.path, m.Value)
		}
		p.Boundary = a.index.Attach(arn, arn == "", loc)
	}
}

func (a *authReader) groupDetail(n *policy.Node) {
	g := &account.Group{Principal: account.Principal{Entity: a.entity(n, "GroupName")}}
	a.principal(n, &g.Principal, "GroupPolicyList", "group")
	a.index.AddGroup(a.acct, g)
}

func (a *authReader) userDetail(n *policy.Node) {
	u := &account.User{Principal: account.Principal{Entity: a.entity(n, "UserName")}}
	a.principal(n, &u.Principal, "UserPolicyList", "user")
	for _, gn := range elems(n, "GroupList") {
		if gn.Kind != policy.String {
			continue
		}
		g := a.index.Group(gn.Str)
		if g == nil {
			// A group the dump does not list (filtered out): keep the
			// membership, and do not claim to know all members.
			g = &account.Group{Principal: account.Principal{Entity: account.Entity{ID: gn.Str, Name: gn.Str, Loc: account.NodeLoc(a.path, gn)}}}
			a.index.AddGroup(a.acct, g)
		}
		account.Join(u, g, account.NodeLoc(a.path, gn))
	}
	a.index.AddUser(a.acct, u)
}

func (a *authReader) roleDetail(n *policy.Node) {
	r := &account.Role{Principal: account.Principal{Entity: a.entity(n, "RoleName")}}
	if d := n.Get("AssumeRolePolicyDocument"); d != nil {
		r.Trust = a.document(d.Value, "role/"+r.Name+" AssumeRolePolicyDocument", policy.Trust, false, "", true)
	}
	a.principal(n, &r.Principal, "RolePolicyList", "role")
	if lu := n.Get("RoleLastUsed"); lu != nil && lu.Value.Kind == policy.Object {
		r.LastUsedKnown = true
		r.LastUsedLoc = account.MemberLoc(a.path, lu)
		if m := lu.Value.Get("LastUsedDate"); m != nil {
			r.LastUsedLoc = account.NodeLoc(a.path, m.Value)
			if t, err := time.Parse(time.RFC3339, m.Value.Str); err == nil {
				r.LastUsed = t
			}
		}
	}
	a.index.AddRole(a.acct, r)
	for _, ipn := range elems(n, "InstanceProfileList") {
		e := a.entity(ipn, "InstanceProfileName")
		key := e.Name + " " + e.ARN
		if a.profiles[key] {
			continue
		}
		a.profiles[key] = true
		{
			ip := &account.InstanceProfile{Entity: e}
			a.acct.InstanceProfiles = append(a.acct.InstanceProfiles, ip)
			for _, pr := range elems(ipn, "Roles") {
				name := str(pr, "RoleName")
				loc := account.NodeLoc(a.path, pr)
				if m := pr.Get("RoleName"); m != nil {
					loc = account.NodeLoc(a.path, m.Value)
				}
				ip.Roles = append(ip.Roles, &account.ProfileRole{Ref: name, Loc: loc})
			}
		}
	}
}
