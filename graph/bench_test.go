package graph_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/iamlint/iamlint/account"
	"github.com/iamlint/iamlint/graph"
	"github.com/iamlint/iamlint/source"
)

const benchAccount = "111122223333"

type obj = map[string]any

func doc(stmts ...obj) obj {
	s := make([]any, len(stmts))
	for i, st := range stmts {
		s[i] = st
	}
	return obj{"Version": "2012-10-17", "Statement": s}
}

func allow(action, resource any) obj {
	return obj{"Effect": "Allow", "Action": action, "Resource": resource}
}

func arn(kind, name string) string { return "arn:aws:iam::" + benchAccount + ":" + kind + "/" + name }

// generateDump makes an account authorization details dump with the given
// numbers of users and roles: teams of users in groups with customer
// managed policies (reading data, assuming their team's roles, passing
// app roles to Lambda, ECS and EC2, a few with IAM write access), roles
// trusted by services, by the account, by named users and roles, by
// partner accounts (with an external ID) and by GitHub's OIDC provider,
// and a few administrators.
func generateDump(users, roles int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	teams := max(users/100, 1)
	var policies, groups, userList, roleList []any
	policy := func(name string, d obj) string {
		policies = append(policies, obj{"PolicyName": name, "Arn": arn("policy", name), "DefaultVersionId": "v1",
			"PolicyVersionList": []any{obj{"VersionId": "v1", "IsDefaultVersion": true, "Document": d}}})
		return arn("policy", name)
	}
	attach := func(arns ...string) []any {
		out := make([]any, len(arns))
		for i, a := range arns {
			out[i] = obj{"PolicyName": a[len(a)-10:], "PolicyArn": a}
		}
		return out
	}
	readOnly := "arn:aws:iam::aws:policy/ReadOnlyAccess"
	admin := "arn:aws:iam::aws:policy/AdministratorAccess"
	s3Read := "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
	lambdaBasic := "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	boundary := policy("workload-boundary", doc(allow([]string{"s3:*", "dynamodb:*", "logs:*", "sqs:*"}, "*")))
	var teamPolicies [][]string
	for t := range teams {
		team := fmt.Sprintf("team%03d", t)
		ps := []string{
			policy(team+"-data", doc(allow([]string{"s3:GetObject", "s3:PutObject", "s3:ListBucket"}, []string{"arn:aws:s3:::" + team + "-*", "arn:aws:s3:::" + team + "-*/*"}),
				allow([]string{"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"}, "arn:aws:dynamodb:*:"+benchAccount+":table/"+team+"-*"))),
			policy(team+"-assume", doc(obj{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn("role", team+"-*"),
				"Condition": obj{"Bool": obj{"aws:MultiFactorAuthPresent": "true"}}})),
		}
		switch t % 10 {
		case 0:
			ps = append(ps, policy(team+"-deploy", doc(
				obj{"Effect": "Allow", "Action": "iam:PassRole", "Resource": arn("role", team+"-app-*"), "Condition": obj{"StringEquals": obj{"iam:PassedToService": []string{"lambda.amazonaws.com", "ecs-tasks.amazonaws.com"}}}},
				allow([]string{"lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:InvokeFunction"}, "arn:aws:lambda:*:"+benchAccount+":function:"+team+"-*"),
				allow([]string{"ecs:RegisterTaskDefinition", "ecs:RunTask"}, "*"))))
		case 1:
			ps = append(ps, policy(team+"-ec2", doc(
				obj{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": obj{"StringEquals": obj{"iam:PassedToService": "ec2.amazonaws.com"}}},
				allow("ec2:RunInstances", "*"))))
		case 2:
			ps = append(ps, policy(team+"-keys", doc(allow([]string{"iam:CreateAccessKey", "iam:UpdateLoginProfile"}, arn("user", team+"-*")))))
		case 3:
			ps = append(ps, policy(team+"-iam", doc(allow([]string{"iam:AttachRolePolicy", "iam:PutRolePolicy"}, arn("role", team+"-*")))))
		}
		teamPolicies = append(teamPolicies, ps)
		groups = append(groups, obj{"GroupName": team, "Arn": arn("group", team), "GroupPolicyList": []any{}, "AttachedManagedPolicies": attach(ps...)})
	}
	groups = append(groups, obj{"GroupName": "readers", "Arn": arn("group", "readers"), "GroupPolicyList": []any{}, "AttachedManagedPolicies": attach(readOnly)},
		obj{"GroupName": "admins", "Arn": arn("group", "admins"), "GroupPolicyList": []any{}, "AttachedManagedPolicies": attach(admin)})
	for i := range users {
		team := fmt.Sprintf("team%03d", i%teams)
		name := fmt.Sprintf("%s-user%05d", team, i)
		gl := []any{team}
		if r.IntN(3) == 0 {
			gl = append(gl, "readers")
		}
		if i%500 == 0 {
			gl = append(gl, "admins")
		}
		u := obj{"UserName": name, "Arn": arn("user", name), "GroupList": gl, "AttachedManagedPolicies": []any{}, "UserPolicyList": []any{}}
		if r.IntN(20) == 0 {
			u["UserPolicyList"] = []any{obj{"PolicyName": "own-bucket", "PolicyDocument": doc(allow("s3:*", "arn:aws:s3:::${aws:username}-*"))}}
		}
		userList = append(userList, u)
	}
	services := []string{"lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "codebuild.amazonaws.com", "glue.amazonaws.com"}
	for i := range roles {
		t := i % teams
		team := fmt.Sprintf("team%03d", t)
		kind := r.IntN(20)
		name := fmt.Sprintf("%s-role%05d", team, i)
		var trust obj
		var profiles []any
		switch {
		case kind < 8: // a workload role
			name = fmt.Sprintf("%s-app-%05d", team, i)
			svc := services[r.IntN(len(services))]
			trust = doc(obj{"Effect": "Allow", "Principal": obj{"Service": svc}, "Action": "sts:AssumeRole",
				"Condition": obj{"StringEquals": obj{"aws:SourceAccount": benchAccount}}})
			if svc == "ec2.amazonaws.com" {
				profiles = []any{obj{"InstanceProfileName": name, "Arn": arn("instance-profile", name), "Roles": []any{obj{"RoleName": name}}}}
			}
		case kind < 14: // assumed by the team through the account
			trust = doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::" + benchAccount + ":root"}, "Action": "sts:AssumeRole"})
		case kind < 17: // named users and roles
			var ps []string
			for range 3 {
				ps = append(ps, arn("user", fmt.Sprintf("team%03d-user%05d", t, (r.IntN(max(users/teams, 1))*teams+t)%max(users, 1))))
			}
			ps = append(ps, arn("role", fmt.Sprintf("%s-role%05d", team, r.IntN(max(roles, 1)))))
			trust = doc(obj{"Effect": "Allow", "Principal": obj{"AWS": ps}, "Action": "sts:AssumeRole"})
		case kind < 19: // a partner
			trust = doc(obj{"Effect": "Allow", "Principal": obj{"AWS": fmt.Sprintf("arn:aws:iam::4444%08d:root", r.IntN(1000))}, "Action": "sts:AssumeRole",
				"Condition": obj{"StringEquals": obj{"sts:ExternalId": "ext-" + name}}})
		default: // GitHub Actions
			trust = doc(obj{"Effect": "Allow", "Principal": obj{"Federated": "arn:aws:iam::" + benchAccount + ":oidc-provider/token.actions.githubusercontent.com"},
				"Action": "sts:AssumeRoleWithWebIdentity", "Condition": obj{"StringEquals": obj{"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
					"StringLike": obj{"token.actions.githubusercontent.com:sub": "repo:example/" + team + ":*"}}})
		}
		att := []string{teamPolicies[t][0]}
		switch {
		case i%400 == 7:
			att = append(att, admin)
		case r.IntN(4) == 0:
			att = append(att, readOnly)
		case r.IntN(3) == 0:
			att = append(att, s3Read, lambdaBasic)
		}
		if r.IntN(10) == 0 {
			att = append(att, teamPolicies[t][len(teamPolicies[t])-1])
		}
		role := obj{"RoleName": name, "Arn": arn("role", name), "AssumeRolePolicyDocument": trust,
			"InstanceProfileList": profiles, "RolePolicyList": []any{}, "AttachedManagedPolicies": attach(att...)}
		if kind < 8 && r.IntN(4) == 0 {
			role["PermissionsBoundary"] = obj{"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}
		}
		roleList = append(roleList, role)
	}
	out, err := json.MarshalIndent(obj{"UserDetailList": userList, "GroupDetailList": groups, "RoleDetailList": roleList, "Policies": policies}, "", " ")
	if err != nil {
		panic(err)
	}
	return out
}

func generated(tb testing.TB, users, roles int) *account.Account {
	tb.Helper()
	src := generateDump(users, roles)
	f, err := source.Read("generated.json", src, source.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return f.Account
}

func TestGenerated(t *testing.T) {
	t.Parallel()
	a := generated(t, 300, 300)
	g := graph.Build(a)
	edges, paths := 0, g.EscalationPaths()
	for _, n := range g.Nodes {
		edges += len(n.Out) + len(n.Empower)
	}
	if edges == 0 || len(paths) == 0 {
		t.Fatalf("%d edges, %d paths: the generated account has no escalation", edges, len(paths))
	}
	t.Logf("%d nodes, %d edges, %d paths, e.g. %s", len(g.Nodes), edges, len(paths), paths[0])
}

// BenchmarkGraph builds the graph of a generated account of 5,000 users
// and 5,000 roles and finds every escalation path.
//
// IAMLINT_GRAPH_DUMP=FILE writes the generated dump there, to time the
// CLI on it.
func BenchmarkGraph(b *testing.B) {
	if out := os.Getenv("IAMLINT_GRAPH_DUMP"); out != "" {
		if err := os.WriteFile(out, generateDump(5000, 5000), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	a := generated(b, 5000, 5000)
	b.ResetTimer()
	var n int
	for b.Loop() {
		g := graph.Build(a)
		n = len(g.EscalationPaths())
	}
	b.ReportMetric(float64(n), "paths")
}
