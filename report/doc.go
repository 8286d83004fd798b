// Package report formats the result of a run for people and machines.
//
// It only formats: which findings exist, their severity and their order are
// decided by package analyzer, and every formatter prints all of them.
//
//   - text: one block per finding (location, severity, rule, message, the
//     source line with a caret under the column, related locations),
//     colored by severity, then a summary line.
//   - json: a stable, documented schema (see [JSON]).
//   - sarif: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers
//     (see [SARIF]).
//
// Positions in the analyzer are 1-based lines and 1-based byte columns.
// Text and JSON output keep byte columns; SARIF output converts them to
// UTF-16 code units, as SARIF requires, using the source of each file.
package report
