package rules

import (
	"fmt"
	"strings"
)

// confusedDeputyEntry is a service whose documentation asks for
// aws:SourceArn or aws:SourceAccount in the trust policy of the roles it
// assumes, with the page that says so.
type confusedDeputyEntry struct {
	Service string // service principal
	Name    string // service name
	Ref     string // AWS documentation page
}

// confusedDeputyServices is the table trust-service-no-source checks, kept
// as data: add a service only with the AWS page that asks for the condition
// in the role trust policy. Services that AWS trusts without one in its own
// examples (ec2, lambda, ecs-tasks, eks, edgelambda ...) stay out, and so
// do services whose usual role is a service-linked role that AWS writes
// (config).
var confusedDeputyServices = []confusedDeputyEntry{
	{"appsync.amazonaws.com", "AWS AppSync", "https://docs.aws.amazon.com/appsync/latest/devguide/cross-service-confused-deputy-prevention.html"},
	{"bedrock.amazonaws.com", "Amazon Bedrock", "https://docs.aws.amazon.com/bedrock/latest/userguide/cross-service-confused-deputy-prevention.html"},
	{"codebuild.amazonaws.com", "AWS CodeBuild", "https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html"},
	{"datasync.amazonaws.com", "AWS DataSync", "https://docs.aws.amazon.com/datasync/latest/userguide/cross-service-confused-deputy-prevention.html"},
	{"iot.amazonaws.com", "AWS IoT Core", "https://docs.aws.amazon.com/iot/latest/developerguide/cross-service-confused-deputy-prevention.html"},
	{"logs.amazonaws.com", "Amazon CloudWatch Logs (subscription filters)", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html"},
	{"personalize.amazonaws.com", "Amazon Personalize", "https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html"},
	{"scheduler.amazonaws.com", "Amazon EventBridge Scheduler", "https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html"},
	{"ssm.amazonaws.com", "AWS Systems Manager (hybrid activations)", "https://docs.aws.amazon.com/systems-manager/latest/userguide/cross-service-confused-deputy-prevention.html"},
	{"states.amazonaws.com", "AWS Step Functions", "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html"},
	{"transfer.amazonaws.com", "AWS Transfer Family", "https://docs.aws.amazon.com/transfer/latest/userguide/confused-deputy.html"},
}

// confusedDeputyService returns the table entry of a service principal, or
// nil. Regional forms (logs.eu-west-1.amazonaws.com) and the China
// partition's suffix match their service.
func confusedDeputyService(principal string) *confusedDeputyEntry {
	p := strings.ToLower(strings.TrimSuffix(principal, ".cn"))
	name, _, ok := strings.Cut(p, ".")
	if !ok {
		return nil
	}
	for i := range confusedDeputyServices {
		e := &confusedDeputyServices[i]
		if e.Service == p || (strings.HasPrefix(e.Service, name+".") && strings.HasSuffix(p, ".amazonaws.com")) {
			return e
		}
	}
	return nil
}

// confusedDeputyTable renders the table for the rule's doc.
func confusedDeputyTable() string {
	var b strings.Builder
	b.WriteString("| service principal | service | AWS guidance |\n|---|---|---|\n")
	for _, e := range confusedDeputyServices {
		fmt.Fprintf(&b, "| `%s` | %s | [confused deputy prevention](%s) |\n", e.Service, e.Name, e.Ref)
	}
	return b.String()
}
