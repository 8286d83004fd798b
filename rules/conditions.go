package rules

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// opFamily is the type of value a condition operator compares.
type opFamily uint8

const (
	famString opFamily = iota + 1
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

var familyNames = map[opFamily]string{famString: "string", famNumeric: "numeric", famDate: "date", famBool: "boolean",
	famBinary: "binary", famIP: "IP address", famARN: "ARN", famNull: "null"}

// baseOperators are the condition operators, without IfExists and set
// qualifiers, as AWS spells them.
var baseOperators = map[string]opFamily{
	"StringEquals": famString, "StringNotEquals": famString, "StringEqualsIgnoreCase": famString,
	"StringNotEqualsIgnoreCase": famString, "StringLike": famString, "StringNotLike": famString,
	"NumericEquals": famNumeric, "NumericNotEquals": famNumeric, "NumericLessThan": famNumeric,
	"NumericLessThanEquals": famNumeric, "NumericGreaterThan": famNumeric, "NumericGreaterThanEquals": famNumeric,
	"DateEquals": famDate, "DateNotEquals": famDate, "DateLessThan": famDate, "DateLessThanEquals": famDate,
	"DateGreaterThan": famDate, "DateGreaterThanEquals": famDate,
	"Bool":         famBool,
	"BinaryEquals": famBinary,
	"IpAddress":    famIP, "NotIpAddress": famIP,
	"ArnEquals": famARN, "ArnLike": famARN, "ArnNotEquals": famARN, "ArnNotLike": famARN,
	"Null": famNull,
}

// operatorNames lists the full operator names for suggestions.
var operatorNames = func() []string {
	var out []string
	for name := range baseOperators {
		out = append(out, name)
	}
	return out
}()

// operator is a parsed condition operator.
type operator struct {
	base     string
	family   opFamily
	set      string // "", "ForAllValues" or "ForAnyValue"
	ifExists bool
}

// parseOperator reads an operator name; ok is false when it is not one.
func parseOperator(name string) (operator, bool) {
	var op operator
	rest := name
	if q, r, found := strings.Cut(name, ":"); found {
		switch strings.ToLower(q) {
		case "forallvalues":
			op.set = "ForAllValues"
		case "foranyvalue":
			op.set = "ForAnyValue"
		default:
			return op, false
		}
		rest = r
	}
	if len(rest) > len("IfExists") && strings.EqualFold(rest[len(rest)-len("IfExists"):], "IfExists") {
		op.ifExists = true
		rest = rest[:len(rest)-len("IfExists")]
	}
	for base, fam := range baseOperators {
		if strings.EqualFold(base, rest) {
			op.base, op.family = base, fam
			if fam == famNull && op.ifExists {
				return op, false
			}
			return op, true
		}
	}
	return op, false
}

// ConditionOperatorUnknown reports an operator that is not a condition
// operator.
var ConditionOperatorUnknown = &analyzer.Rule{
	ID:       "condition-operator-unknown",
	Title:    "condition operator that does not exist",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a condition operator that IAM does not have, with the nearest real one: a misspelling (` + "`StringEqual`" + `), an unknown set qualifier, or ` + "`IfExists`" + ` on ` + "`Null`" + `, which takes none.

**Why it matters.** AWS rejects the policy ("invalid condition operator").

**How to fix.** Use one of the string, numeric, date, Bool, BinaryEquals, IP address, ARN or Null operators, optionally with ` + "`IfExists`" + ` and a ` + "`ForAllValues:` or `ForAnyValue:`" + ` qualifier.

Bad:

` + "```json" + `
{"Condition": {"StringEqual": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
` + "```" + `

Good:

` + "```json" + `
{"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if s.Condition == nil {
				continue
			}
			for _, o := range s.Condition.Operators {
				if _, ok := parseOperator(o.Name()); ok {
					continue
				}
				name := o.Name()
				if strings.HasSuffix(strings.ToLower(name), "ifexists") && strings.EqualFold(strings.TrimSuffix(strings.ToLower(name), "ifexists"), "null") {
					pass.ReportMember(o.Member, "Null takes no IfExists: it already tests whether the key exists")
					continue
				}
				base := name
				if _, r, ok := strings.Cut(name, ":"); ok {
					base = r
				}
				pass.ReportMember(o.Member, "%s is not a condition operator%s", name, didYouMean(closest(strings.TrimSuffix(base, "IfExists"), operatorNames)))
			}
		}
	},
}

// oidcKeyRE matches the claim keys of a web identity provider
// (token.actions.githubusercontent.com:sub, oidc.eks.REGION.amazonaws.com/id/ID:aud).
var oidcKeyRE = regexp.MustCompile(`^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/[^:\s]*)?:[A-Za-z0-9_.-]+$`)

// lookupKey finds a condition key in the catalog. A web identity
// provider's claim key (host:claim) is a known string key.
func lookupKey(cat *catalog.Catalog, name string) *catalog.ConditionKey {
	k := cat.ConditionKey(name)
	if k == nil && oidcKeyRE.MatchString(name) {
		k = &catalog.ConditionKey{Name: name, Type: catalog.String, Global: true}
	}
	if k != nil && !k.MultiValued && amrClaim(name) {
		// amr (authentication methods references, RFC 8176) is an array
		// claim: Cognito's is ["authenticated", PROVIDER ...], which AWS's
		// examples test with ForAnyValue:StringLike. The Service
		// Authorization Reference lists cognito-identity.amazonaws.com:amr
		// (under STS) as a plain String.
		c := *k
		c.MultiValued, c.Variable = true, false
		k = &c
	}
	return k
}

// amrClaim says whether a key is a web identity provider's amr claim
// (cognito-identity.amazonaws.com:amr).
func amrClaim(name string) bool {
	host, claim, ok := strings.Cut(name, ":")
	return ok && host != "aws" && strings.EqualFold(claim, "amr")
}

// ConditionKeyUnknown reports a condition key that is neither global nor a
// key of a service the statement acts on.
var ConditionKeyUnknown = &analyzer.Rule{
	ID:       "condition-key-unknown",
	Title:    "condition key that does not exist for the statement",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a condition key that is neither a global key (` + "`aws:...`" + `), nor a key of a service in the catalog, nor a web identity provider's claim (` + "`token.actions.githubusercontent.com:sub`" + `); and a service key whose service none of the statement's actions belongs to (for example ` + "`s3:prefix`" + ` in a statement that only grants DynamoDB actions). Keys are matched case-insensitively. A key of a known service with no real key near it is reported at medium severity, with the date of the catalog: it may be newer than the catalog, or undocumented. A key of a service AWS has retired is reported at low severity as hygiene.

**Why it matters.** AWS rejects unknown keys in most policies; where a key is absent from the request, the condition operator decides silently (most operators fail, ` + "`...IfExists` and negated ones pass" + `), so the statement does not do what it says.

**How to fix.** Use the key the Service Authorization Reference lists for the action, spelled as it is there.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports", "Condition": {"StringLike": {"s3:prefixes": "home/*"}}}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::reports", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		for _, s := range pass.Doc.Statements {
			if s.Condition == nil {
				continue
			}
			services := statementServices(pass, s)
			s.Condition.Keys(func(_ *policy.ConditionOperator, k *policy.ConditionKey) {
				name := k.Name()
				key := lookupKey(pass.Catalog, name)
				svc, _, _ := strings.Cut(name, ":")
				if key == nil {
					if r, ok := pass.Catalog.RetiredService(svc); ok {
						pass.Report(analyzer.Diagnostic{
							Severity: analyzer.Low, Category: analyzer.Hygiene,
							Message: name + " is a key of " + r.What + ", which AWS has retired: the Service Authorization Reference no longer lists it",
							Span:    k.Member.KeySpan, Pointer: k.Member.Value.Pointer, Value: name,
						})
						return
					}
					if pass.Catalog.Service(svc) == nil && !strings.EqualFold(svc, "aws") {
						pass.ReportMember(k.Member, "%s is not a condition key: %s is not a service prefix%s", name, svc, didYouMean(pass.Catalog.SuggestService(svc)))
						return
					}
					if near := pass.Catalog.SuggestConditionKey(name); near != "" {
						pass.ReportMember(k.Member, "%s is not a condition key%s", name, didYouMean(near))
						return
					}
					// Nothing near: not a typo, perhaps a key newer than the
					// catalog, or one AWS does not document.
					pass.Report(analyzer.Diagnostic{
						Severity: analyzer.Medium,
						Message:  fmt.Sprintf("%s is not a condition key in the Service Authorization Reference as of %s, nor a global key", name, pass.Catalog.Info().Date),
						Span:     k.Member.KeySpan, Pointer: k.Member.Value.Pointer, Value: name,
					})
					return
				}
				if key.Global || services == nil {
					return
				}
				if !services[strings.ToLower(svc)] && !actionsListKey(pass, s, name) {
					pass.ReportMember(k.Member, "%s is a key of %s, but no action of the statement belongs to %s", name, svc, svc)
				}
			})
		}
	},
}

// statementServices is the set of service prefixes (lower case) a
// statement's actions belong to, and of the services whose resources they
// act on (sts:AssumeRole acts on an IAM role, so iam:ResourceTag/... is
// the role's tag), or nil when they are not known (Action "*", NotAction,
// an unknown action).
func statementServices(pass *analyzer.Pass, s *policy.Statement) map[string]bool {
	sa := actionsOf(pass, s)
	if !sa.ok || sa.all {
		return nil
	}
	out := map[string]bool{}
	seen := map[*catalog.ResourceType]bool{}
	for _, a := range sa.acts {
		out[strings.ToLower(a.Service.Prefix)] = true
		for _, r := range a.Resources {
			if r.Type == nil || seen[r.Type] {
				continue
			}
			seen[r.Type] = true
			for alt := range strings.SplitSeq(r.Type.ARN, ", ") {
				if f := strings.SplitN(alt, ":", 4); len(f) == 4 && !strings.HasPrefix(f[2], "${") {
					out[strings.ToLower(f[2])] = true
				}
			}
		}
	}
	return out
}

// ConditionTypeMismatch reports an operator whose type differs from the
// key's.
var ConditionTypeMismatch = &analyzer.Rule{
	ID:       "condition-type-mismatch",
	Title:    "condition operator of another type than its key",
	Severity: analyzer.Medium,
	Category: analyzer.Validity,
	Doc: `Reports a condition operator whose type does not fit the key's type in the catalog: a numeric, date, Bool, IP address or binary operator on a key of another type; an ARN operator on a numeric, date, Bool or IP key; a string operator on an IP address, numeric or date key. String operators on ARN keys are accepted (AWS compares them as strings).

**Why it matters.** AWS rejects some combinations ("invalid condition data type"); others are accepted but never match as intended (` + "`StringEquals`" + ` on ` + "`aws:SourceIp`" + ` does not understand CIDR blocks).

**How to fix.** Use the operator family of the key's type: ` + "`IpAddress`" + ` for IP keys, ` + "`Date...`" + ` for dates, ` + "`Numeric...`" + ` for numbers, ` + "`Bool`" + ` for booleans, ` + "`Arn...`" + ` or ` + "`String...`" + ` for ARNs.

Bad:

` + "```json" + `
{"Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.0/24"}}}
` + "```" + `

Good:

` + "```json" + `
{"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		forEachConditionKey(pass, func(s *policy.Statement, op operator, o *policy.ConditionOperator, k *policy.ConditionKey, key *catalog.ConditionKey) {
			if key == nil || fits(op.family, key.Type) {
				return
			}
			pass.ReportMember(k.Member, "%s is %s key, but %s compares %s values", k.Name(), article(key.Type.String()), o.Name(), familyNames[op.family])
		})
	},
}

// fits reports whether an operator family suits a key type.
func fits(f opFamily, t catalog.KeyType) bool {
	switch f {
	case famNull:
		return true
	case famString:
		return t != catalog.IPAddress && t != catalog.Numeric && t != catalog.Date
	case famARN:
		return t == catalog.ARN || t == catalog.String
	case famNumeric:
		return t == catalog.Numeric
	case famDate:
		return t == catalog.Date
	case famBool:
		return t == catalog.Bool
	case famBinary:
		return t == catalog.Binary
	case famIP:
		return t == catalog.IPAddress
	}
	return true
}

// forEachConditionKey calls fn for each key under a valid operator, with
// the key's catalog entry (nil when unknown).
func forEachConditionKey(pass *analyzer.Pass, fn func(s *policy.Statement, op operator, o *policy.ConditionOperator, k *policy.ConditionKey, key *catalog.ConditionKey)) {
	for _, s := range pass.Doc.Statements {
		if s.Condition == nil {
			continue
		}
		for _, o := range s.Condition.Operators {
			op, ok := parseOperator(o.Name())
			if !ok {
				continue
			}
			for _, k := range o.Keys {
				fn(s, op, o, k, lookupKey(pass.Catalog, k.Name()))
			}
		}
	}
}

// ConditionValueInvalid reports a value that is not of its operator's
// type.
var ConditionValueInvalid = &analyzer.Rule{
	ID:       "condition-value-invalid",
	Title:    "condition value that is not of its operator's type",
	Severity: analyzer.High,
	Category: analyzer.Validity,
	Doc: `Reports a condition value that its operator cannot read: a numeric operator's value that is not a number, a date operator's that is neither an ISO 8601 date nor epoch seconds, a ` + "`Bool` or `Null`" + ` value other than ` + "`true` or `false`" + `, an IP address operator's that is not an IPv4 or IPv6 address or CIDR block, a binary value that is not base64. Values holding a policy variable are not checked.

**Why it matters.** AWS rejects the policy, or the condition never matches.

**How to fix.** Write the value in the operator's format: ` + "`\"2026-01-01T00:00:00Z\"`" + `, ` + "`\"203.0.113.0/24\"`" + `, ` + "`\"true\"`" + `.

Bad:

` + "```json" + `
{"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/33"}, "DateLessThan": {"aws:CurrentTime": "next year"}}}
` + "```" + `

Good:

` + "```json" + `
{"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		forEachConditionKey(pass, func(_ *policy.Statement, op operator, _ *policy.ConditionOperator, k *policy.ConditionKey, _ *catalog.ConditionKey) {
			for _, v := range k.Values {
				if v.Unknown || strings.Contains(v.Str, "${") {
					continue
				}
				if want := valueProblem(op.family, v.Str); want != "" {
					pass.ReportNode(v, "%q is not %s, as %s needs", v.Str, want, op.base)
				}
			}
		})
	},
}

// valueProblem names what a value should have been, or "" when it fits.
func valueProblem(f opFamily, v string) string {
	switch f {
	case famNumeric:
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return "a number"
		}
	case famDate:
		if !isDate(v) {
			return "an ISO 8601 date or epoch seconds"
		}
	case famBool, famNull:
		if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
			return "true or false"
		}
	case famIP:
		if _, err := netip.ParsePrefix(v); err == nil {
			return ""
		}
		if _, err := netip.ParseAddr(v); err != nil {
			return "an IP address or CIDR block"
		}
	case famBinary:
		if _, err := base64.StdEncoding.DecodeString(v); err != nil {
			return "base64"
		}
	}
	return ""
}

// dateLayouts are the ISO 8601 forms IAM reads.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01"}

func isDate(v string) bool {
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return true
	}
	for _, l := range dateLayouts {
		if _, err := time.Parse(l, v); err == nil {
			return true
		}
	}
	return false
}

// SetOperatorSingleValued reports a set qualifier on a single-valued key.
var SetOperatorSingleValued = &analyzer.Rule{
	ID:       "set-operator-single-valued",
	Title:    "ForAllValues or ForAnyValue on a single-valued key",
	Severity: analyzer.Medium,
	Category: analyzer.Validity,
	Doc: `Reports ` + "`ForAllValues:` or `ForAnyValue:`" + ` on a condition key that holds one value (` + "`aws:SourceIp`, `aws:PrincipalOrgID`, `s3:prefix`" + `). The set qualifiers are for multivalued keys such as ` + "`aws:TagKeys`" + ` and ` + "`aws:PrincipalOrgPaths`" + `. In an Allow statement, ` + "`ForAllValues`" + ` is a security problem (severity high): it also passes when the key is absent from the request, so the condition can be dodged by not sending the key. ` + "`ForAnyValue`" + ` on a single-valued key works as the plain operator does, and is reported at low severity as hygiene.

**Why it matters.** The condition does not test what it appears to; with ` + "`ForAllValues`" + ` on Allow it grants access to requests that lack the key altogether.

**How to fix.** Drop the qualifier for single-valued keys; if you meant "absent or equal", say so explicitly with ` + "`...IfExists`" + `, and if you meant "present", add a ` + "`Null`" + ` condition.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		forEachConditionKey(pass, func(s *policy.Statement, op operator, o *policy.ConditionOperator, k *policy.ConditionKey, key *catalog.ConditionKey) {
			if op.set == "" || key == nil || key.MultiValued {
				return
			}
			if op.set == "ForAnyValue" {
				// A single value is a set of one: ForAnyValue compares it as
				// the plain operator would, and fails when the key is
				// absent, as the plain operator does. Not wrong, only noise.
				pass.Report(analyzer.Diagnostic{
					Severity: analyzer.Low, Category: analyzer.Hygiene,
					Message: k.Name() + " holds a single value: ForAnyValue works here as the plain operator does; drop the qualifier",
					Span:    k.Member.KeySpan, Pointer: k.Member.Value.Pointer, Value: k.Name(),
				})
				return
			}
			if op.set == "ForAllValues" && s.IsAllow() {
				pass.Report(analyzer.Diagnostic{
					Severity: analyzer.High, Category: analyzer.Security,
					Message: k.Name() + " holds a single value: ForAllValues on Allow also passes when the key is absent, so the condition can be dodged",
					Span:    k.Member.KeySpan, Pointer: k.Member.Value.Pointer, Value: k.Name(),
				})
				return
			}
			pass.ReportMember(k.Member, "%s holds a single value: drop the %s qualifier", k.Name(), op.set)
		})
	},
}

// article prefixes a word with "a" or "an", as English reads it.
func article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// actionsListKey reports whether an action of the statement lists the key
// (STS actions list the web identity and SAML keys, such as SAML:aud).
func actionsListKey(pass *analyzer.Pass, s *policy.Statement, name string) bool {
	for _, a := range actionsOf(pass, s).acts {
		for _, k := range a.ConditionKeys {
			if strings.EqualFold(k, name) {
				return true
			}
		}
	}
	return false
}
