package main

// Tests on a pseudo-terminal, set up the Linux way.

import (
	"bytes"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/otpmigrate/otpmigrate/internal/term"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// TestWatchTerminal runs code --watch with standard output on a real
// pseudo-terminal, interrupts it as Ctrl-C would, and checks that the codes
// were drawn and the screen was cleared at the end.
func TestWatchTerminal(t *testing.T) {
	ptm, pts := testtool.OpenPTY(t)

	old := now
	now = func() time.Time { return time.Unix(1234567890, 0) }
	defer func() { now = old }()

	var stderr bytes.Buffer
	exit := make(chan int)
	go func() {
		exit <- run([]string{"otpmigrate", "code", "--watch", "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
			strings.NewReader(""), pts, &stderr)
	}()
	// Read until the first frame is complete; by then the SIGINT handler
	// is installed (it is set up before the first frame is drawn).
	var got bytes.Buffer
	buf := make([]byte, 4096)
	for !strings.Contains(got.String(), term.ClearBelow) {
		ptm.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := ptm.Read(buf)
		if err != nil {
			t.Fatalf("reading the terminal: %v; so far %q", err, got.String())
		}
		got.Write(buf[:n])
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var code int
	select {
	case code = <-exit:
	case <-time.After(10 * time.Second):
		t.Fatal("--watch did not stop on SIGINT")
	}
	// Collect the rest of the output.
	for !strings.HasSuffix(got.String(), term.LeaveScreen) {
		ptm.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := ptm.Read(buf)
		if err != nil {
			break
		}
		got.Write(buf[:n])
	}
	if code != exitOK {
		t.Errorf("exit %d, want 0; stderr:\n%s", code, stderr.String())
	}
	s := got.String()
	// RFC 6238 at 1234567890 (SHA1): 89005924, so 6 digits 005924.
	for _, want := range []string{term.EnterScreen, "ISSUER", "GitHub", "005 924", "30s", "2009-02-13 23:31:30 UTC"} {
		if !strings.Contains(s, want) {
			t.Errorf("terminal output lacks %q:\n%q", want, s)
		}
	}
	if !strings.HasSuffix(s, term.LeaveScreen) {
		t.Errorf("terminal output does not end by clearing the screen:\n%q", s)
	}
}

// TestWatchUsage checks the flags --watch refuses, on a terminal too.
func TestWatchUsage(t *testing.T) {
	const url = "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"--at", "2026-01-01T00:00:00Z"}, "otpmigrate: error: --watch shows the codes of now; it cannot be combined with --at\n"},
		{[]string{"--format", "json"}, "otpmigrate: error: --watch draws a table; it cannot be combined with --format json\n"},
	}
	for _, tt := range tests {
		ptm, pts := testtool.OpenPTY(t)
		var stderr bytes.Buffer
		args := append(append([]string{"otpmigrate", "code", "--watch"}, tt.args...), url)
		if got := run(args, strings.NewReader(""), pts, &stderr); got != exitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, got, exitUsage)
		}
		if !strings.HasPrefix(stderr.String(), tt.msg) {
			t.Errorf("%v: stderr\n%s\nwant first line\n%s", tt.args, stderr.String(), tt.msg)
		}
		pts.Close()
		ptm.Close()
	}
}
