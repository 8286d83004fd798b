package analyzer

import (
	"fmt"
	"strings"
)

// Severity ranks a finding.
type Severity uint8

// Severities, lowest first.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{Info: "info", Low: "low", Medium: "medium", High: "high", Critical: "critical"}

func (s Severity) String() string {
	if int(s) < len(severityNames) && severityNames[s] != "" {
		return severityNames[s]
	}
	return "unknown"
}

// ParseSeverity reads a severity name (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	for i, name := range severityNames {
		if name != "" && strings.EqualFold(s, name) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q: want one of critical, high, medium, low, info", s)
}

// Category groups rules by what their findings mean.
type Category string

// The categories.
const (
	// Validity: AWS would reject the policy, or it does not do what it looks like.
	Validity Category = "validity"
	// Security: the policy grants something dangerous.
	Security Category = "security"
	// LeastPrivilege: the policy grants more than needed.
	LeastPrivilege Category = "least-privilege"
	// Hygiene: the policy works but is hard to maintain.
	Hygiene Category = "hygiene"
)
