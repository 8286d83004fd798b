package catalog

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestResourceTypeMatch(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		rt       string // "service:type"
		resource string
		want     bool
	}{
		// S3 objects: the last placeholder is a key and may hold '/'.
		{"s3:object", "arn:aws:s3:::b/*", true},
		{"s3:object", "arn:aws:s3:::b/a/b.txt", true},
		{"s3:object", "arn:aws:s3:::*", true},
		{"s3:object", "*", true},
		{"s3:object", "arn:aws:s3:::b*", true},
		{"s3:object", "arn:aws:s3:::b", false},
		{"s3:object", "arn:aws:s3:::b/", false},
		{"s3:object", "ARN:aws:s3:::b/k", true},
		{"s3:object", "arn:aws-cn:s3:::b/k", true},
		{"s3:object", "arn:aws-iso-b:s3:::b/k", true},
		{"s3:object", "arn:AWS:s3:::b/k", false},
		{"s3:object", "arn:aws:S3:::b/k", false},
		{"s3:object", "arn:aws:s3:::b/${aws:username}/*", true},
		{"s3:object", "arn:aws:s3:::b/${*}", true},
		{"s3:object", "arn:${AWS::Partition}:s3:::${Bucket}/*", true},
		{"s3:object", "arn:aws:s3:::b/?", true},
		// S3 buckets: no '/' in a bucket name.
		{"s3:bucket", "arn:aws:s3:::b", true},
		{"s3:bucket", "arn:aws:s3:::b*", true},
		{"s3:bucket", "arn:aws:s3:::*", true},
		{"s3:bucket", "arn:aws:s3:::b/*", false},
		{"s3:bucket", "arn:aws:s3:::b/key", false},
		{"s3:bucket", "arn:aws:s3:::", false},
		{"s3:bucket", "arn:aws:s3:us-east-1::b", false},
		{"s3:bucket", "arn:aws:sqs:us-east-1:123456789012:q", false},
		{"s3:bucket", "arn:aws:s3:::${aws:PrincipalTag/bucket}", true},
		// IAM: names carry paths.
		{"iam:role", "arn:aws:iam::123456789012:role/path/x", true},
		{"iam:role", "arn:aws:iam::123456789012:role/x", true},
		{"iam:role", "arn:aws:iam::*:role/*", true},
		{"iam:role", "arn:aws:iam::123456789012:role/${aws:username}", true},
		{"iam:role", "arn:aws:iam::aws:role/x", true},
		{"iam:role", "arn:aws:iam::12345:role/x", false},
		{"iam:role", "arn:aws:iam::123456789012:role/", false},
		{"iam:user", "arn:aws:iam::123456789012:role/x", false},
		{"iam:user", "arn:aws:iam::123456789012:user/division/bob", true},
		{"iam:oidc-provider", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC", true},
		// CloudWatch Logs: log group names hold '/', and ":*" names their streams.
		{"logs:log-group", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*", true},
		{"logs:log-group", "arn:aws:logs:*:*:log-group:/aws/lambda/*", true},
		{"logs:log-group", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn", true},
		{"logs:log-stream", "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:2024/01/01/x", true},
		{"logs:log-group", "arn:aws:logs:us-east-1:123456789012:destination:d", false},
		// Region may be empty or a wildcard; the account is 12 digits.
		{"sqs:queue", "arn:aws:sqs:us-east-1:123456789012:q", true},
		{"sqs:queue", "arn:aws:sqs:*:123456789012:q", true},
		{"sqs:queue", "arn:aws:sqs::123456789012:q", true},
		{"sqs:queue", "arn:aws:sqs:us-east-1:1234567890123:q", false},
		{"sqs:queue", "arn:aws:sqs:us-east-1:123456789012:q/x", false},
		{"sqs:queue", "arn:aws:sqs:us-east-1:1234567890??:q", true},
		// Names AWS allows slashes in.
		{"secretsmanager:secret", "arn:aws:secretsmanager:*:*:secret:prod/db/*", true},
		{"ssm:parameter", "arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/url", true},
		{"ecr:repository", "arn:aws:ecr:us-east-1:123456789012:repository/team/app", true},
		{"kms:alias", "arn:aws:kms:us-east-1:123456789012:alias/aws/s3", true},
		{"kms:key", "arn:aws:kms:us-east-1:123456789012:key/a/b", false},
		// Intermediate placeholders stop at the literal after them.
		{"dynamodb:table", "arn:aws:dynamodb:us-east-1:123456789012:table/t", true},
		{"dynamodb:table", "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/i", false},
		{"dynamodb:index", "arn:aws:dynamodb:us-east-1:123456789012:table/t/index/*", true},
		{"dynamodb:index", "arn:aws:dynamodb:us-east-1:123456789012:table/*", true},
		// Lambda: qualified ARNs.
		{"lambda:function", "arn:aws:lambda:us-east-1:123456789012:function:fn", true},
		{"lambda:function", "arn:aws:lambda:us-east-1:123456789012:function:fn:*", true},
		// Formats with alternatives, and with a literal * in them.
		{"apigateway:model", "arn:aws:apigateway:us-east-1::/restapis/a/models/m", true},
		{"apigateway:model", "arn:aws:apigateway:us-east-1::/apis/a/models/m", true},
		{"apigateway:model", "arn:aws:apigateway:us-east-1::/apis/a/stages/m", false},
		{"connect:wildcard-queue", "arn:aws:connect:us-east-1:123456789012:instance/i/queue/q/x", true},
		// Resources AWS owns have no account.
		{"ssm:document", "arn:aws:ssm:us-east-1::document/AWS-RunShellScript", true},
		{"ssm:document", "arn:aws:ssm:*::document/AWS-*", true},
		// A policy's * stays within its field before the resource part.
		{"ssm:parameter", "arn:aws:ssm:*:*:servicesetting/ssm/opsdata/x", false},
		{"logs:log-group", "arn:aws:logs:*:*:/aws-glue/*", false},
		{"s3:object", "arn:aws:s3:*:b/k", false},
		// Not an ARN.
		{"s3:bucket", "", false},
		{"s3:bucket", "b", false},
	}
	for _, tt := range tests {
		t.Run(tt.rt+" "+tt.resource, func(t *testing.T) {
			t.Parallel()
			rt := resourceType(t, c, tt.rt)
			if got := rt.Match(tt.resource); got != tt.want {
				t.Errorf("%s (%s).Match(%q) = %v, want %v", tt.rt, rt.ARN, tt.resource, got, tt.want)
			}
		})
	}
}

func resourceType(t testing.TB, c *Catalog, name string) *ResourceType {
	t.Helper()
	for i := range len(name) {
		if name[i] == ':' {
			if s := c.Service(name[:i]); s != nil {
				if rt := s.ResourceType(name[i+1:]); rt != nil {
					return rt
				}
			}
		}
	}
	t.Fatalf("no resource type %s", name)
	return nil
}

var placeholderRE = regexp.MustCompile(`\$\{[^}]*\}`)

// TestEveryFormatMatchesAnExample fills each of AWS's ARN formats with
// sample values and checks that the format matches its own example: every
// format compiles, and the compiler's reading of the fields is right.
func TestEveryFormatMatchesAnExample(t *testing.T) {
	t.Parallel()
	n := 0
	for _, s := range Default().Services() {
		for _, rt := range s.ResourceTypes {
			for _, alt := range regexp.MustCompile(`, `).Split(rt.ARN, -1) {
				example := placeholderRE.ReplaceAllStringFunc(alt, func(p string) string {
					switch p {
					case "${Partition}":
						return "aws"
					case "${Region}":
						return "us-east-1"
					}
					if strings.Contains(p, "Account") {
						return "123456789012"
					}
					return "x1"
				})
				if !rt.Match(example) {
					t.Errorf("%s:%s %s does not match %s", s.Prefix, rt.Name, alt, example)
				}
				n++
			}
		}
	}
	if n < 2000 {
		t.Errorf("checked %d formats", n)
	}
}

func FuzzResourceTypeMatch(f *testing.F) {
	for _, s := range []string{"arn:aws:s3:::b/*", "*", "arn:aws:iam::123456789012:role/${aws:username}", "${", "${*}?*", "arn:::::"} {
		f.Add(s)
	}
	c := Default()
	rts := []*ResourceType{
		resourceType(f, c, "s3:object"), resourceType(f, c, "s3:bucket"),
		resourceType(f, c, "iam:role"), resourceType(f, c, "apigateway:model"),
	}
	f.Fuzz(func(t *testing.T, resource string) {
		for _, rt := range rts {
			rt.Match(resource)
		}
		_ = MatchPattern(resource, "s3:GetObject")
	})
}

func TestMatchLooseAndResourceTypesOf(t *testing.T) {
	t.Parallel()
	c := Default()
	task := resourceType(t, c, "ssm:task") // arn:...:ecs:...:task/${TaskId}
	if task.Match("arn:aws:ecs:us-east-1:123456789012:task/cluster/id") {
		t.Error("ssm:task matches task/cluster/id strictly")
	}
	if !task.MatchLoose("arn:aws:ecs:us-east-1:123456789012:task/cluster/id") {
		t.Error("ssm:task does not match task/cluster/id loosely")
	}
	names := func(rts []*ResourceType) []string {
		var out []string
		for _, rt := range rts {
			out = append(out, rt.Service.Prefix+":"+rt.Name)
		}
		return out
	}
	if got := names(c.ResourceTypesOf("arn:aws:s3:::b")); !slices.Contains(got, "s3:bucket") || slices.Contains(got, "s3:object") {
		t.Errorf("ResourceTypesOf(bucket) = %v", got)
	}
	if got := c.ResourceTypesOf("arn:aws:logs:*:*:/aws-glue/*"); len(got) != 0 {
		t.Errorf("ResourceTypesOf(/aws-glue/*) = %v, want none", names(got))
	}
	// The source merges ELBv2 into the classic page; gen/fixups.go restores it.
	tg := "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"
	ok := false
	for _, r := range c.Action("elasticloadbalancing:AddTags").Resources {
		ok = ok || r.Type.Match(tg)
	}
	if !ok {
		t.Error("elasticloadbalancing:AddTags does not act on a target group")
	}
	// Likewise API Gateway V2 (gen/fixups.go).
	api := "arn:aws:apigateway:us-east-1::/apis/a1b2c3"
	ok = false
	for _, r := range c.Action("apigateway:GET").Resources {
		ok = ok || r.Type.Match(api)
	}
	if !ok {
		t.Error("apigateway:GET does not act on an HTTP API")
	}
	// And AWS Marketplace's tagging actions.
	entity := "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-1"
	ok = false
	for _, r := range c.Action("aws-marketplace:TagResource").Resources {
		ok = ok || r.Type.Match(entity)
	}
	if !ok {
		t.Error("aws-marketplace:TagResource does not act on a catalog entity")
	}
}

func TestRetired(t *testing.T) {
	t.Parallel()
	c := Default()
	for _, p := range []string{"deepracer", "DeepLens", "iot1click"} {
		if _, ok := c.RetiredService(p); !ok {
			t.Errorf("RetiredService(%q) = false", p)
		}
		if c.Service(p) != nil {
			t.Errorf("retired %s is in the catalog: drop it from retiredServices", p)
		}
	}
	for name := range retiredServices {
		if c.Service(name) != nil {
			t.Errorf("retired %s is in the catalog: drop it from retiredServices", name)
		}
	}
	for name := range retiredActions {
		if c.Action(name) != nil {
			t.Errorf("retired %s is in the catalog: drop it from retiredActions", name)
		}
	}
	if _, ok := c.RetiredAction("cloudhsm:CreateLunaClient"); !ok {
		t.Error("RetiredAction(cloudhsm:CreateLunaClient) = false")
	}
	if _, ok := c.RetiredAction("s3:GetObject"); ok {
		t.Error("RetiredAction(s3:GetObject) = true")
	}
}

func TestPatterns(t *testing.T) {
	t.Parallel()
	c := Default()
	placeholder := regexp.MustCompile(`\$\{[^}]*\}`)
	for _, s := range c.Services() {
		for _, rt := range s.ResourceTypes {
			var want []string
			for _, alt := range strings.Split(rt.ARN, ", ") {
				want = append(want, placeholder.ReplaceAllString(strings.ReplaceAll(alt, "${Partition}", "aws"), "*"))
			}
			if got := rt.Patterns(); !slices.Equal(got, want) {
				t.Fatalf("%s:%s Patterns() = %q, want %q", s.Prefix, rt.Name, got, want)
			}
		}
	}
	if got := resourceType(t, c, "s3:object").Patterns(); !slices.Equal(got, []string{"arn:aws:s3:::*/*"}) {
		t.Errorf("s3:object Patterns() = %q", got)
	}
}
