package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite README.md's exit status table from exit.go")

// TestExitStatusDocumented keeps the README's exit status table and
// doc.go's list equal to exitStatuses, which the help shows.
func TestExitStatusDocumented(t *testing.T) {
	const begin, end = "| status | meaning |\n", "<!-- end exit-status -->"
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatal("README.md has no exit status table between its markers")
	}
	if got, want := s[i:j], exitStatusMarkdown(); got != want {
		if *updateReadme {
			os.WriteFile("../../README.md", []byte(s[:i]+want+s[j:]), 0o644)
		} else {
			t.Errorf("README.md's exit status table:\n%s\nwant (go test -run TestExitStatusDocumented -update-readme):\n%s", got, want)
		}
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var list strings.Builder
	in := false
	for _, l := range strings.Split(string(doc), "\n") {
		switch {
		case l == "// Exit status:":
			in = true
		case in && strings.HasPrefix(l, "//   - "):
			list.WriteString(strings.TrimPrefix(l, "//   ") + "\n")
		case in && l != "//":
			in = false
		}
	}
	if got, want := list.String(), exitStatusDoc(); got != want {
		t.Errorf("doc.go's exit status list:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(appDescription, exitStatusText()) {
		t.Error("the help does not show exitStatuses")
	}
}

// TestReadme runs every command of README.md that shows its output, in a
// folder holding the repository's testdata, and compares what it prints
// (standard output and error together) with what the README shows. A
// transcript is a fenced block whose lines start with "$ " for a command;
// the lines up to the next command are its output. "go run
// ./cmd/otpmigrate" runs this test binary as otpmigrate; "export K=V"
// sets the variable for the rest of the README.
func TestReadme(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	fixtures, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	script, wants := readmeScript(t, string(readme))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "readme.txtar"), []byte(script+wants), 0o600); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: dir,
		Setup: func(e *testscript.Env) error {
			return os.CopyFS(filepath.Join(e.WorkDir, "testdata"), os.DirFS(fixtures))
		},
		Condition: func(cond string) (bool, error) {
			if tool, ok := strings.CutPrefix(cond, "tool:"); ok {
				return haveTool(t, tool), nil
			}
			return false, nil
		},
	})
}

var fence = regexp.MustCompile("(?s)```\n(\\$ .*?)```\n")

// readmeScript turns the README's transcripts into one testscript and the
// files of the output each command must print.
func readmeScript(t *testing.T, readme string) (script, wants string) {
	var sb, wb strings.Builder
	n := 0
	env := map[string]string{}
	for _, m := range fence.FindAllStringSubmatch(readme, -1) {
		var cmd string
		var out strings.Builder
		flush := func() {
			if cmd == "" {
				return
			}
			n++
			name := fmt.Sprintf("want-%d.txt", n)
			cond := ""
			if strings.HasPrefix(cmd, "age ") {
				cond = "[tool:age] "
				// age asks the passphrase on the terminal.
				if !strings.Contains(cmd, " -i ") {
					fmt.Fprintf(&sb, "%sttyin passphrase.txt\n", cond)
				}
			}
			fmt.Fprintf(&sb, "# %s\n%sexec sh -c '%s >out.txt 2>&1; true'\n%scmp out.txt %s\n", cmd, cond, strings.ReplaceAll(cmd, "'", `'"'"'`), cond, name)
			fmt.Fprintf(&wb, "-- %s --\n%s", name, out.String())
			cmd = ""
			out.Reset()
		}
		for _, l := range strings.SplitAfter(m[1], "\n") {
			if c, ok := strings.CutPrefix(l, "$ "); ok {
				flush()
				c = strings.TrimSpace(c)
				c = strings.Replace(c, "go run ./cmd/otpmigrate ", "otpmigrate ", 1)
				if kv, ok := strings.CutPrefix(c, "export "); ok {
					k, v, _ := strings.Cut(kv, "=")
					v = strings.Trim(v, "'")
					env[k] = v
					fmt.Fprintf(&sb, "env %s=%s\n", k, quoteScript(v))
					continue
				}
				cmd = c
				continue
			}
			out.WriteString(l)
		}
		flush()
	}
	if n < 8 {
		t.Fatalf("found only %d README commands", n)
	}
	fmt.Fprintf(&wb, "-- passphrase.txt --\n%s\n", env["OTPMIGRATE_PASSPHRASE"])
	return sb.String(), wb.String()
}

// quoteScript quotes a value for a testscript line.
func quoteScript(v string) string {
	if strings.ContainsAny(v, " '") {
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return v
}
