// Package aws is a stub of the aws-sdk-go-v2 aws package for tests.
package aws

// String returns a pointer to v.
func String(v string) *string { return &v }
