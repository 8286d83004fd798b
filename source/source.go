package source

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

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
	case ".json":
		return true
	}
	return false
}

// Read finds the policy documents of one file. It returns ErrNotPolicy for
// a well-formed file of another kind, and an *Error for one that cannot be
// parsed.
func Read(path string, src []byte, opts Options) (*File, error) {
	if len(src) > MaxFileSize {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit; not read", len(src), MaxFileSize)}
	}
	return readJSON(path, src, opts)
}
