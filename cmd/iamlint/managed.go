package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/iamlint/iamlint/managed"
)

func newManagedCmd() *cobra.Command {
	var list bool
	cmd := &cobra.Command{
		Use:   "managed NAME|ARN...",
		Short: "Print the document of an AWS managed policy (embedded, latest version)",
		Long: `managed prints the latest document of AWS managed policies, from the copy
embedded in iamlint. Name a policy by name (ReadOnlyAccess), by the part
after policy/ (service-role/AWSLambdaBasicExecutionRole) or by its ARN in
any partition. --list prints every name with its ARN and version.`,
		Example: `  iamlint managed ReadOnlyAccess
  iamlint managed arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
  iamlint managed --list`,
		RunE: func(cmd *cobra.Command, args []string) error {
			set := managed.Default()
			out := cmd.OutOrStdout()
			if list {
				if len(args) > 0 {
					return &exitError{code: 2, err: fmt.Errorf("--list takes no policy names")}
				}
				w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				for _, name := range set.Names() {
					p := set.Lookup(name)
					fmt.Fprintf(w, "%s\t%s\t%s\n", p.Name, p.ARN, p.VersionID)
				}
				return w.Flush()
			}
			if len(args) == 0 {
				return &exitError{code: 2, err: fmt.Errorf("name an AWS managed policy, or use --list")}
			}
			for _, ref := range args {
				p := set.Lookup(ref)
				if p == nil {
					msg := fmt.Sprintf("%s is not an AWS managed policy", ref)
					if s := set.Suggest(ref); s != "" {
						msg += "; did you mean " + s
					}
					return &exitError{code: 2, err: fmt.Errorf("%s", msg)}
				}
				if len(args) > 1 {
					fmt.Fprintf(out, "// %s (%s)\n", p.ARN, p.VersionID)
				}
				if _, err := out.Write(p.Document); err != nil {
					return err
				}
				if n := len(p.Document); n == 0 || p.Document[n-1] != '\n' {
					fmt.Fprintln(out)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&list, "list", false, "list every embedded AWS managed policy with its ARN and version")
	return cmd
}
