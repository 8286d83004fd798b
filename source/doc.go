// Package source reads input files into policy documents: one reader per
// input format, each keeping positions into the file the user wrote. It
// knows formats, not rules.
package source
