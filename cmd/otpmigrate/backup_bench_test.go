package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate"
)

// BenchmarkBackupProcess times the command on many accounts next to
// decoding the same input, to show that backing up costs about what
// reading costs (issue 11: 100,000 accounts once took 66 s to back up but
// 1.1 s to decode, because merging compared every pair). "backup-key"
// encrypts to an X25519 key so that scrypt does not hide the rest;
// "backup-passphrase" is what most users run (two scrypt runs at age's
// work factor: seal, then the read-back check); "add-all-present" adds
// every account again to their backup, all of them skipped.
//
//	go test -run - -bench BackupProcess -benchtime 1x ./cmd/otpmigrate
func BenchmarkBackupProcess(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "otpmigrate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	keyFile := filepath.Join(dir, "key.txt")
	if err := os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	recipient := id.Recipient().String()
	for _, n := range []int{10_000, 100_000} {
		input := filepath.Join(dir, fmt.Sprintf("%d.txt", n))
		if err := os.WriteFile(input, []byte(manyAccounts(n)), 0o600); err != nil {
			b.Fatal(err)
		}
		out := filepath.Join(dir, fmt.Sprintf("%d.age", n))
		for _, bc := range []struct {
			name string
			args []string
			env  []string
		}{
			{"decode", []string{"decode", "-o", filepath.Join(dir, "decoded.txt"), "--force", input}, nil},
			{"backup-key", []string{"backup", "--force", "-r", recipient, "-o", out, input}, nil},
			{"add-all-present", []string{"backup", "--add", "-r", recipient, "-i", keyFile, "-o", out, input}, nil},
			{"backup-passphrase", []string{"backup", "--force", "-o", filepath.Join(dir, "pass.age"), input},
				[]string{passphraseEnv + "=bench passphrase, long enough"}},
		} {
			b.Run(fmt.Sprintf("%s/%d", bc.name, n), func(b *testing.B) {
				for b.Loop() {
					cmd := exec.Command(bin, bc.args...)
					cmd.Env = append(os.Environ(), bc.env...)
					if out, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("%v: %s", err, out)
					}
				}
			})
		}
	}
}

// manyAccounts is n distinct otpauth URIs, one a line, like a large
// collection exported as text.
func manyAccounts(n int) string {
	var sb strings.Builder
	for i := range n {
		secret := []byte(fmt.Sprintf("bench-secret-%09d", i))
		a := otpmigrate.NewTOTP(fmt.Sprintf("Service %d", i), fmt.Sprintf("user%d@example.com", i), secret)
		sb.WriteString(a.URL() + "\n")
	}
	return sb.String()
}
