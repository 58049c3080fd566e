package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/otpmigrate/otpmigrate/backup"
	"github.com/otpmigrate/otpmigrate/encode"
)

// TestRunWithoutCLI: a command's run function takes its typed options and
// an env, so that it runs without a cli.App.
func TestRunWithoutCLI(t *testing.T) {
	const url = "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub"
	var out, errb bytes.Buffer
	e := env{ui: &ui{stderr: &errb}, stdin: strings.NewReader(url + "\n"), stdout: &out}
	if err := runDecode(decodeOptions{in: inputOptions{command: "decode", args: []string{"-"}, maxWorkFactor: backup.DefaultMaxWorkFactor}, format: encode.FormatURLs}, e); err != nil {
		t.Fatal(err)
	}
	if out.String() != url+"\n" || errb.Len() != 0 {
		t.Errorf("decode wrote %q, stderr %q", out.String(), errb.String())
	}

	out.Reset()
	e.stdin = strings.NewReader(url + "\n")
	o := codeOptions{in: inputOptions{command: "code", args: []string{"-"}, maxWorkFactor: backup.DefaultMaxWorkFactor}, format: encode.CodesPlain, at: time.Unix(59, 0)}
	if err := runCode(o, e); err != nil {
		t.Fatal(err)
	}
	// RFC 6238's SHA-1 vector at 59 s, 8 digits 94287082: 6 digits 287082.
	if out.String() != "287082\tGitHub\talice\n" {
		t.Errorf("code wrote %q", out.String())
	}

	if err := runDecode(decodeOptions{in: inputOptions{command: "decode", maxWorkFactor: backup.DefaultMaxWorkFactor}, format: encode.FormatURLs}, e); err == nil {
		t.Error("decode without inputs succeeded")
	} else if _, ok := err.(usageError); !ok {
		t.Errorf("decode without inputs: %T %v, want a usage error", err, err)
	}
}
