package decode

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// TestRootAppFixtures reads Aegis's test files of the apps whose files
// come from a rooted phone, and TOTP Authenticator's backup, each with its
// own password (PROVENANCE.md).
func TestRootAppFixtures(t *testing.T) {
	dir := filepath.Join(testtool.SharedFixtures(t, ".."), "aegis", "importers")
	v := aegisVectors(t)
	// Authy has SHA1 only, and keeps the vectors' digits.
	authy := func(a otpmigrate.Account) otpmigrate.Account { a.Algorithm, a.Period = otpmigrate.SHA1, 30; return a }
	// TOTP Authenticator: SHA1, names in lower case; it keeps digits and
	// period (Aegis's importer ignores them and reads 6 and 30).
	totpAuth := func(a otpmigrate.Account) otpmigrate.Account {
		a = asTOTP(a)
		a.Algorithm, a.Name = otpmigrate.SHA1, strings.ToLower(a.Name)
		return a
	}
	duoHOTP := otpmigrate.NewHOTP("", "James", v["Issuu"].Secret, 3)
	bnet, _ := otpmigrate.DecodeSecret("BMGRXPGFARQQF4GMT25JATL2VYLAHDBI")
	battle := otpmigrate.NewTOTP("Battle.net", "US-2211-2050-3346", bnet)
	battle.Digits = 8
	for _, tt := range []struct {
		file, pw string
		want     []otpmigrate.Account
	}{
		{"authy_plain.xml", "", []otpmigrate.Account{authy(v["Deno"]), authy(v["SPDX"]), authy(v["Airbnb"])}},
		{"authy_encrypted.xml", "testtest", []otpmigrate.Account{authy(v["Deno"]), authy(v["SPDX"]), authy(v["Airbnb"])}},
		{"totp_authenticator.bin", "Testtest1", []otpmigrate.Account{totpAuth(v["Deno"]), totpAuth(v["SPDX"]), totpAuth(v["Airbnb"])}},
		{"battle_net_authenticator.xml", "", []otpmigrate.Account{battle}},
		{"duo.json", "", []otpmigrate.Account{otpmigrate.NewTOTP("", "Mason", v["Deno"].Secret), duoHOTP}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			checkDecode(t, tt.file, data, tt.pw, tt.want)
			if tt.pw == "" {
				return
			}
			if _, _, err := decodeWith(tt.file, data, "wrong"); !errors.Is(err, ErrWrongPassword) {
				t.Errorf("wrong password: %v", err)
			}
			for _, n := range []int{len(data) / 2, len(data) - 20} {
				if _, _, err := decodeWith(tt.file, data[:n], tt.pw); err == nil {
					t.Errorf("cut to %d bytes: no error", n)
				}
			}
		})
	}
}

// authyFile makes Authy's shared preferences with one encrypted token.
func authyFile(t testing.TB, pw string) []byte {
	salt := "saltsaltsaltsaltsaltsaltsaltsalt"
	key, _ := pbkdf2.Key(sha1.New, pw, []byte(salt), authyIterations, 32)
	plain, err := appformat.CBCSeal(key, make([]byte, 16), []byte("GEZDGNBVGY3TQOJQ"))
	if err != nil {
		t.Fatal(err)
	}
	js := `[{&quot;accountType&quot;:&quot;authenticator&quot;,&quot;digits&quot;:6,&quot;encryptedSecret&quot;:&quot;` + base64.StdEncoding.EncodeToString(plain) +
		`&quot;,&quot;originalName&quot;:&quot;Test:alice&quot;,&quot;salt&quot;:&quot;` + salt + `&quot;,&quot;name&quot;:&quot;Test: alice&quot;},` +
		`{&quot;digits&quot;:7,&quot;secretSeed&quot;:&quot;3132333435363738393031323334353637383930&quot;,&quot;name&quot;:&quot;Authy&quot;}]`
	return []byte(`<?xml version='1.0' encoding='utf-8' standalone='yes' ?>
<map>
    <string name="com.authy.storage.tokens.authenticator.key">` + js + `</string>
</map>
`)
}

// totpAuthFile makes a TOTP Authenticator backup.
func totpAuthFile(pw, obj string) []byte {
	key := sha256.Sum256([]byte(pw))
	ct, err := appformat.CBCSeal(key[:], make([]byte, 16), []byte(obj))
	if err != nil {
		panic(err)
	}
	return []byte(base64.StdEncoding.EncodeToString(ct))
}

const testTOTPAuth = `{"[{\"base\":32,\"key\":\"GEZDGNBVGY3TQOJQ\",\"name\":\"alice\",\"issuer\":\"Test\",\"digits\":\"6\",\"period\":\"30\"}]":"1608293023"}`

func TestRootAppsSynthetic(t *testing.T) {
	s, _ := otpmigrate.DecodeSecret("GEZDGNBVGY3TQOJQ")
	authyOwn := otpmigrate.NewTOTP("Authy", "", []byte("12345678901234567890"))
	authyOwn.Digits, authyOwn.Period = 7, 10
	for _, tt := range []struct {
		name string
		data []byte
		pw   string
		want []otpmigrate.Account
	}{
		{"authy", authyFile(t, "pw"), "pw", []otpmigrate.Account{otpmigrate.NewTOTP("Test", "alice", s), authyOwn}},
		{"totp authenticator with password", totpAuthFile("pw", testTOTPAuth), "pw", []otpmigrate.Account{otpmigrate.NewTOTP("Test", "alice", s)}},
		// Made without a password: the app's own opens it, none is asked.
		{"totp authenticator without password", totpAuthFile(totpAuthDefaultPassword, testTOTPAuth), "", []otpmigrate.Account{otpmigrate.NewTOTP("Test", "alice", s)}},
		{"totp authenticator internal", []byte(`<map><string name="STATIC_TOTP_CODES_LIST">[{&quot;base&quot;:16,&quot;key&quot;:&quot;3132333435&quot;,&quot;name&quot;:&quot;bob&quot;,&quot;issuer&quot;:&quot;Hex&quot;}]</string></map>`),
			"", []otpmigrate.Account{otpmigrate.NewTOTP("Hex", "bob", []byte("12345"))}},
		{"duo with a push account", []byte(`[{"name":"alice","otpGenerator":{"otpSecret":"GEZDGNBVGY3TQOJQ"}},{"name":"Duo push","accountType":"DuoAccount"}]`),
			"", []otpmigrate.Account{otpmigrate.NewTOTP("", "alice", s)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkDecode(t, "in", tt.data, tt.pw, tt.want)
		})
	}
	// Too many encrypted Authy tokens: refused before the password.
	many := `<map><string name="com.authy.storage.tokens.authenticator.key">[` +
		strings.TrimSuffix(strings.Repeat(`{&quot;encryptedSecret&quot;:&quot;AAAAAAAAAAAAAAAAAAAAAA==&quot;,&quot;salt&quot;:&quot;s&quot;,&quot;digits&quot;:6},`, authyMaxEncrypted+1), ",") + `]</string></map>`
	_, err := Decode([]Input{{Name: "authy.xml", Data: []byte(many)}}, Options{Password: func(string, string) ([]byte, error) {
		t.Error("password asked")
		return nil, nil
	}})
	if err == nil || !strings.Contains(err.Error(), "1001 encrypted tokens, more than 1000") {
		t.Errorf("many tokens: %v", err)
	}
	// A base64 text that is not whole AES blocks is text, not a backup.
	if isTOTPAuthenticatorBackup([]byte(base64.StdEncoding.EncodeToString(make([]byte, 40)))) {
		t.Error("40 bytes taken for AES blocks")
	}
}

func FuzzRootApps(f *testing.F) {
	f.Add(authyFile(f, "pw"))
	f.Add(totpAuthFile("pw", testTOTPAuth))
	f.Add([]byte(`[{"name":"alice","otpGenerator":{"otpSecret":"GEZDGNBVGY3TQOJQ","counter":3}}]`))
	fuzzSeeds(f, "importers/authy_plain.xml", "importers/battle_net_authenticator.xml", "importers/duo.json")
	for _, z := range []string{"zipcrypto.zip", "aes256.zip"} {
		if data, err := os.ReadFile(filepath.Join("..", "internal", "zipcrypt", "testdata", z)); err == nil {
			f.Add(data)
		}
	}
	fuzzReader(f, func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
		acc, warns, _, err := decodeApp(Input{Name: name, Data: data}, opts)
		return acc, warns, err
	})
}
