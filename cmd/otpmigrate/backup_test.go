package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/backup"
)

const backupPass = "correct horse battery"

// TestBackupExitCodes checks the exit status of backup failures, which
// testscript cannot see exactly; a wrong passphrase has its own.
func TestBackupExitCodes(t *testing.T) {
	scryptWorkFactor = 4
	t.Cleanup(func() { scryptWorkFactor = 0 })
	dir := t.TempDir()
	uri := "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"
	file := filepath.Join(dir, "2fa.age")
	t.Setenv(passphraseEnv, backupPass)
	if !checkExit(t, []string{"backup", "-o", file, uri}, exitOK) {
		t.FailNow()
	}
	tests := []struct {
		name string
		env  string
		args []string
		want int
	}{
		{"decode", backupPass, []string{"decode", file}, exitOK},
		{"wrong passphrase", "wrong", []string{"decode", file}, exitWrongPassphrase},
		{"wrong passphrase --add", "wrong", []string{"backup", "--add", "-o", file, uri}, exitWrongPassphrase},
		{"exists", backupPass, []string{"backup", "-o", file, uri}, exitFailure},
		{"no -o", backupPass, []string{"backup", uri}, exitUsage},
		{"bad -r", backupPass, []string{"backup", "-o", filepath.Join(dir, "x.age"), "-r", "age1nope", uri}, exitUsage},
		{"missing -i file", backupPass, []string{"decode", "-i", filepath.Join(dir, "none.txt"), file}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(passphraseEnv, tt.env)
			checkExit(t, tt.args, tt.want, "JBSWY3DPEHPK3PXP")
		})
	}
}

// TestDamagedBackup: a backup cut short or changed anywhere, given to decode
// and code, fails with one clear error line and a hint, exit status 1,
// nothing on standard output and no -o file.
func TestDamagedBackup(t *testing.T) {
	scryptWorkFactor = 4
	t.Cleanup(func() { scryptWorkFactor = 0 })
	t.Setenv(passphraseEnv, backupPass)
	dir := t.TempDir()
	good := filepath.Join(dir, "2fa.age")
	if !checkExit(t, []string{"backup", "-o", good, "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitOK) {
		t.FailNow()
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) []byte { b := bytes.Clone(data); b[i] ^= 0x20; return b }
	hdrEnd := bytes.Index(data, []byte("\n---"))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"cut in the header", data[:hdrEnd/2], "file is cut short"},
		{"cut in the payload", data[:len(data)-10], "file is damaged or was tampered with"},
		{"payload changed", flip(len(data) - 5), "file is damaged or was tampered with"},
		{"header MAC changed", flip(hdrEnd + 6), "file is damaged or was tampered with"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(dir, "bad.age")
			if err := os.WriteFile(in, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out.txt")
			for _, args := range [][]string{{"decode", "-o", out, in}, {"code", in}} {
				code, stdout, stderr := runArgs(t, args...)
				wantErr := "otpmigrate: error: decode " + fmt.Sprintf("%q", in) + ": " + tt.want + "\n"
				if code != exitFailure || stdout != "" || !strings.HasPrefix(stderr, wantErr) ||
					!strings.Contains(stderr, "otpmigrate: hint: use another copy of the backup\n") {
					t.Errorf("%s: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and stderr starting %q and a hint", args[0], code, stdout, stderr, wantErr)
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("%s wrote %s", args[0], out)
				}
			}
		})
	}
}

// TestCrashMidWrite kills a backup halfway through writing the replacement
// of an existing backup: the old file must be left whole, and no complete
// replacement may appear anywhere.
func TestCrashMidWrite(t *testing.T) {
	if os.Getenv("OTPMIGRATE_CRASH_CHILD") != "" {
		crashChild()
		return
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "2fa.age")
	old := []byte("age-encryption.org/v1\nthe old backup, whole\n")
	if err := os.WriteFile(file, old, 0o600); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(t.TempDir(), "halfway")
	input := filepath.Join(t.TempDir(), "in.txt")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashMidWrite$")
	cmd.Env = append(os.Environ(), "OTPMIGRATE_CRASH_CHILD="+file, "OTPMIGRATE_CRASH_MARKER="+marker, "OTPMIGRATE_CRASH_INPUT="+input, passphraseEnv+"="+backupPass)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(marker); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("child never got halfway; stderr:\n%s", stderr.String())
		}
	}
	cmd.Process.Kill() // SIGKILL: no chance to clean up
	cmd.Wait()

	got, err := os.ReadFile(file)
	if err != nil || !bytes.Equal(got, old) {
		t.Fatalf("old backup changed after the crash (%v): %q", err, got)
	}
	entries, _ := os.ReadDir(dir)
	temps := 0
	for _, e := range entries {
		name := e.Name()
		if name == "2fa.age" {
			continue
		}
		if name == ".2fa.age.lock" {
			// The dead writer's lock file: empty, and no longer locked
			// (the kernel released it with the process).
			if info, _ := e.Info(); info.Size() != 0 || info.Mode().Perm() != 0o600 {
				t.Errorf("lock file: %d bytes, mode %v", info.Size(), info.Mode().Perm())
			}
			continue
		}
		temps++
		// Only the unfinished temporary file may be left, and it must not
		// be a backup that opens.
		if !strings.HasPrefix(name, ".2fa.age.otpmigrate-") {
			t.Errorf("unexpected file %q after the crash", name)
		}
		info, _ := e.Info()
		if info.Mode().Perm() != 0o600 {
			t.Errorf("temporary file %q has mode %v", name, info.Mode().Perm())
		}
		t.Setenv(passphraseEnv, backupPass)
		if code, _, _ := runArgs(t, "decode", filepath.Join(dir, name)); code == exitOK {
			t.Errorf("temporary file %q is a complete backup", name)
		}
	}
	if temps != 1 {
		t.Errorf("found %d temporary files, want the 1 unfinished one: the child did not die mid-write", temps)
	}
	// The next write of the backup is not blocked by the dead writer's
	// lock, and removes its temporary file and lock file.
	scryptWorkFactor = 4
	t.Cleanup(func() { scryptWorkFactor = 0 })
	t.Setenv(passphraseEnv, backupPass)
	if code, _, stderr := runArgs(t, "backup", "--force", "-o", file, "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"); code != exitOK || strings.Contains(stderr, "waiting") {
		t.Fatalf("backup after the crash: exit %d: %s", code, stderr)
	}
	var left []string
	entries, _ = os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if len(left) != 1 {
		t.Errorf("after a later write the folder holds %q, want only 2fa.age", left)
	}
}

// crashChild writes a large backup over the file and stops halfway, where
// the parent kills it.
func crashChild() {
	file := os.Getenv("OTPMIGRATE_CRASH_CHILD")
	scryptWorkFactor = 4
	testOnlyMidWrite = func() {
		os.WriteFile(os.Getenv("OTPMIGRATE_CRASH_MARKER"), nil, 0o600)
		time.Sleep(time.Minute)
	}
	var uris strings.Builder
	for i := range 2000 {
		uris.WriteString("otpauth://totp/Service" + strings.Repeat("x", i%50) + ":user" + string(rune('a'+i%26)) + "?secret=JBSWY3DPEHPK3PXP" + "\n")
	}
	in := os.Getenv("OTPMIGRATE_CRASH_INPUT")
	os.WriteFile(in, []byte(uris.String()), 0o600)
	os.Exit(run([]string{"otpmigrate", "backup", "--force", "-o", file, in}, strings.NewReader(""), os.Stdout, os.Stderr))
}

// TestPassphraseFileLimits: --passphrase-file reads only the first line,
// however large or endless the file, and refuses a first line longer than
// any passphrase.
func TestPassphraseFileLimits(t *testing.T) {
	scryptWorkFactor = 4
	t.Cleanup(func() { scryptWorkFactor = 0 })
	dir := t.TempDir()
	uri := "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"
	long := filepath.Join(dir, "long.txt")
	os.WriteFile(long, bytes.Repeat([]byte("a"), 70_000), 0o600)
	big := filepath.Join(dir, "big.txt")
	os.WriteFile(big, append([]byte(backupPass+"\n"), bytes.Repeat([]byte("x"), 8<<20)...), 0o600)
	tests := []struct {
		name, file string
		want       int
		stderr     string
	}{
		{"first line too long", long, exitFailure, "the first line is longer than 64 KiB"},
		{"short first line, large file", big, exitOK, "wrote 1 account"},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		tests = append(tests, struct {
			name, file string
			want       int
			stderr     string
		}{"endless file", "/dev/zero", exitFailure, "the first line is longer than 64 KiB"})
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, fmt.Sprintf("%d.age", i))
			code, stdout, stderr := runArgs(t, "backup", "--passphrase-file", tt.file, "-o", out, uri)
			if code != tt.want || stdout != "" || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d and %q", code, stdout, stderr, tt.want, tt.stderr)
			}
			if _, err := os.Stat(out); (err == nil) != (tt.want == exitOK) {
				t.Errorf("%s exists: %v, want %v", out, err == nil, tt.want == exitOK)
			}
		})
	}
	if code, stdout, _ := runArgs(t, "decode", "--passphrase-file", big, filepath.Join(dir, "1.age")); code != exitOK || !strings.Contains(stdout, "JBSWY3DPEHPK3PXP") {
		t.Errorf("the passphrase from the large file does not open the backup: exit %d", code)
	}
}

// TestWriteBackupKeepsOld: a backup whose written copy does not check out
// never replaces the old one, and leaves no temporary file.
func TestWriteBackupKeepsOld(t *testing.T) {
	accounts := []otpmigrate.Account{otpmigrate.NewTOTP("A", "b", []byte("12345678901234567890"))}
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	pass, err := backup.NewPassphraseRecipient([]byte(backupPass), 4)
	if err != nil {
		t.Fatal(err)
	}
	otherPass, err := backup.NewPassphraseIdentity([]byte("another passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	seal := func(r age.Recipient) ([]byte, *backup.Sealed) {
		var buf bytes.Buffer
		s, err := backup.Seal(&buf, accounts, []age.Recipient{r}, backup.SealOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), s
	}
	dataA, sealedA := seal(x.Recipient())
	dataB, _ := seal(x.Recipient())
	dataP, sealedP := seal(pass)
	tests := []struct {
		name   string
		data   []byte
		sealed *backup.Sealed
		ids    []age.Identity
		ok     bool
	}{
		{"another file key", dataB, sealedA, nil, false},
		{"stanza does not unwrap", dataP, sealedP, []age.Identity{otherPass}, false},
		{"good", dataA, sealedA, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "2fa.age")
			old := []byte("the old backup")
			os.WriteFile(path, old, 0o600)
			err := writeBackup(path, true, tt.data, tt.sealed, tt.ids)
			got, _ := os.ReadFile(path)
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("%d files in the folder, want 1", len(entries))
			}
			if tt.ok {
				if err != nil || !bytes.Equal(got, tt.data) {
					t.Errorf("err %v, file replaced: %v", err, bytes.Equal(got, tt.data))
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "does not read back") {
				t.Errorf("err %v, want a failed check", err)
			}
			if !bytes.Equal(got, old) {
				t.Errorf("the old backup was replaced")
			}
		})
	}
}

// TestPassphraseEnvLineEnding: $OTPMIGRATE_PASSPHRASE loses one trailing
// line ending, as a passphrase file's first line does, so that a backup
// made with "pass\r\n" in the environment opens with "pass" typed (or
// given in a file), and the reverse.
func TestPassphraseEnvLineEnding(t *testing.T) {
	scryptWorkFactor = 4
	t.Cleanup(func() { scryptWorkFactor = 0 })
	dir := t.TempDir()
	passFile := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(passFile, []byte(backupPass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, env := range []string{backupPass + "\r\n", backupPass + "\n", backupPass + "\r"} {
		file := filepath.Join(dir, fmt.Sprintf("%d.age", i))
		t.Setenv(passphraseEnv, env)
		if code, _, stderr := runArgs(t, "backup", "-o", file, "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"); code != exitOK {
			t.Fatalf("backup with %q: exit %d: %s", env, code, stderr)
		}
		if code, _, stderr := runArgs(t, "decode", "--passphrase-file", passFile, file); code != exitOK {
			t.Errorf("backup made with %q does not open with the passphrase alone: exit %d: %s", env, code, stderr)
		}
	}
	// Only one line ending goes: "pass\n\n" is a different passphrase.
	t.Setenv(passphraseEnv, backupPass+"\n\n")
	if code, _, _ := runArgs(t, "decode", filepath.Join(dir, "0.age")); code != exitWrongPassphrase {
		t.Errorf("two line endings: exit %d, want %d", code, exitWrongPassphrase)
	}
	t.Setenv(passphraseEnv, "\n")
	if code, _, stderr := runArgs(t, "decode", filepath.Join(dir, "0.age")); code != exitFailure || !strings.Contains(stderr, "is set but empty") {
		t.Errorf("a lone line ending: exit %d: %s", code, stderr)
	}
}
