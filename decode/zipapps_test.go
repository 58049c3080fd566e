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
			res, err := Decode([]Input{{Name: "ap.zip", Data: data}}, Options{Password: func(string, string) ([]byte, error) { return []byte(pw), nil }})
			if err != nil {
				t.Fatal(err)
			}
			checkAccounts(t, res.Accounts, want)
			_, err = Decode([]Input{{Name: "ap.zip", Data: data}}, Options{Password: func(string, string) ([]byte, error) { return []byte("wrong"), nil }})
			if !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: %v", err)
			}
			for n := 4; n < len(data); n += 13 {
				_, err := Decode([]Input{{Name: "ap.zip", Data: data[:n]}}, Options{Password: func(string, string) ([]byte, error) { return []byte(pw), nil }})
				if err == nil {
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
