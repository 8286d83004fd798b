package source

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/iamlint/iamlint/policy"
)

const tfMain = `variable "bucket" {
  default = "app-data"
}

locals {
  actions = ["s3:GetObject", "s3:PutObject"]
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name   = "inline"
    policy = <<-EOF
      {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::$${aws:username}"}]
      }
    EOF
  }
}

resource "aws_iam_policy" "app" {
  name = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = local.actions
      Resource = "arn:aws:s3:::${var.bucket}/*"
    }, {
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "${aws_s3_bucket.b.arn}/*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.app.arn
}

resource "aws_iam_group" "devs" {
  name = "devs"
}

resource "aws_iam_user" "u" {
  name = "u"
}

resource "aws_iam_group_membership" "devs" {
  name  = "devs"
  group = aws_iam_group.devs.name
  users = [aws_iam_user.u.name]
}
`

const tfIAM = `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}

data "aws_iam_policy_document" "unused" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
`

func TestTerraformModule(t *testing.T) {
	t.Parallel()
	files, errs := ReadModule([]Input{{Path: "main.tf", Src: []byte(tfMain)}, {Path: "iam.tf", Src: []byte(tfIAM)}}, Options{})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
	}
	main, iam := files[0], files[1]
	if main.Account != iam.Account {
		t.Error("the files of a module must share one model")
	}

	// The policy document data source, used from main.tf, is a document
	// of iam.tf positioned at its arguments.
	trust := doc(t, iam, "aws_iam_role.app.assume_role_policy")
	if trust.Kind != policy.Trust || trust.File != "iam.tf" {
		t.Errorf("trust: kind %s file %s", trust.Kind, trust.File)
	}
	wantPos(t, at(t, trust.Root, "Statement/0/Action/0"), 3, 16, "sts:AssumeRole")
	wantPos(t, at(t, trust.Root, "Statement/0/Principal/Service/0"), 6, 22, "ec2.amazonaws.com")
	wantPos(t, at(t, trust.Root, "Statement/0/Effect"), 2, 3, "Allow")
	if !trust.Statements[0].Condition.HasKey("aws:SourceAccount") {
		t.Error("condition block lost")
	}
	unused := doc(t, iam, "data.aws_iam_policy_document.unused")
	wantPos(t, at(t, unused.Root, "Statement/0/Sid"), 18, 17, "Read")

	// A heredoc: positions inside it; $${ is ${.
	inline := doc(t, main, "aws_iam_role.app.inline_policy.policy")
	wantPos(t, at(t, inline.Root, "Statement/0/Action"), 17, 53, "s3:ListBucket")
	res := at(t, inline.Root, "Statement/0/Resource")
	if res.Str != "arn:aws:s3:::${aws:username}" || res.Unknown {
		t.Errorf("policy variable: %q unknown=%v", res.Str, res.Unknown)
	}

	// jsonencode: positions of each leaf; locals and variables resolved.
	pol := doc(t, main, "aws_iam_policy.app.policy")
	wantPos(t, at(t, pol.Root, "Statement/0/Effect"), 28, 18, "Allow")
	wantPos(t, at(t, pol.Root, "Statement/0/Action/1"), 6, 30, "s3:PutObject")
	wantPos(t, at(t, pol.Root, "Statement/0/Resource"), 30, 18, "arn:aws:s3:::app-data/*")
	if r := at(t, pol.Root, "Statement/1/Resource"); !r.Unknown {
		t.Errorf("a reference to another resource must be unknown: %+v", r)
	}

	acct := main.Account
	if len(acct.Roles) != 1 || len(acct.Roles[0].Attached) != 1 || acct.Roles[0].Attached[0].Policy == nil || acct.Roles[0].Attached[0].Policy.Doc != pol {
		t.Errorf("attachment not linked: %+v", acct.Roles[0].Attached)
	}
	if len(acct.Roles[0].Inline) != 1 || acct.Roles[0].Trust != trust {
		t.Error("role inline policy or trust not linked")
	}
	g := acct.Groups[0]
	if !g.MembersKnown || len(g.Members) != 1 {
		t.Errorf("group membership: known %v, %d members", g.MembersKnown, len(g.Members))
	}
}

func TestTerraformErrors(t *testing.T) {
	t.Parallel()
	files, errs := ReadModule([]Input{
		{Path: "bad.tf", Src: []byte("resource \"x\" {\n  a = \n}\n")},
		{Path: "other.tf", Src: []byte("provider \"aws\" {}\n")},
	}, Options{})
	var se *Error
	if !errors.As(errs[0], &se) || se.Pos.Line != 2 {
		t.Errorf("bad.tf: %v", errs[0])
	}
	if files[1] != nil || !errors.Is(errs[1], ErrNotPolicy) {
		t.Errorf("other.tf holds no IAM: %v", errs[1])
	}
}

func TestTerraformLambdaPermission(t *testing.T) {
	t.Parallel()
	const src = `resource "aws_lambda_permission" "s3" {
  action        = "lambda:InvokeFunction"
  function_name = "my-function"
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.b.arn
}
`
	f := read(t, "lambda.tf", src)
	d := doc(t, f, "aws_lambda_permission.s3")
	if d.Kind != policy.Resource || len(d.Statements) != 1 {
		t.Fatalf("kind %s, %d statements", d.Kind, len(d.Statements))
	}
	wantPos(t, at(t, d.Root, "Statement/0/Principal/Service"), 4, 19, "s3.amazonaws.com")
	wantPos(t, at(t, d.Root, "Statement/0/Action"), 2, 19, "lambda:InvokeFunction")
	if r := at(t, d.Root, "Statement/0/Resource"); !r.Unknown {
		t.Error("the function is a name, not an ARN: unknown")
	}
	if !d.Statements[0].Condition.HasKey("AWS:SourceArn") {
		t.Error("source_arn is a condition")
	}
}

func TestTerraformTooDeep(t *testing.T) {
	t.Parallel()
	src := "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode(" + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + ")\n}\n"
	_, errs := ReadModule([]Input{{Path: "deep.tf", Src: []byte(src)}}, Options{})
	var se *Error
	if !errors.As(errs[0], &se) || se.Pos.Line != 2 {
		t.Errorf("deep nesting: %v", errs[0])
	}
	// Brackets in strings and comments do not count.
	ok := "# " + strings.Repeat("[", 1000) + "\nresource \"aws_iam_user\" \"u\" {\n  name = \"" + strings.Repeat("(", 1000) + "\"\n}\n"
	if _, errs := ReadModule([]Input{{Path: "ok.tf", Src: []byte(ok)}}, Options{}); errs[0] != nil {
		t.Errorf("brackets in strings and comments: %v", errs[0])
	}
}

func TestTerraformExpansionBounded(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("locals {\n")
	for i := range 60 {
		fmt.Fprintf(&b, "  l%d = [local.l%d, local.l%d]\n", i, i+1, i+1)
	}
	b.WriteString("  l60 = \"s3:GetObject\"\n}\nresource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({Statement = [{Action = local.l0}]})\n}\n")
	start := time.Now()
	f := read(t, "expo.tf", b.String())
	if len(f.Documents) != 1 || time.Since(start) > 5*time.Second {
		t.Errorf("%d documents in %s", len(f.Documents), time.Since(start))
	}
}

// A dynamic "statement" block, a source document computed at apply time, a
// dynamic "condition" block, a condition on a computed key and dynamic
// principals are unknown, positioned at the block or argument that writes
// them: the policy is not taken for one without those statements, tests or
// principals.
func TestTerraformDynamicBlocks(t *testing.T) {
	const src = `variable "buckets" {
  type = list(string)
}

variable "extra_json" {
  type = string
}

variable "subs" {
  type = list(string)
}

data "aws_iam_policy_document" "dyn" {
  source_policy_documents = [var.extra_json]

  dynamic "statement" {
    for_each = var.buckets
    content {
      actions   = ["s3:PutObject"]
      resources = ["arn:aws:s3:::${statement.value}/*"]
    }
  }
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    dynamic "condition" {
      for_each = var.subs
      content {
        test     = "StringLike"
        variable = "token.actions.githubusercontent.com:sub"
        values   = [condition.value]
      }
    }
  }
  statement {
    actions = ["sts:AssumeRole"]
    dynamic "principals" {
      for_each = var.subs
      content {
        type        = "AWS"
        identifiers = [principals.value]
      }
    }
    condition {
      test     = "StringEquals"
      variable = "${var.subs[0]}:sub"
      values   = ["x"]
    }
  }
}

resource "aws_iam_policy" "dyn" {
  name   = "dyn"
  policy = data.aws_iam_policy_document.dyn.json
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`
	f := read(t, "main.tf", src)
	d := doc(t, f, "aws_iam_policy.dyn.policy")
	stmts := at(t, d.Root, "Statement")
	if len(stmts.Elems) != 2 {
		t.Fatalf("%d statements, want 2 unknown ones", len(stmts.Elems))
	}
	for i, want := range []string{"[var.extra_json]", "dynamic \"statement\""} {
		s := stmts.Elems[i]
		if !s.Unknown {
			t.Errorf("statement %d is known", i)
		}
		if !strings.HasPrefix(src[s.Span.Start.Offset:], want) {
			t.Errorf("statement %d at %q, want %q", i, src[s.Span.Start.Offset:s.Span.Start.Offset+20], want)
		}
	}
	wantPos(t, stmts.Elems[1], 16, 3, `dynamic "statement"`)

	tr := doc(t, f, "aws_iam_role.r.assume_role_policy")
	if tr.Kind != policy.Trust {
		t.Fatalf("trust document of kind %s", tr.Kind)
	}
	cond := tr.Statements[0].Condition
	if cond == nil || !cond.Member.Value.Unknown {
		t.Fatalf("condition with a dynamic block is not unknown: %+v", cond)
	}
	if got := cond.Member.KeySpan.Start; got.Line != 37 || got.Col != 5 {
		t.Errorf("dynamic condition at %d:%d, want 37:5", got.Line, got.Col)
	}
	p := tr.Statements[1].Principal
	if p == nil || !p.Member.Value.Unknown {
		t.Fatalf("dynamic principals are not unknown: %+v", p)
	}
	if got := p.Member.KeySpan.Start; got.Line != 48 || got.Col != 5 {
		t.Errorf("dynamic principals at %d:%d, want 48:5", got.Line, got.Col)
	}
	cond = tr.Statements[1].Condition
	if cond == nil || !cond.Member.Value.Unknown {
		t.Fatalf("condition on a computed key is not unknown: %+v", cond)
	}
	if got := cond.Member.KeySpan.Start; got.Line != 55 || got.Col != 5 {
		t.Errorf("computed condition at %d:%d, want 55:5", got.Line, got.Col)
	}
}

// A managed policy used only as a permissions boundary is a boundary; one
// also attached keeps its kind.
func TestTerraformBoundaryKind(t *testing.T) {
	const src = `resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}

resource "aws_iam_policy" "both" {
  name   = "both"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:*", Resource = "*" }] })
}

resource "aws_iam_role" "app" {
  name                 = "app"
  permissions_boundary = aws_iam_policy.boundary.arn
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_user" "u" {
  name                 = "u"
  permissions_boundary = aws_iam_policy.both.arn
}

resource "aws_iam_user_policy_attachment" "u" {
  user       = aws_iam_user.u.name
  policy_arn = aws_iam_policy.both.arn
}
`
	f := read(t, "main.tf", src)
	if k := doc(t, f, "aws_iam_policy.boundary.policy").Kind; k != policy.Boundary {
		t.Errorf("boundary-only policy of kind %s, want boundary", k)
	}
	if k := doc(t, f, "aws_iam_policy.both.policy").Kind; k != policy.Identity {
		t.Errorf("attached policy of kind %s, want identity", k)
	}
}

// An IAM ARN built in the module links to the module's entity: its name
// taken from the resource, or written, in the caller's own account.
func TestTerraformOwnAccountARN(t *testing.T) {
	const src = `data "aws_caller_identity" "current" {}

variable "account_id" {
  type = string
}

resource "aws_iam_policy" "boundary" {
  name   = "app-boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}

resource "aws_iam_policy" "p" {
  name   = "p"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
}

resource "aws_iam_role" "a" {
  name                 = "a"
  permissions_boundary = "arn:aws:iam::${var.account_id}:policy/${aws_iam_policy.boundary.name}"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_user" "u" {
  name                 = "u"
  permissions_boundary = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:policy/app-boundary"
}

resource "aws_iam_user_policy_attachment" "u" {
  user       = aws_iam_user.u.name
  policy_arn = "arn:aws:iam::${var.account_id}:policy/p"
}
`
	f := read(t, "main.tf", src)
	r := f.Account.Roles[0]
	if r.Boundary == nil || r.Boundary.Policy == nil || r.Boundary.Policy.ID != "aws_iam_policy.boundary" {
		t.Fatalf("role boundary %+v, want aws_iam_policy.boundary", r.Boundary)
	}
	if got := r.Boundary.Loc.Span.Start; got.Line != 19 || got.Col != 26 {
		t.Errorf("role boundary at %d:%d, want 19:26", got.Line, got.Col)
	}
	u := f.Account.Users[0]
	if u.Boundary == nil || u.Boundary.Policy == nil || u.Boundary.Policy.ID != "aws_iam_policy.boundary" {
		t.Fatalf("user boundary %+v, want aws_iam_policy.boundary", u.Boundary)
	}
	// Another account may hold a policy named p: not linked.
	if len(u.Attached) != 1 || u.Attached[0].Policy != nil {
		t.Errorf("policy p of account ${var.account_id} linked: %+v", u.Attached)
	}
	if k := doc(t, f, "aws_iam_policy.boundary.policy").Kind; k != policy.Boundary {
		t.Errorf("boundary policy of kind %s", k)
	}
}

// A variable whose default is empty ("", [], {}, null) is an optional input
// that callers set: its value is unknown, positioned at the reference. A
// default with a value is that value.
func TestTerraformEmptyDefaultIsUnknown(t *testing.T) {
	const src = `variable "arns" {
  type    = list(string)
  default = []
}

variable "key" {
  type    = string
  default = ""
}

variable "bucket" {
  type    = string
  default = "app-data"
}

resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:ListBucket", Resource = var.arns },
      { Effect = "Allow", Action = "kms:Decrypt", Resource = var.key },
      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::${var.bucket}/*" },
    ]
  })
}
`
	f := read(t, "main.tf", src)
	d := doc(t, f, "aws_iam_policy.p.policy")
	for i, want := range []string{"${var.arns}", "${var.key}"} {
		n := at(t, d.Root, fmt.Sprintf("Statement/%d/Resource", i))
		if !n.Unknown {
			t.Errorf("statement %d: Resource %q is known", i, n.Str)
		}
		wantPos(t, n, 21+i, 64-i*2, want)
	}
	n := at(t, d.Root, "Statement/2/Resource")
	if n.Unknown || n.Str != "arn:aws:s3:::app-data/*" {
		t.Errorf("a default with a value: %q (unknown %v)", n.Str, n.Unknown)
	}
}
