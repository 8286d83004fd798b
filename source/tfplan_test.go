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
