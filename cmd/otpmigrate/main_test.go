package main

import (
	"bytes"
	"encoding/hex"
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/internal/synth"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"otpmigrate": func() {
			handleSignals()
			testOnlySetup()
			afterRun(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

var update = flag.Bool("update", false, "rewrite cmp targets in scripts")

func TestScript(t *testing.T) {
	fixtures, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	shared, _ := filepath.Abs("../../../shared/testdata-public")
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       *update,
		Setup: func(e *testscript.Env) error {
			e.Setenv("FIXTURES", fixtures)
			e.Setenv("SHARED", shared)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// qrpng TEXTFILE PNGFILE draws the text in a QR code, for
			// codes otpmigrate does not write itself.
			"qrpng": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: qrpng textfile pngfile")
				}
				png, err := synth.GoQRCodePNG(strings.TrimSpace(ts.ReadFile(args[0])))
				ts.Check(err)
				ts.Check(os.WriteFile(ts.MkAbs(args[1]), png, 0o600))
			},
			"mkbin": mkbin,
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "shared":
				_, err := os.Stat(shared)
				return err == nil, nil
			}
			if tool, ok := strings.CutPrefix(cond, "tool:"); ok {
				return haveTool(t, tool), nil
			}
			return false, nil
		},
	})
}

// mkbin writes a binary file that a txtar section cannot hold:
//
//	mkbin FILE PART...
//
// where each PART is hex:HEX (those bytes), text:TEXT (those characters) or
// random:N (N reproducible pseudo-random bytes, as random as ciphertext).
func mkbin(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: mkbin FILE PART...")
	}
	var b []byte
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range args[1:] {
		kind, v, _ := strings.Cut(p, ":")
		switch kind {
		case "hex":
			h, err := hex.DecodeString(v)
			ts.Check(err)
			b = append(b, h...)
		case "text":
			b = append(b, v...)
		case "random":
			n, err := strconv.Atoi(v)
			ts.Check(err)
			for range n {
				b = append(b, byte(r.Uint32()))
			}
		default:
			ts.Fatalf("mkbin: unknown part %q", p)
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o600))
}

// haveTool reports whether an outside program is installed, for script
// conditions like [tool:zbarimg]. When OTPMIGRATE_REQUIRE_TOOLS=1 (as in CI,
// after installing them), a missing program fails the test instead.
func haveTool(t testing.TB, name string) bool {
	if _, err := exec.LookPath(name); err == nil {
		return true
	}
	if testtool.Required() {
		t.Fatalf("%s is not installed, and OTPMIGRATE_REQUIRE_TOOLS=1 requires it", name)
	}
	return false
}

// TestExitCodes checks the exit status of run, which testscript cannot see
// exactly.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	notText := filepath.Join(dir, "bin")
	os.WriteFile(notText, []byte{0, 1, 2, 3, 0xff}, 0o600)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"ok", []string{"decode", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitOK},
		{"version", []string{"--version"}, exitOK},
		{"help", []string{"decode", "--help"}, exitOK},
		{"no input", []string{"decode"}, exitUsage},
		{"bad flag", []string{"decode", "--nope", "x"}, exitUsage},
		{"bad format", []string{"decode", "--format", "xml", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitUsage},
		{"unknown command", []string{"decod", "x"}, exitUsage},
		{"missing file", []string{"decode", filepath.Join(dir, "missing.txt")}, exitFailure},
		{"binary file", []string{"decode", notText}, exitFailure},
		{"bad uri", []string{"decode", "otpauth://totp/A:b?secret=!!"}, exitFailure},
		{"redact urls", []string{"decode", "--redact", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitUsage},
		{"stdin twice", []string{"decode", "-", "-"}, exitUsage},
		{"https link", []string{"decode", "https://example.com/"}, exitFailure},
		{"incomplete export", []string{"decode", "otpauth-migration://offline?data=CikKFDEyMzQ1Njc4OTAxMjM0NTY3ODkwEgVhbGljZRoEQUNNRSABKAEwAhABGAIgACjpkdvEBA%3D%3D"}, exitFailure},
		{"partial export allowed", []string{"decode", "--allow-partial", "otpauth-migration://offline?data=CikKFDEyMzQ1Njc4OTAxMjM0NTY3ODkwEgVhbGljZRoEQUNNRSABKAEwAhABGAIgACjpkdvEBA%3D%3D"}, exitOK},
		{"empty stdin", []string{"decode", "-"}, exitFailure},
		{"compare same", []string{"compare", "--new", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitOK},
		{"compare extra", []string{"compare", "--new", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP", "--new", "otpauth://totp/C:d?secret=GEZDGNBV", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitOK},
		{"compare changed", []string{"compare", "--new", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=8", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitFailure},
		{"compare missing", []string{"compare", "--new", "otpauth://totp/C:d?secret=GEZDGNBV", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitFailure},
		{"compare no new side", []string{"compare", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitUsage},
		{"compare no secret", []string{"compare", "--new", "phonefactor://activate_account?code=123", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkExit(t, tt.args, tt.want, "JBSWY3DPEHPK3PXP", "CikKFDEy", "GEZDGNBV", "code=123")
		})
	}
}

// runArgs runs otpmigrate with args and an empty stdin, and returns its
// exit status and output. A stack trace on stderr fails the test: no input
// may make the program panic.
func runArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"otpmigrate"}, args...), strings.NewReader(""), &out, &errb)
	if strings.Contains(errb.String(), "goroutine ") {
		t.Errorf("stack trace on stderr:\n%s", errb.String())
	}
	return code, out.String(), errb.String()
}

// checkExit runs otpmigrate with args and checks its exit status, which
// testscript cannot see exactly, and that stderr shows none of secrets.
// It reports whether the status was the one wanted.
func checkExit(t *testing.T, args []string, want int, secrets ...string) bool {
	t.Helper()
	got, _, stderr := runArgs(t, args...)
	if got != want {
		t.Errorf("exit %d, want %d; stderr:\n%s", got, want, stderr)
	}
	for _, s := range secrets {
		if strings.Contains(stderr, s) {
			t.Errorf("stderr shows a secret (%.4s…):\n%s", s, stderr)
		}
	}
	return got == want
}

// TestNoNetwork keeps the offline promise: the binary must not link the
// net package (or anything that opens connections).
func TestNoNetwork(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		switch pkg {
		case "net", "net/http", "crypto/tls", "net/rpc", "net/smtp":
			t.Errorf("otpmigrate links %s; it must never open a network connection", pkg)
		}
	}
}

// TestUnknownBinaryExit: binary input no format claims exits 1, not 12
// (wrong password), even with a password at hand (issue 11 item 8).
func TestUnknownBinaryExit(t *testing.T) {
	t.Setenv("OTPMIGRATE_PASSPHRASE", "secret")
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 1<<20)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	for name, data := range map[string][]byte{
		"random.bin":  random,
		"nul.txt":     []byte("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n\x00"),
		"photo.heic":  append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), random[:500]...),
		"pro.authpro": append([]byte("AUTHENTICATORPRO"), random[:500]...),
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			want := exitFailure
			if name == "pro.authpro" {
				want = exitWrongPassphrase // its own marker: its own password is asked
			}
			checkExit(t, []string{"decode", path}, want, "JBSWY3DP")
		})
	}
}
