package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/analyzer"
	"github.com/iamlint/iamlint/catalog"
	"github.com/iamlint/iamlint/effective"
	"github.com/iamlint/iamlint/policy"
)

// PrivilegeEscalation reports a document that grants every action of a
// known privilege-escalation method.
var PrivilegeEscalation = &analyzer.Rule{
	ID:       "privilege-escalation",
	Title:    "grants every action of a known privilege-escalation method",
	Severity: analyzer.High,
	Category: analyzer.Security,
	Kinds:    []policy.Kind{policy.Identity},
	Doc: `Reports a policy that grants every action of a publicly known privilege-escalation method (about forty, from Rhino Security Labs, Bishop Fox's iam-vulnerable and Datadog's pathfinding.cloud): creating a new version of a managed policy, attaching or writing policies, creating access keys or passwords for other users, passing a role to a new Lambda function, EC2 instance, Glue endpoint, CloudFormation stack, CodeBuild project, SageMaker notebook or ECS task, running commands through SSM or ECS Exec, and more. The finding names the method and points at the statements that grant it; a method split across several statements is found.

Resources and conditions count:

- Each action must be granted on a resource it acts on. Creating an access key or password is only a method when it can target another user: on ` + "`user/${aws:username}`" + ` it cannot. Writing an inline policy on ` + "`user/${aws:username}`" + ` still escalates (the user grants itself anything). Attaching or writing policies of service-linked roles (` + "`role/aws-service-role/...`" + `) is not a method: IAM refuses to change them, and only their service assumes them.
- ` + "`iam:PassRole`" + ` on every role counts in full; on a family of roles (` + "`role/app-*`" + `) the finding is medium, and passing named roles is left to the per-principal analysis (` + "`privilege-escalation-path`" + `), which knows what those roles may do. An ` + "`iam:PassedToService`" + ` condition naming another service stops the method.
- Taking over an existing resource (a Lambda function, a stack, an instance, a CodeBuild project) on named resources only, such as ` + "`function:reports-*`" + `, is medium: it escalates only if those resources hold more power, which the per-principal analysis decides.
- Conditions on the caller or the request (` + "`aws:RequestedRegion`" + `, ` + "`aws:SourceIp`" + `, MFA, request tags) do not stop a method. ` + "`iam:PolicyARN`" + ` pinned to AWS managed policies that grant no IAM permissions management (such as ` + "`ReadOnlyAccess`" + `) stops the attach methods; ` + "`iam:PermissionsBoundary`" + ` pinned to a boundary stops the user and role policy methods. Other conditions may or may not stop it: the finding is then medium and says so.
- A ` + "`Deny`" + ` without conditions removes what it covers, by action and resource.
- A statement with ` + "`Action: \"*\"`" + ` is left to ` + "`wildcard-action`" + `.

**Why it matters.** A principal that can escalate is an administrator in waiting: whoever gets its credentials gets the account.

**How to fix.** Split the method's actions between principals, name the resources (the roles that may be passed, the users whose keys may be rotated), and pin ` + "`iam:PassedToService`" + `, ` + "`iam:PolicyARN`" + ` or ` + "`iam:PermissionsBoundary`" + `.

Bad:

` + "```json" + `
{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}
` + "```" + `

Good:

` + "```json" + `
{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "arn:aws:lambda:us-east-1:111122223333:function:reports-*"},
{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/reports-lambda",
 "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}
` + "```",
	Run: func(pass *analyzer.Pass) {
		set := grantsOf(pass)
		var found []escalation
		for i := range escalationMethods {
			m := &escalationMethods[i]
			steps, v := methodGranted(pass.Catalog, set, m)
			if v != verdictNone {
				found = append(found, escalation{method: m, steps: steps, verdict: v})
			}
		}
		// Methods whose first step is granted by the same value (iam:*,
		// a NotAction) make one finding that lists them.
		var order []*policy.Node
		byPrimary := map[*policy.Node][]escalation{}
		for _, e := range found {
			p := e.primary()
			if _, ok := byPrimary[p]; !ok {
				order = append(order, p)
			}
			byPrimary[p] = append(byPrimary[p], e)
		}
		for _, p := range order {
			reportEscalations(pass, p, byPrimary[p])
		}
	},
}

// escalation is a method a document grants.
type escalation struct {
	method  *escalationMethod
	steps   []stepGrant
	verdict verdict
}

// primary is the value that grants the method's first step.
func (e escalation) primary() *policy.Node {
	return e.steps[0].access.Grant.Source(e.steps[0].action)
}

// verdict is how sure a grant is to allow a step.
type verdict uint8

const (
	verdictNone  verdict = iota // the step is not granted
	verdictMaybe                // granted under conditions that may stop it
	verdictSure                 // granted
)

// stepGrant is how one step of a method is granted.
type stepGrant struct {
	action *catalog.Action
	access effective.Access
	keys   []string // condition keys that may stop it
}

// methodGranted reports how the set grants every step of the method: the
// best grant of each step, and the weakest verdict among the steps.
func methodGranted(cat *catalog.Catalog, set *effective.Set, m *escalationMethod) ([]stepGrant, verdict) {
	steps := make([]stepGrant, 0, len(m.Steps))
	overall := verdictSure
	for _, step := range m.Steps {
		best, bestV := stepGrant{}, verdictNone
		for _, name := range step {
			a := cat.Action(name)
			if a == nil {
				continue
			}
			for _, acc := range set.Access(a) {
				if acc.Grant.AllActions {
					continue // wildcard-action reports it
				}
				v, keys := assessStep(m, a, acc)
				if v > bestV {
					best, bestV = stepGrant{action: a, access: acc, keys: keys}, v
				}
			}
			if bestV == verdictSure {
				break
			}
		}
		if bestV == verdictNone {
			return nil, verdictNone
		}
		overall = min(overall, bestV)
		steps = append(steps, best)
	}
	return steps, overall
}

// assessStep decides whether an access grants a step of the method, from
// its resources and its conditions.
func assessStep(m *escalationMethod, a *catalog.Action, acc effective.Access) (verdict, []string) {
	if !acc.Grant.NotResource && !resourcesFit(m, a, acc.Resources) {
		return verdictNone, nil
	}
	v := verdictSure
	var keys []string
	switch {
	case acc.Grant.NotResource || anyUnconstrained(a, acc.Resources):
	case strings.EqualFold(a.String(), passRoleStep):
		// Passing a family of roles (role/app-*) escalates only if one of
		// them holds more power than the policy: the per-principal
		// analysis decides.
		v = verdictMaybe
		keys = append(keys, "!the roles it may pass hold no more power than the policy")
	case m.Existing:
		// Taking over named resources escalates only if they hold more
		// power than the policy.
		v = verdictMaybe
		keys = append(keys, "!the resources it names hold no more power than the policy")
	}
	s := acc.Grant.Statement
	if s.Condition == nil {
		return v, keys
	}
	for _, op := range s.Condition.Operators {
		for _, k := range op.Keys {
			switch stops(m, a, op, k) {
			case stopsYes:
				return verdictNone, nil
			case stopsMaybe:
				v = verdictMaybe
				if reason := k.Name(); !slices.Contains(keys, reason) {
					keys = append(keys, reason)
				}
			}
		}
	}
	return v, keys
}

// resourcesFit reports whether one of the resources lets the action serve
// the method.
func resourcesFit(m *escalationMethod, a *catalog.Action, resources []*policy.Node) bool {
	passRole := strings.EqualFold(a.String(), passRoleStep)
	targets := stepTargets[a.String()]
	if strings.EqualFold(a.String(), "ssm:SendCommand") && !runsShell(a, resources) {
		return false
	}
	for _, r := range resources {
		if r.Unknown || r.Kind != policy.String {
			return true // it may be anything
		}
		switch {
		case !effective.Applies(a, r.Str):
		case targets != nil && !fitsTypes(a, r.Str, targets):
		case m.OthersOnly && selfOnly(r.Str):
		case !passRole && serviceLinkedRole(a, r.Str):
			// IAM refuses to change a service-linked role
			// (UnmodifiableEntity), and only its service assumes it.
		case passRole && !hasWildcard(r.Str):
			// Passing a named role escalates only if that role is more
			// powerful: the principal graph decides that.
		default:
			return true
		}
	}
	return false
}

// serviceLinkedRole reports an IAM action on service-linked roles only
// (role/aws-service-role/...): AWS protects them, only the service that
// owns one may change it.
func serviceLinkedRole(a *catalog.Action, r string) bool {
	if !strings.EqualFold(a.Service.Prefix, "iam") {
		return false
	}
	parts := strings.SplitN(r, ":", 6)
	return len(parts) == 6 && strings.HasPrefix(parts[5], "role/aws-service-role/")
}

// anyUnconstrained reports whether one of the resources names every
// resource of its type (or cannot be known).
func anyUnconstrained(a *catalog.Action, resources []*policy.Node) bool {
	for _, r := range resources {
		if r.Unknown || r.Kind != policy.String || unconstrained(a, r.Str) {
			return true
		}
	}
	return false
}

// fitsTypes reports whether the resource can name a resource of one of the
// action's types named.
func fitsTypes(a *catalog.Action, r string, types []string) bool {
	if strings.Trim(r, "*") == "" {
		return true
	}
	for _, ar := range a.Resources {
		if ar.Type != nil && slices.Contains(types, ar.Type.Name) && ar.Type.Match(r) {
			return true
		}
	}
	return false
}

// runsShell reports whether ssm:SendCommand granted on the resources can
// run a document that executes arbitrary commands.
func runsShell(a *catalog.Action, resources []*policy.Node) bool {
	for _, r := range resources {
		if r.Unknown || r.Kind != policy.String || strings.Trim(r.Str, "*") == "" {
			return true
		}
		if !fitsTypes(a, r.Str, []string{"document"}) {
			continue
		}
		_, name, _ := strings.Cut(r.Str, ":document/")
		if hasWildcard(name) || strings.Contains(name, "${") || slices.Contains(shellDocuments, name) {
			return true
		}
		if !strings.HasPrefix(name, "AWS") && !strings.HasPrefix(name, "Amazon") {
			return true // a document of one's own: its content is not known here
		}
	}
	return false
}

type stopResult uint8

const (
	stopsNo stopResult = iota
	stopsMaybe
	stopsYes
)

// positiveOperators are the operators whose values say what is allowed.
var positiveOperators = []string{"StringEquals", "StringLike", "ArnEquals", "ArnLike", "StringEqualsIgnoreCase"}

// stops decides whether a condition key of the granting statement stops
// the method.
func stops(m *escalationMethod, a *catalog.Action, op *policy.ConditionOperator, k *policy.ConditionKey) stopResult {
	name := k.Name()
	if keyIn(name, contextKeys) || keyIn(name, requestTagKeys) {
		return stopsNo
	}
	opName := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(op.Name(), "ForAnyValue:"), "ForAllValues:"), "IfExists")
	positive := slices.Contains(positiveOperators, opName)
	values := make([]string, 0, len(k.Values))
	for _, v := range k.Values {
		if v.Unknown || v.Kind != policy.String {
			return stopsMaybe
		}
		values = append(values, v.Str)
	}
	switch {
	case strings.EqualFold(name, "iam:PassedToService") && strings.EqualFold(a.String(), passRoleStep):
		if !positive || len(m.PassTo) == 0 {
			return stopsMaybe
		}
		for _, v := range values {
			for _, svc := range m.PassTo {
				if catalog.MatchPattern(v, svc) {
					return stopsNo
				}
			}
		}
		return stopsYes
	case strings.EqualFold(name, "iam:PolicyARN") && strings.HasPrefix(a.Name, "Attach"):
		if positive && len(values) > 0 && !slices.ContainsFunc(values, escalatingPolicy) {
			return stopsYes
		}
		return stopsMaybe
	case strings.EqualFold(name, "iam:PermissionsBoundary"):
		if positive && len(values) > 0 && !slices.ContainsFunc(values, hasWildcard) {
			return stopsYes
		}
		return stopsMaybe
	}
	return stopsMaybe
}

// escalatingPolicy reports whether attaching the policy an iam:PolicyARN
// value names could escalate: a wildcard, a customer managed policy (its
// content is not known here), or an AWS managed policy that grants every
// action, NotAction, or IAM permissions management.
func escalatingPolicy(arn string) bool {
	if hasWildcard(arn) || strings.Contains(arn, "${") {
		return true
	}
	p := account.AWSManaged(arn) // parsed once, shared
	if p == nil || p.Doc == nil {
		return true
	}
	cat := catalog.Default()
	set := effective.Compute(cat, p.Doc)
	for _, g := range set.Grants {
		if g.AllActions || g.Statement.NotAction != nil {
			return true
		}
	}
	iam := cat.Service("iam")
	if iam == nil {
		return true
	}
	for _, a := range iam.Actions {
		if a.Access == catalog.PermissionsManagement && len(set.Access(a)) > 0 {
			return true
		}
	}
	return false
}

// reportEscalations reports the methods whose first step the value src
// grants: one finding naming the method, or listing them when there are
// several, with the values granting the other steps as related locations.
func reportEscalations(pass *analyzer.Pass, src *policy.Node, es []escalation) {
	var related []analyzer.Related
	seen := map[*policy.Node]bool{src: true}
	var keys []string
	sure := false
	parts := make([]string, len(es))
	methods := make([]string, len(es))
	for i, e := range es {
		names := make([]string, len(e.steps))
		for j, st := range e.steps {
			names[j] = st.action.String()
			if n := st.access.Grant.Source(st.action); !seen[n] {
				seen[n] = true
				related = append(related, analyzer.Related{File: pass.Doc.File, Span: n.Span, Message: "grants " + st.action.String()})
			}
			for _, k := range st.keys {
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		if e.verdict == verdictSure {
			sure = true
		}
		methods[i] = e.method.Name
		parts[i] = fmt.Sprintf("%s (%s)", e.method.Name, joinAnd(names))
	}
	d := analyzer.Diagnostic{Span: src.Span, Pointer: src.Pointer, Value: strings.Join(methods, ";"), Related: related}
	if len(es) == 1 {
		e := es[0]
		d.Message = fmt.Sprintf("privilege escalation: %s, granted by %s: %s", e.method.Name, stepNames(e), e.method.Explain)
	} else {
		d.Message = fmt.Sprintf("privilege escalation by %d methods: %s", len(es), strings.Join(parts, "; "))
	}
	if !sure {
		d.Severity = analyzer.Medium
		d.Message += ", unless " + unlessClause(keys)
	}
	pass.Report(d)
}

func stepNames(e escalation) string {
	names := make([]string, len(e.steps))
	for i, st := range e.steps {
		names[i] = st.action.String()
	}
	return joinAnd(names)
}

// joinAnd joins words as English lists them: "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// unlessClause says what may stop a method: the condition keys named, and
// the reasons written in full (marked with a leading "!").
func unlessClause(keys []string) string {
	var conds, clauses []string
	for _, k := range keys {
		if c, ok := strings.CutPrefix(k, "!"); ok {
			clauses = append(clauses, c)
		} else {
			conds = append(conds, k)
		}
	}
	if len(conds) > 0 {
		clauses = append([]string{"the conditions on " + joinAnd(conds) + " prevent it"}, clauses...)
	}
	return strings.Join(clauses, " or ")
}
