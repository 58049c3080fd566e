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

func TestAuthenticatorPlus(t *testing.T) {
	s1, _ := otpmigrate.DecodeSecret("GEZDGNBVGY3TQOJQ")
	s2, _ := otpmigrate.DecodeSecret("GEZDGNBVGY3TQOJR")
	synthetic := []otpmigrate.Account{otpmigrate.NewTOTP("Test", "alice", s1), otpmigrate.NewHOTP("Counter", "bob", s2, 5)}
	v := aegisVectors(t)
	files := map[string][]otpmigrate.Account{
		// internal/zipcrypt/testdata: made with zip -P and 7-Zip (AES).
		"../internal/zipcrypt/testdata/zipcrypto.zip":        synthetic,
		"../internal/zipcrypt/testdata/zipcrypto-stored.zip": synthetic,
		"../internal/zipcrypt/testdata/aes256.zip":           synthetic,
	}
	pws := map[string]string{}
	if _, err := os.Stat(filepath.Join("..", "..", "shared", "testdata-public")); err == nil {
		shared := filepath.Join(testtool.SharedFixtures(t, ".."), "aegis", "importers", "authenticator_plus.zip")
		files[shared] = []otpmigrate.Account{v["Deno"], v["SPDX"], v["Airbnb"], v["Issuu"], v["Air Canada"], v["WWE"], v["Boeing"]}
		pws[shared] = "testtesttest"
	}
	for file, want := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			pw := pws[file]
			if pw == "" {
				pw = "pw"
			}
			checkDecode(t, "ap.zip", data, pw, want)
			if _, _, err := decodeWith("ap.zip", data, "wrong"); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: %v", err)
			}
			for n := 4; n < len(data); n += 13 {
				if _, _, err := decodeWith("ap.zip", data[:n], pw); err == nil {
					t.Errorf("cut to %d bytes: no error", n)
				}
			}
		})
	}
	// An archive of anything else is not a format otpmigrate reads.
	data, err := os.ReadFile("../internal/zipcrypt/testdata/zipcrypto-stream.zip")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Decode([]Input{{Name: "other.zip", Data: data}}, Options{Password: func(string, string) ([]byte, error) {
		t.Error("password asked")
		return nil, nil
	}})
	if !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), "a ZIP archive") {
		t.Errorf("other archive: %v", err)
	}
}

// TestRaivo reads the synthetic Raivo export (testdata/apps/raivo, made
// with 7-Zip's WinZip AES-256 as Raivo's SSZipArchive makes it), its JSON
// unpacked, a wrong password, and damaged copies.
func TestRaivo(t *testing.T) {
	dir := filepath.Join("..", "testdata", "apps", "raivo")
	zipData, err := os.ReadFile(filepath.Join(dir, "raivo-otp-export.zip"))
	if err != nil {
		t.Fatal(err)
	}
	jsonData, err := os.ReadFile(filepath.Join(dir, "raivo-otp-export.json"))
	if err != nil {
		t.Fatal(err)
	}
	s1, _ := otpmigrate.DecodeSecret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	s2, _ := otpmigrate.DecodeSecret("JBSWY3DPEHPK3PXP")
	bob := otpmigrate.NewHOTP("Counter", "bob", s2, 5)
	bob.Algorithm, bob.Digits = otpmigrate.SHA256, 8
	want := []otpmigrate.Account{otpmigrate.NewTOTP("Test", "alice", s1), bob}
	pw := func(string, string) ([]byte, error) { return []byte("pw"), nil }
	for name, data := range map[string][]byte{"zip": zipData, "json": jsonData} {
		res, err := Decode([]Input{{Name: name, Data: data}}, Options{Password: pw})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkAccounts(t, res.Accounts, want)
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "icons (1 account), pins (1 account)") {
			t.Errorf("%s: warnings %q", name, res.Warnings)
		}
	}
	_, err = Decode([]Input{{Name: "zip", Data: zipData}}, Options{Password: func(string, string) ([]byte, error) { return []byte("nope"), nil }})
	if !errors.Is(err, ErrWrongPassword) || !strings.Contains(err.Error(), "wrong password for Raivo OTP export") {
		t.Errorf("wrong password: %v", err)
	}
	// Every cut and every changed byte: an error or the same accounts.
	for i := range zipData {
		for _, d := range [][]byte{zipData[:i], flip(zipData, i)} {
			res, err := Decode([]Input{{Name: "zip", Data: d}}, Options{Password: pw})
			if err == nil && (len(res.Accounts) != 2 || !res.Accounts[0].Equal(want[0]) || !res.Accounts[1].Equal(want[1])) {
				t.Fatalf("byte %d: other accounts without an error", i)
			}
		}
	}
	for _, tt := range []struct{ edit, want string }{
		{`"kind":"TOTP"`, `"kind":"MOTP"`},
		{`"digits":"6"`, `"digits":"six"`},
		{`"timer":"30"`, `"timer":"-1"`},
		{`"counter":"5"`, `"counter":"x"`},
	} {
		_, err := Decode([]Input{{Name: "json", Data: []byte(strings.Replace(string(jsonData), tt.edit, tt.want, 1))}}, Options{})
		if err == nil || !strings.Contains(err.Error(), "Raivo OTP export") {
			t.Errorf("%s: err = %v", tt.want, err)
		}
	}
}
