package source

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/iamlint/iamlint/policy"
)

const cfnYAML = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String}
Resources:
  Développeurs:
    Type: AWS::IAM::Group
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal:
              AWS: [!GetAtt Développeurs.Arn, 123456789012, !Ref Env]
              Service: !Sub "lambda.${AWS::URLSuffix}"
            Action: 'sts:AssumeRole'
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: !Sub s3:GetObject
                Resource: !Join ["", ["arn:aws:s3:::", !Ref Env, "/*"]]
              - !If [Cond, {Effect: Allow}, !Ref AWS::NoValue]
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref Role]
  Logs:
    Type: AWS::Logs::ResourcePolicy
    Properties:
      PolicyName: logs
      PolicyDocument: |
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"},
                        "Action": "logs:PutLogEvents", "Resource": "*"}]}
`

func TestCloudFormationYAML(t *testing.T) {
	t.Parallel()
	f := read(t, "template.yaml", cfnYAML)
	if f.Format != "cloudformation" {
		t.Fatalf("format %q", f.Format)
	}
	trust := doc(t, f, "Role.Properties.AssumeRolePolicyDocument")
	if trust.Kind != policy.Trust {
		t.Errorf("kind %s, want trust", trust.Kind)
	}
	// A YAML timestamp is a string for CloudFormation.
	wantPos(t, at(t, trust.Root, "Version"), 11, 18, "2012-10-17")
	aws := at(t, trust.Root, "Statement/0/Principal/AWS")
	g := aws.Elems[0]
	// The short-form tag starts the value; columns are bytes (é is two).
	wantPos(t, g, 15, 21, "${Développeurs.Arn}")
	wantSrc(t, cfnYAML, g, "!GetAtt Développeurs.Arn")
	if !g.Unknown || g.Target != "AWS::IAM::Group" {
		t.Errorf("GetAtt of a group: unknown=%v target=%q", g.Unknown, g.Target)
	}
	// A number is a string, as CloudFormation reads it.
	if n := aws.Elems[1]; n.Kind != policy.String || n.Str != "123456789012" || n.Unknown {
		t.Errorf("account ID: %+v", n)
	}
	if p := aws.Elems[2]; !p.Unknown || p.Target != "" {
		t.Errorf("parameter: unknown=%v target=%q", p.Unknown, p.Target)
	}
	svc := at(t, trust.Root, "Statement/0/Principal/Service")
	if !svc.Unknown {
		t.Error("Fn::Sub with a placeholder must be unknown")
	}
	wantSrc(t, cfnYAML, svc, `"lambda.${AWS::URLSuffix}"`)
	act := at(t, trust.Root, "Statement/0/Action")
	wantPos(t, act, 17, 21, "sts:AssumeRole")
	if !act.Quoted || act.ValueSpan().Start.Col != 22 {
		t.Errorf("single-quoted: quoted=%v value col %d", act.Quoted, act.ValueSpan().Start.Col)
	}

	inline := doc(t, f, "Role.Properties.Policies[0].PolicyDocument")
	if !inline.Inline || inline.Owner != "role" || inline.Kind != policy.Identity {
		t.Errorf("inline %v owner %q kind %s", inline.Inline, inline.Owner, inline.Kind)
	}
	// Fn::Sub without placeholder is known, at its string.
	a := at(t, inline.Root, "Statement/0/Action")
	wantPos(t, a, 24, 30, "s3:GetObject")
	if a.Unknown {
		t.Error("Fn::Sub without placeholder must be known")
	}
	r := at(t, inline.Root, "Statement/0/Resource")
	if !r.Unknown || r.Str != "arn:aws:s3:::${Env}/*" {
		t.Errorf("Fn::Join with a parameter: %q unknown=%v", r.Str, r.Unknown)
	}
	wantPos(t, r, 25, 27, r.Str)
	if len(inline.Statements) != 1 || len(inline.Problems) != 0 {
		t.Errorf("the Fn::If statement is unknown, not a problem: %d statements, problems %v", len(inline.Statements), inline.Problems)
	}

	logs := doc(t, f, "Logs.Properties.PolicyDocument")
	if logs.Kind != policy.Resource {
		t.Errorf("kind %s", logs.Kind)
	}
	wantPos(t, at(t, logs.Root, "Statement/0/Action"), 40, 35, "logs:PutLogEvents")

	acct := f.Account
	if len(acct.Roles) != 1 || len(acct.Groups) != 1 || len(acct.InstanceProfiles) != 1 {
		t.Fatalf("model: %d roles, %d groups, %d profiles", len(acct.Roles), len(acct.Groups), len(acct.InstanceProfiles))
	}
	role := acct.Roles[0]
	if role.Trust != trust || len(role.Inline) != 1 || len(role.Attached) != 1 {
		t.Errorf("role: trust %v, %d inline, %d attached", role.Trust == trust, len(role.Inline), len(role.Attached))
	}
	if p := role.Attached[0].Policy; p == nil || p.Name != "ReadOnlyAccess" || !p.AWSManaged {
		t.Errorf("ManagedPolicyArns with AWS::Partition must resolve to ReadOnlyAccess: %+v", role.Attached[0])
	}
	if pr := acct.InstanceProfiles[0].Roles[0]; pr.Role != role || pr.Loc.Span.Start.Line != 32 {
		t.Errorf("profile role %+v", pr)
	}
	if len(role.InstanceProfiles) != 1 {
		t.Error("role does not know its profile")
	}
}

const cfnJSON = `{
  "Resources": {
    "Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": {"Ref": "User"}}},
    "User": {"Type": "AWS::IAM::User", "Properties": {"Groups": ["devs"]}},
    "Devs": {"Type": "AWS::IAM::Group", "Properties": {"GroupName": "devs"}},
    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables": {
      "S": {"Fn::Sub": "${Key.SecretAccessKey}"}}}}},
    "Policy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
      "Users": [{"Ref": "User"}],
      "PolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:\u0047etObject\", \"Resource\": \"*\"}}"
    }}
  }
}`

func TestCloudFormationJSON(t *testing.T) {
	t.Parallel()
	f := read(t, "stack.template.json", cfnJSON)
	d := doc(t, f, "Policy.Properties.PolicyDocument")
	// Positions inside the JSON string, escapes counted.
	a := at(t, d.Root, "Statement/Action")
	wantPos(t, a, 10, 107, "s3:GetObject")
	wantSrc(t, cfnJSON, a, `\"s3:\u0047etObject\"`)
	acct := f.Account
	u := acct.Users[0]
	if len(u.AccessKeys) != 1 || len(u.Groups) != 1 || u.Groups[0].Group.Name != "devs" || len(u.Attached) != 1 {
		t.Fatalf("user: %d keys, %d groups, %d attached", len(u.AccessKeys), len(u.Groups), len(u.Attached))
	}
	if u.Attached[0].Policy == nil || u.Attached[0].Policy.Doc != d {
		t.Error("ManagedPolicy Users must attach the policy to the user")
	}
	flows := acct.AccessKeys[0].Flows
	if len(flows) != 1 || flows[0].Workload != "Fn" || flows[0].Loc.Span.Start.Line != 7 || flows[0].Loc.Span.Start.Col != 12 {
		t.Errorf("flows %+v", flows)
	}
}

func TestCloudFormationRecognition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		path, src string
		want      error
	}{
		{"k8s.yaml", "apiVersion: v1\nkind: ConfigMap\n", ErrNotPolicy},
		{"broken.yaml", "a: [\n", ErrNotPolicy},
		{"config.json", `{"Resources": {"X": {"Type": "Custom::Thing"}}}`, ErrNotPolicy},
	} {
		if _, err := Read(tc.path, []byte(tc.src), Options{}); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.path, err, tc.want)
		}
	}
	// A broken file that says it is a template is reported with its line.
	_, err := Read("t.yaml", []byte("AWSTemplateFormatVersion: x\nResources: [\n"), Options{})
	var se *Error
	if !errors.As(err, &se) || se.Path != "t.yaml" {
		t.Errorf("broken template: %v", err)
	}
}

func TestYAMLBounded(t *testing.T) {
	t.Parallel()
	// An alias bomb: each level doubles the tree.
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: x\na0: &a0 [x, x]\n")
	for i := 1; i < 40; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [*a" + itoa(i-1) + ", *a" + itoa(i-1) + "]\n")
	}
	start := time.Now()
	_, err := Read("bomb.yaml", []byte(b.String()), Options{})
	if err == nil || time.Since(start) > 5*time.Second {
		t.Errorf("alias bomb: err %v after %s", err, time.Since(start))
	}
	deep := "AWSTemplateFormatVersion: x\nx: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
	if _, err := Read("deep.yaml", []byte(deep), Options{}); err == nil {
		t.Error("deep nesting: no error")
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// An AWS::Events::EventBusPolicy's Statement is one statement of the bus's
// policy: it is read as a resource policy holding that statement, its
// elements at the YAML that writes them.
func TestCloudFormationEventBusPolicy(t *testing.T) {
	t.Parallel()
	const src = `Parameters:
  OrgId:
    Type: String
Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: app
  BusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: AllowOrg
      Statement:
        Effect: Allow
        Principal: "*"
        Action: events:PutEvents
        Resource: !GetAtt Bus.Arn
        Condition:
          StringEquals:
            aws:PrincipalOrgID: !Ref OrgId
`
	f := read(t, "template.yaml", src)
	d := doc(t, f, "BusPolicy.Properties.Statement")
	if d.Kind != policy.Resource || len(d.Unknown) != 0 || len(d.Statements) != 1 {
		t.Fatalf("kind %s, %d unknown elements, %d statements", d.Kind, len(d.Unknown), len(d.Statements))
	}
	s := d.Statements[0]
	if s.Effect == nil || s.Principal == nil || s.Action == nil || s.Resource == nil || s.Condition == nil {
		t.Fatalf("statement elements missing: %+v", s)
	}
	wantPos(t, s.Action.Values[0], 17, 17, "events:PutEvents")
	wantPos(t, s.Principal.Wildcard, 16, 20, "*")
	if got := s.Condition.Operators[0].Keys[0].Member.KeySpan.Start; got.Line != 21 || got.Col != 13 {
		t.Errorf("condition key at %d:%d, want 21:13", got.Line, got.Col)
	}
	if d.Version == nil || d.Version.Value.Str != "2012-10-17" {
		t.Error("the bus policy is written with Version 2012-10-17")
	}
}

// A managed policy used only as a permissions boundary is a boundary.
func TestCloudFormationBoundaryKind(t *testing.T) {
	t.Parallel()
	const src = `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "s3:*", Resource: "*"}
  Attached:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref Role]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "sqs:SendMessage", Resource: "*"}
  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Ref Boundary
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
`
	f := read(t, "template.yaml", src)
	if k := doc(t, f, "Boundary.Properties.PolicyDocument").Kind; k != policy.Boundary {
		t.Errorf("boundary-only policy of kind %s, want boundary", k)
	}
	if k := doc(t, f, "Attached.Properties.PolicyDocument").Kind; k != policy.Identity {
		t.Errorf("attached policy of kind %s, want identity", k)
	}
}

// An ARN of the stack's own account written with ${AWS::AccountId} links
// to the entity of the template with that IAM name, not to one whose
// logical ID it is.
func TestCloudFormationOwnAccountARN(t *testing.T) {
	t.Parallel()
	const src = `Resources:
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: app-boundary
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "s3:*", Resource: "*"}
  Other:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "sqs:*", Resource: "*"}
  Role:
    Type: AWS::IAM::Role
    Properties:
      PermissionsBoundary: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/app-boundary
      ManagedPolicyArns:
        - !Sub arn:aws:iam::${AWS::AccountId}:policy/Other
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
`
	f := read(t, "template.yaml", src)
	r := f.Account.Roles[0]
	if r.Boundary == nil || r.Boundary.Policy == nil || r.Boundary.Policy.ID != "Boundary" {
		t.Fatalf("boundary %+v, want the policy named app-boundary", r.Boundary)
	}
	if got := r.Boundary.Loc.Span.Start; got.Line != 20 || got.Col != 28 {
		t.Errorf("boundary at %d:%d, want 20:28", got.Line, got.Col)
	}
	if len(r.Attached) != 1 || r.Attached[0].Policy != nil {
		t.Errorf("policy/Other names no policy of the template (Other is a logical ID): %+v", r.Attached[0])
	}
	if k := doc(t, f, "Boundary.Properties.PolicyDocument").Kind; k != policy.Boundary {
		t.Errorf("boundary policy of kind %s", k)
	}
}
