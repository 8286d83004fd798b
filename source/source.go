package source

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/policy"
)

// MaxFileSize is the largest file read; larger ones are reported, not read.
const MaxFileSize = 16 << 20

// File is one input file and the documents found in it.
type File struct {
	Path      string
	Src       []byte
	Lines     *policy.Lines
	Format    string
	Documents []*policy.Document
	// Account is the identity model the file's identities belong to: the
	// template's, the dump's, or the Terraform module's (shared by the
	// files of one folder); nil for a raw policy file.
	Account *account.Account
	// Errors are policies inside the file that could not be parsed (a JSON
	// string in a template); the rest of the file was read.
	Errors []*Error
}

// Options control how files are read.
type Options struct {
	// Kind forces the kind of raw policy documents; 0 infers it.
	Kind policy.Kind
}

// ErrNotPolicy says a file holds no IAM policy.
var ErrNotPolicy = errors.New("no IAM policy document found in this file")

// Error is a file that could not be read or parsed, with the position of
// the problem when there is one.
type Error struct {
	Path string
	Pos  policy.Pos
	Msg  string
}

func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Pos.Line, e.Pos.Col, e.Msg)
}

// Wanted reports whether a file found while walking a folder is one some
// reader may read.
func Wanted(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".yaml", ".yml", ".template", ".tf":
		return true
	}
	return false
}

// IsTerraform reports a Terraform source file, read with the other .tf
// files of its folder (see [ReadModule]).
func IsTerraform(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".tf")
}

// Read finds the policy documents of one file. It returns ErrNotPolicy for
// a well-formed file of another kind, and an *Error for one that cannot be
// parsed. A Terraform file is read as a module of its own; [ReadModule]
// reads the files of a folder together.
func Read(path string, src []byte, opts Options) (*File, error) {
	if len(src) > MaxFileSize {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit; not read", len(src), MaxFileSize)}
	}
	if i := binaryAt(src); i >= 0 {
		lines := policy.NewLines(src)
		return nil, &Error{Path: path, Pos: lines.Pos(i), Msg: "not UTF-8 text (a binary file?): not read"}
	}
	var f *File
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tf":
		files, errs := ReadModule([]Input{{Path: path, Src: src}}, opts)
		f, err = files[0], errs[0]
	case ".yaml", ".yml", ".template":
		f, err = readYAML(path, src, opts)
	default:
		f, err = readJSONFile(path, src, opts)
	}
	if f != nil && f.Account != nil {
		f.Account.MarkBoundaries()
	}
	var e *Error
	if errors.As(err, &e) && e.Path == "" {
		e.Path = path
	}
	return f, err
}

// readYAML reads a YAML file: a CloudFormation template, or nothing.
func readYAML(path string, src []byte, opts Options) (*File, error) {
	root, lines, err := parseYAML(src)
	if err != nil {
		// A YAML file that does not look like a template is someone
		// else's: not ours to report.
		if !bytes.Contains(src, []byte("AWSTemplateFormatVersion")) && !bytes.Contains(src, []byte("AWS::")) {
			return nil, ErrNotPolicy
		}
		return nil, err
	}
	if isCloudFormation(root) {
		return readCloudFormation(path, src, lines, root, "cloudformation"), nil
	}
	if strings.EqualFold(filepath.Ext(path), ".template") || isPolicy(root) {
		// A policy written in YAML.
		if isPolicy(root) {
			doc := policy.Build(root, path, opts.Kind)
			return &File{Path: path, Src: src, Lines: lines, Format: "yaml", Documents: []*policy.Document{doc}}, nil
		}
	}
	return nil, ErrNotPolicy
}

// readJSONFile reads a JSON file by what it holds: a CloudFormation
// template (or CDK output), a Terraform plan, an account authorization
// details dump, or a policy document.
func readJSONFile(path string, src []byte, opts Options) (*File, error) {
	root, lines, err := policy.ParseJSON(src)
	if err != nil {
		var se *policy.SyntaxError
		if errors.As(err, &se) {
			return nil, &Error{Path: path, Pos: se.Pos, Msg: "invalid JSON: " + se.Msg}
		}
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	switch {
	case isCloudFormation(root):
		return readCloudFormation(path, src, lines, root, "cloudformation"), nil
	case isAuthDetails(root):
		return readAuthDetails(path, src, lines, root), nil
	case isTerraformPlan(root):
		return readTerraformPlan(path, src, lines, root), nil
	case isPolicy(root):
		doc := policy.Build(root, path, opts.Kind)
		return &File{Path: path, Src: src, Lines: lines, Format: "json", Documents: []*policy.Document{doc}}, nil
	}
	return nil, ErrNotPolicy
}

// binaryAt returns the offset of the first byte that makes src no text a
// policy reader takes (a NUL, or a byte sequence that is not UTF-8), or -1.
func binaryAt(src []byte) int {
	for i := 0; i < len(src); {
		if src[i] == 0 {
			return i
		}
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}
