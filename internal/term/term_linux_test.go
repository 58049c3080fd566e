package term

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/otpmigrate/otpmigrate/internal/testtool"
	"golang.org/x/sys/unix"
)

// readUntil reads the terminal's output until it holds want.
func readUntil(t *testing.T, ctrl *os.File, out *bytes.Buffer, want string) {
	t.Helper()
	ctrl.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 256)
	for !strings.Contains(out.String(), want) {
		n, err := ctrl.Read(buf)
		out.Write(buf[:n])
		if err != nil {
			t.Fatalf("waiting for %q, got %q: %v", want, out.String(), err)
		}
	}
}

func TestReadNoEcho(t *testing.T) {
	ctrl, tty := testtool.OpenPTY(t)
	type result struct {
		p   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := Read(tty, tty, "passphrase for \"2fa.age\"")
		done <- result{p, err}
	}()
	var out bytes.Buffer
	readUntil(t, ctrl, &out, `passphrase for "2fa.age": `)
	// Typed only once the prompt is up, as a person would: echo is off by
	// then, so the terminal must not show it.
	ctrl.Write([]byte("s3cret words\r"))
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if string(r.p) != "s3cret words" {
		t.Errorf("read %q", r.p)
	}
	readUntil(t, ctrl, &out, "\r\x1b[K")
	if strings.Contains(out.String(), "s3cret") {
		t.Errorf("passphrase echoed: %q", out.String())
	}
	// Echo is back on afterwards.
	st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if st.Lflag&unix.ECHO == 0 {
		t.Error("echo left off")
	}
}

func TestReadNotTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "in")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := Read(f, os.Stderr, "p"); err != ErrNoTerminal {
		t.Errorf("Read from a file: %v, want ErrNoTerminal", err)
	}
}

// Restore, as the signal handler calls it while a prompt is up, turns
// echo back on, and is final: the prompt's own restore afterwards, and a
// prompt begun afterwards, change the terminal no more (one that turned
// echo off after the handler's Restore left the shell without echo).
func TestRestoreIsFinal(t *testing.T) {
	t.Cleanup(func() {
		restores.Lock()
		restores.ended = false
		restores.Unlock()
	})
	ctrl, tty := testtool.OpenPTY(t)
	echoOn := func() bool {
		st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		return st.Lflag&unix.ECHO != 0
	}
	done := make(chan error, 1)
	go func() {
		_, err := Read(tty, tty, "passphrase")
		done <- err
	}()
	var out bytes.Buffer
	readUntil(t, ctrl, &out, "passphrase: ")
	if echoOn() {
		t.Fatal("echo on at the prompt")
	}
	Restore()
	if !echoOn() {
		t.Fatal("Restore left echo off")
	}
	// Echo is on again, so the typed line shows; the prompt then returns.
	ctrl.Write([]byte("typed\r"))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := Read(tty, tty, "again"); !errors.Is(err, ErrEnded) {
		t.Errorf("Read after Restore: %v, want %v", err, ErrEnded)
	}
	if !echoOn() {
		t.Error("echo off after Restore")
	}
}
