package authz

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/policy"
)

// TestDifferential runs generated cases through Evaluate and through the
// oracle, @cloud-copilot/iam-simulate, and fails on any disagreement that
// is not a recorded one (see knownDisagreement and
// testdata/oracle-disagreements.md). It runs when IAMLINT_ORACLE_DIR names
// a folder where the oracle is installed (scripts/differential.sh does
// that); IAMLINT_DIFF_CASES sets the number of cases (default 1500) and
// IAMLINT_DIFF_SEED the seed (default 1).
func TestDifferential(t *testing.T) {
	dir := os.Getenv("IAMLINT_ORACLE_DIR")
	if dir == "" {
		t.Skip("IAMLINT_ORACLE_DIR not set: run scripts/differential.sh")
	}
	n := envInt(t, "IAMLINT_DIFF_CASES", 1500)
	seed := envInt(t, "IAMLINT_DIFF_SEED", 1)
	cases := generateCases(uint64(seed), n)

	oracle := runOracle(t, dir, cases)

	var agree, recorded, oracleErrors int
	decisions := map[string]int{}
	classes := map[string]int{}
	var unexplained []string
	var bad []diffCase
	for i := range cases {
		c := &cases[i]
		o, ok := oracle[c.ID]
		if !ok || o.Error != "" {
			oracleErrors++
			t.Logf("case %d: oracle error %q", c.ID, o.Error)
			continue
		}
		set, req := c.build(t)
		got := Evaluate(set, req)
		decisions[o.Decision]++
		if got.Effect.String() == o.Decision {
			agree++
			continue
		}
		if class := knownDisagreement(t, c, o.Decision); class != "" {
			recorded++
			classes[class]++
			continue
		}
		bad = append(bad, *c)
		unexplained = append(unexplained, fmt.Sprintf("case %d: iamlint %s (%s), oracle %s\n%s", c.ID, got.Effect, got.Reason, o.Decision, c.describe()))
	}
	t.Logf("differential: %d cases (seed %d): %d agree, %d recorded disagreements, %d unexplained, %d oracle errors; agreement %.2f%%",
		len(cases), seed, agree, recorded, len(unexplained), oracleErrors, 100*float64(agree)/float64(len(cases)))
	t.Logf("oracle decisions: %d Allowed, %d ExplicitlyDenied, %d ImplicitlyDenied",
		decisions["Allowed"], decisions["ExplicitlyDenied"], decisions["ImplicitlyDenied"])
	names := make([]string, 0, len(classes))
	for k := range classes {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t.Logf("  recorded disagreement %q: %d cases", k, classes[k])
	}
	if os.Getenv("IAMLINT_DIFF_MINIMIZE") != "" && len(bad) > 0 {
		small := minimize(t, dir, bad)
		unexplained = unexplained[:0]
		for i := range small {
			set, req := small[i].build(t)
			got := Evaluate(set, req)
			unexplained = append(unexplained, fmt.Sprintf("case %d (minimized): iamlint %s (%s)\n%s", small[i].ID, got.Effect, got.Reason, small[i].describe()))
		}
	}
	if report := os.Getenv("IAMLINT_DIFF_REPORT"); report != "" && len(unexplained) > 0 {
		_ = os.WriteFile(report, []byte(strings.Join(unexplained, "\n\n")), 0o600)
	}
	for i, u := range unexplained {
		if i == 10 {
			t.Errorf("... and %d more", len(unexplained)-10)
			break
		}
		t.Error(u)
	}
	if oracleErrors > len(cases)/100 {
		t.Errorf("%d oracle errors, over 1%% of the cases", oracleErrors)
	}
}

type oracleResult struct {
	ID       int    `json:"id"`
	Decision string `json:"decision"`
	Error    string `json:"error"`
}

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

// diffCase is one generated case, in the form the oracle driver reads.
type diffCase struct {
	ID              int                 `json:"id"`
	Identity        []json.RawMessage   `json:"identity"`
	ResourcePolicy  json.RawMessage     `json:"resourcePolicy,omitempty"`
	Boundary        json.RawMessage     `json:"boundary,omitempty"`
	SessionPolicy   json.RawMessage     `json:"sessionPolicy,omitempty"`
	SCPs            [][]json.RawMessage `json:"scps,omitempty"`
	RCPs            [][]json.RawMessage `json:"rcps,omitempty"`
	Principal       string              `json:"principal"`
	Action          string              `json:"action"`
	Resource        string              `json:"resource"`
	ResourceAccount string              `json:"resourceAccount"`
	Context         map[string]any      `json:"context"`
}

func (c *diffCase) build(t *testing.T) (*Set, *Request) {
	return c.buildVars(t, false)
}

// buildVars builds the case's set and request; allVars expands policy
// variables whatever the documents' Version.
func (c *diffCase) buildVars(t *testing.T, allVars bool) (*Set, *Request) {
	t.Helper()
	compile := func(name string, raw json.RawMessage, kind policy.Kind) *Policy {
		if raw == nil {
			return nil
		}
		root, _, err := policy.ParseJSON(raw)
		if err != nil {
			t.Fatalf("case %d: %v", c.ID, err)
		}
		doc := policy.Build(root, name, kind)
		p, err := compile(doc, allVars || doc.VersionString() == "2012-10-17")
		if err != nil {
			t.Fatalf("case %d: %v", c.ID, err)
		}
		return p
	}
	set := &Set{
		// The oracle applies the rules of key and trust policies to KMS
		// actions on keys, and to sts:AssumeRole when there is a trust
		// policy.
		ResourceMustAllow: (strings.HasPrefix(c.Action, "kms:") && strings.HasPrefix(c.Resource, "arn:aws:kms:")) ||
			(strings.HasPrefix(c.Action, "sts:AssumeRole") && c.ResourcePolicy != nil),
		Resource: compile("resource.json", c.ResourcePolicy, policy.Resource),
		Boundary: compile("boundary.json", c.Boundary, policy.Boundary),
		Session:  compile("session.json", c.SessionPolicy, policy.Identity),
	}
	for i, raw := range c.Identity {
		set.Identity = append(set.Identity, compile(fmt.Sprintf("identity%d.json", i), raw, policy.Identity))
	}
	for _, lv := range c.SCPs {
		var ps []*Policy
		for _, raw := range lv {
			ps = append(ps, compile("scp.json", raw, policy.SCP))
		}
		set.SCPs = append(set.SCPs, ps)
	}
	for _, lv := range c.RCPs {
		var ps []*Policy
		for _, raw := range lv {
			ps = append(ps, compile("rcp.json", raw, policy.Resource))
		}
		set.RCPs = append(set.RCPs, ps)
	}
	ctx := &Context{}
	keys := make([]string, 0, len(c.Context))
	for k := range c.Context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch v := c.Context[k].(type) {
		case string:
			ctx.Set(k, v)
		case []string:
			ctx.Set(k, v...)
		case []any:
			vals := make([]string, 0, len(v))
			for _, x := range v {
				vals = append(vals, x.(string))
			}
			ctx.Set(k, vals...)
		}
	}
	return set, &Request{
		Principal:       ParsePrincipal(c.Principal),
		Action:          c.Action,
		Resource:        c.Resource,
		ResourceAccount: c.ResourceAccount,
		Context:         ctx,
	}
}

func (c *diffCase) describe() string {
	b, _ := json.MarshalIndent(c, "", " ")
	return string(b)
}

// The generator's pools.
const (
	acctA = "111111111111"
	acctB = "222222222222"
)

var (
	genPrincipals = []string{
		"arn:aws:iam::" + acctA + ":user/alice",
		"arn:aws:iam::" + acctA + ":user/bob",
		"arn:aws:sts::" + acctA + ":assumed-role/dev/session1",
		"arn:aws:iam::" + acctB + ":user/carol",
		"arn:aws:sts::" + acctB + ":assumed-role/ops/s2",
		"arn:aws:sts::" + acctA + ":federated-user/fed",
		"", // anonymous
		"cloudtrail.amazonaws.com",
	}
	genActions = []string{
		"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject",
		"ec2:StartInstances", "ec2:StopInstances", "iam:PassRole", "iam:GetUser",
		"sqs:SendMessage", "dynamodb:GetItem", "kms:Decrypt", "sts:AssumeRole",
	}
	genActionPatterns = []string{
		"s3:GetObject", "S3:getobject", "s3:PutObject", "s3:ListBucket", "s3:*", "s3:Get*",
		"s3:?etObject", "*", "ec2:*Instances", "ec2:StartInstances", "iam:Pass*", "iam:GetUser",
		"sqs:Send*", "dynamodb:*", "s3:Delete*", "ec2:Stop?nstances", "kms:*", "kms:Decrypt", "sts:AssumeRole",
	}
	genResources = []string{
		"arn:aws:s3:::bucket-a/home/alice/file.txt",
		"arn:aws:s3:::bucket-a/home/bob/x",
		"arn:aws:s3:::bucket-a/home/dev/notes",
		"arn:aws:s3:::bucket-a",
		"arn:aws:s3:::Bucket-A/data",
		"arn:aws:ec2:us-east-1:" + acctA + ":instance/i-0abc",
		"arn:aws:iam::" + acctA + ":role/admin",
		"arn:aws:sqs:us-east-1:" + acctB + ":queue1",
		"arn:aws:dynamodb:us-east-1:" + acctA + ":table/t1",
		"arn:aws:kms:us-east-1:" + acctA + ":key/k1",
		"arn:aws:iam::" + acctA + ":role/deploy",
	}
	genResourcePatterns = []string{
		"*", "arn:aws:s3:::bucket-a/*", "arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-?/*",
		"arn:aws:s3:::bucket-a/home/${aws:username}/*",
		"arn:aws:s3:::bucket-a/home/${aws:PrincipalTag/team, 'dev'}/*",
		"arn:aws:s3:::bucket-a/home/${aws:principaltag/team}/*",
		"arn:aws:ec2:*:" + acctA + ":instance/*", "arn:aws:iam::*:role/*", "arn:aws:sqs:*:*:queue?",
		"arn:aws:s3:::BUCKET-A/*", "arn:aws:dynamodb:us-east-1:" + acctA + ":table/*",
		"arn:aws:s3:::bucket-a/${*}", "arn:aws:s3:::bucket-a/home/*/file.txt", "arn:aws:*:*:" + acctA + ":*",
		"arn:aws:s3:::*", "arn:aws:kms:*:" + acctA + ":key/*", "arn:aws:iam::" + acctA + ":role/deploy",
	}
)

// genKey is a condition key the generator uses, with its type, the values
// a request may carry and the values a policy may test.
type genKey struct {
	name   string
	typ    string // String, Numeric, Date, Bool, IP, ARN, Multi
	ctx    []any
	policy []string
}

var genKeys = []genKey{
	{"aws:username", "String", []any{"alice", "bob", "Alice"}, []string{"alice", "bob", "al*", "?ob", "ALICE", "${aws:PrincipalTag/team}"}},
	{"aws:PrincipalTag/team", "String", []any{"dev", "ops", "Dev"}, []string{"dev", "ops", "d*", "DEV", "${aws:username}", "${aws:username, 'dev'}"}},
	{"s3:prefix", "String", []any{"home/alice/", "public/", "home/bob/"}, []string{"home/${aws:username}/", "home/${aws:username}/*", "public/*", "home/*", "${*}", "public/"}},
	{"aws:RequestTag/env", "String", []any{"prod", "dev", "Prod"}, []string{"prod", "dev", "p*", "PROD"}},
	{"aws:SourceIp", "IP", []any{"203.0.113.7", "198.51.100.1", "2001:db8::1", "2001:db8:1::5", "10.1.2.3"}, []string{"203.0.113.0/24", "2001:db8::/32", "198.51.100.1", "10.0.0.0/8", "2001:db8:1::/48", "198.51.100.1/32"}},
	{"aws:CurrentTime", "Date", []any{"2026-01-15T12:00:00Z", "2025-06-01T00:00:00Z", "2026-03-01T08:30:00Z"}, []string{"2026-01-01T00:00:00Z", "2026-01-15", "2025-12-31T23:59:59Z", "2026-01-15T12:00:00Z", "2026-01-15T13:00:00+01:00", "2026-06-01"}},
	{"aws:EpochTime", "Date", []any{"1768478400", "1748736000"}, []string{"1768478400", "1767225600", "2026-01-01T00:00:00Z"}},
	{"aws:MultiFactorAuthAge", "Numeric", []any{"100", "3600", "7200.5", "0"}, []string{"100", "3600", "5000", "7200.5", "0"}},
	{"s3:max-keys", "Numeric", []any{"10", "1000"}, []string{"10", "100", "1000"}},
	{"aws:SecureTransport", "Bool", []any{"true", "false"}, []string{"true", "false"}},
	{"aws:MultiFactorAuthPresent", "Bool", []any{"true", "false"}, []string{"true", "false"}},
	{"aws:PrincipalArn", "ARN", []any{"arn:aws:iam::" + acctA + ":role/dev", "arn:aws:iam::" + acctA + ":user/alice", "arn:aws:iam::" + acctB + ":role/ops"}, []string{"arn:aws:iam::" + acctA + ":role/*", "arn:aws:iam::*:user/alice", "arn:aws:iam::" + acctA + ":role/dev", "arn:aws:iam::*:role/o?s", "arn:aws:iam::" + acctA + ":*"}},
	{"aws:SourceArn", "ARN", []any{"arn:aws:sns:us-east-1:" + acctA + ":topic1", "arn:aws:s3:::bucket-a"}, []string{"arn:aws:sns:*:" + acctA + ":*", "arn:aws:s3:::bucket-*", "arn:aws:sns:us-east-1:" + acctA + ":topic1", "arn:aws:sns:*", "*", "arn:aws:*:*:*:*"}},
	{"aws:TagKeys", "Multi", []any{[]string{"env", "team"}, []string{"env"}, []string{"Env"}, []string{"cost", "env"}, []string{}}, []string{"env", "team", "e*", "cost"}},
	{"aws:CalledVia", "Multi", []any{[]string{"cloudformation.amazonaws.com"}, []string{"athena.amazonaws.com", "cloudformation.amazonaws.com"}}, []string{"cloudformation.amazonaws.com", "athena.amazonaws.com", "*.amazonaws.com"}},
}

var genOps = map[string][]string{
	"String":  {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
	"Numeric": {"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
	"Date":    {"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
	"Bool":    {"Bool"},
	"IP":      {"IpAddress", "NotIpAddress"},
	"ARN":     {"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"},
	"Multi":   {"StringEquals", "StringLike", "StringNotEquals", "StringNotLike"},
}

type gen struct {
	r *rand.Rand
	// the request being generated: statements are biased towards it, so
	// that the cases are not mostly implicit denies
	action, resource, principal string
}

// aimed returns the patterns of pool that match s (by glob, variables
// ignored), and s itself.
func aimed(pool []string, s string, fold bool) []string {
	out := []string{s}
	for _, p := range pool {
		if strings.Contains(p, "${") {
			continue
		}
		if matchPieces(compileTemplate(p, false, true).pieces, s, fold) {
			out = append(out, p)
		}
	}
	return out
}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }
func (g *gen) chance(p float64) bool   { return g.r.Float64() < p }

// some returns one value or, sometimes, a list of one to three.
func (g *gen) some(xs []string) any {
	if g.chance(0.6) {
		return g.pick(xs)
	}
	n := 1 + g.r.IntN(3)
	out := make([]string, 0, n)
	for range n {
		out = append(out, g.pick(xs))
	}
	return out
}

func (g *gen) condition() map[string]any {
	cond := map[string]any{}
	for range 1 + g.r.IntN(2) {
		k := genKeys[g.r.IntN(len(genKeys))]
		var op string
		if g.chance(0.08) {
			op = "Null"
			cond[op] = map[string]any{k.name: g.pick([]string{"true", "false"})}
			continue
		}
		op = g.pick(genOps[k.typ])
		if k.typ == "Multi" {
			op = g.pick([]string{"ForAllValues:", "ForAnyValue:"}) + op
		} else if g.chance(0.05) {
			op = g.pick([]string{"ForAllValues:", "ForAnyValue:"}) + op
		}
		if g.chance(0.2) {
			op += "IfExists"
		}
		block, _ := cond[op].(map[string]any)
		if block == nil {
			block = map[string]any{}
			cond[op] = block
		}
		block[k.name] = g.some(k.policy)
	}
	return cond
}

func (g *gen) statement(kind policy.Kind, deny bool) map[string]any {
	s := map[string]any{"Effect": "Allow"}
	if deny {
		s["Effect"] = "Deny"
	}
	if g.chance(0.3) {
		s["Sid"] = fmt.Sprintf("S%d", g.r.IntN(1000))
	}
	actions, resources, principals := genActionPatterns, genResourcePatterns, principalValues
	if g.action != "" && g.chance(0.6) {
		actions = aimed(genActionPatterns, g.action, true)
		resources = aimed(genResourcePatterns, g.resource, false)
		principals = append([]string{g.principal}, principalValues...)
	}
	if strings.HasSuffix(g.principal, ".amazonaws.com") {
		principals = principalValues
	}
	if g.chance(0.15) {
		s["NotAction"] = g.some(genActionPatterns)
	} else {
		s["Action"] = g.some(actions)
	}
	if g.chance(0.15) {
		s["NotResource"] = g.some(genResourcePatterns)
	} else {
		s["Resource"] = g.some(resources)
	}
	switch kind {
	case genRCP:
		s["Principal"] = "*"
	case policy.Resource:
		switch {
		case deny && g.chance(0.15):
			s["NotPrincipal"] = map[string]any{"AWS": g.some(principalValues)}
		case g.chance(0.2):
			s["Principal"] = "*"
		case g.chance(0.1):
			s["Principal"] = map[string]any{"Service": g.some([]string{"cloudtrail.amazonaws.com", "lambda.amazonaws.com"})}
		default:
			s["Principal"] = map[string]any{"AWS": g.some(principals)}
		}
	}
	if kind == policy.SCP && g.chance(0.2) {
		delete(s, "Resource")
		delete(s, "NotResource")
		s["Resource"] = "*"
	}
	if g.chance(0.45) {
		s["Condition"] = g.condition()
	}
	return s
}

var principalValues = []string{
	"*", acctA, acctB, "arn:aws:iam::" + acctA + ":root", "arn:aws:iam::" + acctB + ":root",
	"arn:aws:iam::" + acctA + ":user/alice", "arn:aws:iam::" + acctA + ":user/bob",
	"arn:aws:iam::" + acctA + ":role/dev", "arn:aws:sts::" + acctA + ":assumed-role/dev/session1",
	"arn:aws:iam::" + acctB + ":user/carol", "arn:aws:iam::" + acctB + ":role/ops",
}

func (g *gen) document(kind policy.Kind, denyRate float64) json.RawMessage {
	n := 1 + g.r.IntN(3)
	stmts := make([]any, 0, n)
	for range n {
		stmts = append(stmts, g.statement(kind, g.chance(denyRate)))
	}
	doc := map[string]any{"Version": "2012-10-17", "Statement": stmts}
	switch {
	case g.chance(0.05):
		doc["Version"] = "2008-10-17"
	case g.chance(0.03):
		delete(doc, "Version")
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

var fullAccess = json.RawMessage(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
var rcpFullAccess = json.RawMessage(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`)

// generateCases makes n cases deterministically from seed.
func generateCases(seed uint64, n int) []diffCase {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x1a2b3c4d))}
	out := make([]diffCase, 0, n)
	for i := range n {
		c := diffCase{ID: i + 1, Context: map[string]any{}}
		c.Principal = g.pick(genPrincipals)
		c.Action = g.pick(genActions)
		c.Resource = g.pick(genResources)
		g.action, g.resource, g.principal = c.Action, c.Resource, c.Principal
		c.ResourceAccount = acctA
		if strings.Contains(c.Resource, ":"+acctB+":") {
			c.ResourceAccount = acctB
		}
		// A service principal has no identity policies, boundary, session
		// or SCPs: only the resource's policies apply to it.
		service := strings.HasSuffix(c.Principal, ".amazonaws.com")
		for range 1 + g.r.IntN(2) {
			if !service {
				c.Identity = append(c.Identity, g.document(policy.Identity, 0.2))
			}
		}
		if g.chance(0.4) {
			c.ResourcePolicy = g.document(policy.Resource, 0.2)
		}
		if g.chance(0.25) && !service {
			c.Boundary = g.document(policy.Boundary, 0.1)
		}
		if g.chance(0.1) && !service {
			c.SessionPolicy = g.document(policy.Identity, 0.1)
		}
		if g.chance(0.2) && !service {
			lv := []json.RawMessage{fullAccess}
			if g.chance(0.5) {
				lv = []json.RawMessage{g.document(policy.SCP, 0.4)}
			}
			c.SCPs = [][]json.RawMessage{{fullAccess}, lv}
		}
		if g.chance(0.1) {
			c.RCPs = [][]json.RawMessage{{rcpFullAccess, g.document(genRCP, 0.6)}}
		}
		for _, k := range genKeys {
			if g.chance(0.45) {
				c.Context[k.name] = k.ctx[g.r.IntN(len(k.ctx))]
			}
		}
		out = append(out, c)
	}
	return out
}

// knownDisagreement names the recorded class of a disagreement, or "".
// Each class is documented, with AWS's documentation that says which side
// is right, in testdata/oracle-disagreements.md.
func knownDisagreement(t *testing.T, c *diffCase, oracle string) string {
	set, req := c.build(t)
	varsSet, _ := c.buildVars(t, true)
	try := func(flags compat) bool {
		s := set
		if flags&compatVariablesAnyVersion != 0 {
			s = varsSet
		}
		e := evaluation{req: req, ctx: req.Context, compat: flags &^ compatVariablesAnyVersion}
		return e.run(s).Effect.String() == oracle
	}
	// The fewest deviations that explain the oracle's decision: every
	// subset of the classes, smallest first.
	n := len(knownClasses)
	best := -1
	for mask := 1; mask < 1<<n; mask++ {
		if best >= 0 && bits.OnesCount(uint(mask)) >= bits.OnesCount(uint(best)) {
			continue
		}
		var flags compat
		for i := range n {
			if mask&(1<<i) != 0 {
				flags |= knownClasses[i].flag
			}
		}
		if try(flags) {
			best = mask
		}
	}
	if best < 0 {
		return ""
	}
	var names []string
	for i := range n {
		if best&(1<<i) != 0 {
			names = append(names, knownClasses[i].name)
		}
	}
	return strings.Join(names, " + ")
}

// knownClasses are the oracle's deviations from AWS's documented
// behaviour, each documented in testdata/oracle-disagreements.md.
var knownClasses = []struct {
	name string
	flag compat
}{
	{"NotPrincipal excludes a principal when any identity of its chain is listed", compatNotPrincipalAnyMatch},
	{"ForAnyValue with IfExists is false on a missing key", compatForAnyValueIgnoresIfExists},
	{"Date operators compare an epoch-seconds context value with an ISO 8601 policy value in milliseconds", compatDateEpochVsISO},
	{"IP operators fail on a bare address of the other IP family", compatBareIPOtherFamily},
	{"a session policy limits a grant to the role session ARN", compatSessionCapsSessionGrant},
	{"a NotResource pattern with a variable without value fails whenever its first five ARN parts match", compatNullResourceBySegments},
	{"policy variables are expanded in documents of Version 2008-10-17 or without Version", compatVariablesAnyVersion},
}

// compatVariablesAnyVersion is the oracle's expansion of policy variables
// whatever the Version; the differential test emulates it by compiling
// with variables (see buildVars), not in the evaluation.
const compatVariablesAnyVersion compat = 1 << 30

// genRCP marks RCP documents for the generator (policy has no such kind):
// their statements name Principal "*", as RCPs must.
const genRCP policy.Kind = 100
