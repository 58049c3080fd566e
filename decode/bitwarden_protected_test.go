package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

const testBitwarden = `{"encrypted":false,"folders":[],"items":[{"type":1,"name":"Test","login":{"username":"alice","totp":"otpauth://totp/Test:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Test"}}]}`

// bitwardenFile builds a password-protected Bitwarden export with
// PBKDF2 at iter iterations.
func bitwardenFile(t testing.TB, pw string, iter int64, plain string) []byte {
	t.Helper()
	k := appformat.BitwardenKDF{Type: appformat.BitwardenKDFPBKDF2, Iterations: iter}
	enc, mac, err := appformat.BitwardenKeys([]byte(pw), "c2FsdHNhbHRzYWx0c2FsdA==", k)
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(fill(64, 7))
	check, err1 := appformat.BitwardenEncrypt(r, enc, mac, []byte("7f7a5b5e-8c49-4c5e-9d0e-000000000000"))
	data, err2 := appformat.BitwardenEncrypt(r, enc, mac, []byte(plain))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	out, err := json.Marshal(appformat.BitwardenProtected{Encrypted: true, PasswordProtected: true, Salt: "c2FsdHNhbHRzYWx0c2FsdA==",
		KDFType: 0, KDFIterations: iter, KeyValidation: check, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBitwardenProtectedFixtures reads the exports made by
// testdata/apps/make_bitwarden.py, an implementation of Bitwarden's export
// independent of ours, at Bitwarden's default costs.
func TestBitwardenProtectedFixtures(t *testing.T) {
	v := aegisVectors(t)
	want := []otpmigrate.Account{v["Deno"], v["SPDX"], v["Boeing"]}
	for _, f := range []string{"bitwarden_protected_pbkdf2.json", "bitwarden_protected_argon2id.json"} {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "apps", f))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Decode([]Input{{Name: f, Data: data}}, Options{Password: testPassword})
			if err != nil {
				t.Fatal(err)
			}
			checkAccounts(t, res.Accounts, want)
			_, err = Decode([]Input{{Name: f, Data: data}}, Options{Password: func(string, string) ([]byte, error) { return []byte("tset"), nil }})
			if !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: err = %v", err)
			}
		})
	}
}

func TestBitwardenProtectedErrors(t *testing.T) {
	good := bitwardenFile(t, "pw", 10, testBitwarden)
	var m map[string]any
	if err := json.Unmarshal(good, &m); err != nil {
		t.Fatal(err)
	}
	edit := func(k string, v any) []byte {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		out, _ := json.Marshal(c)
		return out
	}
	data := m["data"].(string)
	tests := []struct {
		name string
		file []byte
		want string
		ask  bool // the password is asked for
	}{
		{"iterations above Bitwarden's maximum", edit("kdfIterations", 2_000_001), "PBKDF2 iterations 2000001 outside 1 to 2000000", false},
		{"argon2 memory above the cap", edit("kdfType", 1), "Argon2id without kdfMemory", false},
		{"unknown kdf", edit("kdfType", 7), "unknown KDF type 7", false},
		{"no salt", edit("salt", nil), "salt, kdfType", false},
		{"no kdf type", edit("kdfType", nil), "salt, kdfType", false},
		{"data changed", edit("data", data[:len(data)-8]+"AAAAAAA="), "the password is right but the data fails authentication", true},
		{"data of another type", edit("data", "0"+data[1:]), `encrypted field of type "0"`, true},
		{"data cut", edit("data", data[:20]), "encrypted field is not the three parts", true},
		{"truncated", good[:len(good)-10], "", false},
		{"account restricted", []byte(`{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"2.a|b|c","folders":[],"items":[]}`), "encrypted for one Bitwarden account", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, asked, err := decodeWith("bw.json", tt.file, "pw")
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, ErrWrongPassword) {
				t.Errorf("err = %v, want one with %q", err, tt.want)
			}
			if asked != tt.ask {
				t.Errorf("password asked: %v, want %v", asked, tt.ask)
			}
		})
	}
	m["kdfType"], m["kdfMemory"], m["kdfParallelism"] = 1, 1025, 4
	out, _ := json.Marshal(m)
	if _, err := Decode([]Input{{Name: "bw.json", Data: out}}, Options{Password: testPassword}); err == nil || !strings.Contains(err.Error(), "memory 1025 MiB") {
		t.Errorf("argon2 memory 1025 MiB: err = %v", err)
	}
}
