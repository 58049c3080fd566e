package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/otpmigrate/otpmigrate"
	"golang.org/x/sys/unix"
)

func TestGroupCode(t *testing.T) {
	tests := map[string]string{
		"":           "-",
		"C2F47":      "C2F47", // Steam and other 5-character codes
		"12345":      "12345",
		"492039":     "492 039",
		"0123456":    "0123 456",
		"00828826":   "0082 8826",
		"123456789":  "123 456 789",
		"0082162583": "00821 62583",
	}
	for in, want := range tests {
		if got := groupCode(in); got != want {
			t.Errorf("groupCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWatchCodes checks the frames --watch writes: the alternate screen,
// each frame drawn over the last from the top left with every line cleared
// to its end, and the screen cleared and left when ctx is done.
func TestWatchCodes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ticks := make(chan time.Time)
	frames := []string{"A 1\nB 2\n", "A 3\n"}
	n := 0
	var out bytes.Buffer
	done := make(chan error)
	go func() {
		done <- watchCodes(ctx, &out, ticks, func() []byte {
			f := frames[n]
			n++
			if n == len(frames) {
				// Ctrl-C after the last frame.
				cancel()
			}
			return []byte(f)
		})
	}()
	ticks <- time.Unix(1, 0)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := enterScreen +
		homeCursor + "A 1" + clearLine + "\r\n" + "B 2" + clearLine + "\r\n" + clearLine + clearBelow +
		homeCursor + "A 3" + clearLine + "\r\n" + clearLine + clearBelow +
		leaveScreen
	if got := out.String(); got != want {
		t.Errorf("wrote\n%q\nwant\n%q", got, want)
	}
}

// TestWatchTerminal runs code --watch with standard output on a real
// pseudo-terminal, interrupts it as Ctrl-C would, and checks that the codes
// were drawn and the screen was cleared at the end.
func TestWatchTerminal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("pseudo-terminal setup is written for Linux")
	}
	ptm, pts := openPTY(t)
	defer ptm.Close()
	defer pts.Close()

	old := now
	now = func() time.Time { return time.Unix(1234567890, 0) }
	defer func() { now = old }()

	var stderr bytes.Buffer
	exit := make(chan int)
	go func() {
		exit <- run([]string{"otpmigrate", "code", "--watch", "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"},
			strings.NewReader(""), pts, &stderr)
	}()
	// Read until the first frame is complete; by then the SIGINT handler
	// is installed (it is set up before the first frame is drawn).
	var got bytes.Buffer
	buf := make([]byte, 4096)
	for !strings.Contains(got.String(), clearBelow) {
		ptm.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := ptm.Read(buf)
		if err != nil {
			t.Fatalf("reading the terminal: %v; so far %q", err, got.String())
		}
		got.Write(buf[:n])
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var code int
	select {
	case code = <-exit:
	case <-time.After(10 * time.Second):
		t.Fatal("--watch did not stop on SIGINT")
	}
	// Collect the rest of the output.
	for !strings.HasSuffix(got.String(), leaveScreen) {
		ptm.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := ptm.Read(buf)
		if err != nil {
			break
		}
		got.Write(buf[:n])
	}
	if code != exitOK {
		t.Errorf("exit %d, want 0; stderr:\n%s", code, stderr.String())
	}
	s := got.String()
	// RFC 6238 at 1234567890 (SHA1): 89005924, so 6 digits 005924.
	for _, want := range []string{enterScreen, "ISSUER", "GitHub", "005 924", "30s", "2009-02-13 23:31:30 UTC"} {
		if !strings.Contains(s, want) {
			t.Errorf("terminal output lacks %q:\n%q", want, s)
		}
	}
	if !strings.HasSuffix(s, leaveScreen) {
		t.Errorf("terminal output does not end by clearing the screen:\n%q", s)
	}
}

// openPTY opens a pseudo-terminal pair: the master and the terminal a
// program writes to.
func openPTY(t *testing.T) (ptm, pts *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("unlock pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("pseudo-terminal number: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open pseudo-terminal: %v", err)
	}
	return m, s
}

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
// `otpmigrate code --format plain` on a text file of 100 otpauth URIs, with
// the binary built once.
func BenchmarkCodeProcess(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "otpmigrate")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	input := filepath.Join(dir, "100.txt")
	os.WriteFile(input, []byte(hundredAccounts()), 0o600)
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(bin, "code", "--format", "plain", input)
		out, err := cmd.Output()
		if err != nil {
			b.Fatal(err)
		}
		if n := bytes.Count(out, []byte("\n")); n != 100 {
			b.Fatalf("%d lines of output, want 100", n)
		}
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

// TestWatchUsage checks the flags --watch refuses, on a terminal too.
func TestWatchUsage(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("pseudo-terminal setup is written for Linux")
	}
	const url = "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"--at", "2026-01-01T00:00:00Z"}, "otpmigrate: error: --watch shows the codes of now; it cannot be combined with --at\n"},
		{[]string{"--format", "json"}, "otpmigrate: error: --watch draws a table; it cannot be combined with --format json\n"},
	}
	for _, tt := range tests {
		ptm, pts := openPTY(t)
		var stderr bytes.Buffer
		args := append(append([]string{"otpmigrate", "code", "--watch"}, tt.args...), url)
		if got := run(args, strings.NewReader(""), pts, &stderr); got != exitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, got, exitUsage)
		}
		if !strings.HasPrefix(stderr.String(), tt.msg) {
			t.Errorf("%v: stderr\n%s\nwant first line\n%s", tt.args, stderr.String(), tt.msg)
		}
		pts.Close()
		ptm.Close()
	}
}
