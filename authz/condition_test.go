package authz

import (
	"errors"
	"fmt"
	"testing"

	"github.com/iamlint/iamlint/policy"
)

// kv is one context key with its values.
type kv struct {
	key    string
	values []string
}

func ctxOf(kvs ...kv) *Context {
	c := &Context{}
	for _, e := range kvs {
		c.Set(e.key, e.values...)
	}
	return c
}

func one(key string, values ...string) kv { return kv{key, values} }

func mustPolicy(t testing.TB, src string, kind policy.Kind) *Policy {
	t.Helper()
	p, err := ParsePolicy("test.json", []byte(src), kind)
	if err != nil {
		t.Fatalf("compile %s: %v", src, err)
	}
	return p
}

// conditionHolds evaluates an Allow statement with the condition for a
// fixed request and reports whether it allowed.
func conditionHolds(t *testing.T, version, condition string, ctx *Context) bool {
	t.Helper()
	src := fmt.Sprintf(`{"Version": %q, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": %s}]}`, version, condition)
	p := mustPolicy(t, src, policy.Identity)
	req := &Request{
		Principal: ParsePrincipal("arn:aws:iam::111122223333:user/alice"),
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::bucket/key",
		Context:   ctx,
	}
	return Decide(&Set{Identity: []*Policy{p}}, req) == Allowed
}

func TestConditionOperators(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cond string
		ctx  []kv
		want bool
	}{
		// String.
		{"StringEquals match", `{"StringEquals": {"aws:username": "alice"}}`, []kv{one("aws:username", "alice")}, true},
		{"StringEquals is case-sensitive", `{"StringEquals": {"aws:username": "Alice"}}`, []kv{one("aws:username", "alice")}, false},
		{"StringEquals any of the values", `{"StringEquals": {"aws:username": ["bob", "alice"]}}`, []kv{one("aws:username", "alice")}, true},
		{"StringEquals no wildcard", `{"StringEquals": {"aws:username": "al*"}}`, []kv{one("aws:username", "alice")}, false},
		{"StringEquals missing key", `{"StringEquals": {"aws:username": "alice"}}`, nil, false},
		{"condition key name ignores case", `{"StringEquals": {"AWS:UserName": "alice"}}`, []kv{one("aws:username", "alice")}, true},
		{"StringNotEquals differs", `{"StringNotEquals": {"aws:username": "bob"}}`, []kv{one("aws:username", "alice")}, true},
		{"StringNotEquals equal", `{"StringNotEquals": {"aws:username": ["bob", "alice"]}}`, []kv{one("aws:username", "alice")}, false},
		{"StringNotEquals missing key is true", `{"StringNotEquals": {"aws:username": "bob"}}`, nil, true},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase": {"aws:username": "ALICE"}}`, []kv{one("aws:username", "alice")}, true},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase": {"aws:username": "ALICE"}}`, []kv{one("aws:username", "alice")}, false},
		{"StringLike star", `{"StringLike": {"s3:prefix": "home/*"}}`, []kv{one("s3:prefix", "home/alice/x")}, true},
		{"StringLike question mark", `{"StringLike": {"aws:username": "?lice"}}`, []kv{one("aws:username", "alice")}, true},
		{"StringLike question mark is one character", `{"StringLike": {"aws:username": "?ice"}}`, []kv{one("aws:username", "alice")}, false},
		{"StringLike case-sensitive", `{"StringLike": {"aws:username": "A*"}}`, []kv{one("aws:username", "alice")}, false},
		{"StringLike star matches empty", `{"StringLike": {"s3:prefix": "home/*"}}`, []kv{one("s3:prefix", "home/")}, true},
		{"StringNotLike", `{"StringNotLike": {"s3:prefix": "home/*"}}`, []kv{one("s3:prefix", "public/")}, true},
		{"StringNotLike missing key is true", `{"StringNotLike": {"s3:prefix": "home/*"}}`, nil, true},
		{"StringLike unicode question mark", `{"StringLike": {"aws:username": "j?rg"}}`, []kv{one("aws:username", "jörg")}, true},

		// Numeric.
		{"NumericEquals", `{"NumericEquals": {"s3:max-keys": "10"}}`, []kv{one("s3:max-keys", "10")}, true},
		{"NumericEquals number literal", `{"NumericEquals": {"s3:max-keys": 10}}`, []kv{one("s3:max-keys", "10.0")}, true},
		{"NumericNotEquals", `{"NumericNotEquals": {"s3:max-keys": "10"}}`, []kv{one("s3:max-keys", "11")}, true},
		{"NumericLessThan", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, []kv{one("aws:MultiFactorAuthAge", "100")}, true},
		{"NumericLessThan equal is false", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, []kv{one("aws:MultiFactorAuthAge", "3600")}, false},
		{"NumericLessThanEquals", `{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}`, []kv{one("aws:MultiFactorAuthAge", "3600")}, true},
		{"NumericGreaterThan float", `{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "7200"}}`, []kv{one("aws:MultiFactorAuthAge", "7200.5")}, true},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals": {"aws:MultiFactorAuthAge": "7200"}}`, []kv{one("aws:MultiFactorAuthAge", "7199")}, false},
		{"Numeric bad context value", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, []kv{one("aws:MultiFactorAuthAge", "soon")}, false},
		{"Numeric bad policy value", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "many"}}`, []kv{one("aws:MultiFactorAuthAge", "1")}, false},
		{"Numeric missing key", `{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}`, nil, false},
		{"NumericNotEquals missing key is true", `{"NumericNotEquals": {"aws:MultiFactorAuthAge": "3600"}}`, nil, true},

		// Date.
		{"DateLessThan ISO", `{"DateLessThan": {"aws:CurrentTime": "2026-02-01T00:00:00Z"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, true},
		{"DateLessThan date only", `{"DateLessThan": {"aws:CurrentTime": "2026-01-15"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, false},
		{"DateGreaterThan offset", `{"DateGreaterThan": {"aws:CurrentTime": "2026-01-15T12:30:00+01:00"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, true},
		{"DateEquals fractional seconds", `{"DateEquals": {"aws:CurrentTime": "2026-01-15T12:00:00.000Z"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, true},
		{"DateEquals epoch against ISO", `{"DateEquals": {"aws:EpochTime": "2026-01-15T12:00:00Z"}}`, []kv{one("aws:EpochTime", "1768478400")}, true},
		{"DateGreaterThanEquals epoch policy value", `{"DateGreaterThanEquals": {"aws:CurrentTime": "1768478400"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, true},
		{"DateNotEquals", `{"DateNotEquals": {"aws:CurrentTime": "2026-01-01"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, true},
		{"DateLessThanEquals", `{"DateLessThanEquals": {"aws:CurrentTime": "2026-01-15T12:00:00Z"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, true},
		{"Date basic format", `{"DateLessThan": {"aws:CurrentTime": "20260116T000000Z"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, true},
		{"Date bad policy value", `{"DateLessThan": {"aws:CurrentTime": "tomorrow"}}`, []kv{one("aws:CurrentTime", "2026-01-15T12:00:00Z")}, false},

		// Bool.
		{"Bool true", `{"Bool": {"aws:SecureTransport": "true"}}`, []kv{one("aws:SecureTransport", "true")}, true},
		{"Bool JSON literal", `{"Bool": {"aws:SecureTransport": true}}`, []kv{one("aws:SecureTransport", "true")}, true},
		{"Bool ignores case", `{"Bool": {"aws:SecureTransport": "True"}}`, []kv{one("aws:SecureTransport", "true")}, true},
		{"Bool false", `{"Bool": {"aws:SecureTransport": "false"}}`, []kv{one("aws:SecureTransport", "true")}, false},
		{"Bool missing key", `{"Bool": {"aws:SecureTransport": "false"}}`, nil, false},
		{"BoolIfExists missing key", `{"BoolIfExists": {"aws:SecureTransport": "false"}}`, nil, true},

		// Binary.
		{"BinaryEquals", `{"BinaryEquals": {"s3:x-amz-content": "QmluYXJ5VmFsdWU="}}`, []kv{one("s3:x-amz-content", "QmluYXJ5VmFsdWU=")}, true},
		{"BinaryEquals differs", `{"BinaryEquals": {"s3:x-amz-content": "QmluYXJ5VmFsdWU="}}`, []kv{one("s3:x-amz-content", "b3RoZXI=")}, false},

		// IP.
		{"IpAddress IPv4 CIDR", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, []kv{one("aws:SourceIp", "203.0.113.7")}, true},
		{"IpAddress IPv4 outside", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, []kv{one("aws:SourceIp", "203.0.114.7")}, false},
		{"IpAddress single address", `{"IpAddress": {"aws:SourceIp": "203.0.113.7"}}`, []kv{one("aws:SourceIp", "203.0.113.7")}, true},
		{"IpAddress unmasked CIDR", `{"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}`, []kv{one("aws:SourceIp", "203.0.113.200")}, true},
		{"IpAddress IPv6 CIDR", `{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}`, []kv{one("aws:SourceIp", "2001:db8:1::5")}, true},
		{"IpAddress IPv6 outside", `{"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}`, []kv{one("aws:SourceIp", "2001:db9::5")}, false},
		{"IpAddress IPv6 against IPv4 range", `{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`, []kv{one("aws:SourceIp", "2001:db8::1")}, false},
		{"NotIpAddress IPv6 against IPv4 address", `{"NotIpAddress": {"aws:SourceIp": "198.51.100.1"}}`, []kv{one("aws:SourceIp", "2001:db8::1")}, true},
		{"NotIpAddress inside", `{"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}`, []kv{one("aws:SourceIp", "2001:db8::1")}, false},
		{"NotIpAddress missing key is true", `{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`, nil, true},
		{"IpAddress bad context value", `{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}`, []kv{one("aws:SourceIp", "not-an-ip")}, false},

		// ARN.
		{"ArnLike", `{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}`, []kv{one("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")}, true},
		{"ArnEquals takes wildcards too", `{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}`, []kv{one("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")}, true},
		{"ArnLike wildcard stays in its part", `{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*"}}`, []kv{one("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")}, false},
		{"ArnLike case-sensitive", `{"ArnLike": {"aws:SourceArn": "arn:aws:SNS:*:*:*"}}`, []kv{one("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic")}, false},
		{"ArnNotLike", `{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin-*"}}`, []kv{one("aws:PrincipalArn", "arn:aws:iam::111122223333:role/dev")}, true},
		{"ArnNotEquals missing key is true", `{"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::*:role/x"}}`, nil, true},
		{"ArnLike resource with colons", `{"ArnLike": {"aws:SourceArn": "arn:aws:logs:*:*:log-group:app:*"}}`, []kv{one("aws:SourceArn", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:x")}, true},

		// Null.
		{"Null true, key missing", `{"Null": {"aws:TokenIssueTime": "true"}}`, nil, true},
		{"Null true, key present", `{"Null": {"aws:TokenIssueTime": "true"}}`, []kv{one("aws:TokenIssueTime", "2026-01-01T00:00:00Z")}, false},
		{"Null false, key present", `{"Null": {"aws:TokenIssueTime": "false"}}`, []kv{one("aws:TokenIssueTime", "2026-01-01T00:00:00Z")}, true},
		{"Null false, key missing", `{"Null": {"aws:TokenIssueTime": false}}`, nil, false},
		{"Null true, key present with no values", `{"Null": {"aws:TagKeys": "true"}}`, []kv{one("aws:TagKeys")}, false},

		// IfExists.
		{"StringEqualsIfExists missing", `{"StringEqualsIfExists": {"ec2:InstanceType": "t3.micro"}}`, nil, true},
		{"StringEqualsIfExists present differs", `{"StringEqualsIfExists": {"ec2:InstanceType": "t3.micro"}}`, []kv{one("ec2:InstanceType", "m5.large")}, false},
		{"NumericLessThanIfExists present", `{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "60"}}`, []kv{one("aws:MultiFactorAuthAge", "30")}, true},

		// Set operators.
		{"ForAllValues subset", `{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}`, []kv{one("aws:TagKeys", "env")}, true},
		{"ForAllValues not subset", `{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}`, []kv{one("aws:TagKeys", "env", "cost")}, false},
		{"ForAllValues empty set is true", `{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}`, []kv{one("aws:TagKeys")}, true},
		{"ForAllValues missing key is true", `{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}`, nil, true},
		{"ForAnyValue one matches", `{"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}`, []kv{one("aws:TagKeys", "cost", "env")}, true},
		{"ForAnyValue none matches", `{"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}`, []kv{one("aws:TagKeys", "cost")}, false},
		{"ForAnyValue empty set is false", `{"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}`, []kv{one("aws:TagKeys")}, false},
		{"ForAnyValue missing key is false", `{"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}`, nil, false},
		{"ForAnyValue IfExists missing key is true", `{"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["env"]}}`, nil, true},
		{"ForAllValues StringLike", `{"ForAllValues:StringLike": {"aws:TagKeys": ["team-*"]}}`, []kv{one("aws:TagKeys", "team-a", "team-b")}, true},
		{"ForAllValues negated: none of them", `{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret"]}}`, []kv{one("aws:TagKeys", "env", "team")}, true},
		{"ForAllValues negated: one is", `{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["secret"]}}`, []kv{one("aws:TagKeys", "env", "secret")}, false},
		{"ForAnyValue negated", `{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env"]}}`, []kv{one("aws:TagKeys", "env", "team")}, true},
		{"set operator is case-insensitive", `{"forallvalues:StringEquals": {"aws:TagKeys": ["env"]}}`, []kv{one("aws:TagKeys", "env")}, true},
		{"no set operator on multi-valued key: any", `{"StringEquals": {"aws:CalledVia": "athena.amazonaws.com"}}`, []kv{one("aws:CalledVia", "cloudformation.amazonaws.com", "athena.amazonaws.com")}, true},

		// Every key and every operator must hold.
		{"two operators both hold", `{"StringEquals": {"aws:username": "alice"}, "Bool": {"aws:SecureTransport": "true"}}`, []kv{one("aws:username", "alice"), one("aws:SecureTransport", "true")}, true},
		{"two operators one fails", `{"StringEquals": {"aws:username": "alice"}, "Bool": {"aws:SecureTransport": "true"}}`, []kv{one("aws:username", "alice"), one("aws:SecureTransport", "false")}, false},
		{"two keys one fails", `{"StringEquals": {"aws:username": "alice", "aws:PrincipalTag/team": "dev"}}`, []kv{one("aws:username", "alice")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := conditionHolds(t, "2012-10-17", tt.cond, ctxOf(tt.ctx...)); got != tt.want {
				t.Errorf("%s with %v = %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

func TestPolicyVariables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		version string
		cond    string
		ctx     []kv
		want    bool
	}{
		{"variable", "2012-10-17", `{"StringLike": {"s3:prefix": "home/${aws:username}/*"}}`, []kv{one("s3:prefix", "home/alice/a"), one("aws:username", "alice")}, true},
		{"variable other user", "2012-10-17", `{"StringLike": {"s3:prefix": "home/${aws:username}/*"}}`, []kv{one("s3:prefix", "home/bob/a"), one("aws:username", "alice")}, false},
		{"variable name ignores case", "2012-10-17", `{"StringEquals": {"s3:prefix": "${AWS:UserName}"}}`, []kv{one("s3:prefix", "alice"), one("aws:username", "alice")}, true},
		{"tag variable", "2012-10-17", `{"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}`, []kv{one("aws:ResourceTag/team", "dev"), one("aws:PrincipalTag/team", "dev")}, true},
		{"default used", "2012-10-17", `{"StringEquals": {"s3:prefix": "${aws:username, 'none'}"}}`, []kv{one("s3:prefix", "none")}, true},
		{"default not used", "2012-10-17", `{"StringEquals": {"s3:prefix": "${aws:username, 'none'}"}}`, []kv{one("s3:prefix", "none"), one("aws:username", "alice")}, false},
		{"default with spaces and quote", "2012-10-17", `{"StringEquals": {"s3:prefix": "${ aws:username ,  'it''s' }"}}`, []kv{one("s3:prefix", "it's")}, true},
		{"escape star is literal", "2012-10-17", `{"StringLike": {"s3:prefix": "a${*}"}}`, []kv{one("s3:prefix", "a*")}, true},
		{"escape star is not a wildcard", "2012-10-17", `{"StringLike": {"s3:prefix": "a${*}"}}`, []kv{one("s3:prefix", "ab")}, false},
		{"escape question mark", "2012-10-17", `{"StringLike": {"s3:prefix": "a${?}"}}`, []kv{one("s3:prefix", "a?")}, true},
		{"escape dollar", "2012-10-17", `{"StringEquals": {"s3:prefix": "${$}{x}"}}`, []kv{one("s3:prefix", "${x}")}, true},
		{"no value: no match", "2012-10-17", `{"StringEquals": {"s3:prefix": "${aws:username}"}}`, []kv{one("s3:prefix", "")}, false},
		{"no value: negated fails too", "2012-10-17", `{"StringNotEquals": {"s3:prefix": "${aws:username}"}}`, []kv{one("s3:prefix", "x")}, false},
		{"multi-valued key is no variable", "2012-10-17", `{"StringEquals": {"s3:prefix": "${aws:TagKeys, 'd'}"}}`, []kv{one("s3:prefix", "d"), one("aws:TagKeys", "a", "b")}, true},
		{"legacy version: literal", "2008-10-17", `{"StringEquals": {"s3:prefix": "${aws:username}"}}`, []kv{one("s3:prefix", "${aws:username}"), one("aws:username", "alice")}, true},
		{"legacy version: not expanded", "2008-10-17", `{"StringEquals": {"s3:prefix": "${aws:username}"}}`, []kv{one("s3:prefix", "alice"), one("aws:username", "alice")}, false},
		{"substituted value is literal", "2012-10-17", `{"StringLike": {"s3:prefix": "${aws:username}"}}`, []kv{one("s3:prefix", "alice"), one("aws:username", "a*")}, false},
		{"Bool takes variables", "2012-10-17", `{"Bool": {"aws:SecureTransport": "${aws:MultiFactorAuthPresent}"}}`, []kv{one("aws:SecureTransport", "true"), one("aws:MultiFactorAuthPresent", "TRUE")}, true},
		{"unclosed variable is literal", "2012-10-17", `{"StringEquals": {"s3:prefix": "${aws:username"}}`, []kv{one("s3:prefix", "${aws:username"), one("aws:username", "alice")}, true},
		{"malformed default never resolves", "2012-10-17", `{"StringEquals": {"s3:prefix": "${aws:username, none}"}}`, []kv{one("s3:prefix", "none")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := conditionHolds(t, tt.version, tt.cond, ctxOf(tt.ctx...)); got != tt.want {
				t.Errorf("%s with %v = %v, want %v", tt.cond, tt.ctx, got, tt.want)
			}
		})
	}
}

func TestUnknownOperator(t *testing.T) {
	t.Parallel()
	for _, op := range []string{"StringEqualz", "ForSomeValues:StringEquals", "NullIfExists", "BoolNot"} {
		src := fmt.Sprintf(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {%q: {"aws:username": "x"}}}]}`, op)
		_, err := ParsePolicy("p.json", []byte(src), policy.Identity)
		if err == nil {
			t.Errorf("%s: compiled, want an error", op)
			continue
		}
		var ce *CompileError
		if !errors.As(err, &ce) || ce.Pos.Line != 1 {
			t.Errorf("%s: error %v, want a positioned CompileError", op, err)
		}
	}
}
