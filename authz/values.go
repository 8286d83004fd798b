package authz

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strings"

	"github.com/iamlint/iamlint/catalog"
)

// CheckValue reports whether a request context value is well-formed for a
// condition key of type t: a number for Numeric, an ISO 8601 date or epoch
// seconds for Date, true or false for Bool, an IPv4 or IPv6 address for
// IPAddress, an ARN for ARN, base64 for Binary. Strings and unknown types
// take any value.
func CheckValue(t catalog.KeyType, v string) error {
	switch t {
	case catalog.Numeric:
		if _, err := parseNumber(v); err != nil {
			return fmt.Errorf("%q is not a number", v)
		}
	case catalog.Date:
		if _, ok := parseDate(v); !ok {
			return fmt.Errorf("%q is not a date: want ISO 8601 (2026-01-31T12:00:00Z) or epoch seconds", v)
		}
	case catalog.Bool:
		if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
			return fmt.Errorf("%q is not a boolean: want true or false", v)
		}
	case catalog.IPAddress:
		if _, err := netip.ParseAddr(strings.TrimSpace(v)); err != nil {
			return fmt.Errorf("%q is not an IP address", v)
		}
	case catalog.ARN:
		if parts, ok := splitARN(v); !ok || parts[0] != "arn" {
			return fmt.Errorf("%q is not an ARN (arn:partition:service:region:account:resource)", v)
		}
	case catalog.Binary:
		if _, err := base64.StdEncoding.DecodeString(v); err != nil {
			return fmt.Errorf("%q is not base64", v)
		}
	}
	return nil
}

// SetRequestKeys sets the condition keys AWS puts in every request of this
// principal on a resource of this account, unless already set:
// aws:PrincipalArn (a role session's role), aws:PrincipalAccount,
// aws:PrincipalType, aws:username for an IAM user, aws:ResourceAccount.
func (c *Context) SetRequestKeys(p Principal, resourceAccount string) {
	set := func(k, v string) {
		if v != "" && !c.Has(k) {
			c.Set(k, v)
		}
	}
	switch p.Kind {
	case IAMUser:
		set("aws:PrincipalArn", p.ARN)
		set("aws:PrincipalType", "User")
		set("aws:username", p.ARN[strings.LastIndexByte(p.ARN, '/')+1:])
	case RoleSession, Role:
		set("aws:PrincipalArn", p.RoleARN())
		set("aws:PrincipalType", "AssumedRole")
	case FederatedUser:
		set("aws:PrincipalArn", p.ARN)
		set("aws:PrincipalType", "FederatedUser")
	case AccountRoot:
		set("aws:PrincipalArn", p.ARN)
		set("aws:PrincipalType", "Account")
	case ServicePrincipal:
		set("aws:PrincipalServiceName", p.ARN)
		set("aws:PrincipalIsAWSService", "true")
	}
	if p.Kind != ServicePrincipal && p.Kind != Anonymous {
		set("aws:PrincipalAccount", p.Account)
	}
	set("aws:ResourceAccount", resourceAccount)
}

// ResourceAccountID is the account that owns the request's resource: the
// one given, else the resource ARN's, else the principal's.
func (r *Request) ResourceAccountID() string {
	if r.ResourceAccount != "" {
		return r.ResourceAccount
	}
	if parts, ok := splitARN(r.Resource); ok && parts[4] != "" {
		return parts[4]
	}
	return r.Principal.Account
}
