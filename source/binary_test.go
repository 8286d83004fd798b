package source

import (
	"errors"
	"testing"
)

func TestReadRejectsBinary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		line int
		col  int
	}{
		{"nul", "{\"Version\": \"2012-10-17\"}\x00", 1, 26},
		{"latin1 on line 2", "{\n  \"Sid\": \"caf\xe9\"}", 2, 14},
	}
	for _, tt := range tests {
		_, err := Read("p.json", []byte(tt.src), Options{})
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: error %v, want *Error", tt.name, err)
		}
		if e.Pos.Line != tt.line || e.Pos.Col != tt.col {
			t.Errorf("%s: at %d:%d, want %d:%d (%s)", tt.name, e.Pos.Line, e.Pos.Col, tt.line, tt.col, e.Msg)
		}
	}
	if _, err := Read("p.json", []byte(`{"Version": "2012-10-17", "Statement": {"Sid": "café", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}`), Options{}); err != nil {
		t.Errorf("UTF-8 text rejected: %v", err)
	}
}
