package analyzer

import (
	"fmt"
	"slices"
	"time"

	"github.com/iamlint/iamlint/policy"
)

// Config is what the user chose for a run.
type Config struct {
	// Enable, when not empty, runs only these rules; Disable drops rules.
	Enable  []string
	Disable []string
	// Kind forces the kind of raw policy documents; 0 infers it.
	Kind policy.Kind
	// TrustedAccounts are the user's own account IDs.
	TrustedAccounts []string
	// Workers is the size of the worker pool; 0 means GOMAXPROCS.
	Workers int
	// SkipNonPolicy skips files named on the command line that hold no
	// policy, as files found in folders are (pre-commit passes every
	// staged JSON and YAML file).
	SkipNonPolicy bool
	// Ignore, when set, says which files and folders found while walking
	// a folder are not read (the configuration's ignore-paths).
	Ignore func(path string) bool
	// Now is the time rules compare dates with (role-unused); zero means
	// the current time. Set it (--now) for reproducible runs.
	Now time.Time
}

// Clock returns Now, or the current time when Now is zero.
func (c *Config) Clock() time.Time {
	if c.Now.IsZero() {
		return time.Now()
	}
	return c.Now
}

// Select returns the rules the configuration runs, checking that every
// named rule exists.
func (c *Config) Select(all []*Rule) ([]*Rule, error) {
	known := make(map[string]bool, len(all))
	for _, r := range all {
		known[r.ID] = true
	}
	for _, id := range slices.Concat(c.Enable, c.Disable) {
		if !known[id] {
			return nil, fmt.Errorf("unknown rule %q (iamlint rules lists them)", id)
		}
	}
	var out []*Rule
	for _, r := range all {
		if len(c.Enable) > 0 && !slices.Contains(c.Enable, r.ID) {
			continue
		}
		if slices.Contains(c.Disable, r.ID) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}
