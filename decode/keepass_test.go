package decode

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// testKeePassXC is a KeePassXC CSV export as its CsvExporter writes one:
// every cell quoted, a TOTP URI per entry.
const testKeePassXC = `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"
"Root","Test","alice","","","","otpauth://totp/Test:alice?secret=GEZDGNBVGY3TQOJQ&period=30&digits=6&issuer=Test","0","2024-01-01T00:00:00Z","2024-01-01T00:00:00Z"
`

func TestKeePassCSV(t *testing.T) {
	sec := func(s string) []byte { b, _ := otpmigrate.DecodeSecret(s); return b }
	s := sec("GEZDGNBVGY3TQOJQ")
	tests := []struct {
		name, csv string
		want      []otpmigrate.Account
		warn      string
	}{
		{"keepassxc", testKeePassXC, []otpmigrate.Account{otpmigrate.NewTOTP("Test", "alice", s)}, ""},
		{"keepassxc labels from the entry, password dropped",
			"Group,Title,Username,Password,URL,Notes,TOTP\nRoot,GitHub,bob,hunter2,,,otpauth://totp/?secret=GEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60\n",
			[]otpmigrate.Account{{Type: otpmigrate.TOTP, Issuer: "GitHub", Name: "bob", Secret: s, Algorithm: otpmigrate.SHA256, Digits: 8, Period: 60}},
			"passwords (1 account)"},
		{"keepassxc steam encoder",
			"Title,Username,TOTP\nSteam,gabe,otpauth://totp/Steam:gabe?secret=GEZDGNBVGY3TQOJQ&period=30&digits=5&issuer=Steam&encoder=steam\n",
			[]otpmigrate.Account{{Type: otpmigrate.Steam, Issuer: "Steam", Name: "gabe", Secret: s, Algorithm: otpmigrate.SHA1, Digits: 5, Period: 30}}, ""},
		{"keepassxc bare secret and KeeOTP form, entry without TOTP left out",
			"title,username,totp\nA,a,GEZDGNBVGY3TQOJQ\nB,b,key=GEZDGNBVGY3TQOJQ&size=8&step=60&otpHashMode=SHA512\nC,c,\n",
			[]otpmigrate.Account{otpmigrate.NewTOTP("A", "a", s),
				{Type: otpmigrate.TOTP, Issuer: "B", Name: "b", Secret: s, Algorithm: otpmigrate.SHA512, Digits: 8, Period: 60}},
			"1 item(s) without a TOTP field"},
		{"keepass 2 fields",
			"Title,User Name,TimeOtp-Secret-Base32,TimeOtp-Length,TimeOtp-Period,TimeOtp-Algorithm,HmacOtp-Secret-Hex,HmacOtp-Counter\n" +
				"T,u,GEZDGNBVGY3TQOJQ,7,20,HMAC-SHA-256,,\nH,v,,,,,3132333435,9\n",
			[]otpmigrate.Account{{Type: otpmigrate.TOTP, Issuer: "T", Name: "u", Secret: s, Algorithm: otpmigrate.SHA256, Digits: 7, Period: 20},
				otpmigrate.NewHOTP("H", "v", []byte("12345"), 9)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode([]Input{{Name: "kp.csv", Data: []byte(tt.csv)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkAccounts(t, res.Accounts, tt.want)
			if w := strings.Join(res.Warnings, "\n"); !strings.Contains(w, tt.warn) || (tt.warn == "") != (w == "") {
				t.Errorf("warnings %q, want %q", res.Warnings, tt.warn)
			}
		})
	}
}

func TestKeePassCSVErrors(t *testing.T) {
	for _, tt := range []struct{ name, csv, want string }{
		{"bad uri", "Title,Username,TOTP\nX,x,otpauth://totp/x?secret=GEZDGNBV&digits=3\n", `entry 1 ("X"): 3 digits`},
		{"bad secret", "Title,Username,TOTP\nX,x,not a secret!\n", "neither an otpauth:// or steam:// URI nor a base32 secret"},
		{"bad counter", "Title,User Name,HmacOtp-Secret-Base32,HmacOtp-Counter\nX,x,GEZDGNBV,many\n", "HmacOtp-Counter is not a number"},
		{"no totp at all", "Title,Username,TOTP\nX,x,\n", "has no item with a TOTP field"},
		{"unterminated quote", "\"Title\",\"Username\",\"TOTP\"\n\"X\",\"x\",\"otpauth://totp/x?secret=GEZDGNBV\n", "line 2: KeePass CSV export: malformed CSV"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]Input{{Name: "kp.csv", Data: []byte(tt.csv)}}, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	// A cut inside a row is an error (every cell is quoted, every row has
	// the header's columns) or, after the TOTP cell, leaves the account
	// whole; a cut at a line's end is a shorter, valid CSV, which no
	// reader can tell.
	data := []byte(testKeePassXC)
	header := strings.IndexByte(testKeePassXC, '\n') + 1
	whole := otpmigrate.NewTOTP("Test", "alice", []byte("12345678901234567890")[:10])
	for n := header + 1; n < len(data)-1; n++ {
		if res, err := Decode([]Input{{Name: "kp.csv", Data: data[:n]}}, Options{}); err == nil && (len(res.Accounts) != 1 || !res.Accounts[0].Equal(whole)) {
			t.Errorf("cut to %d of %d bytes: no error, %d accounts", n, len(data), len(res.Accounts))
		}
	}
}

// TestKeePassSharedFixture reads extract_otp_secrets's KeePass CSVs.
func TestKeePassSharedFixture(t *testing.T) {
	dir := filepath.Join(testtool.SharedFixtures(t, ".."), "scito-extract_otp_secrets")
	s, _ := otpmigrate.DecodeSecret("7KSQL2JTUDIS5EF65KLMRQIIGY")
	for file, want := range map[string][]otpmigrate.Account{
		"example_keepass_output.totp.csv": {otpmigrate.NewTOTP("raspberrypi", "pi@raspberrypi", s), otpmigrate.NewTOTP("", "pi@raspberrypi", s),
			otpmigrate.NewTOTP("", "pi@raspberrypi", s), otpmigrate.NewTOTP("raspberrypi", "pi@raspberrypi", s),
			otpmigrate.NewTOTP("", "encoding: ¿äÄéÉ? (demo)", s)},
		"example_keepass_output.hotp.csv": {otpmigrate.NewHOTP("", "hotp demo", s, 4)},
	} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		acc, _, ok, err := decodeApp(Input{Name: file, Data: data}, Options{})
		if !ok || err != nil {
			t.Fatalf("%s: ok=%v err=%v", file, ok, err)
		}
		checkAccounts(t, acc, want)
	}
}

// TestKeePassDatabase: a .kdbx is refused with a hint to export CSV, and no
// password is asked.
func TestKeePassDatabase(t *testing.T) {
	data := append(append([]byte{}, kdbxSignature...), 0x01, 0x00, 0x04, 0x00)
	data = append(data, make([]byte, 200)...)
	_, err := Decode([]Input{{Name: "db.kdbx", Data: data}}, Options{Password: func(string, string) ([]byte, error) {
		t.Error("password asked")
		return nil, nil
	}})
	var de *Error
	if !errors.Is(err, ErrUnsupportedBackup) || !errors.As(err, &de) || !strings.Contains(de.Hint(), "CSV File") {
		t.Errorf("err = %v", err)
	}
}
