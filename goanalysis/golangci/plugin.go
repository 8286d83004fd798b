// Package golangci is iamlint as a golangci-lint module plugin: built into
// a custom golangci-lint with `golangci-lint custom` (see .custom-gcl.yml
// in the README), it runs the goanalysis analyzer as the linter "iamlint".
//
// golangci-lint finds module plugins by the registration this package
// makes when imported; it is the one init function of the project, as
// plugin-module-register requires.
package golangci

import (
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/iamlint/iamlint/goanalysis"
)

func init() {
	register.Plugin("iamlint", New)
}

// New returns the plugin; it takes no settings.
func New(any) (register.LinterPlugin, error) {
	return plugin{}, nil
}

type plugin struct{}

// BuildAnalyzers returns the iamlint analyzer.
func (plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{goanalysis.Analyzer}, nil
}

// GetLoadMode asks for type information, which the analyzer needs to
// recognise the aws-sdk-go-v2 IAM inputs and constants.
func (plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
