package authz_test

import (
	"fmt"

	"github.com/iamlint/iamlint/authz"
	"github.com/iamlint/iamlint/policy"
)

func ExampleEvaluate() {
	identity, err := authz.ParsePolicy("alice.json", []byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "OwnHome", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::home/${aws:username}/*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}
  ]
}`), policy.Identity)
	if err != nil {
		panic(err)
	}
	set := &authz.Set{Identity: []*authz.Policy{identity}}
	principal := authz.ParsePrincipal("arn:aws:iam::111122223333:user/alice")
	ctx := &authz.Context{}
	ctx.SetRequestKeys(principal, "111122223333") // aws:username and the other keys AWS sets

	for _, action := range []string{"s3:GetObject", "s3:DeleteObject", "iam:CreateUser"} {
		d := authz.Evaluate(set, &authz.Request{Principal: principal, Action: action, Resource: "arn:aws:s3:::home/alice/notes.txt", Context: ctx})
		fmt.Println(action, d.Effect)
		for _, s := range d.Statements {
			fmt.Printf("  %s:%d %s %s\n", s.File(), s.Pos().Line, s.Effect(), s.Sid())
		}
	}
	// Output:
	// s3:GetObject Allowed
	//   alice.json:4 Allow OwnHome
	// s3:DeleteObject ExplicitlyDenied
	//   alice.json:5 Deny NoDelete
	// iam:CreateUser ImplicitlyDenied
}

// An open context asks whether a request can be allowed at all: keys not
// set are unknown, and a decision that depends on them is Conditional.
func ExampleContext_open() {
	identity, err := authz.ParsePolicy("p.json", []byte(`{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}
]}`), policy.Identity)
	if err != nil {
		panic(err)
	}
	set := &authz.Set{Identity: []*authz.Policy{identity}}
	req := &authz.Request{
		Principal: authz.ParsePrincipal("arn:aws:iam::111122223333:role/deployer"),
		Action:    "iam:PassRole",
		Resource:  "arn:aws:iam::111122223333:role/admin",
		Context:   &authz.Context{Open: true},
	}
	fmt.Println(authz.Decide(set, req))
	req.Context.Set("iam:PassedToService", "lambda.amazonaws.com")
	fmt.Println(authz.Decide(set, req))
	// Output:
	// Conditional
	// Allowed
}
