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
			var screen bytes.Buffer
			buf := make([]byte, 256)
			for !strings.Contains(screen.String(), "Enter passphrase for") {
				ctrl.SetReadDeadline(time.Now().Add(20 * time.Second))
				n, err := ctrl.Read(buf)
				screen.Write(buf[:n])
				if err != nil {
					cmd.Process.Kill()
					t.Fatalf("no prompt: %v; screen %q; stderr %s", err, screen.String(), stderr.String())
				}
			}
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
				t.Error("the terminal was left without echo")
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
