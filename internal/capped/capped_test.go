package capped

import (
	"errors"
	"strings"
	"testing"
)

func TestReadAll(t *testing.T) {
	big := errors.New("too large")
	if b, err := ReadAll(strings.NewReader("12345"), 5, big); err != nil || string(b) != "12345" {
		t.Errorf("at the limit: %q %v", b, err)
	}
	if _, err := ReadAll(strings.NewReader("123456"), 5, big); err != big {
		t.Errorf("past the limit: %v", err)
	}
}
