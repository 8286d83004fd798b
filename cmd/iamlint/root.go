package main

import (
	"runtime/debug"

	"github.com/spf13/cobra"
)

// lintFlags are the flags of the lint command.
type lintFlags struct {
	format          string
	output          string
	failOn          string
	kind            string
	enable          []string
	disable         []string
	color           string
	trustedAccounts []string
	config          string
	noIgnore        bool
	baseline        string
	writeBaseline   string
	sarifCategory   string
	skipNonPolicy   bool
	now             string
}

func newRootCmd() *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "iamlint [flags] [PATH...]",
		Short: "Lint AWS IAM policies: validity, security and least privilege, with exact positions",
		Long: `iamlint reads IAM policy files and folders (default: the current folder) and
reports what AWS would reject, what is dangerous and what is broader than
needed, at the exact line and column.

Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 on a
usage error or a file that could not be read or parsed.`,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return runLint(cmd, args, &f)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: 2, err: err}
	})
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: text, json, sarif, github or markdown")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.failOn, "fail-on", "low", "exit 1 when a finding has this severity or higher: critical, high, medium, low, info")
	fl.StringVar(&f.kind, "kind", "", "treat raw JSON documents as this kind: identity, trust, resource, boundary, scp (default: inferred)")
	fl.StringSliceVar(&f.enable, "enable", nil, "run only these rules (comma-separated IDs, repeatable)")
	fl.StringSliceVar(&f.disable, "disable", nil, "do not run these rules (comma-separated IDs, repeatable)")
	fl.StringVar(&f.color, "color", "auto", "color the text output: auto, always or never (NO_COLOR is honoured)")
	fl.StringArrayVar(&f.trustedAccounts, "trusted-account", nil, "an AWS account ID of your own, trusted in cross-account checks (repeatable)")
	fl.StringVar(&f.config, "config", "", "configuration file (default: .iamlint.yml in the first path's folder or the nearest folder above)")
	fl.BoolVar(&f.noIgnore, "no-ignore", false, "apply no suppression: show the findings iamlint:ignore comments and the configuration suppress")
	fl.StringVar(&f.baseline, "baseline", "", "fail only on findings not recorded in this baseline file")
	fl.StringVar(&f.writeBaseline, "write-baseline", "", "record the findings of this run in a baseline file")
	fl.StringVar(&f.sarifCategory, "sarif-category", "", "SARIF runAutomationDetails.id, which tells GitHub code scanning analyses apart")
	fl.StringVar(&f.now, "now", "", "the date rules compare with (role-unused), as 2006-01-02 or RFC 3339 (default: the current time)")
	fl.BoolVar(&f.skipNonPolicy, "skip-non-policy", false, "skip files named as arguments that hold no IAM policy, as in folders (the pre-commit hook sets it)")
	cmd.AddCommand(newRulesCmd(), newExplainCmd(), newExpandCmd(), newCatalogCmd(), newVersionCmd(), newInitCmd(), newSimulateCmd(), newManagedCmd(), newWhoCanCmd())
	return cmd
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
