package graph

// launcher is a way to run code with a role passed to a compute service:
// iam:PassRole on the role with iam:PassedToService set to Service, and
// every step (any one action of each) allowed.
type launcher struct {
	// Service is the service principal the role is passed to and must
	// trust.
	Service string
	Steps   [][]string
	// Profile marks EC2 launches: the role reaches the instance through
	// an instance profile, which must exist or be creatable.
	Profile bool
}

// Action is the action named in a path: the first of the first step.
func (l *launcher) Action() string { return l.Steps[0][0] }

// launchers are the compute services that run code with a passed role,
// from the public privilege-escalation research (Rhino Security Labs,
// Bishop Fox's iam-vulnerable, Datadog's pathfinding.cloud, PMapper).
var launchers = []launcher{
	{Service: "lambda.amazonaws.com", Steps: [][]string{{"lambda:CreateFunction"}, {"lambda:InvokeFunction", "lambda:CreateEventSourceMapping", "lambda:AddPermission"}}},
	{Service: "ec2.amazonaws.com", Profile: true, Steps: [][]string{{"ec2:RunInstances"}}},
	{Service: "ec2.amazonaws.com", Profile: true, Steps: [][]string{{"ec2:RequestSpotInstances"}}},
	{Service: "ec2.amazonaws.com", Profile: true, Steps: [][]string{{"autoscaling:CreateLaunchConfiguration"}, {"autoscaling:CreateAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup"}}},
	{Service: "ecs-tasks.amazonaws.com", Steps: [][]string{{"ecs:RegisterTaskDefinition"}, {"ecs:RunTask", "ecs:StartTask", "ecs:CreateService", "ecs:UpdateService"}}},
	{Service: "codebuild.amazonaws.com", Steps: [][]string{{"codebuild:CreateProject"}, {"codebuild:StartBuild", "codebuild:StartBuildBatch"}}},
	{Service: "cloudformation.amazonaws.com", Steps: [][]string{{"cloudformation:CreateStack"}}},
	{Service: "cloudformation.amazonaws.com", Steps: [][]string{{"cloudformation:CreateStackSet"}, {"cloudformation:CreateStackInstances"}}},
	{Service: "glue.amazonaws.com", Steps: [][]string{{"glue:CreateDevEndpoint"}}},
	{Service: "glue.amazonaws.com", Steps: [][]string{{"glue:CreateJob"}, {"glue:StartJobRun", "glue:CreateTrigger"}}},
	{Service: "sagemaker.amazonaws.com", Steps: [][]string{{"sagemaker:CreateNotebookInstance"}, {"sagemaker:CreatePresignedNotebookInstanceUrl"}}},
	{Service: "sagemaker.amazonaws.com", Steps: [][]string{{"sagemaker:CreateTrainingJob"}}},
	{Service: "sagemaker.amazonaws.com", Steps: [][]string{{"sagemaker:CreateProcessingJob"}}},
	{Service: "datapipeline.amazonaws.com", Steps: [][]string{{"datapipeline:CreatePipeline"}, {"datapipeline:PutPipelineDefinition"}}},
	{Service: "tasks.apprunner.amazonaws.com", Steps: [][]string{{"apprunner:CreateService"}}},
	{Service: "bedrock-agentcore.amazonaws.com", Steps: [][]string{{"bedrock-agentcore:CreateCodeInterpreter"}, {"bedrock-agentcore:StartCodeInterpreterSession"}, {"bedrock-agentcore:InvokeCodeInterpreter"}}},
}

// The IAM and STS actions the edges are made of.
const (
	actAssumeRole      = "sts:AssumeRole"
	actPassRole        = "iam:PassRole"
	actCreateAccessKey = "iam:CreateAccessKey"
	actCreateLogin     = "iam:CreateLoginProfile"
	actUpdateLogin     = "iam:UpdateLoginProfile"
	actUpdateTrust     = "iam:UpdateAssumeRolePolicy"
	actPutUserPolicy   = "iam:PutUserPolicy"
	actAttachUser      = "iam:AttachUserPolicy"
	actPutRolePolicy   = "iam:PutRolePolicy"
	actAttachRole      = "iam:AttachRolePolicy"
	actPutGroupPolicy  = "iam:PutGroupPolicy"
	actAttachGroup     = "iam:AttachGroupPolicy"
	actPolicyVersion   = "iam:CreatePolicyVersion"
	actAddUserToGroup  = "iam:AddUserToGroup"
	actDeleteUserPB    = "iam:DeleteUserPermissionsBoundary"
	actPutUserPB       = "iam:PutUserPermissionsBoundary"
	actDeleteRolePB    = "iam:DeleteRolePermissionsBoundary"
	actPutRolePB       = "iam:PutRolePermissionsBoundary"
	actCreateProfile   = "iam:CreateInstanceProfile"
	actAddToProfile    = "iam:AddRoleToInstanceProfile"
)

// adminProbe are the actions an administrator is allowed on "*": one or
// more sensitive actions of the main services, so that only a grant of
// (nearly) everything passes.
var adminProbe = []string{
	"iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:CreateAccessKey", "iam:PassRole",
	"sts:AssumeRole", "ec2:RunInstances", "s3:GetObject", "s3:PutBucketPolicy",
	"kms:Decrypt", "lambda:CreateFunction", "secretsmanager:GetSecretValue",
	"dynamodb:Scan", "ssm:SendCommand", "cloudtrail:StopLogging", "organizations:LeaveOrganization",
}

// indexedActions are the actions policies are indexed by (at most 64):
// a node gets edges of a kind only if an Allow of its identity policies
// may grant the actions of that kind, and deciding one of them looks only
// at the policies that mention it.
func indexedActions() []string {
	out := []string{actAssumeRole, actPassRole, actCreateAccessKey, actCreateLogin, actUpdateLogin,
		actUpdateTrust, actPutUserPolicy, actAttachUser, actPutRolePolicy, actAttachRole,
		actPutGroupPolicy, actAttachGroup, actPolicyVersion, actAddUserToGroup,
		actDeleteUserPB, actPutUserPB, actDeleteRolePB, actPutRolePB, actCreateProfile, actAddToProfile}
	seen := map[string]bool{}
	for _, a := range out {
		seen[a] = true
	}
	for _, l := range launchers {
		for _, st := range l.Steps {
			for _, a := range st {
				if !seen[a] {
					seen[a] = true
					out = append(out, a)
				}
			}
		}
	}
	for _, a := range adminProbe {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	if len(out) > 64 {
		panic("graph: more than 64 indexed actions")
	}
	return out
}
