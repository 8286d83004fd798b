package source

import (
	"errors"
	"regexp"
	"strings"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/policy"
)

// tfResource is one Terraform resource, from source (HCL) or from a plan,
// with its arguments as a positional tree: attributes are members, nested
// blocks are members holding a list of objects. Values that Terraform only
// knows at apply time are unknown nodes; references keep their text
// (${aws_iam_role.r.name}) with Target set to the referenced type.
type tfResource struct {
	addr  string // aws_iam_role.r, module.m.aws_iam_role.r in plans
	typ   string
	file  *File
	label account.Loc // the resource's name label, or its address in a plan
	body  *policy.Node
	// refs to other resources written in the body (source only).
	refs []tfRef
}

// tfRef is a reference to another resource's attribute.
type tfRef struct {
	addr, attr string
	loc        account.Loc
}

func (r *tfResource) attr(name string) *policy.Member {
	if r.body == nil {
		return nil
	}
	return r.body.Get(name)
}

// tfModel builds the identity model of a Terraform module or plan.
type tfModel struct {
	acct  *account.Account
	index *account.Index
	res   []*tfResource
	// byAddr finds entities by resource address.
	users    map[string]*account.User
	groups   map[string]*account.Group
	roles    map[string]*account.Role
	keys     map[string]*account.AccessKey
	profiles map[string]*account.InstanceProfile
	// origin is the file a shared document tree was written in (a policy
	// document data source used from another file); built the document
	// made from it, so one used twice is read once.
	origin map[*policy.Node]*File
	built  map[*policy.Node]*policy.Document
}

func newTFModel(source, format string) *tfModel {
	return &tfModel{
		acct:  &account.Account{Source: source, Format: format},
		index: account.NewIndex(),
		users: map[string]*account.User{}, groups: map[string]*account.Group{}, roles: map[string]*account.Role{},
		keys: map[string]*account.AccessKey{}, profiles: map[string]*account.InstanceProfile{},
		origin: map[*policy.Node]*File{}, built: map[*policy.Node]*policy.Document{},
	}
}

// known returns a node's string when it is known.
func known(n *policy.Node) (string, bool) {
	if n != nil && n.Kind == policy.String && !n.Unknown {
		return n.Str, true
	}
	return "", false
}

func (r *tfResource) str(name string) string {
	if m := r.attr(name); m != nil {
		s, _ := known(m.Value)
		return s
	}
	return ""
}

var tfRefRE = regexp.MustCompile(`^\$\{((?:module\.[A-Za-z0-9_-]+\.)*(?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?(?:\.([a-z_0-9]+))?\}$`)

// key reduces a value to a key to find an entity by: a reference gives the
// resource's address, a known string itself.
func tfKey(n *policy.Node) string {
	if s, ok := known(n); ok {
		return s
	}
	if n != nil && n.Unknown {
		if m := tfRefRE.FindStringSubmatch(n.Str); m != nil {
			return m[1]
		}
		return tfOwnARNKey(n.Str)
	}
	return ""
}

// tfOwnARNRE is an IAM ARN built in the module: the account computed
// (data.aws_caller_identity, a variable), the name written or taken from
// a resource of the module.
var tfOwnARNRE = regexp.MustCompile(`^arn:(?:aws|\$\{[^}]+\}):iam::(\d{12}|\$\{[^}]+\}):(user|group|role|policy)/(?:[^${}]*/)?(?:([^/${}]+)|\$\{(aws_iam_(?:user|group|role|policy)\.[A-Za-z0-9_-]+)\.name\})$`)

// tfOwnARNKey reduces an IAM ARN built in the module to a key: the
// resource its name is taken from (policy/${aws_iam_policy.b.name}), or
// the name written when the account is the caller's own
// (${data.aws_caller_identity.current.account_id}); "" otherwise.
func tfOwnARNKey(s string) string {
	m := tfOwnARNRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	if addr := m[4]; addr != "" {
		if strings.TrimPrefix(strings.Split(addr, ".")[0], "aws_iam_") != m[2] {
			return ""
		}
		return addr
	}
	if strings.HasPrefix(m[1], "${data.aws_caller_identity.") && strings.HasSuffix(m[1], ".account_id}") {
		return m[3]
	}
	return ""
}

// build reads every resource: entities first, then their policies and
// links.
func (m *tfModel) build() {
	for _, r := range m.res {
		ent := account.Entity{ID: r.addr, Loc: r.label}
		switch r.typ {
		case "aws_iam_user":
			ent.Name = r.str("name")
			u := &account.User{Principal: account.Principal{Entity: ent}}
			m.users[r.addr] = u
			m.index.AddUser(m.acct, u)
		case "aws_iam_group":
			ent.Name = r.str("name")
			g := &account.Group{Principal: account.Principal{Entity: ent}}
			m.groups[r.addr] = g
			m.index.AddGroup(m.acct, g)
		case "aws_iam_role":
			ent.Name = r.str("name")
			ro := &account.Role{Principal: account.Principal{Entity: ent}}
			m.roles[r.addr] = ro
			m.index.AddRole(m.acct, ro)
		case "aws_iam_policy":
			ent.Name = r.str("name")
			ent.ARN = r.str("arn")
			m.index.AddPolicy(m.acct, &account.ManagedPolicy{Entity: ent})
		case "aws_iam_instance_profile":
			ent.Name = r.str("name")
			p := &account.InstanceProfile{Entity: ent}
			m.profiles[r.addr] = p
			m.acct.InstanceProfiles = append(m.acct.InstanceProfiles, p)
		case "aws_iam_access_key":
			k := &account.AccessKey{Entity: ent}
			m.keys[r.addr] = k
			m.acct.AccessKeys = append(m.acct.AccessKeys, k)
		}
	}
	for _, r := range m.res {
		m.resource(r)
	}
	m.flows()
}

// tfResourcePolicies maps resource types to their resource policy argument.
var tfResourcePolicies = map[string]string{
	"aws_s3_bucket_policy":               "policy",
	"aws_s3_bucket":                      "policy",
	"aws_sqs_queue_policy":               "policy",
	"aws_sqs_queue":                      "policy",
	"aws_sns_topic_policy":               "policy",
	"aws_sns_topic":                      "policy",
	"aws_kms_key":                        "policy",
	"aws_ecr_repository_policy":          "policy",
	"aws_secretsmanager_secret_policy":   "policy",
	"aws_secretsmanager_secret":          "policy",
	"aws_s3_access_point":                "policy",
	"aws_efs_file_system_policy":         "policy",
	"aws_opensearch_domain_policy":       "access_policies",
	"aws_elasticsearch_domain_policy":    "access_policies",
	"aws_backup_vault_policy":            "policy",
	"aws_cloudwatch_log_resource_policy": "policy_document",
	"aws_api_gateway_rest_api_policy":    "policy",
	"aws_glacier_vault":                  "access_policy",
}

func (m *tfModel) resource(r *tfResource) {
	switch r.typ {
	case "aws_iam_role":
		ro := m.roles[r.addr]
		if a := r.attr("assume_role_policy"); a != nil {
			ro.Trust = m.document(r, a, "assume_role_policy", policy.Trust, false, "")
		}
		for _, b := range r.blocks("inline_policy") {
			if a := b.Get("policy"); a != nil {
				doc := m.document(r, a, "inline_policy.policy", policy.Identity, true, "role")
				name, _ := known(getValue(b, "name"))
				ro.Inline = append(ro.Inline, &account.InlinePolicy{Name: name, Loc: blockLoc(r, b, "inline_policy"), Doc: doc})
			}
		}
		if a := r.attr("managed_policy_arns"); a != nil && a.Value.Kind == policy.Array {
			for _, e := range a.Value.Elems {
				ro.Attached = append(ro.Attached, m.attach(r, e))
			}
		}
		if a := r.attr("permissions_boundary"); a != nil {
			ro.Boundary = m.attach(r, a.Value)
		}
	case "aws_iam_user":
		if a := r.attr("permissions_boundary"); a != nil {
			m.users[r.addr].Boundary = m.attach(r, a.Value)
		}
	case "aws_iam_policy":
		if a := r.attr("policy"); a != nil {
			doc := m.document(r, a, "policy", policy.Identity, false, "")
			if p := m.index.Policy(r.addr); p != nil && !p.AWSManaged {
				p.Doc = doc
			}
		}
	case "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy":
		owner := strings.TrimSuffix(strings.TrimPrefix(r.typ, "aws_iam_"), "_policy")
		a := r.attr("policy")
		if a == nil {
			return
		}
		doc := m.document(r, a, "policy", policy.Identity, true, owner)
		if o := r.attr(owner); o != nil {
			if p := m.principal(owner, o.Value); p != nil {
				p.Inline = append(p.Inline, &account.InlinePolicy{Name: r.str("name"), Loc: r.label, Doc: doc})
			}
		}
	case "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment":
		owner := strings.TrimSuffix(strings.TrimPrefix(r.typ, "aws_iam_"), "_policy_attachment")
		o, pa := r.attr(owner), r.attr("policy_arn")
		if o == nil || pa == nil {
			return
		}
		if p := m.principal(owner, o.Value); p != nil {
			p.Attached = append(p.Attached, m.attach(r, pa.Value))
		}
	case "aws_iam_policy_attachment":
		pa := r.attr("policy_arn")
		if pa == nil {
			return
		}
		for _, o := range []struct{ attr, owner string }{{"users", "user"}, {"groups", "group"}, {"roles", "role"}} {
			a := r.attr(o.attr)
			if a == nil || a.Value.Kind != policy.Array {
				continue
			}
			for _, e := range a.Value.Elems {
				if p := m.principal(o.owner, e); p != nil {
					at := m.attach(r, pa.Value)
					at.Loc = account.NodeLoc(r.file.Path, e)
					p.Attached = append(p.Attached, at)
				}
			}
		}
	case "aws_iam_group_membership":
		ga, ua := r.attr("group"), r.attr("users")
		if ga == nil || ua == nil {
			return
		}
		g := m.group(ga.Value)
		if g == nil {
			return
		}
		g.MembersKnown = ua.Value.Kind == policy.Array
		for _, e := range ua.Value.Elems {
			if u := m.user(e); u != nil {
				account.Join(u, g, account.NodeLoc(r.file.Path, e))
			} else {
				g.MembersKnown = false
			}
		}
	case "aws_iam_user_group_membership":
		ua, ga := r.attr("user"), r.attr("groups")
		if ua == nil || ga == nil {
			return
		}
		u := m.user(ua.Value)
		if u == nil {
			return
		}
		for _, e := range ga.Value.Elems {
			if g := m.group(e); g != nil {
				account.Join(u, g, account.NodeLoc(r.file.Path, e))
			}
		}
	case "aws_iam_instance_profile":
		p := m.profiles[r.addr]
		if a := r.attr("role"); a != nil {
			pr := &account.ProfileRole{Role: m.role(a.Value), Loc: account.NodeLoc(r.file.Path, a.Value)}
			if pr.Role == nil {
				pr.Ref = tfKey(a.Value)
			} else {
				pr.Role.InstanceProfiles = append(pr.Role.InstanceProfiles, p)
			}
			p.Roles = append(p.Roles, pr)
		}
	case "aws_iam_access_key":
		k := m.keys[r.addr]
		if a := r.attr("user"); a != nil {
			if k.User = m.user(a.Value); k.User != nil {
				k.User.AccessKeys = append(k.User.AccessKeys, k)
			} else {
				k.UserRef = tfKey(a.Value)
			}
		}
	case "aws_lambda_permission":
		get := func(name string) *policy.Node {
			if a := r.attr(name); a != nil {
				return a.Value
			}
			return nil
		}
		at := &policy.Member{Name: r.addr, KeySpan: r.label.Span, Value: r.body}
		if r.body == nil {
			return
		}
		lp := &lambdaPermission{at: at, principal: get("principal"), action: get("action"), function: get("function_name"),
			sourceArn: get("source_arn"), sourceAccount: get("source_account"), orgID: get("principal_org_id"), urlAuthType: get("function_url_auth_type")}
		if root := lp.document(r.label.Pointer); root != nil {
			doc := policy.Build(root, r.file.Path, policy.Resource)
			doc.Name = r.addr
			r.file.Documents = append(r.file.Documents, doc)
		}
	default:
		if arg, ok := tfResourcePolicies[r.typ]; ok {
			if a := r.attr(arg); a != nil {
				m.document(r, a, arg, policy.Resource, false, "")
			}
		}
	}
}

// blocks returns the nested blocks of a resource named name.
func (r *tfResource) blocks(name string) []*policy.Node {
	if a := r.attr(name); a != nil {
		switch a.Value.Kind {
		case policy.Array:
			return a.Value.Elems
		case policy.Object:
			return []*policy.Node{a.Value}
		}
	}
	return nil
}

func getValue(n *policy.Node, name string) *policy.Node {
	if m := n.Get(name); m != nil {
		return m.Value
	}
	return nil
}

func blockLoc(r *tfResource, b *policy.Node, name string) account.Loc {
	if m := b.Get("name"); m != nil {
		return account.NodeLoc(r.file.Path, m.Value)
	}
	if a := r.attr(name); a != nil {
		return account.MemberLoc(r.file.Path, a)
	}
	return r.label
}

func (m *tfModel) attach(r *tfResource, n *policy.Node) *account.Attachment {
	key := tfKey(n)
	at := m.index.Attach(key, key == "", account.NodeLoc(r.file.Path, n))
	if at.Ref == "" {
		at.Ref = n.Str
	}
	return at
}

func (m *tfModel) principal(owner string, n *policy.Node) *account.Principal {
	switch owner {
	case "role":
		if r := m.role(n); r != nil {
			return &r.Principal
		}
	case "user":
		if u := m.user(n); u != nil {
			return &u.Principal
		}
	case "group":
		if g := m.group(n); g != nil {
			return &g.Principal
		}
	}
	return nil
}

func (m *tfModel) role(n *policy.Node) *account.Role {
	k := tfKey(n)
	if k == "" {
		return nil
	}
	if r := m.index.Role(k); r != nil {
		return r
	}
	return m.index.Role(arnName(k, ":role/"))
}

func (m *tfModel) user(n *policy.Node) *account.User {
	k := tfKey(n)
	if k == "" {
		return nil
	}
	if u := m.index.User(k); u != nil {
		return u
	}
	return m.index.User(arnName(k, ":user/"))
}

func (m *tfModel) group(n *policy.Node) *account.Group {
	k := tfKey(n)
	if k == "" {
		return nil
	}
	if g := m.index.Group(k); g != nil {
		return g
	}
	return m.index.Group(arnName(k, ":group/"))
}

// document reads a policy argument: an object (jsonencode, a policy
// document data source), or JSON text (a string or heredoc, a plan's
// rendered value).
func (m *tfModel) document(r *tfResource, a *policy.Member, arg string, kind policy.Kind, inline bool, owner string) *policy.Document {
	n := a.Value
	if doc := m.built[n]; doc != nil && doc.Kind == kind {
		return doc
	}
	file := r.file
	if f := m.origin[n]; f != nil {
		file = f
	}
	var root *policy.Node
	switch {
	case n.Kind == policy.Object:
		root = n
	case n.Kind == policy.String && !n.Unknown:
		parsed, err := parseEmbedded(r.file.Src, r.file.Lines, n)
		if err != nil {
			if e := (*Error)(nil); errors.As(err, &e) {
				e.Path = r.file.Path
				r.file.Errors = append(r.file.Errors, e)
			}
			return nil
		}
		if r.file.Format == "terraform" {
			markPlaceholders(parsed)
			unescapeTemplate(parsed)
		}
		root = parsed
	case n.Kind == policy.String && n.Unknown && n.Target == "" && strings.HasPrefix(strings.TrimSpace(n.Str), "{"):
		// A template with interpolations: the JSON with ${...} unknown.
		parsed, err := parseEmbedded(r.file.Src, r.file.Lines, n)
		if err != nil {
			return nil
		}
		markPlaceholders(parsed)
		unescapeTemplate(parsed)
		root = parsed
	default:
		return nil
	}
	doc := policy.Build(root, file.Path, kind)
	doc.Name = r.addr + "." + arg
	doc.Inline, doc.Owner = inline, owner
	file.Documents = append(file.Documents, doc)
	m.built[n] = doc
	return doc
}

// unescapeTemplate turns Terraform's $${ and %%{ escapes back into ${ and
// %{ in the strings of JSON read from template text.
func unescapeTemplate(n *policy.Node) {
	if n.Kind == policy.String && (strings.Contains(n.Str, "$${") || strings.Contains(n.Str, "%%{")) {
		n.Str = strings.NewReplacer("$${", "${", "%%{", "%{").Replace(n.Str)
	}
	for _, mem := range n.Members {
		unescapeTemplate(mem.Value)
	}
	for _, e := range n.Elems {
		unescapeTemplate(e)
	}
}

// tfWorkloads are the resource types that run code, with what to call them.
var tfWorkloads = map[string]string{
	"aws_lambda_function":                          "Lambda function",
	"aws_instance":                                 "EC2 instance",
	"aws_launch_template":                          "EC2 launch template",
	"aws_launch_configuration":                     "EC2 launch configuration",
	"aws_ecs_task_definition":                      "ECS task definition",
	"aws_batch_job_definition":                     "Batch job definition",
	"aws_codebuild_project":                        "CodeBuild project",
	"aws_elastic_beanstalk_environment":            "Elastic Beanstalk environment",
	"aws_apprunner_service":                        "App Runner service",
	"aws_glue_job":                                 "Glue job",
	"aws_sfn_state_machine":                        "Step Functions state machine",
	"aws_eks_node_group":                           "EKS node group",
	"aws_elastic_beanstalk_configuration_template": "Elastic Beanstalk configuration",
}

// flows finds access key secrets referenced by workloads.
func (m *tfModel) flows() {
	if len(m.keys) == 0 {
		return
	}
	for _, r := range m.res {
		kind, ok := tfWorkloads[r.typ]
		if !ok {
			continue
		}
		for _, ref := range r.refs {
			if k := m.keys[ref.addr]; k != nil && (ref.attr == "secret" || ref.attr == "ses_smtp_password_v4" || ref.attr == "encrypted_secret") {
				k.Flows = append(k.Flows, &account.SecretFlow{Loc: ref.loc, Workload: r.addr, Kind: kind})
			}
		}
	}
}
