package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/catalog/internal/catfile"
)

// encode lays src out as described in package catfile.
func encode(src *source) ([]byte, error) {
	st := newStrings(src)
	w := &catfile.Writer{Buf: []byte(catfile.Magic)}
	w.String(src.Package)
	w.String(src.Version)
	w.String(src.Date)
	st.write(w)
	lt := newLists(src)
	lt.write(w, st)
	list := func(l []string) { w.Uvarint(uint64(lt.index[strings.Join(l, "\x00")])) }
	typ := func(k key) error {
		t, err := catfile.ParseType(k.Type)
		if err != nil {
			return fmt.Errorf("key %s: %w", k.Name, err)
		}
		w.Byte(t)
		return nil
	}
	w.Uvarint(uint64(len(src.Services)))
	for _, s := range src.Services {
		st.ref(w, s.Prefix)
		st.ref(w, s.Name)
		w.Uvarint(uint64(len(s.ResourceTypes)))
		index := map[string]int{}
		for i, rt := range s.ResourceTypes {
			index[strings.ToLower(rt.Name)] = i
			st.ref(w, rt.Name)
			st.ref(w, rt.ARN)
			list(rt.Keys)
		}
		w.Uvarint(uint64(len(s.Keys)))
		for _, k := range s.Keys {
			st.ref(w, k.Name)
			if err := typ(k); err != nil {
				return nil, fmt.Errorf("service %s: %w", s.Prefix, err)
			}
		}
		w.Uvarint(uint64(len(s.Actions)))
		for _, a := range s.Actions {
			st.ref(w, a.Name)
			acc, err := catfile.ParseAccess(a.Access)
			if err != nil {
				return nil, fmt.Errorf("%s:%s: %w", s.Prefix, a.Name, err)
			}
			w.Byte(acc)
			w.Uvarint(uint64(len(a.Resources)))
			dep := a.Dependent
			for _, r := range a.Resources {
				i, ok := index[strings.ToLower(r.Name)]
				if !ok {
					return nil, fmt.Errorf("%s:%s: unknown resource type %q", s.Prefix, a.Name, r.Name)
				}
				w.Uvarint(uint64(i))
				w.Byte(b2u(r.Required))
				list(r.Keys)
				dep = append(dep, r.Dependent...)
			}
			list(a.Keys)
			list(sortedKeys(dep))
		}
	}
	w.Uvarint(uint64(len(src.Globals)))
	for _, k := range src.Globals {
		st.ref(w, k.Name)
		if err := typ(k); err != nil {
			return nil, fmt.Errorf("global %w", err)
		}
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(w.Buf); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// stringTable numbers every string once, the most used first so their
// varints are short; ties in name order keep the output deterministic.
type stringTable struct {
	list  []string
	index map[string]int
}

func newStrings(src *source) *stringTable {
	n := map[string]int{}
	for _, s := range src.Services {
		n[s.Prefix]++
		n[s.Name]++
		for _, rt := range s.ResourceTypes {
			n[rt.Name]++
			n[rt.ARN]++
			for _, k := range rt.Keys {
				n[k]++
			}
		}
		for _, k := range s.Keys {
			n[k.Name]++
		}
		for _, a := range s.Actions {
			n[a.Name]++
			for _, k := range a.Keys {
				n[k]++
			}
			for _, d := range a.Dependent {
				n[d]++
			}
			for _, r := range a.Resources {
				for _, k := range r.Keys {
					n[k]++
				}
				for _, d := range r.Dependent {
					n[d]++
				}
			}
		}
	}
	for _, k := range src.Globals {
		n[k.Name]++
	}
	t := &stringTable{index: map[string]int{}}
	for s := range n {
		t.list = append(t.list, s)
	}
	slices.SortFunc(t.list, func(a, b string) int { return cmp.Or(n[b]-n[a], strings.Compare(a, b)) })
	for i, s := range t.list {
		t.index[s] = i
	}
	return t
}

func (t *stringTable) write(w *catfile.Writer) {
	w.Uvarint(uint64(len(t.list)))
	for _, s := range t.list {
		w.Uvarint(uint64(len(s)))
	}
	for _, s := range t.list {
		w.Buf = append(w.Buf, s...)
	}
}

func (t *stringTable) ref(w *catfile.Writer, s string) { w.Uvarint(uint64(t.index[s])) }

// listTable numbers every distinct list of strings once, the most used
// first; list 0 is the empty list.
type listTable struct {
	list  [][]string
	index map[string]int // lists joined with NUL
}

func newLists(src *source) *listTable {
	n := map[string]int{"": 1 << 30}
	add := func(l []string) { n[strings.Join(l, "\x00")]++ }
	for _, s := range src.Services {
		for _, rt := range s.ResourceTypes {
			add(rt.Keys)
		}
		for _, a := range s.Actions {
			add(a.Keys)
			dep := a.Dependent
			for _, r := range a.Resources {
				add(r.Keys)
				dep = append(dep, r.Dependent...)
			}
			add(sortedKeys(dep))
		}
	}
	t := &listTable{index: map[string]int{}}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(n[b]-n[a], strings.Compare(a, b)) })
	for i, k := range keys {
		t.index[k] = i
		var l []string
		if k != "" {
			l = strings.Split(k, "\x00")
		}
		t.list = append(t.list, l)
	}
	return t
}

func (t *listTable) write(w *catfile.Writer, st *stringTable) {
	w.Uvarint(uint64(len(t.list)))
	for _, l := range t.list {
		w.Uvarint(uint64(len(l)))
		for _, s := range l {
			st.ref(w, s)
		}
	}
}
