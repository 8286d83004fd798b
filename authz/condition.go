package authz

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/iamlint/iamlint/policy"
)

// baseOp is a condition operator without its negation, IfExists or set
// qualifier.
type baseOp uint8

const (
	opStringEquals baseOp = iota + 1
	opStringEqualsIgnoreCase
	opStringLike
	opNumericEquals
	opNumericLessThan
	opNumericLessThanEquals
	opNumericGreaterThan
	opNumericGreaterThanEquals
	opDateEquals
	opDateLessThan
	opDateLessThanEquals
	opDateGreaterThan
	opDateGreaterThanEquals
	opBool
	opBinaryEquals
	opIPAddress
	opARNLike // ArnEquals and ArnLike are the same test
	opNull
)

// operators maps each operator name (lowercased, without qualifiers) to
// its base and negation.
var operators = map[string]struct {
	base    baseOp
	negated bool
}{
	"stringequals":              {opStringEquals, false},
	"stringnotequals":           {opStringEquals, true},
	"stringequalsignorecase":    {opStringEqualsIgnoreCase, false},
	"stringnotequalsignorecase": {opStringEqualsIgnoreCase, true},
	"stringlike":                {opStringLike, false},
	"stringnotlike":             {opStringLike, true},
	"numericequals":             {opNumericEquals, false},
	"numericnotequals":          {opNumericEquals, true},
	"numericlessthan":           {opNumericLessThan, false},
	"numericlessthanequals":     {opNumericLessThanEquals, false},
	"numericgreaterthan":        {opNumericGreaterThan, false},
	"numericgreaterthanequals":  {opNumericGreaterThanEquals, false},
	"dateequals":                {opDateEquals, false},
	"datenotequals":             {opDateEquals, true},
	"datelessthan":              {opDateLessThan, false},
	"datelessthanequals":        {opDateLessThanEquals, false},
	"dategreaterthan":           {opDateGreaterThan, false},
	"dategreaterthanequals":     {opDateGreaterThanEquals, false},
	"bool":                      {opBool, false},
	"binaryequals":              {opBinaryEquals, false},
	"ipaddress":                 {opIPAddress, false},
	"notipaddress":              {opIPAddress, true},
	"arnequals":                 {opARNLike, false},
	"arnlike":                   {opARNLike, false},
	"arnnotequals":              {opARNLike, true},
	"arnnotlike":                {opARNLike, true},
	"null":                      {opNull, false},
}

// setOp is a condition's set qualifier.
type setOp uint8

const (
	setNone setOp = iota
	setForAllValues
	setForAnyValue
)

// condition is one operator block of a statement's Condition, compiled.
type condition struct {
	src      *policy.ConditionOperator
	base     baseOp
	negated  bool
	ifExists bool
	set      setOp
	keys     []condKey
}

// condKey is one key of a condition with its values.
type condKey struct {
	src    *policy.ConditionKey
	name   string
	values []condValue
}

// condValue is one value of a condition key, parsed for its operator.
type condValue struct {
	raw string
	// str is the value as a template: for the string, Bool and ARN
	// operators (with policy variables in Version 2012-10-17 documents).
	str template
	// arn is the value split into its six ARN parts, for the ARN
	// operators; arnOK is false when it is not an ARN.
	arn   [6]template
	arnOK bool
	num   float64
	date  time.Time
	ip    netip.Prefix
	valid bool // the value parsed for its operator
}

// parseOperator splits a condition operator name into its parts. It
// returns an error for a name that is not an AWS condition operator.
func parseOperator(name string) (c condition, err error) {
	rest := name
	if p, r, ok := strings.Cut(rest, ":"); ok {
		switch strings.ToLower(p) {
		case "forallvalues":
			c.set = setForAllValues
		case "foranyvalue":
			c.set = setForAnyValue
		default:
			return c, fmt.Errorf("unknown condition operator %q: the only set operators are ForAllValues and ForAnyValue", name)
		}
		rest = r
	}
	low := strings.ToLower(rest)
	if b, ok := strings.CutSuffix(low, "ifexists"); ok && b != "null" {
		c.ifExists = true
		low = b
	}
	op, ok := operators[low]
	if !ok {
		return c, fmt.Errorf("unknown condition operator %q", name)
	}
	c.base, c.negated = op.base, op.negated
	return c, nil
}

// compileValue parses one condition value for the operator.
func compileValue(base baseOp, raw string, vars bool) condValue {
	v := condValue{raw: raw}
	switch base {
	case opStringEquals, opStringEqualsIgnoreCase, opBool:
		v.str = compileTemplate(raw, vars, false)
		v.valid = true
	case opStringLike:
		v.str = compileTemplate(raw, vars, true)
		v.valid = true
	case opARNLike:
		v.str = compileTemplate(raw, vars, true)
		v.arn, v.arnOK = compileARN(raw, vars)
		v.valid = true
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		n, err := parseNumber(raw)
		v.num, v.valid = n, err == nil
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		t, ok := parseDate(raw)
		v.date, v.valid = t, ok
	case opIPAddress:
		p, ok := parseCIDR(raw)
		v.ip, v.valid = p, ok
	case opBinaryEquals:
		v.valid = true
	case opNull:
		v.valid = strings.EqualFold(raw, "true") || strings.EqualFold(raw, "false")
	}
	return v
}

// compileARN compiles an ARN pattern part by part; ok is false when it
// does not have the six parts of an ARN.
func compileARN(raw string, vars bool) (out [6]template, ok bool) {
	parts, ok := splitARNTemplate(raw)
	if !ok {
		return out, false
	}
	for i, p := range parts {
		out[i] = compileTemplate(p, vars, true)
	}
	return out, true
}

// splitARNTemplate splits like splitARN, but ignores colons inside policy
// variables (${aws:username}).
func splitARNTemplate(s string) (parts [6]string, ok bool) {
	n, start, depth := 0, 0, 0
	for i := 0; i < len(s) && n < 5; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			parts[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n < 5 {
		return parts, false
	}
	parts[5] = s[start:]
	return parts, true
}

func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(s, 64)
}

// dateLayouts are the ISO 8601 forms AWS accepts for dates, besides epoch
// seconds.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102T150405Z0700",
	"20060102T150405Z",
	"20060102T1504Z",
	"20060102",
}

// parseDate reads an ISO 8601 date and time (a date alone is midnight
// UTC; no zone is UTC) or a number of seconds since the epoch.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) || (s[0] == '-' && isDigits(s[1:])) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseCIDR reads an IPv4 or IPv6 address or CIDR block; an address alone
// is a block of one.
func parseCIDR(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() {
			bits := p.Bits() - 96
			if bits < 0 {
				return netip.Prefix{}, false
			}
			p = netip.PrefixFrom(p.Addr().Unmap(), bits)
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap().WithZone("")
	return netip.PrefixFrom(a, a.BitLen()), true
}

// evalCondition decides one operator block: every key must hold.
func (e *evaluation) evalCondition(c *condition) tri {
	out := yes
	for i := range c.keys {
		out = and(out, e.evalKey(c, &c.keys[i]))
		if out == no {
			return no
		}
	}
	return out
}

// evalKey decides one key of an operator block against the context.
func (e *evaluation) evalKey(c *condition, k *condKey) tri {
	vals, present := e.ctx.lookup(k.name)
	if !present && e.ctx.open() {
		return maybe
	}
	empty := !present || len(vals) == 0
	if c.base == opNull {
		// Null tests presence: a key set with no values is present.
		for i := range k.values {
			want := strings.EqualFold(k.values[i].raw, "true")
			if k.values[i].valid && want == !present {
				return yes
			}
		}
		return no
	}
	if empty {
		switch {
		case c.set == setForAnyValue && e.compat&compatForAnyValueIgnoresIfExists != 0:
			return no
		case c.ifExists:
			return yes
		case c.set == setForAllValues:
			return yes
		case c.set == setForAnyValue:
			return no
		case c.negated:
			return yes
		}
		return no
	}
	switch c.set {
	case setForAllValues:
		out := yes
		for _, v := range vals {
			out = and(out, e.check(c, k, v))
			if out == no {
				return no
			}
		}
		return out
	case setForAnyValue:
		out := no
		for _, v := range vals {
			out = or(out, e.check(c, k, v))
			if out == yes {
				return yes
			}
		}
		return out
	}
	out, unresolved := no, false
	for _, v := range vals {
		m, u := e.anyValue(c, k, v)
		out, unresolved = or(out, m), unresolved || u
		if out == yes {
			break
		}
	}
	if c.negated {
		return and(not(out), triOf(!unresolved))
	}
	return out
}

// check decides the operator for one context value: for a negated
// operator, that the value matches none of the policy values. A policy
// value whose variable has no value is null: nothing equals it, and
// nothing is known to differ from it either, so it fails both the
// operator and its negation.
func (e *evaluation) check(c *condition, k *condKey, v string) tri {
	m, unresolved := e.anyValue(c, k, v)
	if c.negated {
		return and(not(m), triOf(!unresolved))
	}
	return m
}

// anyValue reports whether the context value v matches any of the key's
// policy values under the (non-negated) base operator, and whether one of
// them holds a policy variable without a value.
func (e *evaluation) anyValue(c *condition, k *condKey, v string) (out tri, unresolved bool) {
	out = no
	switch c.base {
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		n, err := parseNumber(v)
		if err != nil {
			return no, false
		}
		for i := range k.values {
			pv := &k.values[i]
			if pv.valid && compareNumber(c.base, n, pv.num) {
				return yes, false
			}
		}
		return no, false
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		t, ok := parseDate(v)
		if !ok {
			return no, false
		}
		for i := range k.values {
			pv := &k.values[i]
			if e.compat&compatDateEpochVsISO != 0 && isDigits(strings.TrimSpace(v)) && !isDigits(pv.raw) {
				// The oracle compares epoch seconds with milliseconds.
				if pv.valid && compareNumber(c.base-opDateEquals+opNumericEquals, float64(t.Unix()), float64(pv.date.UnixMilli())) {
					return yes, false
				}
				continue
			}
			if pv.valid && compareDate(c.base, t, pv.date) {
				return yes, false
			}
		}
		return no, false
	case opIPAddress:
		a, err := netip.ParseAddr(strings.TrimSpace(v))
		if err != nil {
			return no, false
		}
		a = a.Unmap().WithZone("")
		for i := range k.values {
			pv := &k.values[i]
			if e.compat&compatBareIPOtherFamily != 0 && !strings.Contains(pv.raw, "/") && pv.ip.Addr().Is4() != a.Is4() {
				unresolved = true
				continue
			}
			if pv.valid && pv.ip.Contains(a) {
				return yes, false
			}
		}
		if unresolved {
			return no, true
		}
		return no, false
	case opBinaryEquals:
		for i := range k.values {
			if binaryEqual(k.values[i].raw, v) {
				return yes, false
			}
		}
		return no, false
	case opARNLike:
		for i := range k.values {
			m, u := e.matchARN(&k.values[i], v)
			out, unresolved = or(out, m), unresolved || u
			if out == yes {
				return yes, false
			}
		}
		return out, unresolved
	}
	fold := c.base == opStringEqualsIgnoreCase || c.base == opBool
	for i := range k.values {
		ps, ok, unknown := k.values[i].str.resolve(e.ctx, e.scratch[:0])
		switch {
		case unknown:
			out = or(out, maybe)
		case !ok:
			unresolved = true
		case matchPieces(ps, v, fold):
			return yes, false
		}
	}
	return out, unresolved
}

// matchARN matches an ARN condition value against a context value, part
// by part: a wildcard never spans a colon between two parts.
func (e *evaluation) matchARN(pv *condValue, v string) (tri, bool) {
	parts, ok := splitARN(v)
	if !pv.arnOK || !ok {
		if pv.arnOK || ok {
			// An ARN and a string of fewer parts cannot be compared part
			// by part: neither the operator nor its negation holds.
			return no, true
		}
		// Neither is an ARN: the whole strings, as StringLike would.
		ps, rok, unknown := pv.str.resolve(e.ctx, e.scratch[:0])
		switch {
		case unknown:
			return maybe, false
		case !rok:
			return no, true
		case matchPieces(ps, v, false):
			return yes, false
		}
		return no, false
	}
	for i := range parts {
		ps, rok, unknown := pv.arn[i].resolve(e.ctx, e.scratch[:0])
		switch {
		case unknown:
			return maybe, false
		case !rok:
			return no, true
		case !matchPieces(ps, parts[i], false):
			return no, false
		}
	}
	return yes, false
}

func compareNumber(op baseOp, a, b float64) bool {
	switch op {
	case opNumericEquals:
		return a == b
	case opNumericLessThan:
		return a < b
	case opNumericLessThanEquals:
		return a <= b
	case opNumericGreaterThan:
		return a > b
	case opNumericGreaterThanEquals:
		return a >= b
	}
	return false
}

func compareDate(op baseOp, a, b time.Time) bool {
	switch op {
	case opDateEquals:
		return a.Equal(b)
	case opDateLessThan:
		return a.Before(b)
	case opDateLessThanEquals:
		return !a.After(b)
	case opDateGreaterThan:
		return a.After(b)
	case opDateGreaterThanEquals:
		return !a.Before(b)
	}
	return false
}

// binaryEqual compares two base64 values by their bytes (the strings when
// either is not valid base64).
func binaryEqual(a, b string) bool {
	if a == b {
		return true
	}
	da, err1 := base64.StdEncoding.DecodeString(a)
	db, err2 := base64.StdEncoding.DecodeString(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return string(da) == string(db)
}
