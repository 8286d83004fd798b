package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/iamlint/iamlint/authz"
	"github.com/iamlint/iamlint/catalog"
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
		Use:   "simulate --action ACTION --resource ARN [flags]",
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

The keys AWS sets for every request are derived from --principal and the
resource unless given with --context: aws:PrincipalArn, aws:PrincipalAccount,
aws:PrincipalType, aws:username (IAM users) and aws:ResourceAccount. Without
--principal the request comes from an unnamed principal of the resource's
account, which a resource policy names only through "*".

Not yet supported: gathering a principal's policies, groups and boundary
from an input folder or an account dump (--principal NAME).

Exit status: 0 whatever the decision; 2 on bad input.`,
		Example: `  iamlint simulate --policy alice.json --principal arn:aws:iam::111122223333:user/alice \
      --action s3:GetObject --resource arn:aws:s3:::reports/2026/q1.csv
  iamlint simulate --policy role.json --boundary boundary.json --scp full.json --scp deny-regions.json \
      --action ec2:RunInstances --resource '*' --context aws:RequestedRegion=eu-west-3 --format json
  iamlint simulate --resource-policy bucket.json --principal arn:aws:iam::444455556666:user/bob \
      --action s3:PutObject --resource arn:aws:s3:::shared/in/x --resource-account 111122223333`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSimulate(cmd.OutOrStdout(), cmd.ErrOrStderr(), &f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.policies, "policy", nil, "an identity policy of the principal (repeatable)")
	fl.StringVar(&f.resourcePolicy, "resource-policy", "", "the resource's policy")
	fl.StringVar(&f.boundary, "boundary", "", "the principal's permissions boundary")
	fl.StringArrayVar(&f.scps, "scp", nil, "a service control policy of the principal's account (repeatable; all form one level)")
	fl.StringArrayVar(&f.rcps, "rcp", nil, "a resource control policy of the resource's account (repeatable; all form one level)")
	fl.StringVar(&f.sessionPolicy, "session-policy", "", "the session policy passed when the role was assumed")
	fl.StringVar(&f.principal, "principal", "", "the principal's ARN (user, role, assumed-role session, federated user, account root) or a service principal")
	fl.StringVar(&f.action, "action", "", "the action, e.g. s3:GetObject (required)")
	fl.StringVar(&f.resource, "resource", "", "the resource ARN, or * for actions that take none (required)")
	fl.StringVar(&f.resourceAccount, "resource-account", "", "the account that owns the resource (default: the resource ARN's, else the principal's)")
	fl.StringArrayVar(&f.context, "context", nil, "a condition key and value, KEY=VALUE (repeatable; a repeated key makes a multi-valued key)")
	fl.StringVarP(&f.format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runSimulate(stdout, stderr io.Writer, f *simulateFlags) error {
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
	}
	if catalog.Default().Action(f.action) == nil {
		msg := fmt.Sprintf("warning: %s is not an action in the catalog", f.action)
		if s := catalog.Default().SuggestAction(f.action); s != "" {
			msg += "; did you mean " + s
		}
		fmt.Fprintln(stderr, "iamlint:", msg)
	}

	set := &authz.Set{}
	var err error
	load := func(file string, kind policy.Kind) (*authz.Policy, error) {
		if file == "" {
			return nil, nil
		}
		return loadPolicy(file, kind)
	}
	for _, file := range f.policies {
		p, err := load(file, policy.Identity)
		if err != nil {
			return usage(err)
		}
		set.Identity = append(set.Identity, p)
	}
	if set.Resource, err = load(f.resourcePolicy, policy.Resource); err != nil {
		return usage(err)
	}
	if set.Boundary, err = load(f.boundary, policy.Boundary); err != nil {
		return usage(err)
	}
	if set.Session, err = load(f.sessionPolicy, policy.Identity); err != nil {
		return usage(err)
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
				return usage(err)
			}
			level = append(level, p)
		}
		if level != nil {
			*group.dst = [][]*authz.Policy{level}
		}
	}

	// A KMS key policy and a role's trust policy must allow the request
	// themselves (directly or by naming the account).
	act := strings.ToLower(f.action)
	set.ResourceMustAllow = set.Resource != nil &&
		((strings.HasPrefix(act, "kms:") && strings.Contains(f.resource, ":kms:")) ||
			(strings.HasPrefix(act, "sts:assumerole") && strings.Contains(f.resource, ":role/")))
	req := &authz.Request{Action: f.action, Resource: f.resource, ResourceAccount: f.resourceAccount}
	if f.principal != "" {
		req.Principal = authz.ParsePrincipal(f.principal)
	} else {
		req.Principal = authz.Principal{Account: req.ResourceAccountID()}
	}
	ctx, err := parseContext(f.context, stderr)
	if err != nil {
		return usage(err)
	}
	ctx.SetRequestKeys(req.Principal, req.ResourceAccountID())
	req.Context = ctx

	dec := authz.Evaluate(set, req)
	if f.format == "json" {
		return writeDecisionJSON(stdout, req, f.principal, dec)
	}
	writeDecisionText(stdout, req, f.principal, dec)
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

func principalName(given string) string {
	if given == "" {
		return "an unnamed principal of the resource's account"
	}
	return given
}

func writeDecisionText(w io.Writer, req *authz.Request, principal string, dec authz.Decision) {
	fmt.Fprintf(w, "%s: %s on %s by %s\n", dec.Effect, req.Action, req.Resource, principalName(principal))
	fmt.Fprintf(w, "  %s\n", dec.Reason)
	if dec.CrossAccount {
		fmt.Fprintf(w, "  cross-account: the principal's account is not the resource's (%s)\n", req.ResourceAccountID())
	}
	if len(dec.Statements) == 0 {
		return
	}
	fmt.Fprintln(w, "deciding statements:")
	for _, s := range dec.Statements {
		pos := s.Pos()
		sid := ""
		if s.Sid() != "" {
			sid = fmt.Sprintf(" Sid %q", s.Sid())
		}
		fmt.Fprintf(w, "  %s:%d:%d  %s%s  (%s)\n", s.File(), pos.Line, pos.Col, s.Effect(), sid, s.Type)
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
}

type statementJSON struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Sid    string `json:"sid"`
	Effect string `json:"effect"`
	Policy string `json:"policy"`
}

func writeDecisionJSON(w io.Writer, req *authz.Request, principal string, dec authz.Decision) error {
	out := decisionJSON{
		Decision:     dec.Effect.String(),
		Reason:       dec.Reason,
		Principal:    principal,
		Action:       req.Action,
		Resource:     req.Resource,
		CrossAccount: dec.CrossAccount,
		Statements:   []statementJSON{},
	}
	for _, s := range dec.Statements {
		pos := s.Pos()
		out.Statements = append(out.Statements, statementJSON{
			File: s.File(), Line: pos.Line, Column: pos.Col, Sid: s.Sid(), Effect: s.Effect(), Policy: s.Type.String(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return &exitError{code: 2, err: fmt.Errorf("write decision: %w", err)}
	}
	return nil
}
