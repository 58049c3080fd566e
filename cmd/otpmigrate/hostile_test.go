package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileLabel drives a terminal every way an untrusted export could try:
// an OSC sequence that retitles the window, a C1 CSI (U+009B), and a
// bidirectional override (U+202E) that reorders what follows.
const hostileLabel = "Evil\x1b]0;pwned\x07\u009b31m\u202egnp.exe"

// dangerous reports the first character of s that a terminal would obey
// (or reorder by), other than the line breaks and tabs output is made of.
func dangerous(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == utf8.RuneError:
			return r, true
		}
	}
	return 0, false
}

// TestHostileLabel feeds one account whose issuer and name are the hostile
// label through every output that shows them, and checks that none passes
// a control character on, that JSON keeps the label whole (escaped), and
// that CSV guards against formulas.
func TestHostileLabel(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "evil.txt")
	u := "otpauth://totp/" + url.PathEscape(hostileLabel) + ":" + url.PathEscape("=cmd|' /C calc'!A0"+hostileLabel) +
		"?secret=JBSWY3DPEHPK3PXP&issuer=" + url.QueryEscape(hostileLabel)
	if err := os.WriteFile(in, []byte(u+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The same account with 8 digits: compare names it as changed.
	changed := filepath.Join(dir, "changed.txt")
	if err := os.WriteFile(changed, []byte(u+"&digits=8\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	outputs := [][]string{
		{"decode", "--format", "table", in},
		{"decode", "--format", "table", "--redact", in},
		{"decode", "--format", "csv", in},
		{"decode", "--format", "csv", "--redact", in},
		{"decode", "--format", "json", in},
		{"decode", "--format", "urls", in},
		{"code", "--format", "table", in},
		{"code", "--format", "plain", in},
		{"code", "--format", "json", in},
		{"export", "--terminal", "--allow-non-terminal", in},
		{"export", "--urls", in},
		// Warnings and errors quote the label.
		{"export", "--google-authenticator", filepath.Join(dir, "ga"), "--force", "--per-qr", "1", in},
		{"code", "--match", hostileLabel + "x", in},
		{"compare", "--new", changed, in},
		{"compare", "--format", "json", "--new", changed, in},
	}
	for _, args := range outputs {
		t.Run(strings.Join(args[:len(args)-1], " "), func(t *testing.T) {
			_, stdout, stderr := runArgs(t, args...)
			for name, s := range map[string]string{"stdout": stdout, "stderr": stderr} {
				if args[1] == "--terminal" && name == "stdout" {
					// The drawing's own escapes (colours, screen) are
					// fixed; only the caption comes from the account.
					s = s[strings.LastIndex(s, "\x1b[0m")+len("\x1b[0m"):]
					s = s[:strings.Index(s, "\x1b[H")]
				}
				if r, bad := dangerous(s); bad {
					t.Errorf("%s passes %U on: %q", name, r, s)
				}
			}
			switch strings.Join(args[:3], " ") {
			case "decode --format json", "code --format json":
				var got []struct{ Issuer string }
				if err := json.Unmarshal([]byte(stdout), &got); err != nil || len(got) != 1 || got[0].Issuer != hostileLabel {
					t.Errorf("JSON does not keep the label whole: %v %+v", err, got)
				}
			case "decode --format csv":
				rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
				if err != nil || len(rows) != 2 || !strings.HasPrefix(rows[1][2], "'=cmd") {
					t.Errorf("CSV name not guarded against formulas: %v %q", err, rows)
				}
			}
		})
	}
}

// TestUIHidesControls: whatever a message quotes, the ui writes no control
// character of it to the terminal.
func TestUIHidesControls(t *testing.T) {
	var buf bytes.Buffer
	u := &ui{stderr: &buf}
	u.warnf("account 1 (%s): x", hostileLabel)
	u.errorf("decode %s", hostileLabel)
	u.hint("%s", hostileLabel)
	if r, bad := dangerous(buf.String()); bad {
		t.Errorf("the ui passes %U on: %q", r, buf.String())
	}
}
