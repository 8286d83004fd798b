package rules

// escalationMethod is a publicly known way to gain more permissions than a
// policy grants directly: every step must be granted for the method to
// work. A step is satisfied by any one of its actions.
type escalationMethod struct {
	Name  string // short, lowercase: names the method in the finding
	Steps [][]string
	// PassTo is the service principal that iam:PassRole must be allowed to
	// pass the role to (the iam:PassedToService value), for methods that
	// pass a role.
	PassTo []string
	// OthersOnly marks methods that escalate only when aimed at another
	// principal (creating your own access key gains nothing).
	OthersOnly bool
	// Existing marks methods that take over a resource that already exists
	// (a function, a stack, an instance): on named resources they escalate
	// only if those resources hold more power.
	Existing  bool
	Explain   string
	Reference string
}

const (
	rhino        = "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/"
	rhino2       = "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation-part-2/"
	pathfinding  = "https://pathfinding.cloud/"
	bishopFox    = "https://github.com/BishopFox/iam-vulnerable"
	passRoleStep = "iam:PassRole"
)

// escalationMethods is the table of methods, from Rhino Security Labs'
// research (parts 1 and 2), Bishop Fox's iam-vulnerable and Datadog's
// pathfinding.cloud catalogue. The steps are the minimal action sets.
var escalationMethods = []escalationMethod{
	{Name: "create a new version of a managed policy", Steps: [][]string{{"iam:CreatePolicyVersion"}},
		Explain: "a new default version of a policy attached to oneself can grant anything", Reference: rhino},
	{Name: "switch a managed policy's default version", Steps: [][]string{{"iam:SetDefaultPolicyVersion"}},
		Explain: "an older, broader version of an attached policy becomes the one in force", Reference: rhino},
	{Name: "create an access key for another user", Steps: [][]string{{"iam:CreateAccessKey"}}, OthersOnly: true,
		Explain: "a new access key acts as that user, with all of its permissions", Reference: rhino},
	{Name: "create a console password for another user", Steps: [][]string{{"iam:CreateLoginProfile"}}, OthersOnly: true,
		Explain: "signing in as that user gives all of its permissions", Reference: rhino},
	{Name: "change another user's console password", Steps: [][]string{{"iam:UpdateLoginProfile"}}, OthersOnly: true,
		Explain: "signing in as that user gives all of its permissions", Reference: rhino},
	{Name: "attach a managed policy to a user", Steps: [][]string{{"iam:AttachUserPolicy"}},
		Explain: "AdministratorAccess can be attached to oneself", Reference: rhino},
	{Name: "attach a managed policy to a group", Steps: [][]string{{"iam:AttachGroupPolicy"}},
		Explain: "AdministratorAccess can be attached to one's own group", Reference: rhino},
	{Name: "attach a managed policy to a role", Steps: [][]string{{"iam:AttachRolePolicy"}},
		Explain: "AdministratorAccess can be attached to one's own role or a role one can assume", Reference: rhino},
	{Name: "write an inline policy of a user", Steps: [][]string{{"iam:PutUserPolicy"}},
		Explain: "an inline policy granting everything can be put on oneself", Reference: rhino},
	{Name: "write an inline policy of a group", Steps: [][]string{{"iam:PutGroupPolicy"}},
		Explain: "an inline policy granting everything can be put on one's own group", Reference: rhino},
	{Name: "write an inline policy of a role", Steps: [][]string{{"iam:PutRolePolicy"}},
		Explain: "an inline policy granting everything can be put on one's own role or a role one can assume", Reference: rhino},
	{Name: "add a user to a group", Steps: [][]string{{"iam:AddUserToGroup"}},
		Explain: "joining a more privileged group gives its permissions", Reference: rhino},
	{Name: "rewrite a role's trust policy and assume it", Steps: [][]string{{"iam:UpdateAssumeRolePolicy"}, {"sts:AssumeRole"}},
		Explain: "any role can be made to trust oneself, then assumed", Reference: rhino},
	{Name: "pass a role to a new EC2 instance", Steps: [][]string{{passRoleStep}, {"ec2:RunInstances"}}, PassTo: []string{"ec2.amazonaws.com"},
		Explain: "code on the instance runs with the passed role's credentials", Reference: rhino},
	{Name: "pass a role to a new EC2 Spot instance", Steps: [][]string{{passRoleStep}, {"ec2:RequestSpotInstances"}}, PassTo: []string{"ec2.amazonaws.com"},
		Explain: "code on the instance runs with the passed role's credentials", Reference: pathfinding},
	{Name: "pass a role to a new Lambda function and run it", Steps: [][]string{{passRoleStep}, {"lambda:CreateFunction"}, {"lambda:InvokeFunction", "lambda:CreateEventSourceMapping", "lambda:AddPermission"}},
		PassTo: []string{"lambda.amazonaws.com"}, Explain: "the function's code runs with the passed role's credentials", Reference: rhino},
	{Name: "replace the code of an existing Lambda function", Existing: true, Steps: [][]string{{"lambda:UpdateFunctionCode"}},
		Explain: "the new code runs with the function's role", Reference: rhino},
	{Name: "pass a role to a new Glue development endpoint", Steps: [][]string{{passRoleStep}, {"glue:CreateDevEndpoint"}}, PassTo: []string{"glue.amazonaws.com"},
		Explain: "SSH into the endpoint gives the passed role's credentials", Reference: rhino},
	{Name: "take over an existing Glue development endpoint", Existing: true, Steps: [][]string{{"glue:UpdateDevEndpoint"}},
		Explain: "a new SSH key on the endpoint gives its role's credentials", Reference: rhino},
	{Name: "pass a role to a new Glue job", Steps: [][]string{{passRoleStep}, {"glue:CreateJob", "glue:UpdateJob"}, {"glue:StartJobRun", "glue:CreateTrigger"}}, PassTo: []string{"glue.amazonaws.com"},
		Explain: "the job's script runs with the passed role's credentials", Reference: pathfinding},
	{Name: "pass a role to a new CloudFormation stack", Steps: [][]string{{passRoleStep}, {"cloudformation:CreateStack"}}, PassTo: []string{"cloudformation.amazonaws.com"},
		Explain: "the stack creates any resource the passed role may, IAM users and policies included", Reference: rhino},
	{Name: "update an existing CloudFormation stack", Existing: true, Steps: [][]string{{"cloudformation:UpdateStack"}},
		Explain: "the new template is deployed with the stack's service role", Reference: bishopFox},
	{Name: "create and execute a CloudFormation change set", Existing: true, Steps: [][]string{{"cloudformation:CreateChangeSet"}, {"cloudformation:ExecuteChangeSet"}},
		Explain: "the change set is executed with the stack's service role", Reference: pathfinding},
	{Name: "pass a role to a new CloudFormation stack set", Steps: [][]string{{passRoleStep}, {"cloudformation:CreateStackSet", "cloudformation:UpdateStackSet"}, {"cloudformation:CreateStackInstances", "cloudformation:UpdateStackSet"}},
		PassTo: []string{"cloudformation.amazonaws.com"}, Explain: "the stack set deploys any resource with the passed administration role", Reference: pathfinding},
	{Name: "pass a role to a new Data Pipeline", Steps: [][]string{{passRoleStep}, {"datapipeline:CreatePipeline"}, {"datapipeline:PutPipelineDefinition"}},
		PassTo: []string{"datapipeline.amazonaws.com", "elasticmapreduce.amazonaws.com"}, Explain: "the pipeline runs commands with the passed role", Reference: rhino},
	{Name: "run commands on instances with SSM", Existing: true, Steps: [][]string{{"ssm:SendCommand"}},
		Explain: "commands run as root on managed instances, with their instance roles", Reference: pathfinding},
	{Name: "open a shell on instances with SSM", Existing: true, Steps: [][]string{{"ssm:StartSession"}},
		Explain: "a shell on a managed instance gives its instance role's credentials", Reference: pathfinding},
	{Name: "push an SSH key with EC2 Instance Connect", Existing: true, Steps: [][]string{{"ec2-instance-connect:SendSSHPublicKey", "ec2-instance-connect:SendSerialConsoleSSHPublicKey"}},
		Explain: "SSH access to an instance gives its instance role's credentials", Reference: pathfinding},
	{Name: "change an instance's user data and restart it", Existing: true, Steps: [][]string{{"ec2:ModifyInstanceAttribute"}, {"ec2:StopInstances"}, {"ec2:StartInstances"}},
		Explain: "the new user data runs as root at boot, with the instance role", Reference: pathfinding},
	{Name: "change the default version of a launch template", Existing: true, Steps: [][]string{{"ec2:CreateLaunchTemplateVersion"}, {"ec2:ModifyLaunchTemplate"}},
		Explain: "instances launched from it (by Auto Scaling, say) run new user data with their role", Reference: pathfinding},
	{Name: "pass a role to a new Auto Scaling launch configuration", Steps: [][]string{{passRoleStep}, {"autoscaling:CreateLaunchConfiguration"}, {"autoscaling:CreateAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup"}},
		PassTo: []string{"ec2.amazonaws.com"}, Explain: "the instances it launches run code with the passed role", Reference: "https://github.com/nccgroup/PMapper"},
	{Name: "pass a role to a new CodeBuild project and start it", Steps: [][]string{{passRoleStep}, {"codebuild:CreateProject"}, {"codebuild:StartBuild", "codebuild:StartBuildBatch"}},
		PassTo: []string{"codebuild.amazonaws.com"}, Explain: "the build runs any command with the passed role", Reference: pathfinding},
	{Name: "change an existing CodeBuild project and start it", Existing: true, Steps: [][]string{{"codebuild:UpdateProject"}, {"codebuild:StartBuild", "codebuild:StartBuildBatch"}},
		Explain: "the build runs any command with the project's role", Reference: pathfinding},
	{Name: "pass a role to a new SageMaker notebook and open it", Steps: [][]string{{passRoleStep}, {"sagemaker:CreateNotebookInstance"}, {"sagemaker:CreatePresignedNotebookInstanceUrl"}},
		PassTo: []string{"sagemaker.amazonaws.com"}, Explain: "the notebook's terminal has the passed role's credentials", Reference: rhino2},
	{Name: "open an existing SageMaker notebook", Existing: true, Steps: [][]string{{"sagemaker:CreatePresignedNotebookInstanceUrl"}},
		Explain: "the notebook's terminal has its role's credentials", Reference: rhino2},
	{Name: "pass a role to a new SageMaker job", Steps: [][]string{{passRoleStep}, {"sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"}},
		PassTo: []string{"sagemaker.amazonaws.com"}, Explain: "the job's container runs with the passed role", Reference: rhino2},
	{Name: "pass a role to a new ECS task", Steps: [][]string{{passRoleStep}, {"ecs:RegisterTaskDefinition"}, {"ecs:RunTask", "ecs:StartTask", "ecs:CreateService", "ecs:UpdateService"}},
		PassTo: []string{"ecs-tasks.amazonaws.com"}, Explain: "the task's container runs with the passed task role", Reference: pathfinding},
	{Name: "run commands in running ECS tasks", Existing: true, Steps: [][]string{{"ecs:ExecuteCommand"}},
		Explain: "a shell in a task's container gives its task role's credentials", Reference: pathfinding},
	{Name: "pass a role to a new App Runner service", Steps: [][]string{{passRoleStep}, {"apprunner:CreateService"}},
		PassTo: []string{"tasks.apprunner.amazonaws.com"}, Explain: "the service's code runs with the passed instance role", Reference: pathfinding},
	{Name: "change an existing App Runner service", Existing: true, Steps: [][]string{{"apprunner:UpdateService"}},
		Explain: "the new image or start command runs with the service's instance role", Reference: pathfinding},
	{Name: "pass a role to a new Bedrock AgentCore code interpreter", Steps: [][]string{{passRoleStep}, {"bedrock-agentcore:CreateCodeInterpreter"}, {"bedrock-agentcore:StartCodeInterpreterSession"}, {"bedrock-agentcore:InvokeCodeInterpreter"}},
		PassTo: []string{"bedrock-agentcore.amazonaws.com"}, Explain: "code run in the interpreter has the passed role's credentials", Reference: pathfinding},
}

// stepTargets are the resource types an action must reach for a method to
// work: the thing taken over (the instance a command runs on), not an
// accessory of the call (the document it runs). An action not listed here
// needs any of its resource types.
var stepTargets = map[string][]string{
	"ssm:SendCommand":             {"instance", "managed-instance"},
	"ssm:StartSession":            {"instance", "managed-instance"},
	"ecs:ExecuteCommand":          {"task"},
	"ec2:RunInstances":            {"instance"},
	"ec2:ModifyInstanceAttribute": {"instance"},
	"apprunner:UpdateService":     {"service"},
}

// shellDocuments are the AWS-owned SSM documents that run whatever
// commands they are given. ssm:SendCommand escalates only with one of
// them, or with a document pattern that can name one (or a document of
// one's own).
var shellDocuments = []string{
	"AWS-RunShellScript", "AWS-RunPowerShellScript", "AWS-RunRemoteScript", "AWS-RunDocument",
	"AWS-RunAnsiblePlaybook", "AWS-RunSaltState", "AWS-ApplyAnsiblePlaybooks", "AWS-InstallApplication",
}
