package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/rules"
)

func newRulesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List the rules with their ID, severity, category and title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tSEVERITY\tCATEGORY\tTITLE")
			for _, r := range rules.All() {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Category, r.Title)
			}
			return w.Flush()
		},
	}
}

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Print a rule's documentation",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := rules.ByID(args[0])
			if r == nil {
				return &exitError{code: 2, err: fmt.Errorf("unknown rule %q (iamlint rules lists them)", args[0])}
			}
			fmt.Fprint(cmd.OutOrStdout(), rules.Markdown(r))
			return nil
		},
	}
}

func newExpandCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "expand ACTION-PATTERN...",
		Short: "List the actions an action pattern matches, with their access levels",
		Example: `  iamlint expand 's3:Get*'
  iamlint expand 'iam:*Policy*' 'sts:AssumeRole*'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat := catalog.Default()
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			none := []string{}
			for _, p := range args {
				acts := cat.Expand(p)
				if len(acts) == 0 {
					none = append(none, p)
				}
				for _, a := range acts {
					fmt.Fprintf(w, "%s\t%s\n", a, a.Access)
				}
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if len(none) > 0 {
				return &exitError{code: 1, err: fmt.Errorf("no action matches %s", strings.Join(none, ", "))}
			}
			return nil
		},
	}
}

func newCatalogCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "The embedded AWS catalog of services, actions, resource types and condition keys",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "info",
		Short: "Print the catalog's source version, date and counts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			i := catalog.Default().Info()
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintf(w, "source\t%s %s\n", i.Package, i.Version)
			fmt.Fprintf(w, "date\t%s\n", i.Date)
			fmt.Fprintf(w, "services\t%d\n", i.Services)
			fmt.Fprintf(w, "actions\t%d\n", i.Actions)
			fmt.Fprintf(w, "resource types\t%d\n", i.ResourceTypes)
			fmt.Fprintf(w, "condition keys\t%d\n", i.ConditionKeys)
			fmt.Fprintf(w, "global condition keys\t%d\n", i.GlobalKeys)
			return w.Flush()
		},
	})
	return cmd
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print iamlint's version and its catalog's",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			i := catalog.Default().Info()
			fmt.Fprintf(cmd.OutOrStdout(), "iamlint %s (catalog %s %s, %s)\n", version(), i.Package, i.Version, i.Date)
			return nil
		},
	}
}
