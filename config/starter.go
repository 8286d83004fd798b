package config

// Starter is the commented configuration file `iamlint init` writes. Every
// setting is shown, most commented out; as written it changes nothing but
// fail-on.
const Starter = `# iamlint configuration: https://github.com/iamlint/iamlint#configuration
# Paths and globs are relative to this file's folder. Command-line flags
# override these settings. "iamlint rules" lists the rule IDs.

# Exit with status 1 when a finding has this severity or higher:
# critical, high, medium, low or info.
fail-on: low

# Run only these rules (default: all of them).
# enable: [action-unknown, wildcard-action]

# Do not run these rules.
# disable:
#   - version-missing

# Change the severity of rules.
# severity:
#   resource-mismatch: low

# Your own AWS account IDs: trusting them is not cross-account trust.
# Quote them, so that YAML keeps leading zeros.
# trusted-accounts:
#   - "123456789012"

# Files and folders not linted. "**" matches any number of folders; a
# pattern without "/" matches at any depth.
ignore-paths:
  - node_modules
  - cdk.out/asset.*

# Different rules or severities for some paths; later entries win.
# overrides:
#   - paths: ["test/**", "examples/**"]
#     disable: [wildcard-resource]
#     severity:
#       version-missing: info

# Ignore findings in files that cannot hold comments (JSON). In YAML and
# Terraform, write "# iamlint:ignore RULE[,RULE] -- reason" on the line of
# the finding or just above it instead. A reason is required.
# suppressions:
#   - paths: ["policies/legacy-admin.json"]
#     rules: [wildcard-action]
#     sids: [BreakGlass]          # optional: only these statements
#     reason: break-glass role, reviewed quarterly
`

// Default is the configuration when there is no file: everything on,
// paths relative to dir.
func Default(dir string) *Config {
	return &Config{Dir: dir}
}
