package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/backup"
)

// TestCodeExitCodes checks the exit status of the code command's outcomes.
func TestCodeExitCodes(t *testing.T) {
	const url = "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	const md5 = "otpauth://totp/Old:md5?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=MD5"
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"ok", []string{"code", url}, exitOK},
		{"at", []string{"code", "--at", "2026-01-01T00:00:00Z", url}, exitOK},
		{"bad at", []string{"code", "--at", "tomorrow", url}, exitUsage},
		{"at before 1970", []string{"code", "--at", "1960-01-01T00:00:00Z", url}, exitUsage},
		{"bad format", []string{"code", "--format", "xml", url}, exitUsage},
		{"no input", []string{"code"}, exitUsage},
		{"counter without hotp", []string{"code", "--counter", "1", url}, exitUsage},
		{"bad counter", []string{"code", "--counter", "-1", url}, exitUsage},
		{"no match", []string{"code", "--match", "gitlab", url}, exitFailure},
		{"watch without terminal", []string{"code", "--watch", url}, exitFailure},
		{"watch with at", []string{"code", "--watch", "--at", "2026-01-01T00:00:00Z", url}, exitUsage},
		{"watch with json", []string{"code", "--watch", "--format", "json", url}, exitUsage},
		{"md5 step without code", []string{"code", "--at", "1970-01-01T00:00:00Z", md5}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkExit(t, tt.args, tt.want, "GEZDGNBV")
		})
	}
}

// BenchmarkCodeProcess times the whole process, as a user meets it:
// `otpmigrate code --format plain` on 100 accounts, with the binary built
// once. The inputs are a text file of otpauth URIs, a backup encrypted to
// an age key (-i), and a passphrase backup at the shipped scrypt work
// factor, whose time is almost all scrypt.
func BenchmarkCodeProcess(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "otpmigrate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	text := hundredAccounts()
	input := filepath.Join(dir, "100.txt")
	os.WriteFile(input, []byte(text), 0o600)
	var accounts []otpmigrate.Account
	for _, line := range strings.Fields(text) {
		a, err := otpmigrate.Parse(line)
		if err != nil {
			b.Fatal(err)
		}
		accounts = append(accounts, a)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	keyFile := filepath.Join(dir, "key.txt")
	os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600)
	const pass = "bench passphrase, long enough"
	byPass, err := backup.NewPassphraseRecipient([]byte(pass), 0) // age's default work factor
	if err != nil {
		b.Fatal(err)
	}
	seal := func(name string, r age.Recipient) string {
		var buf bytes.Buffer
		if _, err := backup.Seal(&buf, accounts, []age.Recipient{r}, backup.SealOptions{}); err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, name)
		os.WriteFile(path, buf.Bytes(), 0o600)
		return path
	}
	keyBackup := seal("key.age", id.Recipient())
	passBackup := seal("pass.age", byPass)

	for _, bc := range []struct {
		name string
		args []string
		env  []string
	}{
		{"text", []string{input}, nil},
		{"backup-key", []string{"-i", keyFile, keyBackup}, nil},
		{"backup-passphrase", []string{passBackup}, []string{passphraseEnv + "=" + pass}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(bin, append([]string{"code", "--format", "plain"}, bc.args...)...)
				cmd.Env = append(os.Environ(), bc.env...)
				out, err := cmd.Output()
				if err != nil {
					b.Fatal(err)
				}
				if n := bytes.Count(out, []byte("\n")); n != 100 {
					b.Fatalf("%d lines of output, want 100", n)
				}
			}
		})
	}
}

// hundredAccounts is 100 distinct otpauth URIs with a mix of algorithms,
// digits, periods and types, as a large real collection might hold.
func hundredAccounts() string {
	var sb strings.Builder
	algs := []otpmigrate.Algorithm{otpmigrate.SHA1, otpmigrate.SHA1, otpmigrate.SHA256, otpmigrate.SHA512}
	for i := range 100 {
		secret := []byte(fmt.Sprintf("bench-secret-%07d-xyz", i))
		a := otpmigrate.NewTOTP(fmt.Sprintf("Service %d", i), fmt.Sprintf("user%d@example.com", i), secret)
		a.Algorithm = algs[i%len(algs)]
		a.Digits = 6 + i%3
		if i%10 == 9 {
			a = otpmigrate.NewHOTP(a.Issuer, a.Name, secret, uint64(i))
		}
		sb.WriteString(a.URL() + "\n")
	}
	return sb.String()
}
