// Package config reads iamlint's configuration file, .iamlint.yml: which
// rules run, their severities, the paths ignored, the user's own accounts,
// the severity that fails a run, overrides for some paths, and suppressions
// of findings in files that cannot hold comments (JSON).
//
// The file is YAML, read node by node: an unknown key or a bad value is an
// error naming its line and column. Paths and globs in it are relative to
// the folder that holds it. [Find] looks for it upward from the first path
// linted; [Starter] is the commented file `iamlint init` writes.
package config
