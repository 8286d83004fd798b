package catalog

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unsafe"

	"github.com/iamlint/iamlint/catalog/internal/catfile"
)

// Load reads a catalog file in the format of the embedded one (gzip
// compressed or not), as written by go generate ./catalog.
func Load(r io.Reader) (*Catalog, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	return load(data)
}

func load(data []byte) (*Catalog, error) {
	raw, err := gunzip(data)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	c, err := decode(raw)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w (regenerate it with go generate ./catalog)", err)
	}
	return c, nil
}

// gunzip decompresses data if it is gzip compressed, sizing the output from
// the gzip trailer so that it is allocated once.
func gunzip(data []byte) ([]byte, error) {
	if len(data) < 18 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	size := int(binary.LittleEndian.Uint32(data[len(data)-4:]))
	out := bytes.NewBuffer(make([]byte, 0, min(size, 64<<20)+bytes.MinRead))
	if _, err := out.ReadFrom(zr); err != nil {
		return nil, err
	}
	return out.Bytes(), zr.Close()
}

// decoder turns the file into linked values, allocating them in large
// chunks: loading must stay well under 20 ms.
type decoder struct {
	catfile.Reader
	strs    []string
	lists   [][]string
	resPool []ActionResource
}

func decode(buf []byte) (*Catalog, error) {
	d := &decoder{Reader: catfile.Reader{Buf: buf}}
	if string(d.Bytes(len(catfile.Magic))) != catfile.Magic {
		return nil, errors.New("not a catalog file")
	}
	c := &Catalog{}
	c.info.Package = d.String()
	c.info.Version = d.String()
	c.info.Date = d.String()
	d.readStrings()
	d.readLists()
	c.services = make([]*Service, d.Count())
	for i := range c.services {
		c.services[i] = d.service()
	}
	src := make([]sourceKey, d.Count())
	for i := range src {
		src[i] = sourceKey{d.str(), d.Byte()}
	}
	if d.Err != nil {
		return nil, d.Err
	}
	if d.Off != len(d.Buf) {
		return nil, fmt.Errorf("%d bytes after the end", len(d.Buf)-d.Off)
	}
	c.sourceGlobals = src
	c.globals = mergeGlobals(src)
	c.finish()
	return c, nil
}

// readStrings slices every string out of one blob. The blob aliases the
// decompressed buffer, which nothing writes to after decoding: copying it
// would cost a tenth of the load time.
func (d *decoder) readStrings() {
	n := d.Count()
	lensAt, total := d.Off, 0
	for range n {
		total += d.Count()
	}
	raw := d.Bytes(total)
	if d.Err != nil || total == 0 {
		return
	}
	blob := unsafe.String(&raw[0], len(raw))
	d.strs = make([]string, n)
	end := d.Off
	d.Off = lensAt
	off := 0
	for i := range d.strs {
		l := d.Count()
		d.strs[i] = blob[off : off+l]
		off += l
	}
	d.Off = end
}

// readLists reads the table of string lists, all in one backing array; each
// list has no spare capacity, so appending to one cannot clobber another.
func (d *decoder) readLists() {
	d.lists = make([][]string, d.Count())
	var pool []string
	for i := range d.lists {
		n := d.Count()
		if n == 0 {
			continue
		}
		l := chunk(&pool, n)
		for j := range l {
			l[j] = d.str()
		}
		d.lists[i] = l
	}
}

func (d *decoder) str() string {
	i := d.Uvarint()
	if i >= uint64(len(d.strs)) {
		if d.Err == nil {
			d.Err = fmt.Errorf("offset %d: string %d out of range", d.Off, i)
		}
		return ""
	}
	return d.strs[i]
}

// list reads a reference to a list of strings.
func (d *decoder) list() []string {
	i := d.Uvarint()
	if i >= uint64(len(d.lists)) {
		if d.Err == nil {
			d.Err = fmt.Errorf("offset %d: list %d out of range", d.Off, i)
		}
		return nil
	}
	return d.lists[i]
}

func chunk[T any](pool *[]T, n int) []T {
	if cap(*pool)-len(*pool) < n {
		*pool = make([]T, 0, max(n, 4096))
	}
	p := *pool
	*pool = p[:len(p)+n]
	return p[len(p) : len(p)+n : len(p)+n]
}

func (d *decoder) service() *Service {
	s := &Service{Prefix: d.str(), Name: d.str()}
	rts := make([]ResourceType, d.Count())
	s.ResourceTypes = make([]*ResourceType, len(rts))
	for i := range rts {
		rt := &rts[i]
		rt.Service, rt.Name, rt.ARN, rt.ConditionKeys = s, d.str(), d.str(), d.list()
		s.ResourceTypes[i] = rt
	}
	keys := make([]ConditionKey, d.Count())
	s.ConditionKeys = make([]*ConditionKey, len(keys))
	for i := range keys {
		keys[i].Name = d.str()
		keys[i].setType(d.Byte())
		fixKeyType(&keys[i])
		s.ConditionKeys[i] = &keys[i]
	}
	acts := make([]Action, d.Count())
	s.Actions = make([]*Action, len(acts))
	for i := range acts {
		a := &acts[i]
		a.Service, a.Name, a.Access = s, d.str(), AccessLevel(d.Byte())
		if n := d.Count(); n > 0 {
			a.Resources = chunk(&d.resPool, n)
		}
		merge := false
		for j := range a.Resources {
			k := d.Uvarint()
			if k >= uint64(len(rts)) {
				if d.Err == nil {
					d.Err = fmt.Errorf("%s:%s: resource type %d out of range", s.Prefix, a.Name, k)
				}
				continue
			}
			r := &a.Resources[j]
			r.Type, r.Required, r.ConditionKeys = &rts[k], d.Byte() == 1, d.list()
			merge = merge || len(r.ConditionKeys) > 0
		}
		a.ConditionKeys = d.list()
		a.DependentActions = d.list()
		if merge {
			a.ConditionKeys = mergeKeys(a)
		}
		s.Actions[i] = a
	}
	return s
}

func mergeKeys(a *Action) []string {
	all := slices.Clone(a.ConditionKeys)
	for _, r := range a.Resources {
		all = append(all, r.ConditionKeys...)
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Or(compareFold(a, b), strings.Compare(a, b)) })
	all = slices.Compact(all)
	return all[:len(all):len(all)]
}

func (k *ConditionKey) setType(b byte) {
	k.Type = KeyType(b &^ catfile.TypeMulti)
	k.MultiValued = b&catfile.TypeMulti != 0
}
