package catalog

import (
	"testing"
	"time"
)

// BenchmarkLoad measures what Default costs on first use: decompressing and
// decoding the embedded catalog. It must stay under 20 ms per op.
func BenchmarkLoad(b *testing.B) {
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := load(embedded); err != nil {
			b.Fatal(err)
		}
		worst = max(worst, time.Since(start))
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}

func BenchmarkExpand(b *testing.B) {
	c := Default()
	for _, p := range []string{"s3:Get*", "*:Get*", "iam:PassRole", "*"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				c.Expand(p)
			}
		})
	}
}

func BenchmarkMatch(b *testing.B) {
	c := Default()
	object := resourceType(b, c, "s3:object")
	logs := resourceType(b, c, "logs:log-stream")
	object.Match("*x") // compile outside the loop
	logs.Match("*x")
	for _, tt := range []struct {
		name string
		rt   *ResourceType
		res  string
	}{
		{"object-literal", object, "arn:aws:s3:::my-bucket/some/key/file.txt"},
		{"object-wildcard", object, "arn:aws:s3:::my-bucket*/*/x*"},
		{"logs-wildcards", logs, "arn:aws:logs:*:*:log-group:/aws/lambda/*:log-stream:*"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				tt.rt.Match(tt.res)
			}
		})
	}
}

func BenchmarkSuggestAction(b *testing.B) {
	c := Default()
	for b.Loop() {
		c.SuggestAction("ec2:DescribeInstanse")
	}
}
