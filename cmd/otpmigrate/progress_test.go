package main

import (
	"bytes"
	"os"
	"testing"
)

// TestProgressSilent checks that no bar is drawn where control characters
// would end up in a log: a buffer, a regular file.
func TestProgressSilent(t *testing.T) {
	if p := (&ui{stderr: &bytes.Buffer{}}).progress(); p != nil {
		t.Error("progress bar on a buffer")
	}
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := (&ui{stderr: f}).progress(); p != nil {
		t.Error("progress bar on a regular file")
	}
}
