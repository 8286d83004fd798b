package catalog

import (
	"strings"
	"sync"
)

// Match reports whether a policy's Resource value can name a resource of
// this type: whether the two patterns, the policy's and the type's ARN
// format, have a string in common.
//
// The policy side: * matches any run of characters (also / and :), ? any
// one; ${*}, ${?} and ${$} are IAM's escapes for those literal characters;
// any other ${...} (a policy variable such as ${aws:username}, or a
// CloudFormation substitution such as ${AWS::Partition}) matches anything.
//
// The format side: "arn" ignores case; ${Partition} is [a-z-]+; a
// placeholder in the service field is [a-z0-9-]+; ${Region} is
// [a-z0-9-]* (empty allowed); ${Account} is 12 digits or "aws"; a literal *
// in the format matches anything. Everything else compares exactly. In the
// resource part (after the fifth colon) a placeholder is one or more
// characters other than the literal that follows it in the format. The
// placeholder that ends the format may contain ':' (log-group:NAME:*,
// qualified Lambda ARNs) but contains '/' only when it names a path; see
// pathLike.
//
// The format is compiled once, on first use, into a small automaton without
// ε-moves; matching runs it over the policy pattern with a state set, in
// O(len(resource)·states²) at worst, without allocating for formats of up
// to 512 states (all of AWS's).
func (rt *ResourceType) Match(resource string) bool {
	if resource == "*" {
		return true
	}
	for _, f := range rt.format.get(rt) {
		if f.match(resource) {
			return true
		}
	}
	return false
}

// ARNService reports whether service (compared exactly: ARNs are
// case-sensitive) is the service field of some resource type's ARN format.
// That is not the same as being a service prefix: "elasticloadbalancing"
// ARNs are defined by prefix "elasticloadbalancing" but also by
// "arc-zonal-shift", and "catalog" (Service Catalog ARNs) is no prefix at
// all.
func (c *Catalog) ARNService(service string) bool {
	c.arnOnce.Do(func() {
		c.arnServices = map[string]bool{}
		for _, s := range c.services {
			for _, rt := range s.ResourceTypes {
				for alt := range strings.SplitSeq(rt.ARN, ", ") {
					f := strings.SplitN(alt, ":", 4)
					if len(f) == 4 && !strings.HasPrefix(f[2], "${") {
						c.arnServices[f[2]] = true
					}
				}
			}
		}
	})
	return c.arnServices[service]
}

// pathLike reports whether the placeholder that ends an ARN format may
// contain '/'. Decided by reading the 2,334 formats of the source data:
//   - every IAM resource: names carry paths (user/division/bob) and OIDC
//     provider names are URLs (oidc-provider/oidc.eks.../id/X), whatever
//     the placeholder is called (iam:user's UserNameWithPath, codestar's
//     AwsUserName, ssm's RoleName);
//   - names with Path in them (RoleNameWithPath, ResourcePath, FolderPath,
//     ObjectPath, BasePath, RequestPath, ApiSpecificResourcePath), but not
//     NetworkInsightsPathId;
//   - keys: ObjectName (S3 object keys), names ending in Key (RouteKey, a
//     route "GET /pets"; RequestParameterKey), not KeyId or KeyName;
//   - names AWS allows slashes in, known by service: LogGroupName and
//     LogStreamName (/aws/lambda/fn), SecretId (prod/db/password),
//     ParameterNameWithoutLeadingSlash (app/prod/url), RepositoryName (ECR:
//     team/app), Alias (KMS: alias/aws/s3), TopicFilter and TopicName (IoT
//     MQTT topics a/b/c), EncodedPackageGroupPattern (CodeArtifact).
//
// Every other ending placeholder is an identifier or a simple name without
// '/': an s3 bucket (${BucketName}) must not match "arn:aws:s3:::b/key".
func pathLike(service, name string) bool {
	if service == "iam" {
		return true
	}
	if strings.Contains(name, "Path") && !strings.HasSuffix(name, "Id") {
		return true
	}
	if strings.HasSuffix(name, "Key") {
		return true
	}
	switch name {
	case "ObjectName", "LogGroupName", "LogStreamName", "SecretId",
		"ParameterNameWithoutLeadingSlash", "RepositoryName", "Alias",
		"TopicFilter", "TopicName", "EncodedPackageGroupPattern":
		return true
	}
	return false
}

// lazyFormat is a resource type's compiled ARN format.
type lazyFormat struct {
	once sync.Once
	alts []*arnMatcher
}

func (l *lazyFormat) get(rt *ResourceType) []*arnMatcher {
	l.once.Do(func() {
		// A few formats list alternatives: "arn:...:/apis/${ApiId}/models/${ModelId}, arn:...".
		for alt := range strings.SplitSeq(rt.ARN, ", ") {
			l.alts = append(l.alts, compileARN(strings.TrimSpace(alt)))
		}
	})
	return l.alts
}
