package managed

import (
	"strings"
)

const resourcePrefix = ":iam::aws:policy/"

// IsManagedARN reports whether ref is the ARN of an AWS managed policy,
// arn:PARTITION:iam::aws:policy/[PATH/]NAME, whether or not such a policy
// exists.
func IsManagedARN(ref string) bool {
	_, _, ok := splitARN(ref)
	return ok
}

// splitARN splits a managed policy ARN into its partition and the part after
// "policy/" ("service-role/AWSLambdaBasicExecutionRole").
func splitARN(ref string) (partition, rest string, ok bool) {
	after, ok := strings.CutPrefix(ref, "arn:")
	if !ok {
		return "", "", false
	}
	partition, rest, ok = strings.Cut(after, resourcePrefix)
	if !ok || !validPartition(partition) || !validRest(rest) {
		return "", "", false
	}
	return partition, rest, true
}

// validPartition accepts "aws" and "aws-" followed by lower-case letters and
// dashes: aws-cn, aws-us-gov, aws-iso-b, ...
func validPartition(p string) bool {
	if p == "aws" {
		return true
	}
	tail, ok := strings.CutPrefix(p, "aws-")
	if !ok || tail == "" {
		return false
	}
	for _, c := range tail {
		if (c < 'a' || c > 'z') && c != '-' {
			return false
		}
	}
	return true
}

// validRest accepts NAME or PATH/NAME with no empty segment.
func validRest(rest string) bool {
	if rest == "" {
		return false
	}
	for seg := range strings.SplitSeq(rest, "/") {
		if seg == "" {
			return false
		}
	}
	return true
}

// Lookup returns the managed policy ref names, or nil if there is none.
//
// ref is one of:
//   - a full ARN in any partition,
//     "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"; the
//     name is case-sensitive and the path must be the policy's real one, as
//     AWS requires: "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole" is
//     nil (see [Set.Suggest]);
//   - the part after "policy/", "service-role/AWSLambdaBasicExecutionRole",
//     as the AWS CDK's fromAwsManagedPolicyName takes it, with the same rules;
//   - a bare name, "ReadOnlyAccess", whatever its path, matched
//     case-sensitively first, then case-insensitively.
//
// The returned Policy is shared: do not modify it.
func (s *Set) Lookup(ref string) *Policy {
	if strings.HasPrefix(ref, "arn:") {
		_, rest, ok := splitARN(ref)
		if !ok {
			return nil
		}
		return s.lookupRest(rest)
	}
	if strings.Contains(ref, "/") {
		if !validRest(ref) {
			return nil
		}
		return s.lookupRest(ref)
	}
	if i, ok := s.byName[ref]; ok {
		return s.policy(i)
	}
	if i, ok := s.byLower[strings.ToLower(ref)]; ok {
		return s.policy(i)
	}
	return nil
}

// lookupRest resolves "[PATH/]NAME" exactly.
func (s *Set) lookupRest(rest string) *Policy {
	i, ok := s.byName[lastSegment(rest)]
	if !ok || s.entries[i].policy.ARN[len("arn:aws"+resourcePrefix):] != rest {
		return nil
	}
	return s.policy(i)
}

func lastSegment(rest string) string {
	return rest[strings.LastIndexByte(rest, '/')+1:]
}

// Suggest returns the real ARN nearest to a reference that [Set.Lookup]
// rejects: the right path for a known name
// ("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole" gives
// "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"), the
// right case, or the closest name by edit distance for a misspelt one. An ARN
// missing the "aws" account ("arn:aws:iam:::policy/ReadOnlyAccess") is
// corrected too. The suggestion keeps the partition of an ARN and is in the
// aws partition otherwise. Suggest returns "" if ref resolves, is not a
// managed policy reference (a customer managed policy ARN), or no name is
// close enough.
func (s *Set) Suggest(ref string) string {
	if s.Lookup(ref) != nil {
		return ""
	}
	partition, rest := "aws", ref
	if strings.HasPrefix(ref, "arn:") {
		var ok bool
		if partition, rest, ok = splitARN(ref); !ok {
			if partition, rest, ok = splitLooseARN(ref); !ok {
				return ""
			}
		}
	}
	name := lastSegment(rest)
	if name == "" {
		return ""
	}
	i, ok := s.byName[name]
	if !ok {
		i, ok = s.byLower[strings.ToLower(name)]
	}
	if !ok {
		if i = s.nearest(name, rest); i < 0 {
			return ""
		}
	}
	return "arn:" + partition + strings.TrimPrefix(s.entries[i].policy.ARN, "arn:aws")
}

// splitLooseARN accepts near-misses of a managed policy ARN: an IAM ARN with
// an empty account, or whose resource is "policy/..." with a stray leading
// slash. It rejects customer managed policies (a numeric account).
func splitLooseARN(ref string) (partition, rest string, ok bool) {
	f := strings.SplitN(ref, ":", 6)
	if len(f) != 6 || f[0] != "arn" || !validPartition(f[1]) || f[2] != "iam" {
		return "", "", false
	}
	if f[4] != "" && f[4] != "aws" {
		return "", "", false
	}
	rest, ok = strings.CutPrefix(strings.TrimPrefix(f[5], "/"), "policy/")
	if !ok {
		return "", "", false
	}
	rest = strings.Trim(rest, "/")
	return f[1], rest, rest != ""
}

// nearest returns the index of the policy whose name is closest to name,
// ignoring case, or -1 if none is within a quarter of the name's length.
// Ties go to the policy whose path matches rest's, then to the first name.
func (s *Set) nearest(name, rest string) int {
	lower := strings.ToLower(name)
	limit := max(1, min(len(lower)/4, 8))
	wantPath := "/" + rest[:len(rest)-len(name)]
	best, bestDist, bestPath := -1, limit+1, false
	var row []int
	for i := range s.entries {
		cand := strings.ToLower(s.entries[i].policy.Name)
		if d := len(cand) - len(lower); d > limit || -d > limit {
			continue
		}
		var d int
		if d, row = distance(lower, cand, row); d > limit || d > bestDist {
			continue
		}
		path := s.entries[i].policy.Path == wantPath
		if d < bestDist || path && !bestPath {
			best, bestDist, bestPath = i, d, path
		}
	}
	return best
}

// distance returns the Levenshtein distance between a and b in bytes, reusing
// row as scratch space.
func distance(a, b string, row []int) (int, []int) {
	if cap(row) < len(b)+1 {
		row = make([]int, len(b)+1)
	}
	row = row[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			next := min(row[j]+1, row[j-1]+1, diag+cost)
			diag, row[j] = row[j], next
		}
	}
	return row[len(b)], row
}
