// Package analyzer is iamlint's rule engine, modelled on
// golang.org/x/tools/go/analysis.
//
// A [Rule] is a value: an ID, a title, a doc, a default severity, a
// category, the policy kinds it applies to, and a Run function. Run receives
// a [Pass] holding one policy document, the AWS catalog and the
// configuration, and reports [Diagnostic]s through it. Expensive results
// that several rules need (expanded action sets) are [Analysis] values,
// computed once per document and shared through [Pass.Result].
//
// [Run] reads and analyzes files on a worker pool and returns the
// diagnostics ordered by file, line, column and rule, whatever the
// scheduling.
package analyzer
