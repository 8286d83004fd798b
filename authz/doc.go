// Package authz is AWS's policy evaluation logic over [policy.Document]
// values: it decides whether a request (principal, action, resource,
// condition context) is allowed, explicitly denied or implicitly denied by
// a set of identity policies, a resource policy, a permissions boundary, a
// session policy, SCPs and RCPs, and says why: which statements decided
// and the reason.
//
// Documents are compiled once with [Compile]; a compiled [Policy] is
// immutable and safe for concurrent use, and evaluating a request against
// it does not allocate unless an explanation is asked for ([Evaluate]
// explains, [Decide] does not).
//
// A [Context] marked Open answers "can this be allowed at all?": keys that
// are not set are unknown, conditions on them may go either way, and the
// decision is Conditional when it depends on them. [Set.ResourceMustAllow]
// gives KMS key policies and role trust policies their rule: they must
// allow the request themselves.
//
// What it implements, from AWS's IAM User Guide ("Policy evaluation logic",
// "Cross-account policy evaluation logic", "IAM JSON policy elements:
// Condition operators", "IAM policy elements: Variables and tags"):
//
//   - an explicit Deny in any policy wins; then every level of RCPs and of
//     SCPs must allow; then, within one account, an Allow in the resource
//     policy to the principal suffices: a grant to the role session ARN
//     stands alone, a grant to the user ARN or to "*" is still capped by the
//     session policy, a grant to the role ARN by the boundary and the
//     session policy, and a grant to the account delegates to the
//     account's identity policies; otherwise an identity policy must allow
//     and the boundary and session policy must too. Across accounts both
//     the identity side and the resource policy must allow. NotPrincipal
//     leaves a principal out only when its whole chain (account, role,
//     session or user) is listed, and never one with a boundary.
//     Service principals and anonymous requests have only the resource's
//     policies.
//   - every condition operator, with ...IfExists, ForAllValues and
//     ForAnyValue; a missing key makes a condition false, except for the
//     negated operators (true), IfExists (true), ForAllValues (true) and
//     Null. A policy variable without value (and no default) is null:
//     neither an operator nor its negation holds against it.
//   - policy variables (${aws:username}, ${aws:PrincipalTag/team},
//     defaults ${aws:username, 'none'}, the escapes ${*} ${?} ${$}) in
//     Resource and in the values of the string, ARN and Bool operators, for
//     documents of Version 2012-10-17 only.
//   - case: actions and condition key names ignore case; resources, ARNs
//     and string values are case-sensitive except under the IgnoreCase
//     operators.
package authz
