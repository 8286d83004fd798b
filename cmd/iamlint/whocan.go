package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/graph"
	"github.com/iamlint/iamlint/source"
)

func newWhoCanCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "who-can ACTION RESOURCE [PATH...]",
		Short: "List the principals that can make a request, directly or by becoming another principal",
		Long: `who-can reads account authorization dumps (aws iam
get-account-authorization-details), CloudFormation templates and Terraform
modules and plans (default: the current folder), and lists every user and
role that can make the request: directly, by its identity policies,
groups and permissions boundary, or through a path of other principals
(assuming a role, passing a role to a compute service, creating another
user's credentials, rewriting a trust policy or a policy), with the path.
All inputs make one graph: dumps of several accounts give paths across
accounts (templates all get the placeholder account 000000000000).
A principal that can become an administrator can do anything: its path
ends in "admin".

RESOURCE is an ARN, or * for actions that take no resource. Decisions
that depend on condition keys that cannot be known statically (MFA, source IP,
tags) are marked "conditional". The principals' resource policies are not
in these inputs, so a grant made only by a resource policy is not seen.

Exit status: 0 whatever the answer; 2 on bad input or a file that could
not be read.`,
		Example: `  iamlint who-can iam:CreateUser '*' auth.json
  iamlint who-can s3:GetObject arn:aws:s3:::reports/q1.csv infra/ --format json`,
		Args:          cobra.MinimumNArgs(2),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			paths := args[2:]
			if len(paths) == 0 {
				paths = []string{"."}
			}
			return runWhoCan(cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], args[1], paths, format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}

func runWhoCan(stdout, stderr io.Writer, action, resource string, paths []string, format string) error {
	usage := func(err error) error { return &exitError{code: 2, err: err} }
	switch {
	case !strings.Contains(action, ":") || strings.ContainsAny(action, "*?"):
		return usage(fmt.Errorf("ACTION %q: want one action as service:Name, e.g. iam:CreateUser", action))
	case resource == "":
		return usage(errors.New("RESOURCE: want an ARN, or * for actions that take no resource"))
	case format != "text" && format != "json":
		return usage(fmt.Errorf("--format: want text or json, not %q", format))
	}
	if catalog.Default().Action(action) == nil {
		msg := fmt.Sprintf("warning: %s is not an action in the catalog", action)
		if s := catalog.Default().SuggestAction(action); s != "" {
			msg += "; did you mean " + s
		}
		fmt.Fprintln(stderr, "iamlint:", msg)
	}
	models, failed, err := readModels(paths, stderr)
	if err != nil {
		return usage(err)
	}
	var answers []whoCanAnswer
	if len(models) > 0 {
		// One graph of every input, so that paths cross accounts (dumps
		// of several accounts).
		for _, acc := range graph.Build(models...).WhoCan(action, resource) {
			answers = append(answers, newAnswer(acc))
		}
	}
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if answers == nil {
			answers = []whoCanAnswer{}
		}
		if err := enc.Encode(whoCanResult{Action: action, Resource: resource, Principals: answers}); err != nil {
			return err
		}
	} else if err := writeWhoCanText(stdout, action, resource, len(models), answers); err != nil {
		return err
	}
	if failed > 0 {
		return &exitError{code: 2, err: fmt.Errorf("%d file(s) could not be read", failed)}
	}
	return nil
}

// whoCanResult is the JSON output.
type whoCanResult struct {
	Action     string         `json:"action"`
	Resource   string         `json:"resource"`
	Principals []whoCanAnswer `json:"principals"`
}

// whoCanAnswer is one principal that can make the request.
type whoCanAnswer struct {
	Principal string `json:"principal"`
	ARN       string `json:"arn"`
	// Source is the input (dump, template, module) the principal is from.
	Source string `json:"source"`
	// Direct: its own policies allow the request.
	Direct bool `json:"direct"`
	// ViaAdmin: the path ends at administrator access.
	ViaAdmin    bool          `json:"via_admin"`
	Conditional bool          `json:"conditional"`
	Path        string        `json:"path"`
	Steps       []whoCanStep  `json:"steps"`
	AllowedBy   []whoCanPlace `json:"allowed_by"`
}

type whoCanStep struct {
	From string `json:"from"`
	To   string `json:"to"`
	Step string `json:"step"`
	whoCanPlace
}

type whoCanPlace struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Action string `json:"action,omitempty"`
}

func placeOf(g graph.Grant) whoCanPlace {
	return whoCanPlace{File: g.Loc.File, Line: g.Loc.Span.Start.Line, Column: g.Loc.Span.Start.Col, Action: g.Action}
}

func newAnswer(acc *graph.Access) whoCanAnswer {
	p := acc.Path
	ans := whoCanAnswer{Principal: p.Start.Label(), ARN: p.Start.ARN, Source: p.Start.Source,
		Direct: len(p.Steps) == 0 && !acc.ViaAdmin, ViaAdmin: acc.ViaAdmin, Conditional: acc.Conditional,
		Steps: []whoCanStep{}, AllowedBy: []whoCanPlace{}}
	end := "allowed"
	if acc.ViaAdmin {
		end = "admin"
	}
	ans.Path = p.Text(end)
	for _, e := range p.Steps {
		st := whoCanStep{From: e.From.Label(), To: e.To.Label(), Step: e.Text()}
		if gs := e.Grants(); len(gs) > 0 {
			st.whoCanPlace = placeOf(gs[0])
		}
		ans.Steps = append(ans.Steps, st)
	}
	if acc.ViaAdmin && p.Admin != nil && p.Admin.Admin != nil {
		for _, g := range p.Admin.Admin.Grants() {
			ans.AllowedBy = append(ans.AllowedBy, placeOf(g))
		}
	}
	for _, g := range acc.Allowed {
		ans.AllowedBy = append(ans.AllowedBy, placeOf(g))
	}
	return ans
}

func writeWhoCanText(w io.Writer, action, resource string, models int, answers []whoCanAnswer) error {
	if models == 0 {
		_, err := fmt.Fprintln(w, "no users or roles found in the inputs")
		return err
	}
	if len(answers) == 0 {
		_, err := fmt.Fprintf(w, "no principal can do %s on %s\n", action, resource)
		return err
	}
	fmt.Fprintf(w, "%d principal(s) can do %s on %s:\n", len(answers), action, resource)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, a := range answers {
		how := a.Path
		if a.Direct {
			how = "allowed by its policies"
			if len(a.AllowedBy) > 0 {
				pl := a.AllowedBy[0]
				how += fmt.Sprintf(" (%s:%d:%d)", pl.File, pl.Line, pl.Column)
			}
		}
		if a.Conditional {
			how += " [conditional]"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", a.Principal, how)
	}
	return tw.Flush()
}

// readModels reads the identity models of the inputs the way the lint
// command finds them: files and folders (hidden folders and node_modules
// skipped), the .tf files of one folder read together as a module. Files
// that hold no identity are skipped; files that cannot be read are
// reported on stderr and counted.
func readModels(paths []string, stderr io.Writer) ([]*account.Account, int, error) {
	var files []string
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, 0, fmt.Errorf("read %s: %w", root, errors.Unwrap(err))
		}
		if !info.IsDir() {
			files = append(files, root)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name := d.Name(); p != root && (name[0] == '.' || name == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && source.Wanted(p) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, 0, fmt.Errorf("walk %s: %w", root, err)
		}
	}
	var models []*account.Account
	seen := map[*account.Account]bool{}
	failed := 0
	keep := func(f *source.File, err error) {
		switch {
		case errors.Is(err, source.ErrNotPolicy):
		case err != nil:
			failed++
			fmt.Fprintf(stderr, "iamlint: %v\n", err)
		case f != nil && f.Account != nil && !seen[f.Account] && len(f.Account.Users)+len(f.Account.Roles) > 0:
			seen[f.Account] = true
			models = append(models, f.Account)
		}
	}
	modules := map[string][]source.Input{}
	var order []string
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "iamlint: read %s: %v\n", path, errors.Unwrap(err))
			continue
		}
		if source.IsTerraform(path) {
			dir := filepath.Dir(path)
			if _, ok := modules[dir]; !ok {
				order = append(order, dir)
			}
			modules[dir] = append(modules[dir], source.Input{Path: path, Src: src})
			continue
		}
		f, err := source.Read(path, src, source.Options{})
		keep(f, err)
	}
	for _, dir := range order {
		got, errs := source.ReadModule(modules[dir], source.Options{})
		for i, f := range got {
			keep(f, errs[i])
		}
	}
	return models, failed, nil
}
