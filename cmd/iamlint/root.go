package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
	"github.com/iamlint/iamlint/report"
	"github.com/iamlint/iamlint/rules"
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
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return runLint(cmd.Context(), cmd.OutOrStdout(), args, &f)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: 2, err: err}
	})
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: text, json or sarif")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.failOn, "fail-on", "low", "exit 1 when a finding has this severity or higher: critical, high, medium, low, info")
	fl.StringVar(&f.kind, "kind", "", "treat raw JSON documents as this kind: identity, trust, resource, boundary, scp (default: inferred)")
	fl.StringSliceVar(&f.enable, "enable", nil, "run only these rules (comma-separated IDs, repeatable)")
	fl.StringSliceVar(&f.disable, "disable", nil, "do not run these rules (comma-separated IDs, repeatable)")
	fl.StringVar(&f.color, "color", "auto", "color the text output: auto, always or never (NO_COLOR is honoured)")
	fl.StringArrayVar(&f.trustedAccounts, "trusted-account", nil, "an AWS account ID of your own, trusted in cross-account checks (repeatable)")
	cmd.AddCommand(newRulesCmd(), newExplainCmd(), newExpandCmd(), newCatalogCmd(), newVersionCmd())
	return cmd
}

func runLint(ctx context.Context, stdout io.Writer, paths []string, f *lintFlags) error {
	usage := func(err error) error { return &exitError{code: 2, err: err} }
	failOn, err := analyzer.ParseSeverity(f.failOn)
	if err != nil {
		return usage(fmt.Errorf("--fail-on: %w", err))
	}
	if !validFormat(f.format) {
		return usage(fmt.Errorf("--format: unknown format %q: want one of %v", f.format, report.Formats()))
	}
	switch f.color {
	case "auto", "always", "never":
	default:
		return usage(fmt.Errorf("--color: want auto, always or never, not %q", f.color))
	}
	cfg := &analyzer.Config{Enable: f.enable, Disable: f.disable, TrustedAccounts: f.trustedAccounts}
	if f.kind != "" {
		if cfg.Kind, err = policy.ParseKind(f.kind); err != nil {
			return usage(fmt.Errorf("--kind: %w", err))
		}
	}
	selected, err := cfg.Select(rules.All())
	if err != nil {
		return usage(err)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := analyzer.Run(ctx, selected, paths, cfg)
	if err != nil {
		return usage(err)
	}
	out := stdout
	if f.output != "" {
		file, err := os.Create(f.output)
		if err != nil {
			return usage(fmt.Errorf("--output: %w", err))
		}
		defer file.Close()
		out = file
	}
	info := catalog.Default().Info()
	opts := report.Options{
		Color:       f.color,
		ToolVersion: version(),
		Catalog:     fmt.Sprintf("%s %s (%s)", info.Package, info.Version, info.Date),
		Rules:       selected,
	}
	if err := report.Write(out, f.format, res, opts); err != nil {
		return usage(fmt.Errorf("write report: %w", err))
	}
	if f.output != "" {
		if err := out.(*os.File).Close(); err != nil {
			return usage(fmt.Errorf("--output: %w", err))
		}
	}
	switch {
	case res.Failed() > 0:
		return &exitError{code: 2}
	case reaches(res.Diagnostics, failOn):
		return &exitError{code: 1}
	}
	return nil
}

func validFormat(format string) bool {
	for _, f := range report.Formats() {
		if f == format {
			return true
		}
	}
	return false
}

// reaches reports whether any diagnostic has severity at least min.
func reaches(diags []analyzer.Diagnostic, min analyzer.Severity) bool {
	for _, d := range diags {
		if d.Severity >= min {
			return true
		}
	}
	return false
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
