package rules

import "github.com/iamlint/iamlint/analyzer"

// SuppressionWithoutReason is reported by the engine for an iamlint:ignore
// comment that gives no reason; it has no Run of its own.
var SuppressionWithoutReason = &analyzer.Rule{
	ID:       analyzer.SuppressionWithoutReasonID,
	Title:    "iamlint:ignore comment without a reason",
	Severity: analyzer.Low,
	Category: analyzer.Hygiene,
	Doc: `Reports an ` + "`# iamlint:ignore RULE`" + ` comment (in YAML, HCL or any format with ` + "`#`" + ` or ` + "`//`" + ` line comments) that does not say why the finding is acceptable after ` + "`--`" + `. Such a comment suppresses nothing.

**Why it matters.** A suppression hides a finding from every later reader and every later run. Without a reason nobody can tell a considered exception from a silenced alarm, or know when it no longer holds.

**How to fix.** Name the rules and give the reason after ` + "`--`" + `, on the line of the finding or on the comment line just above it. In JSON, which has no comments, add a ` + "`suppressions`" + ` entry (path, rules, Sid, reason) to ` + "`.iamlint.yml`" + ` instead.

Bad:

` + "```yaml" + `
      PolicyDocument:
        Statement:
          # iamlint:ignore wildcard-resource
          - Effect: Allow
            Action: ec2:DescribeInstances
            Resource: "*"
` + "```" + `

Good:

` + "```yaml" + `
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ec2:DescribeInstances
            Resource: "*" # iamlint:ignore wildcard-resource -- Describe* actions take no resource
` + "```",
}
