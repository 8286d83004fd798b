package catalog

import (
	"cmp"
	"slices"
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
// [a-z0-9-]* (empty allowed); ${Account} is 12 digits, "aws" or empty (a
// resource AWS owns, such as an SSM document AWS-RunShellScript); a literal *
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
	return rt.match(resource, false)
}

// MatchLoose is Match with the placeholder that ends the format allowed to
// hold any characters, '/' and ':' included. The Service Authorization
// Reference gives some formats more simply than the ARNs AWS really
// matches: an ECS task is task/${TaskId} but its ARN is
// task/CLUSTER/ID; an SSM service setting is servicesetting/${ResourceId}
// for servicesetting/ssm/opsdata/Association; an OpenSearch domain's
// ESHttpGet acts on domain/NAME/PATH. Use it for a resource that matches no
// resource type strictly (see Catalog.ResourceTypesOf).
func (rt *ResourceType) MatchLoose(resource string) bool {
	return rt.match(resource, true)
}

func (rt *ResourceType) match(resource string, loose bool) bool {
	if resource == "*" {
		return true
	}
	// A resource whose service field is literal cannot match a format
	// with another literal service: skip the automaton (a statement of
	// many actions tries hundreds of types on each resource).
	svc := arnServiceField(resource)
	literal := svc != "" && !strings.ContainsAny(svc, "*?$")
	for _, f := range rt.format.get(rt, loose) {
		if literal && f.service != "" && f.service != svc {
			continue
		}
		if f.match(resource) {
			return true
		}
	}
	return false
}

// ResourceTypesOf returns the resource types, of any service, that the
// resource can name (Match), sorted by service and name; none when its
// shape is not one the catalog knows. Types whose format has a placeholder
// for its service (AWS Backup's recovery points, of any service) are left
// out: they say nothing of a resource's shape.
func (c *Catalog) ResourceTypesOf(resource string) []*ResourceType {
	c.arnIndex()
	var out []*ResourceType
	service := arnServiceField(resource)
	for svc, rts := range c.arnTypes.byService {
		if service != "" && !MatchPattern(service, svc) && !strings.ContainsAny(service, "$") {
			continue
		}
		for _, rt := range rts {
			if rt.Match(resource) {
				out = append(out, rt)
			}
		}
	}
	slices.SortFunc(out, func(a, b *ResourceType) int {
		return cmp.Or(compareFold(a.Service.Prefix, b.Service.Prefix), compareFold(a.Name, b.Name))
	})
	return slices.Compact(out)
}

// arnServiceField is the service field of an ARN ("" when there is none).
func arnServiceField(arn string) string {
	f := strings.SplitN(arn, ":", 4)
	if len(f) < 4 {
		return ""
	}
	return f[2]
}

// arnTypeIndex groups resource types by the service field of their ARN
// formats.
type arnTypeIndex struct {
	byService map[string][]*ResourceType
}

// ARNService reports whether service (compared exactly: ARNs are
// case-sensitive) is the service field of some resource type's ARN format.
// That is not the same as being a service prefix: "elasticloadbalancing"
// ARNs are defined by prefix "elasticloadbalancing" but also by
// "arc-zonal-shift", and "catalog" (Service Catalog ARNs) is no prefix at
// all.
func (c *Catalog) ARNService(service string) bool {
	c.arnIndex()
	return len(c.arnTypes.byService[service]) > 0
}

func (c *Catalog) arnIndex() {
	c.arnOnce.Do(func() {
		x := arnTypeIndex{byService: map[string][]*ResourceType{}}
		for _, s := range c.services {
			for _, rt := range s.ResourceTypes {
				for alt := range strings.SplitSeq(rt.ARN, ", ") {
					f := strings.SplitN(strings.TrimSpace(alt), ":", 4)
					if len(f) == 4 && !strings.HasPrefix(f[2], "${") && !slices.Contains(x.byService[f[2]], rt) {
						x.byService[f[2]] = append(x.byService[f[2]], rt)
					}
				}
			}
		}
		c.arnTypes = x
	})
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

// Patterns returns the type's ARN format alternatives as IAM resource
// patterns: ${Partition} is aws and every other placeholder is *
// ("arn:aws:s3:::*/*" for an S3 object). Computed once; the slice is
// shared: do not modify it.
func (rt *ResourceType) Patterns() []string {
	rt.format.patternsOnce.Do(func() {
		for alt := range strings.SplitSeq(rt.ARN, ", ") {
			alt = strings.ReplaceAll(strings.TrimSpace(alt), "${Partition}", "aws")
			var b strings.Builder
			for {
				i := strings.Index(alt, "${")
				j := strings.IndexByte(alt[max(i, 0):], '}')
				if i < 0 || j < 0 {
					break
				}
				b.WriteString(alt[:i])
				b.WriteByte('*')
				alt = alt[i+j+1:]
			}
			b.WriteString(alt)
			rt.format.patterns = append(rt.format.patterns, b.String())
		}
	})
	return rt.format.patterns
}

// lazyFormat is a resource type's ARN format, compiled on first use, in
// its strict and its loose reading, and as patterns.
type lazyFormat struct {
	once, looseOnce, patternsOnce sync.Once
	alts, looseAlts               []*arnMatcher
	patterns                      []string
}

func (l *lazyFormat) get(rt *ResourceType, loose bool) []*arnMatcher {
	if loose {
		l.looseOnce.Do(func() { l.looseAlts = compileFormat(rt.ARN, true) })
		return l.looseAlts
	}
	l.once.Do(func() { l.alts = compileFormat(rt.ARN, false) })
	return l.alts
}

// compileFormat compiles a format's alternatives: a few formats list
// several, "arn:...:/apis/${ApiId}/models/${ModelId}, arn:...".
func compileFormat(format string, loose bool) []*arnMatcher {
	var alts []*arnMatcher
	for alt := range strings.SplitSeq(format, ", ") {
		alts = append(alts, compileARN(strings.TrimSpace(alt), loose))
	}
	return alts
}
