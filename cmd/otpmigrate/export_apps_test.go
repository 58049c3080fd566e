package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
)

// testOnlyAppsSetup runs in the otpmigrate process of scripts: a cheap
// scrypt for the Aegis vaults they write.
func testOnlyAppsSetup() {
	testOnlyAegisScryptN = 1 << 10
	testOnlyBitwardenIterations = 1000
}

// exportAppsTest runs otpmigrate export with args; app backups are never
// written to stdout.
func exportAppsTest(t *testing.T, args ...string) (stderr string, code int) {
	t.Helper()
	code, stdout, stderr := runArgs(t, append([]string{"export"}, args...)...)
	if stdout != "" {
		t.Errorf("stdout: %q", stdout)
	}
	return stderr, code
}

// appAccounts covers every field the model holds.
const appAccounts = `otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub
otpauth://totp/Bank:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60
otpauth://totp/Big:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA512&digits=7&period=90
otpauth://hotp/Counter:dave?secret=GEZDGNBVGY3TQOJQ&counter=10300&algorithm=SHA256
otpauth://steam/Steam:gabe?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
otpauth://totp/no-issuer?secret=JBSWY3DPEHPK3PXP
`

func TestAppExportRoundTrip(t *testing.T) {
	testOnlyAegisScryptN = 1 << 10
	t.Setenv(passphraseEnv, "correct horse")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.txt")
	os.WriteFile(in, []byte(appAccounts), 0o600)
	want, err := decode.Decode([]decode.Input{{Name: "in", Data: []byte(appAccounts)}}, decode.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, plain := range []bool{false, true} {
		for _, app := range []string{"aegis", "2fas"} {
			name := app
			if plain {
				name += "-plain"
			}
			t.Run(name, func(t *testing.T) {
				out := filepath.Join(dir, name+".out")
				args := []string{"--" + app, out}
				if plain {
					args = append(args, "--unencrypted")
				}
				stderr, code := exportAppsTest(t, append(args, in)...)
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if strings.Contains(stderr, "warning") != plain {
					t.Errorf("stderr %q: a warning exactly when unencrypted", stderr)
				}
				st, err := os.Stat(out)
				if err != nil || st.Mode().Perm() != 0o600 {
					t.Fatalf("stat: %v %v", st, err)
				}
				data, _ := os.ReadFile(out)
				if bytes.Contains(data, []byte("GEZDGNBVGY3TQOJQ")) == !plain {
					t.Errorf("secret in the file: %v, want %v", !plain, plain)
				}
				asked := false
				got, err := decode.Decode([]decode.Input{{Name: out, Data: data}}, decode.Options{
					Password: func(string, string) ([]byte, error) { asked = true; return []byte("correct horse"), nil }})
				if err != nil {
					t.Fatal(err)
				}
				if asked == plain {
					t.Errorf("password asked: %v", asked)
				}
				if len(got.Accounts) != len(want.Accounts) {
					t.Fatalf("%d accounts, want %d", len(got.Accounts), len(want.Accounts))
				}
				for i := range got.Accounts {
					if !got.Accounts[i].Equal(want.Accounts[i]) {
						t.Errorf("account %d: %v, want %v", i, got.Accounts[i].URL(), want.Accounts[i].URL())
					}
				}
				// Without --force the file stays as it is.
				before, _ := os.ReadFile(out)
				stderr, code = exportAppsTest(t, append(args, in)...)
				if code != exitFailure || !strings.Contains(stderr, "file already exists") {
					t.Errorf("second write: exit %d, %s", code, stderr)
				}
				if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
					t.Error("file changed without --force")
				}
				stderr, code = exportAppsTest(t, append(append(args, "--force"), in)...)
				if code != exitOK {
					t.Errorf("--force: exit %d, %s", code, stderr)
				}
			})
		}
	}
}

func TestAppExportErrors(t *testing.T) {
	testOnlyAegisScryptN = 1 << 10
	dir := t.TempDir()
	in := filepath.Join(dir, "in.txt")
	os.WriteFile(in, []byte(appAccounts), 0o600)
	md5 := filepath.Join(dir, "md5.txt")
	os.WriteFile(md5, []byte("otpauth://totp/Old:bob?secret=JBSWY3DPEHPK3PXP&algorithm=MD5\n"), 0o600)
	out := filepath.Join(dir, "out")
	tests := []struct {
		name   string
		env    string
		args   []string
		code   int
		stderr string
	}{
		{"no password", "", []string{"--aegis", out, in}, exitFailure, "password for the new Aegis vault"},
		{"unencrypted alone", "pw", []string{"--unencrypted", in}, exitUsage, "--unencrypted applies to --aegis, --2fas and --bitwarden"},
		{"same file", "pw", []string{"--aegis", out, "--2fas", out, in}, exitUsage, "name the same file"},
		{"stdout", "pw", []string{"--aegis", "-", in}, exitUsage, "needs a file name"},
		{"md5 in 2fas", "pw", []string{"--2fas", out, md5}, exitFailure, "MD5 becomes SHA1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != "" {
				t.Setenv(passphraseEnv, tt.env)
			} else {
				os.Unsetenv(passphraseEnv)
			}
			stderr, code := exportAppsTest(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("output written")
			}
		})
	}
}

// A wrong password for another app's backup exits 12, like a wrong backup
// passphrase, so that a script can tell it from other failures.
func TestWrongAppPasswordExitCode(t *testing.T) {
	var buf bytes.Buffer
	acc := otpmigrate.NewTOTP("GitHub", "alice@example.com", []byte("12345678901234567890"))
	if err := encode.WriteTwoFAS(&buf, []otpmigrate.Account{acc}, []byte("right password"), encode.TwoFASOptions{}); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), "backup.2fas")
	os.WriteFile(in, buf.Bytes(), 0o600)
	t.Setenv(passphraseEnv, "wrong password")
	var stdout, stderr bytes.Buffer
	if got := run([]string{"otpmigrate", "decode", in}, strings.NewReader(""), &stdout, &stderr); got != exitWrongPassphrase {
		t.Errorf("exit %d, want %d; stderr:\n%s", got, exitWrongPassphrase, stderr.String())
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout: %q", stdout.String())
	}
}
