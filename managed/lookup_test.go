package managed

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	t.Parallel()
	s := Default()
	for _, tc := range []struct {
		ref  string
		want string // ARN of the policy found, "" for nil
	}{
		{"arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess"},
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
		{"arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
		{"arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{"arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"},
		{"arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy", "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"},
		{"service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
		{"ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{"readonlyaccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{"AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},

		{"arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", ""},              // wrong path
		{"arn:aws:iam::aws:policy/job-function/AWSLambdaBasicExecutionRole", ""}, // wrong path
		{"arn:aws:iam::aws:policy/readonlyaccess", ""},                           // ARNs are case-sensitive
		{"arn:aws:iam::aws:policy/ReadOnlyAcess", ""},
		{"arn:aws:iam::123456789012:policy/ReadOnlyAccess", ""},
		{"arn:aws:iam:::policy/ReadOnlyAccess", ""},
		{"arn:azure:iam::aws:policy/ReadOnlyAccess", ""},
		{"arn:aws:iam::aws:policy//ReadOnlyAccess", ""},
		{"AWSLambdaBasicExecutionRole/", ""},
		{"/ReadOnlyAccess", ""},
		{"NoSuchPolicy", ""},
		{"", ""},
	} {
		got := ""
		if p := s.Lookup(tc.ref); p != nil {
			got = p.ARN
		}
		if got != tc.want {
			t.Errorf("Lookup(%q) = %q, want %q", tc.ref, got, tc.want)
		}
	}
}

func TestLookupAdministratorAccess(t *testing.T) {
	t.Parallel()
	p := Default().Lookup("arn:aws:iam::aws:policy/AdministratorAccess")
	if p == nil {
		t.Fatal("AdministratorAccess not found")
	}
	if !strings.Contains(string(p.Document), `"Action": "*"`) {
		t.Errorf("document does not allow every action:\n%s", p.Document)
	}
	if p.Name != "AdministratorAccess" || p.Path != "/" || p.VersionID == "" || p.Updated == "" {
		t.Errorf("policy = %+v", *p)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	s := Default()
	for _, tc := range []struct{ ref, want string }{
		{"arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
		{"arn:aws-cn:iam::aws:policy/AWSLambdaBasicExecutionRole", "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
		{"arn:aws:iam::aws:policy/service-role/ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{"arn:aws:iam::aws:policy/readonlyaccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{"arn:aws:iam::aws:policy/ReadOnlyAcess", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecRole", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},
		{"arn:aws:iam:::policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{"AdministratorAcces", "arn:aws:iam::aws:policy/AdministratorAccess"},
		{"AWSLambdaBasicExecutionRole/", ""},
		{"job-function/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"},

		{"arn:aws:iam::aws:policy/ReadOnlyAccess", ""}, // resolves
		{"ReadOnlyAccess", ""},
		{"readonlyaccess", ""},
		{"arn:aws:iam::123456789012:policy/ReadOnlyAccess", ""}, // customer managed
		{"arn:aws:s3:::bucket", ""},
		{"CompletelyDifferentThing", ""},
		{"", ""},
	} {
		if got := s.Suggest(tc.ref); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.ref, got, tc.want)
		}
	}
}

func TestIsManagedARN(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ref  string
		want bool
	}{
		{"arn:aws:iam::aws:policy/AdministratorAccess", true},
		{"arn:aws:iam::aws:policy/service-role/NoSuchPolicy", true},
		{"arn:aws-cn:iam::aws:policy/ReadOnlyAccess", true},
		{"arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", true},
		{"arn:aws-iso-b:iam::aws:policy/ReadOnlyAccess", true},
		{"arn:aws:iam::123456789012:policy/ReadOnlyAccess", false},
		{"arn:aws:iam::aws:role/ReadOnlyAccess", false},
		{"arn:aws:iam::aws:policy/", false},
		{"arn:aws:iam::aws:policy/a//b", false},
		{"arn:aws:iam::aws:policy/a/", false},
		{"arn:aws-:iam::aws:policy/a", false},
		{"arn:AWS:iam::aws:policy/a", false},
		{"ReadOnlyAccess", false},
		{"", false},
	} {
		if got := IsManagedARN(tc.ref); got != tc.want {
			t.Errorf("IsManagedARN(%q) = %v, want %v", tc.ref, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2}, {"same", "same", 0},
	} {
		if got, _ := distance(tc.a, tc.b, nil); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
