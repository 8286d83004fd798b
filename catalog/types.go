package catalog

import (
	"sync"

	"github.com/iamlint/iamlint/catalog/internal/catfile"
)

// AccessLevel is an action's access level as AWS classifies it.
type AccessLevel uint8

// The access levels. The zero AccessLevel is unknown.
const (
	List                  = AccessLevel(catfile.AccessList)
	Read                  = AccessLevel(catfile.AccessRead)
	Write                 = AccessLevel(catfile.AccessWrite)
	PermissionsManagement = AccessLevel(catfile.AccessPermissionsManagement)
	Tagging               = AccessLevel(catfile.AccessTagging)
)

// String returns AWS's words: "List", "Read", "Write", "Permissions
// management", "Tagging".
func (l AccessLevel) String() string {
	switch l {
	case List:
		return "List"
	case Read:
		return "Read"
	case Write:
		return "Write"
	case PermissionsManagement:
		return "Permissions management"
	case Tagging:
		return "Tagging"
	}
	return "Unknown"
}

// KeyType is a condition key's data type. AWS's ArrayOf types are the same
// KeyType with ConditionKey.MultiValued set.
type KeyType uint8

// The key types. The zero KeyType is unknown.
const (
	String    = KeyType(catfile.TypeString)
	ARN       = KeyType(catfile.TypeARN)
	Numeric   = KeyType(catfile.TypeNumeric)
	Date      = KeyType(catfile.TypeDate)
	Bool      = KeyType(catfile.TypeBool)
	IPAddress = KeyType(catfile.TypeIPAddress)
	Binary    = KeyType(catfile.TypeBinary)
)

// String returns AWS's word for the type: "String", "ARN", "Numeric",
// "Date", "Bool", "IPAddress", "Binary".
func (t KeyType) String() string {
	switch t {
	case String:
		return "String"
	case ARN:
		return "ARN"
	case Numeric:
		return "Numeric"
	case Date:
		return "Date"
	case Bool:
		return "Bool"
	case IPAddress:
		return "IPAddress"
	case Binary:
		return "Binary"
	}
	return "Unknown"
}

// Service is one AWS service prefix and what it defines. Its slices are
// sorted by name, ignoring case.
type Service struct {
	Prefix        string // "s3"
	Name          string // "Amazon S3"
	Actions       []*Action
	ResourceTypes []*ResourceType
	ConditionKeys []*ConditionKey

	exactOnce sync.Once
	exact     map[string]*Action // by name as AWS spells it
}

// Action is one IAM action.
type Action struct {
	Service   *Service
	Name      string // "GetObject"
	Access    AccessLevel
	Resources []ActionResource // resource types the action accepts; none: only "*"
	// ConditionKeys are all the keys the action supports: those AWS lists for
	// the action itself and those it lists for one of its resource types,
	// sorted and without duplicates.
	ConditionKeys    []string
	DependentActions []string
}

// ActionResource is a resource type an action accepts.
type ActionResource struct {
	Type *ResourceType
	// Required is AWS's flag; it is no guide to what the action accepts:
	// an action accepts every resource type it lists.
	Required bool
	// ConditionKeys are the keys AWS lists for the action with this
	// resource type (also merged into Action.ConditionKeys).
	ConditionKeys []string
}

// String returns the action's policy spelling, "s3:GetObject".
func (a *Action) String() string { return a.Service.Prefix + ":" + a.Name }

// OnlyWildcardResource reports whether the action lists no resource type,
// so that a policy can grant it only with Resource "*".
func (a *Action) OnlyWildcardResource() bool { return len(a.Resources) == 0 }

// ResourceType is a kind of resource a service defines.
type ResourceType struct {
	Service       *Service
	Name          string // "object"
	ARN           string // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
	ConditionKeys []string

	format lazyFormat
}

// ConditionKey is a condition context key.
type ConditionKey struct {
	Name        string // as AWS spells it: "aws:RequestTag/${TagKey}"
	Type        KeyType
	MultiValued bool // AWS's ArrayOf types: use ForAllValues/ForAnyValue
	Global      bool // a global (or cross-service) key, usable with any action
	Variable    bool // usable as a policy variable, ${aws:username}
}
