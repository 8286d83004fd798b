package analyzer

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is a record of the findings a project accepts for now: a run
// with it fails only on findings that are not in it. Findings are matched
// by [Diagnostic.Fingerprint] (rule, file, JSON Pointer, value), so moving
// lines keeps them matched; each entry matches one finding.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one recorded finding. Only the fingerprint matches;
// the rest is there for the people reading the file.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Message     string `json:"message"`
}

// NewBaseline records the findings of diags that are not suppressed.
func NewBaseline(diags []Diagnostic) *Baseline {
	b := &Baseline{Version: BaselineVersion, Findings: []BaselineEntry{}}
	for i := range diags {
		d := &diags[i]
		if d.Suppressed != nil {
			continue
		}
		b.Findings = append(b.Findings, BaselineEntry{
			Fingerprint: d.Fingerprint(), Rule: d.Rule, File: filepath.ToSlash(d.File),
			Line: d.Span.Start.Line, Message: d.Message,
		})
	}
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(b)
}

// ReadBaseline reads a baseline written by [Baseline.Write].
func ReadBaseline(r io.Reader) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("not an iamlint baseline: %w", err)
	}
	if b.Version != BaselineVersion {
		return nil, fmt.Errorf("baseline version %d is not supported (want %d); write it again with --write-baseline", b.Version, BaselineVersion)
	}
	return &b, nil
}

// Apply marks the findings of diags that the baseline holds (InBaseline)
// and returns how many unsuppressed findings are new and how many are in
// the baseline.
func (b *Baseline) Apply(diags []Diagnostic) (fresh, known int) {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Fingerprint]++
	}
	for i := range diags {
		d := &diags[i]
		if d.Suppressed != nil {
			continue
		}
		if fp := d.Fingerprint(); left[fp] > 0 {
			left[fp]--
			d.InBaseline = true
			known++
		} else {
			fresh++
		}
	}
	return fresh, known
}
