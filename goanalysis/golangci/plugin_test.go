package golangci

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"
)

func TestPlugin(t *testing.T) {
	t.Parallel()
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 || as[0].Name != "iamlint" {
		t.Fatalf("BuildAnalyzers() = %v, %v; want the iamlint analyzer", as, err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", p.GetLoadMode(), register.LoadModeTypesInfo)
	}
	if _, err := register.GetPlugin("iamlint"); err != nil {
		t.Errorf("plugin not registered: %v", err)
	}
}
