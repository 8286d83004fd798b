// Package rules holds iamlint's rules, one file per rule or family. Each
// rule is a value of type *analyzer.Rule; [All] lists them explicitly, in a
// fixed order. Rules never read files or print: they inspect the document a
// pass hands them and report diagnostics through it.
package rules
