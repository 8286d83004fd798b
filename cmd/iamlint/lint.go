package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/config"
	"github.com/iamlint/iamlint/policy"
	"github.com/iamlint/iamlint/report"
	"github.com/iamlint/iamlint/rules"
)

// runLint lints paths: configuration, analysis, suppressions, baseline,
// report, exit status.
func runLint(cmd *cobra.Command, paths []string, f *lintFlags) error {
	usage := func(err error) error { return &exitError{code: 2, err: err} }
	if !slices.Contains(report.Formats(), f.format) {
		return usage(fmt.Errorf("--format: unknown format %q: want one of %v", f.format, report.Formats()))
	}
	switch f.color {
	case "auto", "always", "never":
	default:
		return usage(fmt.Errorf("--color: want auto, always or never, not %q", f.color))
	}
	all := rules.All()
	cfg, err := loadConfig(cmd, paths[0], f, all)
	if err != nil {
		return usage(err)
	}
	failOn := cfg.FailOn
	if cmd.Flags().Changed("fail-on") || failOn == 0 {
		if failOn, err = analyzer.ParseSeverity(f.failOn); err != nil {
			return usage(fmt.Errorf("--fail-on: %w", err))
		}
	}
	acfg := &analyzer.Config{TrustedAccounts: cfg.TrustedAccounts, SkipNonPolicy: f.skipNonPolicy, Ignore: cfg.Ignored}
	if f.now != "" {
		if acfg.Now, err = parseNow(f.now); err != nil {
			return usage(err)
		}
	}
	if f.kind != "" {
		if acfg.Kind, err = policy.ParseKind(f.kind); err != nil {
			return usage(fmt.Errorf("--kind: %w", err))
		}
	}
	var base *analyzer.Baseline
	if f.baseline != "" {
		if base, err = readBaseline(f.baseline); err != nil {
			return usage(err)
		}
	}

	selected := cfg.Rules(all)
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := analyzer.Run(ctx, selected, paths, acfg)
	if err != nil {
		return usage(err)
	}
	var missingReason *analyzer.Rule
	if i := slices.IndexFunc(selected, func(r *analyzer.Rule) bool { return r.ID == analyzer.SuppressionWithoutReasonID }); i >= 0 {
		missingReason = selected[i]
	}
	analyzer.Suppress(res, analyzer.SuppressOptions{NoIgnore: f.noIgnore, External: cfg.External, MissingReason: missingReason})
	cfg.Apply(res)

	stderr := cmd.ErrOrStderr()
	if f.writeBaseline != "" {
		base = analyzer.NewBaseline(res.Diagnostics)
		var buf bytes.Buffer
		if err := base.Write(&buf); err != nil {
			return usage(err)
		}
		if err := os.WriteFile(f.writeBaseline, buf.Bytes(), 0o644); err != nil {
			return usage(fmt.Errorf("--write-baseline: %w", err))
		}
		fmt.Fprintf(stderr, "iamlint: wrote %d findings to baseline %s\n", len(base.Findings), f.writeBaseline)
	}
	if base != nil {
		fresh, known := base.Apply(res.Diagnostics)
		if f.format != "text" {
			fmt.Fprintf(stderr, "iamlint: %d new, %d in baseline\n", fresh, known)
		}
	}

	info := catalog.Default().Info()
	opts := report.Options{
		Color:         f.color,
		ToolVersion:   version(),
		Catalog:       fmt.Sprintf("%s %s (%s)", info.Package, info.Version, info.Date),
		Rules:         selected,
		SARIFCategory: f.sarifCategory,
		Baseline:      base != nil,
		// In a GitHub workflow, paths are relative to the repository
		// (the workspace), wherever iamlint runs from.
		BaseDir: os.Getenv("GITHUB_WORKSPACE"),
	}
	if err := writeReport(cmd.OutOrStdout(), f, res, opts); err != nil {
		return usage(err)
	}
	switch {
	case res.Failed() > 0:
		return &exitError{code: 2}
	case reaches(res.Diagnostics, failOn):
		return &exitError{code: 1}
	}
	return nil
}

// loadConfig reads the configuration file (--config, or the one found
// upward from the first path) and lets the flags override it: --enable
// replaces the file's enable list and takes its rules off the disable
// list, --disable and --trusted-account add to the file's lists.
func loadConfig(cmd *cobra.Command, first string, f *lintFlags, all []*analyzer.Rule) (*config.Config, error) {
	known := make([]string, len(all))
	for i, r := range all {
		known[i] = r.ID
	}
	path := f.config
	if path == "" {
		found, err := config.Find(first)
		if err != nil {
			return nil, err
		}
		path = found
	}
	var cfg *config.Config
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("find working directory: %w", err)
		}
		cfg = config.Default(wd)
	} else {
		c, err := config.Load(path, known)
		if err != nil {
			return nil, fmt.Errorf("configuration: %w", err)
		}
		cfg = c
	}
	for _, id := range slices.Concat(f.enable, f.disable) {
		if !slices.Contains(known, id) {
			return nil, fmt.Errorf("unknown rule %q (iamlint rules lists them)", id)
		}
	}
	if cmd.Flags().Changed("enable") {
		cfg.Enable = f.enable
		cfg.Disable = slices.DeleteFunc(cfg.Disable, func(id string) bool { return slices.Contains(f.enable, id) })
	}
	cfg.Disable = append(cfg.Disable, f.disable...)
	cfg.TrustedAccounts = append(cfg.TrustedAccounts, f.trustedAccounts...)
	return cfg, nil
}

func readBaseline(path string) (*analyzer.Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %w", err)
	}
	b, err := analyzer.ReadBaseline(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("--baseline %s: %w", path, err)
	}
	return b, nil
}

// writeReport writes the report to standard output or --output.
func writeReport(stdout io.Writer, f *lintFlags, res *analyzer.Result, opts report.Options) error {
	if f.output == "" {
		if err := report.Write(stdout, f.format, res, opts); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		return nil
	}
	file, err := os.Create(f.output)
	if err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	err = report.Write(file, f.format, res, opts)
	if cerr := file.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}

// reaches reports whether a counted diagnostic (neither suppressed nor in
// the baseline) has severity at least min.
func reaches(diags []analyzer.Diagnostic, min analyzer.Severity) bool {
	for i := range diags {
		if d := &diags[i]; d.Counts() && d.Severity >= min {
			return true
		}
	}
	return false
}

func newInitCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a commented starter configuration file, .iamlint.yml",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			path := filepath.Join(dir, config.FileName)
			flag := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if force {
				flag = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			file, err := os.OpenFile(path, flag, 0o644)
			if errors.Is(err, os.ErrExist) {
				return &exitError{code: 2, err: fmt.Errorf("%s exists; use --force to overwrite it", path)}
			}
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			_, err = io.WriteString(file, config.Starter)
			if cerr := file.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return &exitError{code: 2, err: fmt.Errorf("write %s: %w", path, err)}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\n", path)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	return cmd
}

// parseNow reads --now: a date (2006-01-02) or an RFC 3339 time.
func parseNow(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--now: want a date such as 2026-11-01 or an RFC 3339 time, not %q", s)
	}
	return t, nil
}
