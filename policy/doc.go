// Package policy is the IAM policy document model and its parser.
//
// A policy is read in two steps. First a positional tree of [Node]s is built
// from the raw bytes (see [ParseJSON]); other input formats (YAML, HCL) build
// the same tree with positions into the file the user wrote. Then [Build]
// turns a tree into a [Document]: Version, Statements, and for every statement
// its Sid, Effect, Action/NotAction, Resource/NotResource,
// Principal/NotPrincipal and Condition, each keeping its [Span] and JSON
// Pointer. Shapes that AWS would reject (a number where a string belongs, a
// statement that is not an object) are kept in the document as [Problem]s,
// never dropped, so rules can report them at their position.
//
// Columns are 1-based and counted in bytes, as in go/token; reports convert
// them to characters or UTF-16 code units where a format needs it.
package policy
