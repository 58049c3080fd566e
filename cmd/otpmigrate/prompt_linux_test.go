package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/otpmigrate/otpmigrate/internal/term"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
	"golang.org/x/sys/unix"
)

// TestPromptSignals types Ctrl-\ and Ctrl-C at a real passphrase prompt:
// an otpmigrate process whose controlling terminal is a pseudo-terminal.
// It must end as the shell expects for the signal, without a goroutine
// dump, and leave the terminal echoing again.
func TestPromptSignals(t *testing.T) {
	bin, err := exec.LookPath("otpmigrate")
	if err != nil {
		t.Fatalf("otpmigrate is not on $PATH (testscript.Main puts it there): %v", err)
	}
	for _, tt := range []struct {
		name string
		key  string
		sig  syscall.Signal
	}{
		{"Ctrl-backslash", "\x1c", syscall.SIGQUIT},
		{"Ctrl-C", "\x03", syscall.SIGINT},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctrl, tty := testtool.OpenPTY(t)
			dir := t.TempDir()
			cmd := exec.Command(bin, "backup", "-o", filepath.Join(dir, "2fa.age"), "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP")
			var env []string
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, passphraseEnv+"=") {
					env = append(env, kv)
				}
			}
			cmd.Env = env
			cmd.Stdin = tty
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stderr, &stderr
			// A session of its own with the pseudo-terminal as its
			// controlling terminal: /dev/tty is then that terminal, and
			// the keys typed there signal the process.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			screenReader(t, ctrl, cmd, &stderr)("Enter passphrase for")
			// The prompt is up; echo goes off just before it is drawn.
			for deadline := time.Now().Add(5 * time.Second); echoOn(t, tty) && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond)
			}
			if _, err := ctrl.Write([]byte(tt.key)); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("%s did not end the prompt", tt.name)
			}
			if !exitedBy(err, tt.sig) {
				t.Errorf("ended with %v, want as by %v; stderr:\n%.500s", err, tt.sig, stderr.String())
			}
			if strings.Contains(stderr.String(), "goroutine ") {
				t.Errorf("goroutine dump:\n%.500s", stderr.String())
			}
			if !echoOn(t, tty) {
				t.Errorf("the terminal was left without echo; stderr:\n%s", stderr.String())
			}
		})
	}
}

func echoOn(t *testing.T, tty *os.File) bool {
	st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return st.Lflag&unix.ECHO != 0
}

// TestTerminalExportSignal sends SIGTERM while export --terminal shows a
// code with the terminal in raw mode on the alternate screen: the process
// ends as by SIGTERM, and the terminal is back in normal mode with the
// codes wiped and the main screen back.
func TestTerminalExportSignal(t *testing.T) {
	bin, err := exec.LookPath("otpmigrate")
	if err != nil {
		t.Fatalf("otpmigrate is not on $PATH (testscript.Main puts it there): %v", err)
	}
	ctrl, tty := testtool.OpenPTY(t)
	cmd := exec.Command(bin, "export", "--terminal", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP")
	cmd.Stdin, cmd.Stdout = tty, tty
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	read := screenReader(t, ctrl, cmd, &stderr)
	read("Enter: done")
	if echoOn(t, tty) {
		t.Fatal("the terminal is not in raw mode while showing codes")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	read(term.AltScreenOff)
	if err := cmd.Wait(); !exitedBy(err, syscall.SIGTERM) {
		t.Errorf("ended with %v, want as by SIGTERM; stderr:\n%s", err, stderr.String())
	}
	if !echoOn(t, tty) {
		t.Error("the terminal was left in raw mode")
	}
}

// screenReader returns a func that reads what the program draws on the
// pseudo-terminal until it holds want, failing t (and killing cmd) after
// 20 seconds. Reads of a pseudo-terminal do not honour deadlines, so they
// run in a goroutine.
func screenReader(t *testing.T, ctrl *os.File, cmd *exec.Cmd, stderr *bytes.Buffer) func(want string) {
	chunks := make(chan []byte, 64)
	go func() {
		for {
			buf := make([]byte, 4096)
			n, err := ctrl.Read(buf)
			if n > 0 {
				chunks <- buf[:n]
			}
			if err != nil {
				close(chunks)
				return
			}
		}
	}()
	var screen bytes.Buffer
	return func(want string) {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for !strings.Contains(screen.String(), want) {
			select {
			case b, ok := <-chunks:
				if !ok {
					cmd.Process.Kill()
					t.Fatalf("terminal closed waiting for %q; screen %q; stderr %s", want, screen.String(), stderr.String())
				}
				screen.Write(b)
			case <-timeout:
				cmd.Process.Kill()
				t.Fatalf("waiting for %q; screen %q; stderr %s", want, screen.String(), stderr.String())
			}
		}
	}
}
