package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/internal/synth"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// TestProgressOnTerminal decodes six screenshots with standard error on a
// pseudo-terminal: a bar counts the images scanned and is wiped at the end,
// so that the terminal is left clean for messages.
func TestProgressOnTerminal(t *testing.T) {
	ptm, pts := testtool.OpenPTY(t)
	dir := t.TempDir()
	var args []string
	for i := range 6 {
		png, err := synth.GoQRCodePNG(fmt.Sprintf("otpauth://totp/Shot:user%d?secret=GEZDGNBVGY3TQOJQ", i))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("shot%d.png", i))
		if err := os.WriteFile(p, png, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	var stdout bytes.Buffer
	code := run(append([]string{"otpmigrate", "decode"}, args...), strings.NewReader(""), &stdout, pts)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if n := strings.Count(stdout.String(), "otpauth://totp/Shot:user"); n != 6 {
		t.Errorf("%d accounts on stdout, want 6", n)
	}
	// run has returned: everything it drew is waiting on the terminal.
	got := readUntilMarker(t, ptm, pts)
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("the bar is not wiped at the end: %q", got)
	}
	for _, want := range []string{"\rotpmigrate: scanning images [", "] 1/6", "] 6/6"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal shows %q, want it to contain %q", got, want)
		}
	}
	if strings.Contains(got, "GEZDGNBV") {
		t.Errorf("terminal shows a secret: %q", got)
	}

	// Fewer images than progressMin: no bar.
	p := (&ui{stderr: pts}).progress()
	if p == nil {
		t.Fatal("no progress bar on a terminal")
	}
	p(1, progressMin-1)
	p(progressMin-1, progressMin-1)
	if got := readUntilMarker(t, ptm, pts); got != "" {
		t.Errorf("bar drawn for %d images: %q", progressMin-1, got)
	}
}

// readUntilMarker returns what was written to tty so far: it writes a
// marker after it and reads up to the marker, so that no read waits for
// output that never comes.
func readUntilMarker(t *testing.T, ctrl, tty *os.File) string {
	t.Helper()
	const marker = "<end of output>"
	if _, err := tty.WriteString(marker); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	buf := make([]byte, 4096)
	for !strings.Contains(got.String(), marker) {
		n, err := ctrl.Read(buf)
		if err != nil {
			t.Fatalf("reading the terminal: %v; so far %q", err, got.String())
		}
		got.Write(buf[:n])
	}
	return strings.TrimSuffix(got.String(), marker)
}
