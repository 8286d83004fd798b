// Command iamlint-vet runs iamlint's rules over the IAM policies written in
// Go source, as a go vet tool:
//
//	go install github.com/iamlint/iamlint/cmd/iamlint-vet@latest
//	go vet -vettool=$(command -v iamlint-vet) ./...
//
// It finds the policy documents of aws-sdk-go-v2 IAM inputs and every
// constant string that is a JSON policy document, and reports each finding
// at its position inside the literal (see package goanalysis). As an
// analysis driver it exits 0 without findings, 1 on a bad invocation and
// 3 when it reports findings, not with iamlint's exit codes.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/iamlint/iamlint/goanalysis"
)

func main() {
	unitchecker.Main(goanalysis.Analyzer)
}
