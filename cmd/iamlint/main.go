// Command iamlint lints AWS IAM policies: it reads policy files and folders,
// runs iamlint's rules over every document found, and reports what AWS
// would reject, what is dangerous and what is broader than needed, at the
// exact line and column.
//
// Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 on a
// usage error or a file that could not be read or parsed.
package main

import (
	"errors"
	"fmt"
	"os"
)

// exitError carries an exit status through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func main() {
	cmd := newRootCmd()
	err := cmd.Execute()
	if err == nil {
		return
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(os.Stderr, "iamlint:", ee.err)
		}
		os.Exit(ee.code)
	}
	fmt.Fprintln(os.Stderr, "iamlint:", err)
	os.Exit(2)
}
