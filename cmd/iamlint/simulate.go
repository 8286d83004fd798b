package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/authz"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/graph"
	"github.com/iamlint/iamlint/policy"
)

// simulateFlags are the flags of the simulate command.
type simulateFlags struct {
	policies        []string
	resourcePolicy  string
	boundary        string
	scps            []string
	rcps            []string
	sessionPolicy   string
	principal       string
	action          string
	resource        string
	resourceAccount string
	context         []string
	format          string
}

func newSimulateCmd() *cobra.Command {
	var f simulateFlags
	cmd := &cobra.Command{
		Use:   "simulate --action ACTION --resource ARN [flags] [PATH...]",
		Short: "Decide whether a request is allowed by a set of policies, and say which statements decided",
		Long: `simulate evaluates one request (principal, action, resource, condition
context) against policy files with AWS's evaluation logic: an explicit Deny
wins; every SCP and RCP level must allow; within one account an Allow in the
resource policy to the principal suffices, otherwise an identity policy must
allow and the permissions boundary and session policy must allow too; across
accounts both the identity side and the resource policy must allow.

It prints the decision (Allowed, ExplicitlyDenied or ImplicitlyDenied), the
reason, and the deciding statements with file:line and Sid. All --scp files
form one level of the organization, as do all --rcp files. A KMS key policy
(a kms: action on a key) and a role's trust policy (sts:AssumeRole* on a
role) given as --resource-policy must allow the request themselves, directly
or by naming the account, as AWS requires.

With PATH arguments (account authorization dumps, CloudFormation templates,
Terraform modules and plans, files or folders, read as who-can reads them),
--principal names a user or role of the inputs: by ARN, by user/NAME or
role/NAME, or by bare name (its IAM name, or a template's logical ID or
Terraform address). Its policies are gathered: inline and attached
(AWS managed ones from the embedded set), a user's groups' inline and
attached, and its permissions boundary; and when the action is
sts:AssumeRole* on a role of the inputs, that role's trust policy is the
resource policy. The deciding statements point into the dump, template or
module. Other resource policies (bucket, key, queue policies) are not
gathered: give them with --resource-policy. --policy adds identity
policies; --boundary and --resource-policy replace what was gathered.
Templates do not say their account: their principals and roles are in
the placeholder account 000000000000.

The keys AWS sets for every request are derived from the principal and the
resource unless given with --context: aws:PrincipalArn, aws:PrincipalAccount,
aws:PrincipalType, aws:username (IAM users) and aws:ResourceAccount. Without
--principal the request comes from an unnamed principal of the resource's
account, which a resource policy names only through "*".

Exit status: 0 whatever the decision; 2 on bad input (a principal that is
not in the inputs, a file that could not be read).`,
		Example: `  iamlint simulate --policy alice.json --principal arn:aws:iam::111122223333:user/alice \
      --action s3:GetObject --resource arn:aws:s3:::reports/2026/q1.csv
  iamlint simulate --policy role.json --boundary boundary.json --scp full.json --scp deny-regions.json \
      --action ec2:RunInstances --resource '*' --context aws:RequestedRegion=eu-west-3 --format json
  iamlint simulate --resource-policy bucket.json --principal arn:aws:iam::444455556666:user/bob \
      --action s3:PutObject --resource arn:aws:s3:::shared/in/x --resource-account 111122223333
  iamlint simulate --principal alice --action sts:AssumeRole \
      --resource arn:aws:iam::111122223333:role/auditor auth.json infra/`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSimulate(cmd.OutOrStdout(), cmd.ErrOrStderr(), &f, args)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.policies, "policy", nil, "an identity policy of the principal (repeatable; adds to the gathered ones)")
	fl.StringVar(&f.resourcePolicy, "resource-policy", "", "the resource's policy (replaces a gathered trust policy)")
	fl.StringVar(&f.boundary, "boundary", "", "the principal's permissions boundary (replaces a gathered one)")
	fl.StringArrayVar(&f.scps, "scp", nil, "a service control policy of the principal's account (repeatable; all form one level)")
	fl.StringArrayVar(&f.rcps, "rcp", nil, "a resource control policy of the resource's account (repeatable; all form one level)")
	fl.StringVar(&f.sessionPolicy, "session-policy", "", "the session policy passed when the role was assumed")
	fl.StringVar(&f.principal, "principal", "", "the principal's ARN (user, role, assumed-role session, federated user, account root) or a service principal; with PATHs, also user/NAME, role/NAME or NAME")
	fl.StringVar(&f.action, "action", "", "the action, e.g. s3:GetObject (required)")
	fl.StringVar(&f.resource, "resource", "", "the resource ARN, or * for actions that take none (required)")
	fl.StringVar(&f.resourceAccount, "resource-account", "", "the account that owns the resource (default: the resource ARN's, else the principal's)")
	fl.StringArrayVar(&f.context, "context", nil, "a condition key and value, KEY=VALUE (repeatable; a repeated key makes a multi-valued key)")
	fl.StringVarP(&f.format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runSimulate(stdout, stderr io.Writer, f *simulateFlags, paths []string) error {
	usage := func(err error) error { return &exitError{code: 2, err: err} }
	switch {
	case f.action == "":
		return usage(errors.New("--action is required, e.g. --action s3:GetObject"))
	case !strings.Contains(f.action, ":") || strings.ContainsAny(f.action, "*?"):
		return usage(fmt.Errorf("--action %q: want one action as service:Name, e.g. s3:GetObject", f.action))
	case f.resource == "":
		return usage(errors.New("--resource is required: an ARN, or * for actions that take no resource"))
	case f.format != "text" && f.format != "json":
		return usage(fmt.Errorf("--format: want text or json, not %q", f.format))
	case len(paths) > 0 && f.principal == "":
		return usage(errors.New("--principal is required with input paths: name the user or role, e.g. --principal user/alice"))
	}
	if catalog.Default().Action(f.action) == nil {
		msg := fmt.Sprintf("warning: %s is not an action in the catalog", f.action)
		if s := catalog.Default().SuggestAction(f.action); s != "" {
			msg += "; did you mean " + s
		}
		fmt.Fprintln(stderr, "iamlint:", msg)
	}

	set := &authz.Set{}
	sub := &subject{given: f.principal}
	if len(paths) > 0 {
		if err := sub.gather(paths, f, set, stderr); err != nil {
			return err
		}
	} else if f.principal != "" {
		sub.principal = authz.ParsePrincipal(f.principal)
		if sub.principal.Kind == authz.UnknownPrincipal {
			return usage(fmt.Errorf("--principal %q is not a principal ARN: to name a user or role by name, give the dump, template or folder that holds it as PATH", f.principal))
		}
	}
	if err := addPolicyFiles(set, f, sub, stderr); err != nil {
		return usage(err)
	}

	// A KMS key policy and a role's trust policy must allow the request
	// themselves (directly or by naming the account).
	act := strings.ToLower(f.action)
	set.ResourceMustAllow = set.Resource != nil &&
		((strings.HasPrefix(act, "kms:") && strings.Contains(f.resource, ":kms:")) ||
			(strings.HasPrefix(act, "sts:assumerole") && strings.Contains(f.resource, ":role/")))
	req := &authz.Request{Action: f.action, Resource: f.resource, ResourceAccount: f.resourceAccount}
	if f.principal != "" {
		req.Principal = sub.principal
	} else {
		req.Principal = authz.Principal{Account: req.ResourceAccountID()}
	}
	if sub.node != nil && req.Principal.Account == graph.PlaceholderAccount {
		if acct := req.ResourceAccountID(); acct != "" && acct != graph.PlaceholderAccount {
			fmt.Fprintf(stderr, "iamlint: warning: %s is from a template, in the placeholder account %s, and the resource is in %s: the request is cross-account (write the resource's ARN with %s to simulate the template deployed in the resource's account)\n",
				sub.node.Label(), graph.PlaceholderAccount, acct, graph.PlaceholderAccount)
		}
	}
	ctx, err := parseContext(f.context, stderr)
	if err != nil {
		return usage(err)
	}
	ctx.SetRequestKeys(req.Principal, req.ResourceAccountID())
	req.Context = ctx

	dec := authz.Evaluate(set, req)
	if f.format == "json" {
		err = writeDecisionJSON(stdout, req, sub, dec)
	} else {
		writeDecisionText(stdout, req, sub, dec)
	}
	if err == nil && sub.failed > 0 {
		err = usage(fmt.Errorf("%d file(s) could not be read: their policies were not gathered", sub.failed))
	}
	return err
}

// subject is the principal a request is simulated for and, with input
// paths, the user or role of the inputs it is and what was gathered.
type subject struct {
	// given is --principal as written.
	given     string
	principal authz.Principal
	// node is the principal in the inputs; nil without input paths.
	node *graph.Node
	// trustee is the role whose trust policy is the resource policy.
	trustee *graph.Node
	// gathered describes what was read from the inputs.
	gathered []string
	// failed counts the input files that could not be read.
	failed int
}

// gather reads the inputs, finds the principal in them and puts its
// policies (and a role's trust policy, for sts:AssumeRole* on it) in set.
func (sub *subject) gather(paths []string, f *simulateFlags, set *authz.Set, stderr io.Writer) error {
	usage := func(err error) error { return &exitError{code: 2, err: err} }
	models, failed, err := readModels(paths, stderr)
	if err != nil {
		return usage(err)
	}
	sub.failed = failed
	if len(models) == 0 {
		return usage(fmt.Errorf("no users or roles found in %s: give an account dump, a template or a Terraform module, or name policy files with --policy", strings.Join(paths, ", ")))
	}
	g := graph.Build(models...)
	n, p, err := findPrincipal(g, f.principal)
	if err != nil {
		return usage(err)
	}
	sub.node, sub.principal = n, p
	*set = n.Policies()
	ids := len(set.Identity)
	sub.gathered = append(sub.gathered, fmt.Sprintf("%d identity %s", ids, plural(ids, "policy", "policies")))
	if set.Boundary != nil {
		sub.gathered = append(sub.gathered, "a permissions boundary")
	}
	if n.BoundaryUnknown() {
		at := n.Boundary()
		fmt.Fprintf(stderr, "iamlint: warning: %s:%d:%d: the permissions boundary %s of %s is not in the inputs; it is taken to allow everything\n",
			at.Loc.File, at.Loc.Span.Start.Line, at.Loc.Span.Start.Col, at.Name(), n.Label())
	}
	if strings.HasPrefix(strings.ToLower(f.action), "sts:assumerole") {
		if r := g.Node(f.resource); r != nil && r.Kind == graph.Role && r.TrustPolicy() != nil {
			set.Resource, sub.trustee = r.TrustPolicy(), r
			sub.gathered = append(sub.gathered, "the trust policy of "+r.Label())
		}
	}
	return nil
}

// findPrincipal finds the user or role --principal names in the graph,
// and the principal its requests are made as (an assumed-role session
// ARN names its role, and the request is the session's).
func findPrincipal(g *graph.Graph, name string) (*graph.Node, authz.Principal, error) {
	nodes := g.Lookup(name)
	p := authz.ParsePrincipal(name)
	if len(nodes) == 0 && p.Kind == authz.RoleSession {
		if nodes = g.Lookup(p.RoleARN()); len(nodes) == 1 {
			return nodes[0], p, nil
		}
	}
	switch len(nodes) {
	case 1:
		return nodes[0], nodes[0].Principal(), nil
	case 0:
		msg := fmt.Sprintf("--principal %s: no user or role of the inputs has that name or ARN", name)
		if s := g.Suggest(name); s != "" {
			msg += "; did you mean " + s
		}
		return nil, p, errors.New(msg)
	}
	cands := make([]string, len(nodes))
	labels := map[string]bool{}
	for i, n := range nodes {
		cands[i] = fmt.Sprintf("%s (%s, %s)", n.Label(), n.ARN, n.Source)
		labels[n.Label()] = true
	}
	hint := "name one as user/NAME, role/NAME or by ARN"
	if len(labels) == 1 {
		hint = "give only the input that holds the one you mean"
	}
	return nil, p, fmt.Errorf("--principal %s is ambiguous: %s; %s", name, strings.Join(cands, ", "), hint)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// addPolicyFiles reads the policy files of the flags into set: identity
// policies add to the gathered ones, a boundary or resource policy
// replaces a gathered one.
func addPolicyFiles(set *authz.Set, f *simulateFlags, sub *subject, stderr io.Writer) error {
	load := func(file string, kind policy.Kind) (*authz.Policy, error) {
		if file == "" {
			return nil, nil
		}
		return loadPolicy(file, kind)
	}
	for _, file := range f.policies {
		p, err := load(file, policy.Identity)
		if err != nil {
			return err
		}
		set.Identity = append(set.Identity, p)
	}
	replace := func(slot **authz.Policy, file string, kind policy.Kind, what string) error {
		p, err := load(file, kind)
		if err != nil || p == nil {
			return err
		}
		if *slot != nil && sub.node != nil {
			fmt.Fprintf(stderr, "iamlint: warning: %s replaces the %s gathered from the inputs\n", file, what)
			for i, g := range sub.gathered {
				if strings.HasPrefix(g, "the "+what) || strings.HasPrefix(g, "a "+what) {
					sub.gathered[i] = what + " from " + file
				}
			}
		}
		*slot = p
		return nil
	}
	if err := replace(&set.Resource, f.resourcePolicy, policy.Resource, "trust policy"); err != nil {
		return err
	}
	if err := replace(&set.Boundary, f.boundary, policy.Boundary, "permissions boundary"); err != nil {
		return err
	}
	var err error
	if set.Session, err = load(f.sessionPolicy, policy.Identity); err != nil {
		return err
	}
	for _, group := range []struct {
		files []string
		kind  policy.Kind
		dst   *[][]*authz.Policy
	}{{f.scps, policy.SCP, &set.SCPs}, {f.rcps, policy.Resource, &set.RCPs}} {
		var level []*authz.Policy
		for _, file := range group.files {
			p, err := load(file, group.kind)
			if err != nil {
				return err
			}
			level = append(level, p)
		}
		if level != nil {
			*group.dst = [][]*authz.Policy{level}
		}
	}
	return nil
}

// loadPolicy reads and compiles one policy file.
func loadPolicy(file string, kind policy.Kind) (*authz.Policy, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read policy: %w", err)
	}
	return authz.ParsePolicy(file, src, kind)
}

// parseContext reads --context KEY=VALUE flags, checking each value against
// its key's type in the catalog.
func parseContext(flags []string, stderr io.Writer) (*authz.Context, error) {
	ctx := &authz.Context{}
	for _, kv := range flags {
		key, value, ok := strings.Cut(kv, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, fmt.Errorf("--context %q: want KEY=VALUE, e.g. aws:SourceIp=203.0.113.7", kv)
		}
		if k := catalog.Default().ConditionKey(key); k != nil {
			if err := authz.CheckValue(k.Type, value); err != nil {
				return nil, fmt.Errorf("--context %s: %w (the key is of type %s)", key, err, k.Type)
			}
		} else {
			msg := fmt.Sprintf("warning: %s is not a known condition key; its value is taken as a string", key)
			if s := catalog.Default().SuggestConditionKey(key); s != "" {
				msg += "; did you mean " + s
			}
			fmt.Fprintln(stderr, "iamlint:", msg)
		}
		ctx.Add(key, value)
	}
	return ctx, nil
}

// name is the principal as the output names it.
func (sub *subject) name() string {
	switch {
	case sub.node != nil:
		return sub.node.Label() + " (" + sub.principal.ARN + ")"
	case sub.given == "":
		return "an unnamed principal of the resource's account"
	}
	return sub.given
}

// locate is where a deciding statement is, and the AWS managed policy it
// is from when the place is the policy's attachment.
func (sub *subject) locate(s authz.Deciding) (account.Loc, string) {
	loc := account.Loc{File: s.File(), Span: s.Statement.Node.Span}
	if sub.node != nil {
		loc = sub.node.Locate(s)
	}
	if f := s.File(); loc.File != f && strings.Contains(f, ":iam::aws:policy/") {
		return loc, f
	}
	return loc, ""
}

func writeDecisionText(w io.Writer, req *authz.Request, sub *subject, dec authz.Decision) {
	fmt.Fprintf(w, "%s: %s on %s by %s\n", dec.Effect, req.Action, req.Resource, sub.name())
	fmt.Fprintf(w, "  %s\n", dec.Reason)
	if dec.CrossAccount {
		fmt.Fprintf(w, "  cross-account: the principal's account is not the resource's (%s)\n", req.ResourceAccountID())
	}
	if sub.node != nil {
		fmt.Fprintf(w, "  gathered from %s: %s\n", sub.node.Source, strings.Join(sub.gathered, ", "))
	}
	if len(dec.Statements) == 0 {
		return
	}
	fmt.Fprintln(w, "deciding statements:")
	for _, s := range dec.Statements {
		loc, managed := sub.locate(s)
		sid := ""
		if s.Sid() != "" {
			sid = fmt.Sprintf(" Sid %q", s.Sid())
		}
		in := s.Type.String()
		if managed != "" {
			in += ", AWS managed " + managed[strings.LastIndexByte(managed, '/')+1:]
		}
		if s.Type == authz.ResourcePolicy && sub.trustee != nil {
			in = "trust policy of " + sub.trustee.Label()
		}
		fmt.Fprintf(w, "  %s:%d:%d  %s%s  (%s)\n", loc.File, loc.Span.Start.Line, loc.Span.Start.Col, s.Effect(), sid, in)
	}
}

// decisionJSON is the --format json output of simulate.
type decisionJSON struct {
	Decision     string          `json:"decision"`
	Reason       string          `json:"reason"`
	Principal    string          `json:"principal"`
	Action       string          `json:"action"`
	Resource     string          `json:"resource"`
	CrossAccount bool            `json:"crossAccount"`
	Statements   []statementJSON `json:"statements"`
	// Source is the input the principal is from, with input paths.
	Source string `json:"source,omitempty"`
}

type statementJSON struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Sid    string `json:"sid"`
	Effect string `json:"effect"`
	Policy string `json:"policy"`
	// ManagedPolicy is the AWS managed policy the statement is from, when
	// file, line and column are where it is attached.
	ManagedPolicy string `json:"managedPolicy,omitempty"`
}

func writeDecisionJSON(w io.Writer, req *authz.Request, sub *subject, dec authz.Decision) error {
	out := decisionJSON{
		Decision:     dec.Effect.String(),
		Reason:       dec.Reason,
		Principal:    sub.given,
		Action:       req.Action,
		Resource:     req.Resource,
		CrossAccount: dec.CrossAccount,
		Statements:   []statementJSON{},
	}
	if sub.node != nil {
		out.Principal, out.Source = sub.principal.ARN, sub.node.Source
	}
	for _, s := range dec.Statements {
		loc, managed := sub.locate(s)
		out.Statements = append(out.Statements, statementJSON{
			File: loc.File, Line: loc.Span.Start.Line, Column: loc.Span.Start.Col, Sid: s.Sid(), Effect: s.Effect(),
			Policy: s.Type.String(), ManagedPolicy: managed,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return &exitError{code: 2, err: fmt.Errorf("write decision: %w", err)}
	}
	return nil
}
