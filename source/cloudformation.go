package source

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/policy"
)

// isCloudFormation reports whether a tree is a CloudFormation template: it
// has AWSTemplateFormatVersion, or Resources whose Types start with AWS::.
func isCloudFormation(root *policy.Node) bool {
	if root == nil || root.Kind != policy.Object {
		return false
	}
	if root.Get("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := root.Get("Resources")
	if res == nil || res.Value.Kind != policy.Object {
		return false
	}
	for _, m := range res.Value.Members {
		if t := m.Value.Get("Type"); t != nil && t.Value.Kind == policy.String && strings.HasPrefix(t.Value.Str, "AWS::") {
			return true
		}
	}
	return false
}

// cfnResource is one resource of a template.
type cfnResource struct {
	id     string
	typ    string
	member *policy.Member // the logical ID and its definition
	props  *policy.Node   // Properties, or nil
}

// prop returns a property's member, or nil.
func (r *cfnResource) prop(name string) *policy.Member {
	if r.props == nil {
		return nil
	}
	return r.props.Get(name)
}

// cfnTemplate reads one template.
type cfnTemplate struct {
	path      string
	src       []byte
	lines     *policy.Lines
	resources []*cfnResource
	byID      map[string]*cfnResource
	params    map[string]bool

	file  *File
	acct  *account.Account
	index *account.Index

	users    map[string]*account.User
	groups   map[string]*account.Group
	roles    map[string]*account.Role
	profiles map[string]*account.InstanceProfile
	keys     map[string]*account.AccessKey
}

// readCloudFormation reads the documents and identities of a template.
func readCloudFormation(path string, src []byte, lines *policy.Lines, root *policy.Node, format string) *File {
	t := &cfnTemplate{
		path: path, src: src, lines: lines,
		byID: map[string]*cfnResource{}, params: map[string]bool{},
		acct:  &account.Account{Source: path, Format: "cloudformation"},
		index: account.NewIndex(),
		users: map[string]*account.User{}, groups: map[string]*account.Group{}, roles: map[string]*account.Role{},
		profiles: map[string]*account.InstanceProfile{}, keys: map[string]*account.AccessKey{},
	}
	t.file = &File{Path: path, Src: src, Lines: lines, Format: format, Account: t.acct}
	if p := root.Get("Parameters"); p != nil {
		for _, m := range p.Value.Members {
			t.params[m.Name] = true
		}
	}
	if res := root.Get("Resources"); res != nil && res.Value.Kind == policy.Object {
		for _, m := range res.Value.Members {
			r := &cfnResource{id: m.Name, member: m}
			if ty := m.Value.Get("Type"); ty != nil && ty.Value.Kind == policy.String {
				r.typ = ty.Value.Str
			}
			if p := m.Value.Get("Properties"); p != nil && p.Value.Kind == policy.Object {
				r.props = p.Value
			}
			t.resources = append(t.resources, r)
			if _, dup := t.byID[r.id]; !dup {
				t.byID[r.id] = r
			}
		}
	}
	t.entities()
	for _, r := range t.resources {
		t.resource(r)
	}
	t.flows()
	return t.file
}

// name returns a property's value when it is a known string.
func (t *cfnTemplate) name(r *cfnResource, prop string) string {
	if m := r.prop(prop); m != nil {
		if v := t.eval(m.Value); v != nil && v.Kind == policy.String && !v.Unknown {
			return v.Str
		}
	}
	return ""
}

// entities creates the identities of the template, so that references
// between them resolve whatever their order.
func (t *cfnTemplate) entities() {
	for _, r := range t.resources {
		ent := account.Entity{ID: r.id, Loc: account.MemberLoc(t.path, r.member)}
		switch r.typ {
		case "AWS::IAM::User":
			ent.Name = t.name(r, "UserName")
			u := &account.User{Principal: account.Principal{Entity: ent}, LoginProfile: r.prop("LoginProfile") != nil}
			t.users[r.id] = u
			t.index.AddUser(t.acct, u)
		case "AWS::IAM::Group":
			ent.Name = t.name(r, "GroupName")
			g := &account.Group{Principal: account.Principal{Entity: ent}}
			t.groups[r.id] = g
			t.index.AddGroup(t.acct, g)
		case "AWS::IAM::Role":
			ent.Name = t.name(r, "RoleName")
			ro := &account.Role{Principal: account.Principal{Entity: ent}}
			t.roles[r.id] = ro
			t.index.AddRole(t.acct, ro)
		case "AWS::IAM::ManagedPolicy":
			ent.Name = t.name(r, "ManagedPolicyName")
			t.index.AddPolicy(t.acct, &account.ManagedPolicy{Entity: ent})
		case "AWS::IAM::InstanceProfile":
			ent.Name = t.name(r, "InstanceProfileName")
			p := &account.InstanceProfile{Entity: ent}
			t.profiles[r.id] = p
			t.acct.InstanceProfiles = append(t.acct.InstanceProfiles, p)
		case "AWS::IAM::AccessKey":
			k := &account.AccessKey{Entity: ent}
			t.keys[r.id] = k
			t.acct.AccessKeys = append(t.acct.AccessKeys, k)
		}
	}
}

// resource reads the policies and links of one resource.
func (t *cfnTemplate) resource(r *cfnResource) {
	switch r.typ {
	case "AWS::IAM::Role":
		ro := t.roles[r.id]
		if m := r.prop("AssumeRolePolicyDocument"); m != nil {
			ro.Trust = t.document(r, m, "AssumeRolePolicyDocument", policy.Trust, false, "")
		}
		t.principal(r, &ro.Principal, "role")
	case "AWS::IAM::User":
		u := t.users[r.id]
		t.principal(r, &u.Principal, "user")
		if m := r.prop("Groups"); m != nil {
			for _, e := range t.list(m.Value) {
				if g := t.group(e); g != nil {
					account.Join(u, g, account.NodeLoc(t.path, e))
				}
			}
		}
	case "AWS::IAM::Group":
		t.principal(r, &t.groups[r.id].Principal, "group")
	case "AWS::IAM::Policy":
		t.policyResource(r, true)
	case "AWS::IAM::ManagedPolicy":
		t.policyResource(r, false)
	case "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy":
		owner := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(r.typ, "AWS::IAM::"), "Policy"))
		m := r.prop("PolicyDocument")
		if m == nil {
			return
		}
		doc := t.document(r, m, "PolicyDocument", policy.Identity, true, owner)
		ref := r.prop(map[string]string{"role": "RoleName", "user": "UserName", "group": "GroupName"}[owner])
		if ref != nil {
			if p := t.principalOf(owner, ref.Value); p != nil {
				p.Inline = append(p.Inline, &account.InlinePolicy{Name: t.name(r, "PolicyName"), Loc: account.MemberLoc(t.path, r.member), Doc: doc})
			}
		}
	case "AWS::IAM::UserToGroupAddition":
		gm := r.prop("GroupName")
		um := r.prop("Users")
		if gm == nil || um == nil {
			return
		}
		g := t.group(gm.Value)
		if g == nil {
			return
		}
		for _, e := range t.list(um.Value) {
			if u := t.user(e); u != nil {
				account.Join(u, g, account.NodeLoc(t.path, e))
			}
		}
	case "AWS::IAM::InstanceProfile":
		p := t.profiles[r.id]
		if m := r.prop("Roles"); m != nil {
			for _, e := range t.list(m.Value) {
				pr := &account.ProfileRole{Role: t.role(e), Loc: account.NodeLoc(t.path, e)}
				if pr.Role == nil {
					pr.Ref = t.key(e)
				} else {
					pr.Role.InstanceProfiles = append(pr.Role.InstanceProfiles, p)
				}
				p.Roles = append(p.Roles, pr)
			}
		}
	case "AWS::IAM::AccessKey":
		k := t.keys[r.id]
		if m := r.prop("UserName"); m != nil {
			k.User = t.user(m.Value)
			if k.User != nil {
				k.User.AccessKeys = append(k.User.AccessKeys, k)
			} else {
				k.UserRef = t.key(m.Value)
			}
		}
	case "AWS::Lambda::Permission":
		if r.props == nil {
			return
		}
		get := func(name string) *policy.Node {
			if m := r.prop(name); m != nil {
				return t.eval(m.Value)
			}
			return nil
		}
		lp := &lambdaPermission{at: r.member, principal: get("Principal"), action: get("Action"), function: get("FunctionName"),
			sourceArn: get("SourceArn"), sourceAccount: get("SourceAccount"), orgID: get("PrincipalOrgID"), urlAuthType: get("FunctionUrlAuthType")}
		if root := lp.document(r.member.Value.Pointer + "/Properties"); root != nil {
			doc := policy.Build(root, t.path, policy.Resource)
			doc.Name = r.id + ".Properties"
			t.file.Documents = append(t.file.Documents, doc)
		}
	case "AWS::Events::EventBusPolicy":
		// Statement is one statement, not a policy: the policy is the bus's,
		// made of the statements of its EventBusPolicy resources.
		if m := r.prop("Statement"); m != nil {
			if stmt := t.eval(m.Value); stmt != nil && stmt.Kind == policy.Object {
				root := &policy.Node{Kind: policy.Object, Span: m.Value.Span, Pointer: m.Value.Pointer, Members: []*policy.Member{
					{Name: "Version", KeySpan: m.KeySpan, Value: &policy.Node{Kind: policy.String, Str: "2012-10-17", Span: m.KeySpan, Pointer: m.Value.Pointer + "/Version"}},
					{Name: "Statement", KeySpan: m.KeySpan, Value: stmt},
				}}
				doc := policy.Build(root, t.path, policy.Resource)
				doc.Name = r.id + ".Properties.Statement"
				t.file.Documents = append(t.file.Documents, doc)
			}
		}
	default:
		if prop, ok := cfnResourcePolicies[r.typ]; ok {
			if m := r.prop(prop); m != nil {
				t.document(r, m, prop, policy.Resource, false, "")
			}
		}
	}
}

// cfnResourcePolicies maps resource types to their resource policy property.
var cfnResourcePolicies = map[string]string{
	"AWS::S3::BucketPolicy":                  "PolicyDocument",
	"AWS::SQS::QueuePolicy":                  "PolicyDocument",
	"AWS::SNS::TopicPolicy":                  "PolicyDocument",
	"AWS::KMS::Key":                          "KeyPolicy",
	"AWS::SecretsManager::ResourcePolicy":    "ResourcePolicy",
	"AWS::ECR::Repository":                   "RepositoryPolicyText",
	"AWS::S3::AccessPoint":                   "Policy",
	"AWS::EFS::FileSystem":                   "FileSystemPolicy",
	"AWS::OpenSearchService::Domain":         "AccessPolicies",
	"AWS::Elasticsearch::Domain":             "AccessPolicies",
	"AWS::Backup::BackupVault":               "AccessPolicy",
	"AWS::Logs::ResourcePolicy":              "PolicyDocument",
	"AWS::ApiGateway::RestApi":               "Policy",
	"AWS::CodeArtifact::Repository":          "PermissionsPolicyDocument",
	"AWS::S3Express::DirectoryBucketPolicy":  "PolicyDocument",
	"AWS::S3ObjectLambda::AccessPointPolicy": "PolicyDocument",
}

// principal reads what users, groups and roles share: Policies,
// ManagedPolicyArns and PermissionsBoundary.
func (t *cfnTemplate) principal(r *cfnResource, p *account.Principal, owner string) {
	if m := r.prop("Policies"); m != nil {
		v := t.eval(m.Value)
		if v != nil && v.Kind == policy.Array {
			for i, e := range v.Elems {
				dm := e.Get("PolicyDocument")
				if dm == nil {
					continue
				}
				doc := t.documentNode(r, dm.Value, "Policies["+strconv.Itoa(i)+"].PolicyDocument", policy.Identity, true, owner)
				name := ""
				if n := e.Get("PolicyName"); n != nil && n.Value.Kind == policy.String && !n.Value.Unknown {
					name = n.Value.Str
				}
				loc := account.NodeLoc(t.path, e)
				if pn := e.Get("PolicyName"); pn != nil {
					loc = account.MemberLoc(t.path, pn)
				}
				p.Inline = append(p.Inline, &account.InlinePolicy{Name: name, Loc: loc, Doc: doc})
			}
		}
	}
	if m := r.prop("ManagedPolicyArns"); m != nil {
		for _, e := range t.list(m.Value) {
			key := t.key(e)
			p.Attached = append(p.Attached, t.index.Attach(t.keyOr(key, e), key == "", account.NodeLoc(t.path, e)))
		}
	}
	if m := r.prop("PermissionsBoundary"); m != nil {
		key := t.key(m.Value)
		p.Boundary = t.index.Attach(t.keyOr(key, m.Value), key == "", account.NodeLoc(t.path, m.Value))
	}
}

// keyOr returns key, or the value as written when it is computed at
// deploy time (${Param}).
func (t *cfnTemplate) keyOr(key string, n *policy.Node) string {
	if key != "" {
		return key
	}
	if v := t.eval(n); v != nil {
		return v.Str
	}
	return ""
}

// policyResource reads AWS::IAM::Policy (inline policies on each listed
// principal) and AWS::IAM::ManagedPolicy (attached to each).
func (t *cfnTemplate) policyResource(r *cfnResource, inline bool) {
	owner := ""
	for _, o := range []struct{ prop, owner string }{{"Roles", "role"}, {"Users", "user"}, {"Groups", "group"}} {
		if m := r.prop(o.prop); m != nil && owner == "" {
			owner = o.owner
		}
	}
	var doc *policy.Document
	if m := r.prop("PolicyDocument"); m != nil {
		o := owner
		if !inline {
			o = ""
		}
		doc = t.document(r, m, "PolicyDocument", policy.Identity, inline, o)
	}
	var mp *account.ManagedPolicy
	if !inline {
		mp = t.index.Policy(r.id)
		if mp != nil {
			mp.Doc = doc
		}
	}
	for _, o := range []struct{ prop, owner string }{{"Roles", "role"}, {"Users", "user"}, {"Groups", "group"}} {
		m := r.prop(o.prop)
		if m == nil {
			continue
		}
		for _, e := range t.list(m.Value) {
			p := t.principalOf(o.owner, e)
			if p == nil {
				continue
			}
			if inline {
				p.Inline = append(p.Inline, &account.InlinePolicy{Name: t.name(r, "PolicyName"), Loc: account.MemberLoc(t.path, r.member), Doc: doc})
			} else {
				p.Attached = append(p.Attached, &account.Attachment{Policy: mp, Ref: r.id, Loc: account.NodeLoc(t.path, e)})
			}
		}
	}
}

// principalOf resolves a reference to a user, group or role.
func (t *cfnTemplate) principalOf(owner string, n *policy.Node) *account.Principal {
	switch owner {
	case "role":
		if r := t.role(n); r != nil {
			return &r.Principal
		}
	case "user":
		if u := t.user(n); u != nil {
			return &u.Principal
		}
	case "group":
		if g := t.group(n); g != nil {
			return &g.Principal
		}
	}
	return nil
}

func (t *cfnTemplate) role(n *policy.Node) *account.Role {
	if k := t.key(n); k != "" {
		if r := t.index.Role(k); r != nil {
			return r
		}
		return t.index.Role(arnName(k, ":role/"))
	}
	return nil
}

func (t *cfnTemplate) user(n *policy.Node) *account.User {
	if k := t.key(n); k != "" {
		if u := t.index.User(k); u != nil {
			return u
		}
		return t.index.User(arnName(k, ":user/"))
	}
	return nil
}

func (t *cfnTemplate) group(n *policy.Node) *account.Group {
	if k := t.key(n); k != "" {
		if g := t.index.Group(k); g != nil {
			return g
		}
		return t.index.Group(arnName(k, ":group/"))
	}
	return nil
}

// arnName returns the last path segment of an ARN of the given type, or "".
func arnName(arn, typ string) string {
	i := strings.Index(arn, typ)
	if i < 0 || !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	rest := arn[i+len(typ):]
	return rest[strings.LastIndexByte(rest, '/')+1:]
}

// list returns the elements of a list property, evaluated.
func (t *cfnTemplate) list(n *policy.Node) []*policy.Node {
	if n.Kind != policy.Array {
		if len(n.Members) == 1 && isIntrinsic(n.Members[0].Name) {
			return nil // a list computed at deploy time
		}
		return []*policy.Node{n}
	}
	return n.Elems
}

// document reads a policy held in a property.
func (t *cfnTemplate) document(r *cfnResource, m *policy.Member, prop string, kind policy.Kind, inline bool, owner string) *policy.Document {
	return t.documentNode(r, m.Value, prop, kind, inline, owner)
}

// documentNode builds a document from a property value: an object (with
// intrinsic functions evaluated), a JSON string, or a Fn::Sub of JSON text.
func (t *cfnTemplate) documentNode(r *cfnResource, n *policy.Node, prop string, kind policy.Kind, inline bool, owner string) *policy.Document {
	var root *policy.Node
	switch {
	case n.Kind == policy.String:
		parsed, err := parseEmbedded(t.src, t.lines, n)
		if err != nil {
			t.embeddedError(err)
			return nil
		}
		root = parsed
	case n.Kind == policy.Object && len(n.Members) == 1 && n.Members[0].Name == "Fn::Sub":
		arg := n.Members[0].Value
		if arg.Kind == policy.Array && len(arg.Elems) > 0 {
			arg = arg.Elems[0]
		}
		if arg.Kind != policy.String || !strings.HasPrefix(strings.TrimSpace(arg.Str), "{") {
			root = t.eval(n)
			break
		}
		parsed, err := parseEmbedded(t.src, t.lines, arg)
		if err != nil {
			root = t.eval(n) // JSON only once substituted: unknown
			break
		}
		markPlaceholders(parsed)
		root = parsed
	default:
		root = t.eval(n)
	}
	if root == nil {
		return nil
	}
	doc := policy.Build(root, t.path, kind)
	doc.Name = r.id + ".Properties." + prop
	doc.Inline = inline
	doc.Owner = owner
	t.file.Documents = append(t.file.Documents, doc)
	return doc
}

func (t *cfnTemplate) embeddedError(err error) {
	if e := (*Error)(nil); errors.As(err, &e) {
		e.Path = t.path
		t.file.Errors = append(t.file.Errors, e)
	}
}

// isIntrinsic reports the name of an intrinsic function.
func isIntrinsic(name string) bool {
	return name == "Ref" || strings.HasPrefix(name, "Fn::")
}

// eval evaluates the intrinsic functions of a value for use in a policy:
// what can be known statically is (Fn::Sub without placeholders, Fn::Join of
// known strings); the rest becomes an unknown value spanning the function.
// A Ref to AWS::NoValue removes the member or element (nil).
func (t *cfnTemplate) eval(n *policy.Node) *policy.Node {
	switch n.Kind {
	case policy.Object:
		if len(n.Members) == 1 && isIntrinsic(n.Members[0].Name) {
			return t.intrinsic(n)
		}
		out := *n
		out.Members = make([]*policy.Member, 0, len(n.Members))
		for _, m := range n.Members {
			if v := t.eval(m.Value); v != nil {
				out.Members = append(out.Members, &policy.Member{Name: m.Name, KeySpan: m.KeySpan, Value: v})
			}
		}
		return &out
	case policy.Array:
		out := *n
		out.Elems = make([]*policy.Node, 0, len(n.Elems))
		for _, e := range n.Elems {
			if v := t.eval(e); v != nil {
				out.Elems = append(out.Elems, v)
			}
		}
		return &out
	}
	return n
}

var subRefRE = regexp.MustCompile(`^\$\{([A-Za-z0-9:]+)(\.[A-Za-z0-9.]+)?\}$`)

func (t *cfnTemplate) intrinsic(n *policy.Node) *policy.Node {
	fn, arg := n.Members[0].Name, n.Members[0].Value
	unknown := func(str, target string) *policy.Node {
		return &policy.Node{Kind: policy.String, Span: n.Span, Pointer: n.Pointer, Str: str, Unknown: true, Target: target}
	}
	switch fn {
	case "Ref":
		if arg.Kind != policy.String {
			return unknown("${Ref}", "")
		}
		if arg.Str == "AWS::NoValue" {
			return nil
		}
		return unknown("${"+arg.Str+"}", t.typeOf(arg.Str))
	case "Fn::GetAtt":
		id, attr := getAtt(arg)
		return unknown("${"+id+"."+attr+"}", t.typeOf(id))
	case "Fn::Sub":
		if arg.Kind == policy.Array && len(arg.Elems) > 0 {
			arg = arg.Elems[0]
		}
		if arg.Kind != policy.String {
			return unknown("${Fn::Sub}", "")
		}
		if !hasPlaceholder(arg.Str) {
			v := *arg
			v.Str = strings.ReplaceAll(arg.Str, "${!", "${")
			return &v
		}
		target := ""
		if m := subRefRE.FindStringSubmatch(arg.Str); m != nil {
			target = t.typeOf(m[1])
		}
		v := unknown(arg.Str, target)
		v.Span, v.Quoted = arg.Span, arg.Quoted
		return v
	case "Fn::Join":
		if arg.Kind != policy.Array || len(arg.Elems) != 2 || arg.Elems[0].Kind != policy.String {
			return unknown("${Fn::Join}", "")
		}
		parts := t.eval(arg.Elems[1])
		if parts == nil || parts.Kind != policy.Array {
			return unknown("${Fn::Join}", "")
		}
		known := true
		strs := make([]string, len(parts.Elems))
		for i, p := range parts.Elems {
			strs[i] = p.Str
			if p.Unknown || p.Kind != policy.String {
				known = false
			}
		}
		joined := strings.Join(strs, arg.Elems[0].Str)
		if !known {
			return unknown(joined, "")
		}
		return &policy.Node{Kind: policy.String, Span: n.Span, Pointer: n.Pointer, Str: joined}
	}
	return unknown("${"+fn+"}", "")
}

// getAtt splits a Fn::GetAtt argument: "A.B" or [A, B].
func getAtt(arg *policy.Node) (string, string) {
	switch arg.Kind {
	case policy.String:
		id, attr, _ := strings.Cut(arg.Str, ".")
		return id, attr
	case policy.Array:
		if len(arg.Elems) == 2 && arg.Elems[0].Kind == policy.String {
			return arg.Elems[0].Str, arg.Elems[1].Str
		}
	}
	return "", ""
}

// typeOf returns the type of a template resource, or "".
func (t *cfnTemplate) typeOf(id string) string {
	if r := t.byID[id]; r != nil {
		return r.typ
	}
	return ""
}

// key reduces a reference to a string to look an entity up by: a Ref or
// GetAtt of a template resource gives its logical ID; a known string (with
// AWS::Partition taken as aws) gives itself; anything else "".
func (t *cfnTemplate) key(n *policy.Node) string {
	switch {
	case n.Kind == policy.String && !n.Unknown:
		return n.Str
	case n.Kind != policy.Object || len(n.Members) != 1:
		return ""
	}
	fn, arg := n.Members[0].Name, n.Members[0].Value
	switch fn {
	case "Ref":
		if arg.Kind != policy.String {
			return ""
		}
		if arg.Str == "AWS::Partition" {
			return "aws"
		}
		if t.byID[arg.Str] != nil {
			return arg.Str
		}
	case "Fn::GetAtt":
		if id, _ := getAtt(arg); t.byID[id] != nil {
			return id
		}
	case "Fn::Sub":
		if arg.Kind == policy.Array && len(arg.Elems) > 0 {
			arg = arg.Elems[0]
		}
		if arg.Kind != policy.String {
			return ""
		}
		if m := subRefRE.FindStringSubmatch(arg.Str); m != nil && t.byID[m[1]] != nil {
			return m[1]
		}
		s := strings.ReplaceAll(arg.Str, "${AWS::Partition}", "aws")
		if !hasPlaceholder(s) {
			return s
		}
		return t.ownIAMName(s)
	case "Fn::Join":
		if arg.Kind != policy.Array || len(arg.Elems) != 2 || arg.Elems[0].Kind != policy.String || arg.Elems[1].Kind != policy.Array {
			return ""
		}
		parts := make([]string, 0, len(arg.Elems[1].Elems))
		for _, p := range arg.Elems[1].Elems {
			k := t.key(p)
			if k == "" || (p.Kind == policy.Object && k != "aws") {
				return ""
			}
			parts = append(parts, k)
		}
		return strings.Join(parts, arg.Elems[0].Str)
	}
	return ""
}

// ownIAMARNRE is the ARN of a user, group, role or managed policy of the
// stack's own account, written with ${AWS::AccountId}.
var ownIAMARNRE = regexp.MustCompile(`^arn:aws:iam::\$\{AWS::AccountId\}:(user|group|role|policy)/(?:[^${}]*/)?([^/${}]+)$`)

// ownIAMName returns the name in an ARN of the stack's own account
// (arn:aws:iam::${AWS::AccountId}:policy/app-boundary) when the template
// declares an entity of that type with that name, so that the ARN links to
// it; "" otherwise.
func (t *cfnTemplate) ownIAMName(arn string) string {
	m := ownIAMARNRE.FindStringSubmatch(arn)
	if m == nil {
		return ""
	}
	// The entity must have that IAM name: a logical ID is not a name.
	var e *account.Entity
	switch name := m[2]; m[1] {
	case "user":
		if u := t.index.User(name); u != nil {
			e = &u.Entity
		}
	case "group":
		if g := t.index.Group(name); g != nil {
			e = &g.Entity
		}
	case "role":
		if r := t.index.Role(name); r != nil {
			e = &r.Entity
		}
	case "policy":
		if p := t.index.Policy(name); p != nil && !p.AWSManaged {
			e = &p.Entity
		}
	}
	if e == nil || e.Name != m[2] {
		return ""
	}
	return m[2]
}

// cfnWorkloads are the resource types that run code, with what to call
// them: an access key secret handed to one of them is a finding.
var cfnWorkloads = map[string]string{
	"AWS::Lambda::Function":                        "Lambda function",
	"AWS::Serverless::Function":                    "Lambda function",
	"AWS::EC2::Instance":                           "EC2 instance",
	"AWS::EC2::LaunchTemplate":                     "EC2 launch template",
	"AWS::AutoScaling::LaunchConfiguration":        "EC2 launch configuration",
	"AWS::ECS::TaskDefinition":                     "ECS task definition",
	"AWS::Batch::JobDefinition":                    "Batch job definition",
	"AWS::CodeBuild::Project":                      "CodeBuild project",
	"AWS::ElasticBeanstalk::Environment":           "Elastic Beanstalk environment",
	"AWS::ElasticBeanstalk::ConfigurationTemplate": "Elastic Beanstalk configuration",
	"AWS::AppRunner::Service":                      "App Runner service",
	"AWS::Glue::Job":                               "Glue job",
	"AWS::StepFunctions::StateMachine":             "Step Functions state machine",
	"AWS::EKS::Nodegroup":                          "EKS node group",
}

var secretRefRE = regexp.MustCompile(`\$\{([A-Za-z0-9]+)\.SecretAccessKey\}`)

// flows finds access key secrets handed to workloads.
func (t *cfnTemplate) flows() {
	if len(t.keys) == 0 {
		return
	}
	for _, r := range t.resources {
		kind, ok := cfnWorkloads[r.typ]
		if !ok || r.props == nil {
			continue
		}
		var walk func(n *policy.Node)
		walk = func(n *policy.Node) {
			if n.Kind == policy.Object && len(n.Members) == 1 {
				fn, arg := n.Members[0].Name, n.Members[0].Value
				switch fn {
				case "Fn::GetAtt":
					if id, attr := getAtt(arg); attr == "SecretAccessKey" && t.keys[id] != nil {
						t.keys[id].Flows = append(t.keys[id].Flows, &account.SecretFlow{Loc: account.NodeLoc(t.path, n), Workload: r.id, Kind: kind})
					}
				case "Fn::Sub":
					s := arg
					if s.Kind == policy.Array && len(s.Elems) > 0 {
						s = s.Elems[0]
					}
					if s.Kind == policy.String {
						for _, m := range secretRefRE.FindAllStringSubmatch(s.Str, -1) {
							if k := t.keys[m[1]]; k != nil {
								k.Flows = append(k.Flows, &account.SecretFlow{Loc: account.NodeLoc(t.path, n), Workload: r.id, Kind: kind})
							}
						}
					}
				}
			}
			for _, m := range n.Members {
				walk(m.Value)
			}
			for _, e := range n.Elems {
				walk(e)
			}
		}
		walk(r.props)
	}
}
