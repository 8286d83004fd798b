package rules

import (
	"net/netip"
	"strings"

	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/policy"
)

// This file decides whether a statement's condition pins the caller: limits
// who can use a grant to principals of named accounts, organizations,
// networks or source resources, so that a "*" principal does not mean
// everyone. The public and trust rules share it.

// pinShape is how a pinning key's values are checked for wildcards.
type pinShape uint8

const (
	pinWhole   pinShape = iota + 1 // the whole value must be literal (account ID, org ID, VPC ID)
	pinOrgPath                     // an org path: its first segment (the org ID) must be literal
	pinARN                         // an ARN: its account, or for S3 its bucket, must be literal
	pinUserID                      // a unique ID, "AROA...:session": the part before ":" must be literal
	pinIP                          // a CIDR: any range but 0.0.0.0/0 and ::/0
	pinTrue                        // a Bool key tested true with Bool
)

// callerPinKeys are the condition keys that, tested with a positive
// operator against literal values, leave only principals of known accounts,
// organizations or networks. Keys that do not pin on purpose:
// aws:username (any account can create a user of that name), aws:PrincipalTag
// and aws:PrincipalType (any account sets them), aws:SecureTransport,
// aws:PrincipalIsAWSService and aws:PrincipalServiceName (a service acting
// for any customer), kms:ViaService (any account's principal through that
// service), sts:ExternalId (not a secret).
var callerPinKeys = map[string]pinShape{
	"aws:sourcearn":             pinARN,
	"aws:sourceaccount":         pinWhole,
	"aws:sourceowner":           pinWhole,
	"aws:sourceorgid":           pinWhole,
	"aws:sourceorgpaths":        pinOrgPath,
	"aws:principalorgid":        pinWhole,
	"aws:principalorgpaths":     pinOrgPath,
	"aws:principalaccount":      pinWhole,
	"aws:principalarn":          pinARN,
	"aws:userid":                pinUserID,
	"aws:sourcevpce":            pinWhole,
	"aws:sourcevpc":             pinWhole,
	"aws:sourceip":              pinIP,
	"aws:vpcsourceip":           pinIP,
	"kms:calleraccount":         pinWhole,
	"s3:dataaccesspointaccount": pinWhole,
	"s3:dataaccesspointarn":     pinARN,
	// An EFS client that mounts through a mount target is in the file
	// system's VPC (or a network joined to it); EFS's own test of a public
	// file system policy counts this key as not public.
	"elasticfilesystem:accessedviamounttarget": pinTrue,
}

// sourcePinKeys pin the resource a service principal acts for: the keys
// AWS names against the cross-service confused deputy problem.
var sourcePinKeys = map[string]pinShape{
	"aws:sourcearn":      pinARN,
	"aws:sourceaccount":  pinWhole,
	"aws:sourceorgid":    pinWhole,
	"aws:sourceorgpaths": pinOrgPath,
}

// orgPinKeys pin the caller to an organization.
var orgPinKeys = map[string]pinShape{
	"aws:principalorgid":    pinWhole,
	"aws:principalorgpaths": pinOrgPath,
}

// pinningKey returns the first condition key of s that pins, by keys, with
// a positive operator and literal values; nil when none does.
func pinningKey(s *policy.Statement, keys map[string]pinShape) *policy.ConditionKey {
	if k := unknownCondition(s); k != nil {
		return k
	}
	var found *policy.ConditionKey
	s.Condition.Keys(func(op *policy.ConditionOperator, k *policy.ConditionKey) {
		if found != nil {
			return
		}
		shape, ok := keys[strings.ToLower(k.Name())]
		if !ok {
			return
		}
		if shape == pinTrue {
			if o, valid := parseOperator(op.Name()); !valid || o.base != "Bool" || o.ifExists || o.set != "" {
				return
			}
		} else if !positiveOperator(op.Name(), shape == pinIP) {
			return
		}
		if valuesPin(k.Values, shape) {
			found = k
		}
	})
	return found
}

// positiveOperator reports an operator that is true only when the key is
// present and matches: the equality and like operators of strings and ARNs
// (IpAddress for IP keys), without IfExists (true when the key is absent)
// and without ForAllValues (true when the key is absent).
func positiveOperator(name string, ip bool) bool {
	op, ok := parseOperator(name)
	if !ok || op.ifExists || op.set == "ForAllValues" {
		return false
	}
	if ip {
		return op.base == "IpAddress"
	}
	switch op.base {
	case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike":
		return true
	}
	return false
}

// valuesPin reports whether every value of a key pins (values are ORed, so
// one open value opens the condition). Values that cannot be known
// statically are taken to pin: the linter does not guess.
func valuesPin(values []*policy.Node, shape pinShape) bool {
	if len(values) == 0 {
		return false
	}
	for _, v := range values {
		if v.Unknown {
			continue
		}
		if (v.Kind != policy.String && (shape != pinTrue || v.Kind != policy.Bool)) || !valuePins(v.Str, shape) {
			return false
		}
	}
	return true
}

func hasGlob(s string) bool { return strings.ContainsAny(s, "*?") }

// valuePins reports whether one condition value names something specific.
func valuePins(v string, shape pinShape) bool {
	if v == "" {
		return false
	}
	if strings.Contains(v, "${") {
		return true // a policy variable resolves to one concrete value
	}
	switch shape {
	case pinWhole:
		return !hasGlob(v)
	case pinTrue:
		return strings.EqualFold(v, "true")
	case pinOrgPath:
		org, _, _ := strings.Cut(v, "/")
		return org != "" && !hasGlob(org)
	case pinUserID:
		id, _, _ := strings.Cut(v, ":")
		return id != "" && !hasGlob(id)
	case pinIP:
		p, err := netip.ParsePrefix(v)
		if err != nil {
			a, err := netip.ParseAddr(v)
			return err == nil && a.IsValid()
		}
		return p.Bits() > 0
	case pinARN:
		parts := strings.SplitN(v, ":", 6)
		if len(parts) < 6 || parts[0] != "arn" {
			return false
		}
		if account := parts[4]; account != "" {
			return !hasGlob(account)
		}
		if strings.EqualFold(parts[2], "s3") {
			bucket, _, _ := strings.Cut(parts[5], "/")
			return bucket != "" && !hasGlob(bucket)
		}
		return false
	}
	return false
}

// conditionValues returns the values of the named key wherever it is
// tested with a positive string operator; found reports such a test.
func conditionValues(s *policy.Statement, key string) (values []*policy.Node, found bool) {
	if k := unknownCondition(s); k != nil {
		return k.Values, true
	}
	s.Condition.Keys(func(op *policy.ConditionOperator, k *policy.ConditionKey) {
		if !strings.EqualFold(k.Name(), key) || !positiveOperator(op.Name(), false) {
			return
		}
		found = true
		values = append(values, k.Values...)
	})
	return values, found
}

// wildcardPrincipal returns the node that makes a Principal everyone: the
// string "*" or an "AWS": "*" value; nil otherwise.
func wildcardPrincipal(p *policy.Principal) *policy.Node {
	if p == nil {
		return nil
	}
	if p.Wildcard != nil {
		return p.Wildcard
	}
	for _, e := range p.Entries {
		if e.Type() != "AWS" {
			continue
		}
		for _, v := range e.Values {
			if v.Kind == policy.String && v.Str == "*" {
				return v
			}
		}
	}
	return nil
}

// actionStrings returns the statement's literal Action values.
func actionStrings(s *policy.Statement) []*policy.Node {
	if s.Action == nil {
		return nil
	}
	var out []*policy.Node
	for _, a := range s.Action.Values {
		if a.Kind == policy.String && !a.Unknown {
			out = append(out, a)
		}
	}
	return out
}

// allowsAction reports whether the statement's Action (or NotAction) covers
// the action name; unknown values count as covering it.
func allowsAction(s *policy.Statement, name string) bool {
	if s.Action != nil {
		for _, a := range s.Action.Values {
			if a.Unknown || (a.Kind == policy.String && catalog.MatchPattern(a.Str, name)) {
				return true
			}
		}
		return false
	}
	if s.NotAction != nil {
		for _, a := range s.NotAction.Values {
			if a.Kind == policy.String && catalog.MatchPattern(a.Str, name) {
				return false
			}
		}
		return true
	}
	return false
}

// unknownCondition returns, for a statement whose Condition cannot be known
// statically (a CloudFormation Fn::If, a Terraform dynamic "condition"
// block or a key computed at apply time), a stand-in key with the unknown
// value: such a condition may test any key, and an unknown value is taken
// to pin, so no rule reports the statement for a test it may hold. It
// returns nil for a known condition, or none.
func unknownCondition(s *policy.Statement) *policy.ConditionKey {
	if s.Condition == nil {
		return nil
	}
	m := s.Condition.Member
	if m.Value.Unknown {
		return &policy.ConditionKey{Member: m, Values: []*policy.Node{m.Value}}
	}
	for _, op := range s.Condition.Operators {
		if op.Member.Value.Unknown {
			return &policy.ConditionKey{Member: op.Member, Values: []*policy.Node{op.Member.Value}}
		}
	}
	return nil
}
