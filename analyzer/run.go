package analyzer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
	"github.com/iamlint/iamlint/source"
)

// ParseErrorID is the rule ID of files that could not be read or parsed.
const ParseErrorID = "parse-error"

// FileResult is what one input file gave.
type FileResult struct {
	Path  string
	Src   []byte
	Lines *policy.Lines
	// Documents found in the file.
	Documents int
	// Skipped: a file found in a folder that holds no policy.
	Skipped bool
	// Failed: the file could not be read or parsed.
	Failed bool
}

// Result is the outcome of a run.
type Result struct {
	// Files read, in the order of the inputs (folders walked in lexical order).
	Files []*FileResult
	// Diagnostics of every file, ordered by file, line, column and rule.
	Diagnostics []Diagnostic
}

// Failed counts the files that could not be read or parsed.
func (r *Result) Failed() int {
	n := 0
	for _, f := range r.Files {
		if f.Failed {
			n++
		}
	}
	return n
}

// Documents counts the policy documents analyzed.
func (r *Result) Documents() int {
	n := 0
	for _, f := range r.Files {
		n += f.Documents
	}
	return n
}

// input is one file to read; explicit when named on the command line.
type input struct {
	path     string
	explicit bool
}

// Expand turns paths (files and folders) into the files to read. Folders
// are walked in lexical order; hidden folders, node_modules and .terraform
// are skipped, and so are files no reader wants.
func expand(paths []string, ignore func(string) bool) ([]input, error) {
	var out []input
	seen := map[string]bool{}
	add := func(p string, explicit bool) {
		if !seen[p] {
			seen[p] = true
			out = append(out, input{path: p, explicit: explicit})
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", root, errors.Unwrap(err))
		}
		if !info.IsDir() {
			add(root, true)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				name := d.Name()
				if p != root && (name[0] == '.' || name == "node_modules" || ignore != nil && ignore(p)) {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && source.Wanted(p) && (ignore == nil || !ignore(p)) {
				add(p, false)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", root, err)
		}
	}
	return out, nil
}

// unit is a set of inputs read together: one file, or the Terraform
// files of one folder (a module, whose references cross its files).
type unit []int

// units groups the inputs: each .tf file joins the others of its folder, at
// the place of the first; every other file is a unit of its own.
func units(inputs []input) []unit {
	var out []unit
	module := map[string]int{} // folder -> index in out
	for i, in := range inputs {
		if source.IsTerraform(in.path) {
			dir := filepath.Dir(in.path)
			if j, ok := module[dir]; ok {
				out[j] = append(out[j], i)
				continue
			}
			module[dir] = len(out)
		}
		out = append(out, unit{i})
	}
	return out
}

// Run reads the files under paths and runs the rules over every document
// found, and the account rules over every identity model, on a worker pool.
func Run(ctx context.Context, rules []*Rule, paths []string, cfg *Config) (*Result, error) {
	inputs, err := expand(paths, cfg.Ignore)
	if err != nil {
		return nil, err
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	cat := catalog.Default()
	files := make([]*FileResult, len(inputs))
	diags := make([][]Diagnostic, len(inputs))
	todo := units(inputs)
	jobs := make(chan unit)
	var wg sync.WaitGroup
	for range min(workers, max(len(todo), 1)) {
		wg.Go(func() {
			for u := range jobs {
				analyzeUnit(inputs, u, files, diags, rules, cat, cfg)
			}
		})
	}
feed:
	for _, u := range todo {
		select {
		case jobs <- u:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Files: files}
	for _, d := range diags {
		res.Diagnostics = append(res.Diagnostics, d...)
	}
	slices.SortStableFunc(res.Diagnostics, func(a, b Diagnostic) int { return Compare(&a, &b) })
	return res, nil
}

// analyzeUnit reads the files of a unit and checks their documents, then
// the identity models they build.
func analyzeUnit(inputs []input, u unit, files []*FileResult, diags [][]Diagnostic, rules []*Rule, cat *catalog.Catalog, cfg *Config) {
	opts := source.Options{Kind: cfg.Kind}
	read := make([]source.Input, 0, len(u))
	idx := make([]int, 0, len(u))
	for _, i := range u {
		in := inputs[i]
		fr := &FileResult{Path: in.path}
		files[i] = fr
		src, err := os.ReadFile(in.path)
		if err != nil {
			fr.Failed = true
			diags[i] = []Diagnostic{parseError(in.path, policy.Pos{}, fmt.Sprintf("cannot read file: %v", errors.Unwrap(err)))}
			continue
		}
		fr.Src = src
		read = append(read, source.Input{Path: in.path, Src: src})
		idx = append(idx, i)
	}
	if len(read) == 0 {
		return
	}
	var got []*source.File
	var errs []error
	context := 0
	if source.IsTerraform(read[0].Path) {
		// Terraform files named on the command line (a pre-commit hook
		// names the changed ones) are read with the other .tf files of
		// their folder, so that references resolve; only the named files
		// are reported.
		extra := moduleContext(read)
		context = len(extra)
		got, errs = source.ReadModule(append(read, extra...), opts)
	} else {
		f, err := source.Read(read[0].Path, read[0].Src, opts)
		got, errs = []*source.File{f}, []error{err}
	}
	var models []*account.Account
	for k, i := range idx {
		files[i], diags[i] = checkFile(inputs[i], files[i], got[k], errs[k], rules, cat, cfg)
		if f := got[k]; f != nil && f.Account != nil && !slices.Contains(models, f.Account) {
			models = append(models, f.Account)
		}
	}
	for _, a := range models {
		for _, d := range CheckAccount(a, rules, cat, cfg) {
			if context > 0 && !slices.ContainsFunc(read, func(in source.Input) bool { return in.Path == d.File }) {
				continue // in a file the user did not name
			}
			diags[idx[0]] = append(diags[idx[0]], d)
		}
	}
}

// moduleContext reads the .tf files of the folder of read[0] that read
// does not hold.
func moduleContext(read []source.Input) []source.Input {
	have := map[string]bool{}
	for _, in := range read {
		have[filepath.Clean(in.Path)] = true
	}
	paths, _ := filepath.Glob(filepath.Join(filepath.Dir(read[0].Path), "*.tf"))
	var out []source.Input
	for _, p := range paths {
		if have[filepath.Clean(p)] {
			continue
		}
		info, err := os.Stat(p)
		if err != nil || !info.Mode().IsRegular() || info.Size() > source.MaxFileSize {
			continue
		}
		if src, err := os.ReadFile(p); err == nil {
			out = append(out, source.Input{Path: p, Src: src})
		}
	}
	return out
}

// checkFile reports what reading a file gave and checks its documents.
func checkFile(in input, fr *FileResult, f *source.File, err error, rules []*Rule, cat *catalog.Catalog, cfg *Config) (*FileResult, []Diagnostic) {
	if err != nil {
		var se *source.Error
		switch {
		case errors.Is(err, source.ErrNotPolicy) && (!in.explicit || cfg.SkipNonPolicy):
			fr.Skipped = true
			return fr, nil
		case errors.As(err, &se):
			fr.Failed = true
			fr.Lines = policy.NewLines(fr.Src)
			return fr, []Diagnostic{parseError(in.path, se.Pos, se.Msg)}
		default:
			fr.Failed = true
			return fr, []Diagnostic{parseError(in.path, policy.Pos{}, err.Error())}
		}
	}
	fr.Lines = f.Lines
	fr.Documents = len(f.Documents)
	var out []Diagnostic
	for _, e := range f.Errors {
		out = append(out, parseError(in.path, e.Pos, e.Msg))
	}
	for _, doc := range f.Documents {
		out = append(out, Check(doc, rules, cat, cfg)...)
	}
	return fr, out
}

// CheckAccount runs the account rules over one identity model.
func CheckAccount(a *account.Account, rules []*Rule, cat *catalog.Catalog, cfg *Config) []Diagnostic {
	var out []Diagnostic
	results := map[*Analysis]any{}
	for _, r := range rules {
		if r.RunAccount == nil {
			continue
		}
		pass := &Pass{Rule: r, Account: a, Catalog: cat, Config: cfg, results: results,
			report: func(d Diagnostic) { out = append(out, d) }}
		r.RunAccount(pass)
	}
	return out
}

// Check runs the rules over one document.
func Check(doc *policy.Document, rules []*Rule, cat *catalog.Catalog, cfg *Config) []Diagnostic {
	var out []Diagnostic
	results := map[*Analysis]any{}
	for _, r := range rules {
		if r.Run == nil || !r.Applies(doc.Kind) {
			continue
		}
		pass := &Pass{Rule: r, Doc: doc, Catalog: cat, Config: cfg, results: results,
			report: func(d Diagnostic) { out = append(out, d) }}
		r.Run(pass)
	}
	return out
}

func parseError(path string, pos policy.Pos, msg string) Diagnostic {
	if pos.Line == 0 {
		pos = policy.Pos{Line: 1, Col: 1}
	}
	return Diagnostic{
		Rule: ParseErrorID, Severity: High, Category: Validity, Message: msg, File: path,
		Span: policy.Span{Start: pos, End: pos}, Pointer: "", Value: msg,
	}
}
