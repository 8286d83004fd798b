package report

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/policy"
)

const (
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	// srcRoot is the uriBaseId that file URIs are relative to.
	srcRoot = "%SRCROOT%"
	// fingerprintKey names our stable key among a result's
	// partialFingerprints. GitHub computes primaryLocationLineHash itself.
	fingerprintKey = "iamlint/v1"
)

// SARIF writes the result as a SARIF 2.1.0 log with one run, for GitHub code
// scanning and other SARIF viewers.
//
//   - tool.driver.rules describes every rule in Options.Rules (sorted by
//     ID), with its doc as help, its help URI, its default level and, in
//     properties, security-severity (critical 9.5, high 8.0, medium 5.5,
//     low 3.0; none for info), tags (security and the category) and
//     precision.
//   - Each finding is a result: its level is "error" for validity findings
//     and for findings of severity high or critical, "note" for info
//     findings, "warning" otherwise. properties.severity holds the
//     severity word; partialFingerprints["iamlint/v1"] the finding's
//     fingerprint.
//   - Suppressed findings are results with a suppression (kind inSource
//     for an iamlint:ignore comment, with its location; external for the
//     configuration), status accepted and the reason as justification.
//     With a baseline, results carry baselineState new or unchanged.
//   - Options.SARIFCategory, when set, is runAutomationDetails.id (with a
//     "/" appended, as GitHub wants).
//   - URIs are relative to Options.BaseDir under the uriBaseId %SRCROOT%
//     (files outside it get absolute file URIs); columns are UTF-16 code
//     units. Related places are relatedLocations, a privilege-escalation
//     path is a code flow.
func SARIF(w io.Writer, res *analyzer.Result, opts Options) error {
	base, err := baseDir(opts.BaseDir)
	if err != nil {
		return err
	}
	docs := opts.DocsURL
	if docs == "" {
		docs = DefaultDocsURL
	}
	docs = strings.TrimSuffix(docs, "/")
	s := &sarifWriter{srcs: newSources(res), base: base}

	run := sarif.NewRunWithInformationURI("iamlint", informationURI)
	run.WithColumnKind("utf16CodeUnits")
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
		srcRoot: *sarif.NewArtifactLocation().WithURI(fileURI(base) + "/"),
	})
	if opts.SARIFCategory != "" {
		run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(automationID(opts.SARIFCategory)))
	}
	driver := run.Tool.Driver
	if opts.ToolVersion != "" {
		driver.WithVersion(numericVersion(opts.ToolVersion))
	}
	if opts.Catalog != "" {
		driver.WithProperties(sarif.NewPropertyBag().Add("catalog", opts.Catalog))
	}

	rules := slices.Clone(opts.Rules)
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	// A finding of a rule not in Options.Rules still needs a descriptor.
	for i := range res.Diagnostics {
		if d := &res.Diagnostics[i]; !known[d.Rule] {
			known[d.Rule] = true
			rules = append(rules, &analyzer.Rule{ID: d.Rule, Title: d.Rule, Severity: d.Severity, Category: d.Category})
		}
	}
	slices.SortFunc(rules, func(a, b *analyzer.Rule) int { return strings.Compare(a.ID, b.ID) })
	index := map[string]int{}
	for i, r := range rules {
		index[r.ID] = i
		driver.AddRule(ruleDescriptor(r, docs))
	}

	for i := range res.Diagnostics {
		d := &res.Diagnostics[i]
		r := sarif.NewRuleResult(d.Rule).
			WithRuleIndex(index[d.Rule]).
			WithLevel(level(d.Severity, d.Category)).
			WithMessage(sarif.NewTextMessage(d.Message)).
			WithLocations([]*sarif.Location{s.location(d.File, d.Span)}).
			WithPartialFingerprints(map[string]string{fingerprintKey: d.Fingerprint()}).
			WithProperties(sarif.NewPropertyBag().Add("severity", d.Severity.String()))
		if sup := d.Suppressed; sup != nil {
			ss := sarif.NewSuppression().WithKind(sup.Kind).WithStatus("accepted")
			if sup.Justification != "" {
				ss.WithJustification(sup.Justification)
			}
			if sup.Kind == analyzer.InSource && !sup.Span.IsZero() {
				ss.WithLocation(s.location(sup.File, sup.Span))
			}
			r.AddSuppression(ss)
		}
		if opts.Baseline {
			state := "new"
			if d.InBaseline {
				state = "unchanged"
			}
			r.WithBaselineState(state)
		}
		for j, rel := range d.Related {
			r.AddRelatedLocation(s.location(rel.File, rel.Span).
				WithID(j + 1).
				WithMessage(sarif.NewTextMessage(rel.Message)))
		}
		if len(d.Path) > 0 {
			flow := sarif.NewThreadFlow()
			for _, step := range d.Path {
				flow.AddLocation(sarif.NewThreadFlowLocation().WithLocation(
					s.location(step.File, step.Span).WithMessage(sarif.NewTextMessage(step.Message))))
			}
			r.AddCodeFlow(sarif.NewCodeFlow().AddThreadFlow(flow))
		}
		run.AddResult(r)
	}

	log := sarif.NewReport()
	log.Schema = sarifSchema
	log.AddRun(run)
	if err := log.PrettyWrite(w); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// numericVersion is a version that starts with a number, as SARIF
// viewers compare them: "v1.2.0" is "1.2.0", "devel" "0.0.0-devel".
func numericVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "0.0.0-" + v
	}
	return v
}

// automationID is the runAutomationDetails.id of a category. GitHub reads
// the category as what comes before the last "/", so one is added, as
// github/codeql-action/upload-sarif does with its category input.
func automationID(category string) string {
	if strings.HasSuffix(category, "/") {
		return category
	}
	return category + "/"
}

// level is a finding's SARIF level.
func level(sev analyzer.Severity, cat analyzer.Category) string {
	switch {
	case sev == analyzer.Info:
		return "note"
	case cat == analyzer.Validity, sev >= analyzer.High:
		return "error"
	}
	return "warning"
}

// securitySeverity is the score GitHub ranks security alerts by; "" for
// info, which GitHub would otherwise show as a low-severity alert.
func securitySeverity(sev analyzer.Severity) string {
	switch sev {
	case analyzer.Critical:
		return "9.5"
	case analyzer.High:
		return "8.0"
	case analyzer.Medium:
		return "5.5"
	case analyzer.Low:
		return "3.0"
	}
	return ""
}

func ruleDescriptor(r *analyzer.Rule, docs string) *sarif.ReportingDescriptor {
	title := r.Title
	if title == "" {
		title = r.ID
	}
	full := firstParagraph(r.Doc)
	if full == "" {
		full = title
	}
	help := sarif.NewMultiformatMessageString().WithText(title)
	if r.Doc != "" {
		help = sarif.NewMultiformatMessageString().WithText(r.Doc).WithMarkdown(r.Doc)
	}
	precision := "high"
	if r.Category == analyzer.Validity {
		precision = "very-high"
	}
	tags := []string{"security"}
	if r.Category != "" && r.Category != analyzer.Security {
		tags = append(tags, string(r.Category))
	}
	props := sarif.NewPropertyBag().
		WithTags(tags).
		Add("precision", precision).
		Add("severity", r.Severity.String())
	if s := securitySeverity(r.Severity); s != "" {
		props.Add("security-severity", s)
	}
	return sarif.NewRule(r.ID).
		WithName(camelCase(r.ID)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(title)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(full).WithMarkdown(full)).
		WithHelp(help).
		WithHelpURI(docs + "/" + r.ID + ".md").
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(r.Severity, r.Category))).
		WithProperties(props)
}

// firstParagraph is the first paragraph of a markdown doc that is not a
// heading, on one line.
func firstParagraph(doc string) string {
	var lines []string
	for line := range strings.Lines(doc) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" && len(lines) > 0:
			return strings.Join(lines, " ")
		case line == "", strings.HasPrefix(line, "#") && len(lines) == 0:
			continue
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, " ")
}

// camelCase turns a kebab-case ID into the CamelCase SARIF rule name.
func camelCase(id string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// sarifWriter turns spans into SARIF locations.
type sarifWriter struct {
	srcs *sources
	base string // absolute, cleaned
}

// location is the SARIF location of a span of file.
func (s *sarifWriter) location(file string, span policy.Span) *sarif.Location {
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(s.artifact(file))
	if !span.IsZero() {
		region := sarif.NewRegion().
			WithStartLine(span.Start.Line).
			WithStartColumn(s.srcs.utf16Col(file, span.Start))
		// An empty span (a parse error's position) leaves the end out,
		// which SARIF reads as the rest of the line.
		if end := span.End; end.Line > 0 && end != span.Start {
			region.WithEndLine(end.Line).WithEndColumn(s.srcs.utf16Col(file, end))
		}
		phys.WithRegion(region)
	}
	return sarif.NewLocationWithPhysicalLocation(phys)
}

// artifact is the location of file: relative to %SRCROOT% when it is under
// the base directory, an absolute file URI otherwise.
func (s *sarifWriter) artifact(file string) *sarif.ArtifactLocation {
	abs, err := filepath.Abs(file)
	if err == nil {
		if rel, err := filepath.Rel(s.base, abs); err == nil && filepath.IsLocal(rel) {
			return sarif.NewArtifactLocation().WithURI(relativeURI(rel)).WithURIBaseID(srcRoot)
		}
		return sarif.NewArtifactLocation().WithURI(fileURI(abs))
	}
	return sarif.NewArtifactLocation().WithURI(relativeURI(file))
}

// relativeURI is the relative URI reference of a relative path.
func relativeURI(rel string) string {
	p := (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath()
	if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ":") {
		p = "./" + p // not a scheme
	}
	return p
}

// fileURI is the file: URI of an absolute path.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive: file:///C:/dir
	}
	return "file://" + (&url.URL{Path: strings.TrimSuffix(p, "/")}).EscapedPath()
}

// baseDir is the absolute directory URIs are relative to.
func baseDir(dir string) (string, error) {
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("sarif: find working directory for relative paths: %w", err)
		}
		return wd, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("sarif: base directory %s: %w", dir, err)
	}
	return abs, nil
}
