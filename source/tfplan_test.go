package source

import (
	"testing"

	"github.com/iamlint/iamlint/policy"
)

const tfPlan = `{
  "format_version": "1.2",
  "terraform_version": "1.9.0",
  "planned_values": {
    "root_module": {
      "resources": [
        {"address": "aws_iam_role.app", "mode": "managed", "type": "aws_iam_role", "name": "app",
         "values": {"name": "app",
           "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
           "managed_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}}
      ],
      "child_modules": [
        {"address": "module.m", "resources": [
          {"address": "module.m.aws_iam_role_policy.p", "mode": "managed", "type": "aws_iam_role_policy", "name": "p",
           "values": {"role": "app", "name": "p", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"}}
        ]}
      ]
    }
  },
  "resource_changes": []
}`

func TestTerraformPlan(t *testing.T) {
	t.Parallel()
	f := read(t, "plan.json", tfPlan)
	if f.Format != "tfplan" {
		t.Fatalf("format %q", f.Format)
	}
	trust := doc(t, f, "aws_iam_role.app.assume_role_policy")
	if trust.Kind != policy.Trust {
		t.Errorf("kind %s", trust.Kind)
	}
	svc := at(t, trust.Root, "Statement/0/Principal/Service")
	wantPos(t, svc, 9, 127, "lambda.amazonaws.com")
	wantSrc(t, tfPlan, svc, `\"lambda.amazonaws.com\"`)
	p := doc(t, f, "module.m.aws_iam_role_policy.p.policy")
	if !p.Inline || p.Owner != "role" {
		t.Errorf("inline %v owner %q", p.Inline, p.Owner)
	}
	r := f.Account.Roles[0]
	if len(r.Inline) != 1 || len(r.Attached) != 1 || r.Attached[0].Policy == nil || r.Attached[0].Policy.Name != "AdministratorAccess" {
		t.Errorf("role links: %d inline, attached %+v", len(r.Inline), r.Attached)
	}
}

// A link a plan leaves unknown (the ARN of a policy the same plan creates)
// is the resource its configuration names, in child modules too; the
// link is positioned at the reference.
func TestTerraformPlanUnknownLinks(t *testing.T) {
	t.Parallel()
	const src = `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [{"address": "module.app", "resources": [
    {"address": "module.app.aws_iam_policy.b", "mode": "managed", "type": "aws_iam_policy", "name": "b",
     "values": {"name": "b", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}},
    {"address": "module.app.aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p",
     "values": {"name": "p", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}"}},
    {"address": "module.app.aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r",
     "values": {"name": "r", "permissions_boundary": null, "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}},
    {"address": "module.app.aws_iam_role_policy_attachment.a", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "a",
     "values": {"role": "r"}}
  ]}]}},
  "configuration": {"root_module": {"module_calls": {"app": {"module": {"resources": [
    {"address": "aws_iam_role.r", "expressions": {"permissions_boundary": {"references": ["aws_iam_policy.b.arn", "aws_iam_policy.b"]}}},
    {"address": "aws_iam_role_policy_attachment.a", "expressions": {"policy_arn": {"references": ["aws_iam_policy.p.arn", "aws_iam_policy.p"]}, "role": {"references": ["aws_iam_role.r.name", "aws_iam_role.r"]}}}
  ]}}}}}
}`
	f := read(t, "plan.json", src)
	r := f.Account.Roles[0]
	if r.Boundary == nil || r.Boundary.Policy == nil || r.Boundary.Policy.ID != "module.app.aws_iam_policy.b" {
		t.Fatalf("boundary %+v, want module.app.aws_iam_policy.b", r.Boundary)
	}
	if got := r.Boundary.Loc.Span.Start; got.Line != 14 || got.Col != 91 {
		t.Errorf("boundary at %d:%d, want 14:91 (the reference)", got.Line, got.Col)
	}
	if len(r.Attached) != 1 || r.Attached[0].Policy == nil || r.Attached[0].Policy.ID != "module.app.aws_iam_policy.p" {
		t.Fatalf("attached %+v, want module.app.aws_iam_policy.p", r.Attached)
	}
	if k := doc(t, f, "module.app.aws_iam_policy.b.policy").Kind; k != policy.Boundary {
		t.Errorf("boundary policy of kind %s", k)
	}
}
