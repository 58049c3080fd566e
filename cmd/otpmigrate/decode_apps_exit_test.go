package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// TestAppReadersExitCodes: each encrypted format of issue 12 opens with
// its password, and a wrong one ends with exit 12 and nothing on stdout;
// a truncated copy fails with exit 1 and a message naming the file.
func TestAppReadersExitCodes(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		filepath.Join("..", "..", "testdata", "apps", "bitwarden_protected_pbkdf2.json"): "test",
		filepath.Join("..", "..", "internal", "zipcrypt", "testdata", "aes256.zip"):      "pw",
		filepath.Join("..", "..", "testdata", "apps", "raivo", "raivo-otp-export.zip"):   "pw",
	}
	if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "testdata-public")); err == nil {
		imp := filepath.Join(testtool.SharedFixtures(t, "../.."), "aegis", "importers")
		files[filepath.Join(imp, "authy_encrypted.xml")] = "testtest"
		files[filepath.Join(imp, "totp_authenticator.bin")] = "Testtest1"
		files[filepath.Join(imp, "authenticator_plus.zip")] = "testtesttest"
		files[filepath.Join(imp, "freeotp_v2_api27.xml")] = "test"
		files[filepath.Join(testtool.SharedFixtures(t, "../.."), "ente-io-ente", "proton_authenticator_backup_encrypted_1231246.json")] = "1231246"
	}
	truncated := map[string]string{
		"bitwarden_protected_pbkdf2.json":                    "Bitwarden export: the JSON ends early: the file is truncated",
		"freeotp_v2_api27.xml":                               "FreeOTP backup: the serialised map ends early: the file is truncated",
		"proton_authenticator_backup_encrypted_1231246.json": "Proton Authenticator export: the JSON ends early: the file is truncated",
	}
	for file, pw := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Setenv(passphraseEnv, pw)
			if code, out, stderr := runArgs(t, "decode", file); code != exitOK || !strings.HasPrefix(out, "otpauth://") {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			t.Setenv(passphraseEnv, "not the password")
			code, out, stderr := runArgs(t, "decode", file)
			if code != exitWrongPassphrase || out != "" || !strings.Contains(stderr, "wrong password for") {
				t.Errorf("wrong password: exit %d, stdout %q, stderr %q", code, out, stderr)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cut := filepath.Join(dir, "cut-"+filepath.Base(file))
			if err := os.WriteFile(cut, data[:len(data)*2/3], 0o600); err != nil {
				t.Fatal(err)
			}
			t.Setenv(passphraseEnv, pw)
			code, out, stderr = runArgs(t, "decode", cut)
			if code != exitFailure || out != "" || !strings.Contains(stderr, filepath.Base(cut)) || !strings.Contains(stderr, truncated[filepath.Base(file)]) {
				t.Errorf("truncated: exit %d, stdout %q, stderr %q", code, out, stderr)
			}
		})
	}
}

// TestAuthProWrongPasswordExit: an Authenticator Pro backup with a wrong
// password ends with exit 12. A cut copy does too: AES-GCM cannot tell a
// cut ciphertext from a wrong key, and the message says "or the file is
// damaged".
func TestAuthProWrongPasswordExit(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "testdata-public")); err != nil {
		t.Skip("shared fixtures (../shared/testdata-public) are absent")
	}
	file := filepath.Join(testtool.SharedFixtures(t, "../.."), "aegis", "importers", "stratum_encrypted.bin")
	t.Setenv(passphraseEnv, "not the password")
	code, out, stderr := runArgs(t, "decode", file)
	if code != exitWrongPassphrase || out != "" || !strings.Contains(stderr, "wrong password for Authenticator Pro backup (or the file is damaged)") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}
