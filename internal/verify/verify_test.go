package verify

import (
	"bytes"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
)

var secret = []byte("12345678901234567890")

// TestChecksCatchMismatches feeds the read-back checks a code of another
// account: export must refuse it.
func TestChecksCatchMismatches(t *testing.T) {
	a := otpmigrate.NewTOTP("GitHub", "alice@example.com", secret)
	b := otpmigrate.NewTOTP("GitHub", "bob@example.com", secret)
	var buf bytes.Buffer
	if err := encode.WriteAccountPNG(&buf, a, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := AccountPNG(buf.Bytes(), a); err != nil {
		t.Errorf("own code refused: %v", err)
	}
	if err := AccountPNG(buf.Bytes(), b); err == nil || strings.Contains(err.Error(), "bob") {
		t.Errorf("code of another account: err = %v", err)
	}
	if err := AccountPNG([]byte("not an image"), a); err == nil {
		t.Error("a broken image passed the check")
	}
	q, _ := encode.NewAccountQR(b, 0)
	if err := QR(q, a); err == nil {
		t.Error("terminal/sheet check passed a code of another account")
	}
}

func TestMigrationCodes(t *testing.T) {
	a := otpmigrate.NewTOTP("GitHub", "alice@example.com", secret)
	b := otpmigrate.NewTOTP("GitLab", "bob@example.com", secret)
	codes, err := encode.MigrationCodes([]otpmigrate.Account{a, b}, encode.MigrationOptions{PerCode: 1})
	if err != nil {
		t.Fatal(err)
	}
	pngs := make([][]byte, len(codes))
	for i, c := range codes {
		q, _ := encode.NewQR(c.URI, 0)
		var buf bytes.Buffer
		q.WritePNG(&buf, 0)
		pngs[i] = buf.Bytes()
	}
	if err := MigrationCodes(pngs, codes, []otpmigrate.Account{a, b}); err != nil {
		t.Errorf("own export refused: %v", err)
	}
	if err := MigrationCodes(pngs, codes, []otpmigrate.Account{b, a}); err == nil {
		t.Error("an export of other accounts passed")
	}
	if err := MigrationCodes(pngs[:1], codes[:1], []otpmigrate.Account{a}); err == nil {
		t.Error("half an export passed")
	}
	if err := MigrationCodes([][]byte{pngs[1], pngs[0]}, codes, []otpmigrate.Account{a, b}); err == nil {
		t.Error("code 2 passed as code 1")
	}
	other := codes[0]
	other.Accounts = []otpmigrate.Account{b}
	if _, err := migrationPNG(pngs[0], other); err == nil {
		t.Error("a code whose accounts differ from its own passed")
	}
}

// TestSheet checks the sheet against its own HTML: a page whose drawing
// was changed fails.
func TestSheet(t *testing.T) {
	accounts := []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", secret),
		otpmigrate.NewHOTP("", "bob", secret, 7),
	}
	s, err := encode.NewSheet(accounts, encode.SheetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	if err := Sheet([]byte(html), s, accounts); err != nil {
		t.Fatalf("untouched sheet fails: %v", err)
	}
	// The first code's lower half wiped.
	start := strings.Index(html, `<path fill="#000" d="`) + len(`<path fill="#000" d="`)
	stop := start + strings.IndexByte(html[start:], '"')
	segs := strings.SplitAfter(html[start:stop], "z")
	broken := html[:start] + strings.Join(segs[:len(segs)/2], "") + html[stop:]
	if err := Sheet([]byte(broken), s, accounts); err == nil {
		t.Error("a damaged code on the sheet passed the check")
	}
	// Codes swapped between accounts.
	if err := Sheet([]byte(html), s, []otpmigrate.Account{accounts[1], accounts[0]}); err == nil {
		t.Error("swapped codes passed the check")
	}
	if err := Sheet([]byte(html), s, accounts[:1]); err == nil {
		t.Error("a sheet with a code too many passed the check")
	}
}

// TestAppFile: a file that does not read back as the accounts written is
// caught.
func TestAppFile(t *testing.T) {
	accounts := []otpmigrate.Account{otpmigrate.NewTOTP("A", "b", secret)}
	changed := append([]otpmigrate.Account(nil), accounts...)
	changed[0].Digits = 8 // as a writer bug would
	tests := []struct {
		name     string
		accounts []otpmigrate.Account
		want     string
	}{
		{"changed", changed, "account 1 (\"A\") reads back different"},
		{"missing", nil, "Aegis vault holds no accounts"}, // decode refuses an empty vault
		{"extra", append(append([]otpmigrate.Account(nil), accounts...), otpmigrate.NewTOTP("C", "d", []byte("x"))), "read back 2 accounts, want 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := encode.WriteAegis(&buf, tt.accounts, nil, encode.AegisOptions{Plain: true}); err != nil {
				t.Fatal(err)
			}
			err := AppFile("x.json", buf.Bytes(), accounts, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	var buf bytes.Buffer
	if err := encode.WriteAegis(&buf, accounts, []byte("pw"), encode.AegisOptions{ScryptN: 1 << 10}); err != nil {
		t.Fatal(err)
	}
	if err := AppFile("x.json", buf.Bytes(), accounts, nil); err == nil || !strings.Contains(err.Error(), "written unencrypted") {
		t.Errorf("encrypted file checked as plain: %v", err)
	}
	if err := AppFile("x.json", buf.Bytes(), accounts, []byte("pw")); err != nil {
		t.Errorf("encrypted file refused: %v", err)
	}
}
