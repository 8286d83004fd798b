// Package effective computes what a set of policy documents grants: for
// each Allow statement, the concrete catalog actions it allows (wildcards
// and NotAction expanded), on which resources and under which conditions,
// less what Deny statements take away for certain.
//
// A Deny takes an action away from an Allow only where it is sure to apply:
// it has no Condition, its actions include the action, and its resources
// cover every resource the Allow names for it. A conditional Deny (a region
// guardrail, an MFA requirement) removes nothing for certain, so the Allow
// still counts. Deny statements are matched by resource and not by action
// name alone, so "Deny s3:DeleteObject on one bucket" leaves the Allow of
// s3:DeleteObject on every other bucket.
//
// The computation is done once per document (or once for all the documents
// of a principal) and shared by every rule that needs it.
package effective
