package policy

import "strings"

// Document is one IAM policy document.
type Document struct {
	// File is the path of the file the document was read from, as given.
	File string
	// Name says where in the file the document is, for a file that holds
	// several (a template resource's logical ID and property); "" for a
	// file that is one document.
	Name string
	Kind Kind
	// KindInferred reports that Kind was guessed from the content.
	KindInferred bool
	// Inline reports an inline policy and Owner what it is attached to
	// (user, group or role), when known; they pick the size quota.
	Inline bool
	Owner  string
	// AWSManaged reports a policy that AWS owns and maintains
	// (arn:aws:iam::aws:policy/...): IAM does not hold it to the
	// customer managed policy quota, and some are over 30,000 characters.
	AWSManaged bool
	// Account is the 12-digit ID of the AWS account that holds the
	// document, when the input says it (an account authorization dump, a
	// role ARN); "" when unknown. Trust rules use it to tell the account's
	// own principals from other accounts'.
	Account string

	Root      *Node
	Version   *Member
	ID        *Member
	Statement *Member
	// Statements in order; one for a single statement object.
	Statements []*Statement
	// Unknown top-level members (not Version, Id or Statement).
	Unknown []*Member
	// Problems are shapes AWS would reject, found while building.
	Problems []Problem
}

// Problem is a value of the wrong shape (a number where a string belongs,
// a statement that is not an object).
type Problem struct {
	Span    Span
	Pointer string
	Message string
}

// VersionString is the Version element's value, or "" when missing or not
// a string.
func (d *Document) VersionString() string {
	if d.Version == nil || d.Version.Value.Kind != String {
		return ""
	}
	return d.Version.Value.Str
}

// Statement is one statement of a document.
type Statement struct {
	Node  *Node
	Index int
	// Members are the statement's elements as written (for positions).
	Sid          *Member
	Effect       *Member
	Action       *List
	NotAction    *List
	Resource     *List
	NotResource  *List
	Principal    *Principal
	NotPrincipal *Principal
	Condition    *Condition
	// Unknown members of the statement.
	Unknown []*Member
}

// EffectString is the statement's Effect, or "" when missing or not a string.
func (s *Statement) EffectString() string {
	if s.Effect == nil || s.Effect.Value.Kind != String {
		return ""
	}
	return s.Effect.Value.Str
}

// IsAllow reports an Allow statement.
func (s *Statement) IsAllow() bool { return s.EffectString() == "Allow" }

// IsDeny reports a Deny statement.
func (s *Statement) IsDeny() bool { return s.EffectString() == "Deny" }

// SidString is the Sid, or "" when missing or not a string.
func (s *Statement) SidString() string {
	if s.Sid == nil || s.Sid.Value.Kind != String {
		return ""
	}
	return s.Sid.Value.Str
}

// Actions is Action or NotAction, whichever is set (Action first).
func (s *Statement) Actions() *List {
	if s.Action != nil {
		return s.Action
	}
	return s.NotAction
}

// Resources is Resource or NotResource, whichever is set (Resource first).
func (s *Statement) Resources() *List {
	if s.Resource != nil {
		return s.Resource
	}
	return s.NotResource
}

// List is a string-or-list element (Action, Resource ...). Values holds the
// strings; elements of another type are in the document's Problems.
type List struct {
	Member *Member
	Values []*Node
}

// Name of the element (Action, NotResource ...).
func (l *List) Name() string { return l.Member.Name }

// Principal is a Principal or NotPrincipal element.
type Principal struct {
	Member *Member
	// Wildcard is the string form "*" (everyone), or nil.
	Wildcard *Node
	Entries  []*PrincipalEntry
}

// PrincipalEntry is one type of principal (AWS, Service, Federated,
// CanonicalUser) with its values.
type PrincipalEntry struct {
	Member *Member
	Values []*Node
}

// Type is the entry's principal type as written.
func (e *PrincipalEntry) Type() string { return e.Member.Name }

// Condition is a Condition element: operators, each with keys and values.
type Condition struct {
	Member    *Member
	Operators []*ConditionOperator
}

// ConditionOperator is one operator block of a Condition.
type ConditionOperator struct {
	Member *Member
	Keys   []*ConditionKey
}

// Name is the operator as written (StringEquals, ForAllValues:StringLike ...).
func (o *ConditionOperator) Name() string { return o.Member.Name }

// ConditionKey is one key of an operator with its values.
type ConditionKey struct {
	Member *Member
	Values []*Node
}

// Name is the key as written (aws:SourceIp ...).
func (k *ConditionKey) Name() string { return k.Member.Name }

// Keys returns every condition key of the statement with its operator.
func (c *Condition) Keys(fn func(op *ConditionOperator, key *ConditionKey)) {
	if c == nil {
		return
	}
	for _, op := range c.Operators {
		for _, k := range op.Keys {
			fn(op, k)
		}
	}
}

// HasKey reports whether the condition tests key (case-insensitive), under
// any operator.
func (c *Condition) HasKey(key string) bool {
	found := false
	c.Keys(func(_ *ConditionOperator, k *ConditionKey) {
		if strings.EqualFold(k.Name(), key) {
			found = true
		}
	})
	return found
}
