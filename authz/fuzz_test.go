package authz

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// globRegexp is the reference for Like patterns: * is .*, ? is one
// character, the rest literal.
func globRegexp(pattern string, fold bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^(?s")
	if fold {
		b.WriteString("i")
	}
	b.WriteString(")")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FuzzTemplate fuzzes the policy-variable parser and the wildcard matcher:
// no input may panic; a string without $, * or ? matches exactly itself;
// and resolving a template's variables never loses its literal text.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		"home/${aws:username}/*", "${aws:username, 'none'}", "${*}${?}${$}", "${", "${}", "${ , ''}",
		"a*b?c", "${aws:PrincipalTag/team, 'it''s'}", "${x, 'unterminated}", "**??**", "jörg?",
	} {
		f.Add(s, "home/alice/x")
	}
	f.Add("*a*a*b", "aaab")
	f.Add("*ab*ab", "abab")
	f.Add("?*?", "ö")
	ctx := &Context{}
	ctx.Set("aws:username", "alice")
	ctx.Set("aws:PrincipalTag/team", "dev")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		for _, vars := range []bool{false, true} {
			for _, like := range []bool{false, true} {
				tmpl := compileTemplate(pattern, vars, like)
				var buf [16]piece
				if ps, ok, _ := tmpl.resolve(ctx, buf[:0]); ok {
					matchPieces(ps, s, false)
					matchPieces(ps, s, true)
				}
				matchPieces(tmpl.resolveAny(ctx, buf[:0]), s, false)
			}
		}
		if utf8.ValidString(pattern) && utf8.ValidString(s) {
			tmpl := compileTemplate(pattern, false, true)
			if got, want := matchPieces(tmpl.pieces, s, false), globRegexp(pattern, false).MatchString(s); got != want {
				t.Errorf("%q against %q: %v, want %v", pattern, s, got, want)
			}
			if isASCII(pattern) && isASCII(s) {
				if got, want := matchPieces(tmpl.pieces, s, true), globRegexp(pattern, true).MatchString(s); got != want {
					t.Errorf("%q against %q ignoring case: %v, want %v", pattern, s, got, want)
				}
			}
		}
		if !strings.ContainsAny(pattern, "$*?") {
			tmpl := compileTemplate(pattern, true, true)
			if !matchPieces(tmpl.pieces, pattern, false) {
				t.Errorf("%q does not match itself", pattern)
			}
			if (pattern == s) != matchPieces(tmpl.pieces, s, false) {
				t.Errorf("%q against %q: literal match is not equality", pattern, s)
			}
		}
		if !strings.ContainsAny(s, "$*?") {
			// A Like pattern of * around the string matches any string
			// that contains it.
			tmpl := compileTemplate("*"+s+"*", false, true)
			if !matchPieces(tmpl.pieces, "x"+s+"y", false) {
				t.Errorf("*%s* does not match x%sy", s, s)
			}
		}
	})
}

// FuzzEvaluate compiles arbitrary JSON as a policy and evaluates a request
// against it as every kind of policy: no input may panic, and Decide must
// agree with Evaluate.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte(allowGet))
	f.Add([]byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": ["111122223333"]}, "NotAction": "s3:*", "NotResource": "arn:aws:s3:::${aws:username}/*", "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*"]}, "Null": {"aws:x": "true"}}}]}`))
	f.Add([]byte(`{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2026-01-01"}, "IpAddress": {"aws:SourceIp": "::/0"}}}}`))
	ctx := &Context{}
	ctx.Set("aws:username", "alice")
	ctx.Set("aws:CurrentTime", "2026-01-15T00:00:00Z")
	ctx.Set("aws:SourceIp", "2001:db8::1")
	ctx.Set("aws:TagKeys", "a", "b")
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := ParsePolicy("f.json", src, 0)
		if err != nil {
			return
		}
		for _, set := range []*Set{{Identity: []*Policy{p}}, {Resource: p}, {Identity: []*Policy{p}, Boundary: p, Session: p}, {Resource: p, SCPs: [][]*Policy{{p}}, RCPs: [][]*Policy{{p}}}} {
			for _, principal := range []string{alice, devSess, carol, "", "s3.amazonaws.com"} {
				req := &Request{Principal: ParsePrincipal(principal), Action: "s3:GetObject", Resource: "arn:aws:s3:::alice/x", Context: ctx}
				if d, e := Decide(set, req), Evaluate(set, req); d != e.Effect {
					t.Fatalf("Decide %s, Evaluate %s", d, e.Effect)
				}
			}
		}
	})
}
