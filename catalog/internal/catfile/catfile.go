// Package catfile is the byte layout of the embedded IAM catalog, shared by
// the generator (catalog/gen) that writes it and the catalog package that
// reads it.
//
// The file is gzip-compressed. Decompressed, it is a sequence of unsigned
// varints ("u") and references into a string table ("s", a u index):
//
//	magic "IAMCAT1\n"
//	header   : str package, str version, str date (each u length + bytes)
//	strings  : u count, count × u length, then the concatenated bytes
//	lists    : u count, each: u n, n × s (list 0 is the empty list)
//	u services, each:
//	  s prefix, s name
//	  u resource types, each: s name, s ARN format, list condition keys
//	  u condition keys, each: s name, byte type
//	  u actions, each:
//	    s name, byte access level
//	    u resources, each: u resource type index, byte required, list keys
//	    list condition keys, list dependent actions
//	u global keys, each: s name, byte type
//
// A "list" is a u index into the list table: the many actions that share a
// list of condition keys share one copy. A type byte holds the key type in
// its low 4 bits and TypeMulti when the key is multi-valued. Every sequence
// is sorted by the generator (names compared lowercased), so the reader can
// binary-search without building maps.
package catfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// Magic opens every catalog file.
const Magic = "IAMCAT1\n"

// TypeMulti marks a multi-valued condition key in a type byte.
const TypeMulti = 0x10

// Writer appends the file's primitives to Buf.
type Writer struct{ Buf []byte }

// Uvarint appends v.
func (w *Writer) Uvarint(v uint64) { w.Buf = binary.AppendUvarint(w.Buf, v) }

// Byte appends b.
func (w *Writer) Byte(b byte) { w.Buf = append(w.Buf, b) }

// String appends s with its length.
func (w *Writer) String(s string) {
	w.Uvarint(uint64(len(s)))
	w.Buf = append(w.Buf, s...)
}

// ErrTruncated reports a file that ends early.
var ErrTruncated = errors.New("catalog file truncated")

// Reader reads the file's primitives from an in-memory buffer. The first
// error sticks; check Err once at the end.
type Reader struct {
	Buf []byte
	Off int
	Err error
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	if r.Err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.Buf[r.Off:])
	if n <= 0 {
		r.Err = fmt.Errorf("offset %d: %w", r.Off, ErrTruncated)
		return 0
	}
	r.Off += n
	return v
}

// Count reads a count and checks it against the bytes left, so corrupt input
// cannot make the reader allocate without bound.
func (r *Reader) Count() int {
	v := r.Uvarint()
	if v > uint64(len(r.Buf)-r.Off) {
		if r.Err == nil {
			r.Err = fmt.Errorf("offset %d: count %d exceeds file", r.Off, v)
		}
		return 0
	}
	return int(v)
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if r.Err != nil {
		return 0
	}
	if r.Off >= len(r.Buf) {
		r.Err = fmt.Errorf("offset %d: %w", r.Off, ErrTruncated)
		return 0
	}
	b := r.Buf[r.Off]
	r.Off++
	return b
}

// Bytes reads n bytes without copying.
func (r *Reader) Bytes(n int) []byte {
	if r.Err != nil {
		return nil
	}
	if n < 0 || n > len(r.Buf)-r.Off {
		r.Err = fmt.Errorf("offset %d: %w", r.Off, ErrTruncated)
		return nil
	}
	b := r.Buf[r.Off : r.Off+n]
	r.Off += n
	return b
}

// String reads a length-prefixed string.
func (r *Reader) String() string { return string(r.Bytes(r.Count())) }

// Key type codes, in the low 4 bits of a type byte.
const (
	TypeString byte = 1 + iota
	TypeARN
	TypeNumeric
	TypeDate
	TypeBool
	TypeIPAddress
	TypeBinary
)

// Access level codes.
const (
	AccessList byte = 1 + iota
	AccessRead
	AccessWrite
	AccessPermissionsManagement
	AccessTagging
)

var typeCodes = map[string]byte{
	"String": TypeString, "ARN": TypeARN, "Numeric": TypeNumeric, "Date": TypeDate,
	"Bool": TypeBool, "Boolean": TypeBool, "IPAddress": TypeIPAddress, "Binary": TypeBinary,
}

// ParseType turns a type as the source spells it ("String", "ArrayOfARN",
// ...) into a type byte.
func ParseType(s string) (byte, error) {
	var multi byte
	if rest, ok := strings.CutPrefix(s, "ArrayOf"); ok {
		s, multi = rest, TypeMulti
	}
	if c, ok := typeCodes[s]; ok {
		return c | multi, nil
	}
	return 0, fmt.Errorf("unknown condition key type %q", s)
}

var accessCodes = map[string]byte{
	"List": AccessList, "Read": AccessRead, "Write": AccessWrite,
	"Permissions management": AccessPermissionsManagement, "Tagging": AccessTagging,
}

// ParseAccess turns an access level as the source spells it into a code. The
// source joins several levels when AWS's reference sets more than one flag
// ("Permissions management, Write", "Tagging, Write"); the first is the one
// AWS's reference pages show, so it wins.
func ParseAccess(s string) (byte, error) {
	first, _, _ := strings.Cut(s, ",")
	if c, ok := accessCodes[first]; ok {
		return c, nil
	}
	return 0, fmt.Errorf("unknown access level %q", s)
}
