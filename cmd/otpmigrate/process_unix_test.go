//go:build unix

package main

// Tests that run otpmigrate as separate processes (the test binary itself,
// which testscript.Main puts on $PATH as "otpmigrate"), to check what only
// processes show: locks between them, and signals.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// otpmigrateCmd is an otpmigrate child process in dir, with the backup
// passphrase in its environment.
func otpmigrateCmd(t *testing.T, dir string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := exec.LookPath("otpmigrate")
	if err != nil {
		t.Fatalf("otpmigrate is not on $PATH (testscript.Main puts it there): %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), passphraseEnv+"="+backupPass), env...)
	return cmd
}

// TestConcurrentAdd runs four backup --add to one file at once, each
// pausing after it has read the backup (where a writer without a lock
// lets the others read the same old file). Every account must be in the
// backup at the end, and the writers that had to wait say so.
func TestConcurrentAdd(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "2fa.age")
	uri := func(i int) string {
		return fmt.Sprintf("otpauth://totp/Site%d:alice?secret=JBSWY3DPEHPK3PX%c&issuer=Site%d", i, 'A'+i, i)
	}
	if out, err := otpmigrateCmd(t, dir, nil, "backup", "-o", file, uri(0)).CombinedOutput(); err != nil {
		t.Fatalf("first backup: %v\n%s", err, out)
	}
	const writers = 4
	var wg sync.WaitGroup
	stderrs := make([]bytes.Buffer, writers)
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := otpmigrateCmd(t, dir, []string{"OTPMIGRATE_TEST_ADD_PAUSE=300ms"}, "backup", "--add", "-o", file, uri(i+1))
			cmd.Stderr = &stderrs[i]
			errs[i] = cmd.Run()
		}()
	}
	wg.Wait()
	waited := 0
	for i := range writers {
		if errs[i] != nil {
			t.Errorf("writer %d: %v\n%s", i+1, errs[i], stderrs[i].String())
		}
		if strings.Contains(stderrs[i].String(), "waiting for another otpmigrate writing") {
			waited++
		}
	}
	if waited == 0 {
		t.Error("no writer said it waited for another")
	}
	out, err := otpmigrateCmd(t, dir, nil, "decode", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	for i := range writers + 1 {
		if !strings.Contains(string(out), fmt.Sprintf("Site%d", i)) {
			t.Errorf("account Site%d was lost; the backup holds:\n%s", i, out)
		}
	}
	if _, err := os.Lstat(file + ".lock"); err == nil {
		t.Error("lock file left behind")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %q, want only 2fa.age", names)
	}
}

// exitedBy reports whether a child ended as a shell reports signal sig:
// killed by it, or exiting with 128 plus its number.
func exitedBy(err error, sig syscall.Signal) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok {
		return false
	}
	return ws.Signaled() && ws.Signal() == sig || ws.Exited() && ws.ExitStatus() == 128+int(sig)
}

// waitForFile polls dir until a file whose name contains part appears.
func waitForFile(t *testing.T, dir, part string, cmd *exec.Cmd, stderr *bytes.Buffer) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), part) {
				return
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no %q file appeared in %s; stderr:\n%s", part, dir, stderr)
		}
	}
}

// TestSignalRemovesTempFiles interrupts writes while their temporary files
// exist (they hold the secrets in the clear) with SIGINT, SIGTERM, SIGHUP
// and SIGQUIT: every temporary file is removed, no output appears, and the
// process ends as the shell expects for the signal (130, 143, 129, 131),
// without a goroutine dump.
func TestSignalRemovesTempFiles(t *testing.T) {
	var uris strings.Builder
	for i := range 150 {
		fmt.Fprintf(&uris, "otpauth://totp/Service%d:user%d?secret=JBSWY3DPEHPK3PXP\n", i, i)
	}
	tests := []struct {
		name   string
		sig    syscall.Signal
		args   []string
		env    []string
		wait   string // a file whose appearance says the write is under way
		output string
	}{
		{"sheet SIGINT", syscall.SIGINT, []string{"export", "--html", "out/sheet.html", "in.txt"}, []string{"OTPMIGRATE_TEST_FILLED=marker"}, "marker", "out/sheet.html"},
		{"pictures prepared SIGTERM", syscall.SIGTERM, []string{"export", "--qr-dir", "out/qr", "in.txt"}, []string{"OTPMIGRATE_TEST_WRITEALL=0:marker"}, "marker", "out/qr"},
		{"pictures half placed SIGINT", syscall.SIGINT, []string{"export", "--qr-dir", "out/qr", "in.txt"}, []string{"OTPMIGRATE_TEST_WRITEALL=75:marker"}, "marker", "out/qr"},
		{"backup SIGHUP", syscall.SIGHUP, []string{"backup", "-o", "out/2fa.age", "in.txt"}, []string{"OTPMIGRATE_TEST_MID_WRITE=marker"}, "marker", "out/2fa.age"},
		{"backup SIGQUIT", syscall.SIGQUIT, []string{"backup", "-o", "out/2fa.age", "in.txt"}, []string{"OTPMIGRATE_TEST_MID_WRITE=marker"}, "marker", "out/2fa.age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			if err := os.Mkdir(out, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "in.txt"), []byte(uris.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			env := tt.env
			if len(env) > 0 {
				env = []string{strings.Replace(env[0], "marker", filepath.Join(dir, "marker"), 1)}
			}
			cmd := otpmigrateCmd(t, dir, env, tt.args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			watch := out
			if tt.wait == "marker" {
				watch = dir
			}
			waitForFile(t, watch, tt.wait, cmd, &stderr)
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if !exitedBy(err, tt.sig) {
				t.Errorf("ended with %v, want as by %v; stderr:\n%s", err, tt.sig, stderr.String())
			}
			if strings.Contains(stderr.String(), "goroutine ") {
				t.Errorf("goroutine dump on stderr:\n%.500s", stderr.String())
			}
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".otpmigrate-") && strings.HasSuffix(e.Name(), ".tmp") {
					t.Errorf("temporary file %q left after %v", e.Name(), tt.sig)
				}
			}
			if len(entries) > 0 && tt.output == "out/qr" {
				// The folder export made (with what it held) is gone too.
				t.Errorf("out holds %d entries after %v, want none", len(entries), tt.sig)
			}
			if _, err := os.Stat(filepath.Join(dir, tt.output)); err == nil {
				t.Errorf("%s was written although interrupted", tt.output)
			}
		})
	}
}
