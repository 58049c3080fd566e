package main

import (
	"os"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/target"
)

// TestTargetsDoc keeps docs/targets.md in step with the table: the output
// of `otpmigrate targets` and of `otpmigrate targets APP` for every app
// must appear in it verbatim.
func TestTargetsDoc(t *testing.T) {
	doc, err := os.ReadFile("../../docs/targets.md")
	if err != nil {
		t.Fatal(err)
	}
	outputs := [][]string{{"targets"}}
	for _, name := range target.Names() {
		outputs = append(outputs, []string{"targets", name})
	}
	for _, args := range outputs {
		code, stdout, stderr := runArgs(t, args...)
		if code != exitOK || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		if !strings.Contains(string(doc), "```\n"+stdout+"```\n") {
			t.Errorf("docs/targets.md lacks the output of otpmigrate %s; paste it in a code block", strings.Join(args, " "))
		}
	}
}
