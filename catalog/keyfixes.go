package catalog

import "strings"

// keyTypeFixes corrects the type of service condition keys that the
// Service Authorization Reference gets wrong, by lowercased name. Each entry
// says why; each is checked by the catalog's tests.
var keyTypeFixes = map[string]KeyType{
	// The reference lists it as String; it is an archive's age in days,
	// and the Glacier guide's vault lock policies (and the Terraform and
	// Pulumi examples) compare it with NumericLessThan.
	"glacier:archiveageindays": Numeric,
}

// fixKeyType applies keyTypeFixes to a key just read.
func fixKeyType(k *ConditionKey) {
	if t, ok := keyTypeFixes[strings.ToLower(k.Name)]; ok {
		k.Type = t
	}
}
