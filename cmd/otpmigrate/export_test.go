package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
)

func TestExportExitCodes(t *testing.T) {
	dir := t.TempDir()
	url := "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"urls", []string{"export", "--urls", url}, exitOK},
		{"qr-dir", []string{"export", "--qr-dir", filepath.Join(dir, "qr"), url}, exitOK},
		{"no output", []string{"export", url}, exitUsage},
		{"two outputs", []string{"export", "--urls", "--terminal", url}, exitUsage},
		{"bad level", []string{"export", "--urls", "--level", "Z", url}, exitUsage},
		{"bad per-qr", []string{"export", "--urls", "--per-qr", "0", url}, exitUsage},
		{"no input", []string{"export", "--urls"}, exitUsage},
		{"exists", []string{"export", "--qr-dir", filepath.Join(dir, "qr"), url}, exitFailure},
		{"not a terminal", []string{"export", "--terminal", url}, exitFailure},
		{"no account for GA", []string{"export", "--google-authenticator", filepath.Join(dir, "ga"), "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&period=60"}, exitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkExit(t, tt.args, tt.want, "JBSWY3DPEHPK3PXP")
		})
	}
}

// TestWriteAllCleansUp makes the second of three writes fail and checks
// that the first file and the folder made for them are gone again.
func TestWriteAllCleansUp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	files := []outFile{
		{filepath.Join(dir, "a.png"), []byte("a")},
		{filepath.Join(dir, "missing", "b.png"), []byte("b")},
		{filepath.Join(dir, "c.png"), []byte("c")},
	}
	if err := writeAll(dir, files, false); err == nil {
		t.Fatal("write into a missing folder succeeded")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("folder left behind: %v", err)
	}

	// In a folder that existed before, only the new files go.
	existing := t.TempDir()
	os.WriteFile(filepath.Join(existing, "keep.txt"), []byte("x"), 0o600)
	files[0].path = filepath.Join(existing, "a.png")
	files[1].path = filepath.Join(existing, "missing", "b.png")
	if err := writeAll(existing, files, false); err == nil {
		t.Fatal("write into a missing folder succeeded")
	}
	entries, _ := os.ReadDir(existing)
	if len(entries) != 1 || entries[0].Name() != "keep.txt" {
		t.Errorf("folder holds %v, want only keep.txt", entries)
	}
}

// TestWriteAllForceKeepsOld: with --force, a write that fails halfway
// replaces none of the existing files.
func TestWriteAllForceKeepsOld(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "a.png")
	os.WriteFile(old, []byte("old"), 0o600)
	files := []outFile{
		{old, []byte("new")},
		{filepath.Join(dir, "missing", "b.png"), []byte("b")},
	}
	if err := writeAll(dir, files, true); err == nil {
		t.Fatal("write into a missing folder succeeded")
	}
	if got, _ := os.ReadFile(old); string(got) != "old" {
		t.Errorf("existing file now holds %q, want the old content", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %v, want only a.png", entries)
	}
}

// TestChecksCatchMismatches feeds the read-back checks a code of another
// account: export must refuse it.
func TestChecksCatchMismatches(t *testing.T) {
	secret := []byte("12345678901234567890")
	a := otpmigrate.NewTOTP("GitHub", "alice@example.com", secret)
	b := otpmigrate.NewTOTP("GitHub", "bob@example.com", secret)
	var buf bytes.Buffer
	if err := encode.WriteAccountPNG(&buf, a, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := checkAccountPNG(buf.Bytes(), a); err != nil {
		t.Errorf("own code refused: %v", err)
	}
	if err := checkAccountPNG(buf.Bytes(), b); err == nil || strings.Contains(err.Error(), "bob") {
		t.Errorf("code of another account: err = %v", err)
	}
	if err := checkAccountPNG([]byte("not an image"), a); err == nil {
		t.Error("a broken image passed the check")
	}
	q, _ := encode.NewAccountQR(b, 0)
	if err := checkQR(q, a); err == nil {
		t.Error("terminal/sheet check passed a code of another account")
	}

	codes, err := encode.MigrationCodes([]otpmigrate.Account{a, b}, encode.MigrationOptions{PerCode: 1})
	if err != nil {
		t.Fatal(err)
	}
	mq, _ := encode.NewQR(codes[0].URI, 0)
	buf.Reset()
	mq.WritePNG(&buf, 0)
	if _, err := checkMigrationPNG(buf.Bytes(), codes[0], []otpmigrate.Account{a}); err != nil {
		t.Errorf("own migration code refused: %v", err)
	}
	if _, err := checkMigrationPNG(buf.Bytes(), codes[0], []otpmigrate.Account{b}); err == nil {
		t.Error("migration code of another account passed")
	}
	if _, err := checkMigrationPNG(buf.Bytes(), codes[1], []otpmigrate.Account{a}); err == nil {
		t.Error("migration code 1 passed as code 2")
	}
}

// TestSheetCheck checks the sheet from its own HTML: a page whose drawing
// was changed fails.
func TestSheetCheck(t *testing.T) {
	secret := []byte("12345678901234567890")
	accounts := []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", secret),
		otpmigrate.NewHOTP("", "bob", secret, 7),
	}
	var buf bytes.Buffer
	if err := encode.WriteSheet(&buf, accounts, encode.SheetOptions{}); err != nil {
		t.Fatal(err)
	}
	check := func(html string) error {
		imgs, err := sheetCodes([]byte(html))
		if err != nil {
			return err
		}
		if len(imgs) != len(accounts) {
			return fmt.Errorf("%d codes", len(imgs))
		}
		for i, img := range imgs {
			var p bytes.Buffer
			png.Encode(&p, img)
			if err := checkAccountPNG(p.Bytes(), accounts[i]); err != nil {
				return err
			}
		}
		return nil
	}
	html := buf.String()
	if err := check(html); err != nil {
		t.Fatalf("untouched sheet fails: %v", err)
	}
	// The first code's lower half wiped (a finder and half the data): the
	// reader recovers from a spoilt finder, but not from this.
	start := strings.Index(html, `<path fill="#000" d="`) + len(`<path fill="#000" d="`)
	stop := start + strings.IndexByte(html[start:], '"')
	segs := strings.SplitAfter(html[start:stop], "z")
	broken := html[:start] + strings.Join(segs[:len(segs)/2], "") + html[stop:]
	if broken == html {
		t.Fatal("test does not change the sheet")
	}
	if err := check(broken); err == nil {
		t.Error("a damaged code on the sheet passed the check")
	}
	// Codes swapped between accounts.
	i := strings.Index(html, `<div class="qr">`)
	j := strings.LastIndex(html, `<div class="qr">`)
	end := func(k int) int { return k + strings.Index(html[k:], "</div>") }
	swapped := html[:i] + html[j:end(j)] + html[end(i):j] + html[i:end(i)] + html[end(j):]
	if err := check(swapped); err == nil {
		t.Error("swapped codes passed the check")
	}
}
