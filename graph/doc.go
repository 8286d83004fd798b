// Package graph is the principal graph of an identity model: who can
// become whom, who is an administrator, and the privilege-escalation
// paths between them.
//
// The nodes are the users and roles of one or several [account.Account]
// models (a group is never a principal: its policies count for its
// members); dumps of several accounts read together give paths across
// accounts. An edge "A can
// become B" holds when A can act with B's permissions:
//
//   - assume: B's trust policy allows A (by ARN, by the account root, in
//     which case A's identity policies must allow sts:AssumeRole on B, or
//     across accounts) and A's boundary lets it through;
//   - pass: A may pass role B (iam:PassRole on B with iam:PassedToService
//     set to the service) to a compute service A can launch (Lambda, EC2
//     through an instance profile of B, ECS, CodeBuild, CloudFormation,
//     Glue, SageMaker, Data Pipeline, App Runner, Auto Scaling, Bedrock
//     AgentCore), and B trusts that service;
//   - credentials: A may create an access key or a console password for
//     user B (iam:CreateAccessKey, iam:CreateLoginProfile,
//     iam:UpdateLoginProfile on B);
//   - trust: A may rewrite B's trust policy (iam:UpdateAssumeRolePolicy)
//     and then assume B.
//
// A principal may also change what another principal is allowed to do
// ("empower" it): write or attach a policy on B or on one of B's groups,
// create a new default version of a customer managed policy attached to
// B, or add user B to a group that grants everything; when B has a
// permissions boundary, A must also be allowed to remove or replace it.
// Holding A and B at once, the attacker makes B an administrator.
//
// A principal is an administrator when authz allows it every action of a
// probe set of sensitive actions on "*" (AdministratorAccess, or "*" on
// "*", with no boundary or Deny in the way), or when it can grant itself
// everything (empower itself).
//
// Every decision is made by package authz with the principal's identity
// policies (its groups' for a user), its boundary and, for assume, the
// role's trust policy, so conditions, boundaries and Deny statements
// count. The condition context is open: a decision that depends on keys
// that are not known (aws:MultiFactorAuthPresent, aws:SourceIp, ...) is
// Conditional, and the edge it makes is kept but marked.
//
// Principal ARNs come from the model when it knows them; otherwise they
// are built as arn:aws:iam::ACCOUNT:role/NAME (or user/NAME), with the
// account of the model's other ARNs, or the placeholder account
// 000000000000 ([PlaceholderAccount]) for templates, whose account is not
// known until deployment. In templates, references to the template's own
// identities (Fn::GetAtt Role.Arn, Ref, ${AWS::AccountId} in Fn::Sub,
// Terraform's aws_iam_role.x.arn) are resolved to those ARNs before the
// documents are compiled.
package graph
