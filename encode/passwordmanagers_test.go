package encode_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
)

// pmAccounts are what Bitwarden and KeePassXC hold: TOTP of every
// algorithm they know, odd digits and periods, Steam, labels with
// characters that need escaping, and accounts with only a name or only
// an issuer.
func pmAccounts() []otpmigrate.Account {
	s := []byte("12345678901234567890")
	return []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", s),
		{Type: otpmigrate.TOTP, Issuer: "Bank, \"Ltd\"", Name: "al:ice", Secret: s, Algorithm: otpmigrate.SHA256, Digits: 8, Period: 60},
		{Type: otpmigrate.TOTP, Issuer: "Big#1", Name: "=cmd", Secret: s[:10], Algorithm: otpmigrate.SHA512, Digits: 9, Period: 20},
		{Type: otpmigrate.Steam, Issuer: "Steam", Name: "gabe", Secret: s, Algorithm: otpmigrate.SHA1, Digits: 5, Period: 30},
		otpmigrate.NewTOTP("", "no-issuer", s),
		otpmigrate.NewTOTP("OnlyIssuer", "", s),
	}
}

func readBack(t *testing.T, name string, data []byte, pw string) []otpmigrate.Account {
	t.Helper()
	res, err := decode.Decode([]decode.Input{{Name: name, Data: data}}, decode.Options{Password: func(string, string) ([]byte, error) {
		if pw == "" {
			t.Fatal("password asked for a plain file")
		}
		return []byte(pw), nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Accounts
}

func sameAccounts(t *testing.T, got, want []otpmigrate.Account) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("read back %d accounts, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("account %d reads back as %s, want %s", i+1, got[i].URL(), want[i].URL())
		}
	}
}

func TestBitwardenRoundTrip(t *testing.T) {
	want := pmAccounts()
	for _, tt := range []struct {
		name string
		opts encode.BitwardenOptions
		pw   string
	}{
		{"plain", encode.BitwardenOptions{Plain: true}, ""},
		{"pbkdf2", encode.BitwardenOptions{PBKDF2Iterations: 1000}, "correct horse"},
		{"argon2id", encode.BitwardenOptions{KDF: encode.BitwardenArgon2id}, "correct horse"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := encode.WriteBitwarden(&buf, want, []byte(tt.pw), tt.opts); err != nil {
				t.Fatal(err)
			}
			sameAccounts(t, readBack(t, "vault.json", buf.Bytes(), tt.pw), want)
			if !tt.opts.Plain {
				if bytes.Contains(buf.Bytes(), []byte("GEZDGNBV")) || bytes.Contains(buf.Bytes(), []byte("GitHub")) {
					t.Error("secret or label in clear")
				}
				_, err := decode.Decode([]decode.Input{{Name: "vault.json", Data: buf.Bytes()}}, decode.Options{
					Password: func(string, string) ([]byte, error) { return []byte("wrong"), nil }})
				if !errors.Is(err, decode.ErrWrongPassword) {
					t.Errorf("wrong password: err = %v", err)
				}
			}
		})
	}
}

// TestBitwardenFormat checks the fields Bitwarden's importer requires
// (bitwarden-password-protected-importer.ts, cannotParseFile) and the
// default costs.
func TestBitwardenFormat(t *testing.T) {
	for kdf, want := range map[encode.BitwardenKDF]string{
		encode.BitwardenPBKDF2:   `"kdfType":0,"kdfIterations":600000,`,
		encode.BitwardenArgon2id: `"kdfType":1,"kdfIterations":3,"kdfMemory":64,"kdfParallelism":4,`,
	} {
		var buf bytes.Buffer
		if err := encode.WriteBitwarden(&buf, pmAccounts()[:1], []byte("pw"), encode.BitwardenOptions{KDF: kdf}); err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		json.Compact(&compact, buf.Bytes())
		s := compact.String()
		if !strings.HasPrefix(s, `{"encrypted":true,"passwordProtected":true,"salt":"`) || !strings.Contains(s, want) ||
			!strings.Contains(s, `"encKeyValidation_DO_NOT_EDIT":"2.`) || !strings.Contains(s, `"data":"2.`) {
			t.Errorf("file %s, want %s", s, want)
		}
	}
	var buf bytes.Buffer
	if err := encode.WriteBitwarden(&buf, pmAccounts()[3:4], nil, encode.BitwardenOptions{Plain: true}); err != nil {
		t.Fatal(err)
	}
	var ex struct {
		Encrypted bool
		Items     []struct {
			Type  int
			Name  string
			Login struct{ Username, TOTP string }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &ex); err != nil {
		t.Fatal(err)
	}
	if ex.Encrypted || len(ex.Items) != 1 || ex.Items[0].Type != 1 || ex.Items[0].Name != "Steam" || ex.Items[0].Login.Username != "gabe" ||
		ex.Items[0].Login.TOTP != "steam://GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" {
		t.Errorf("steam item %+v", ex)
	}
}

func TestPasswordManagersRefuse(t *testing.T) {
	s := []byte("12345678901234567890")
	hotp := []otpmigrate.Account{otpmigrate.NewHOTP("H", "h", s, 1)}
	md5 := []otpmigrate.Account{{Type: otpmigrate.TOTP, Issuer: "M", Secret: s, Algorithm: otpmigrate.MD5, Digits: 6, Period: 30}}
	nameless := []otpmigrate.Account{otpmigrate.NewTOTP("", "", s)}
	steam := []otpmigrate.Account{{Type: otpmigrate.Steam, Issuer: "Valve", Secret: s, Algorithm: otpmigrate.SHA1, Digits: 5, Period: 30}}
	ten := []otpmigrate.Account{{Type: otpmigrate.TOTP, Issuer: "T", Secret: s, Algorithm: otpmigrate.SHA1, Digits: 10, Period: 30}}
	plain := encode.BitwardenOptions{Plain: true}
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"bitwarden hotp", encode.WriteBitwarden(&bytes.Buffer{}, hotp, nil, plain), `account 1 ("H"): Bitwarden cannot hold it: HOTP accounts are not held`},
		{"bitwarden md5", encode.WriteBitwarden(&bytes.Buffer{}, md5, nil, plain), "Bitwarden cannot hold it: MD5 becomes SHA1"},
		{"bitwarden nameless", encode.WriteBitwarden(&bytes.Buffer{}, nameless, nil, plain), "neither issuer nor name"},
		{"bitwarden steam without name", encode.WriteBitwarden(&bytes.Buffer{}, steam, nil, plain), "Steam Guard account without both"},
		{"bitwarden empty password", encode.WriteBitwarden(&bytes.Buffer{}, pmAccounts(), nil, encode.BitwardenOptions{}), "empty password"},
		{"bitwarden 10 digits", encode.WriteBitwarden(&bytes.Buffer{}, ten, nil, plain), "10 digits become 6"},
		{"keepassxc 10 digits", encode.WriteKeePassXC(&bytes.Buffer{}, ten), "10 digits become 6"},
		{"keepassxc hotp", encode.WriteKeePassXC(&bytes.Buffer{}, hotp), "KeePassXC cannot hold it: HOTP accounts are not held"},
		{"keepassxc md5", encode.WriteKeePassXC(&bytes.Buffer{}, md5), "KeePassXC cannot hold it: MD5 becomes SHA1"},
	} {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, tt.err, tt.want)
		}
	}
}

func TestKeePassXCRoundTrip(t *testing.T) {
	want := pmAccounts()
	var buf bytes.Buffer
	if err := encode.WriteKeePassXC(&buf, want); err != nil {
		t.Fatal(err)
	}
	sameAccounts(t, readBack(t, "otp.csv", buf.Bytes(), ""), want)
	lines := strings.Split(buf.String(), "\n")
	if lines[0] != `"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"` {
		t.Errorf("header %s", lines[0])
	}
	// KeePassXC knows Steam only as encoder=steam (src/core/Totp.cpp), and
	// older releases read a missing period as 1 (target: ExplicitParams).
	if !strings.Contains(lines[4], `"otpauth://totp/Steam:gabe?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steam&digits=5&period=30&encoder=steam"`) {
		t.Errorf("steam row %s", lines[4])
	}
	if !strings.Contains(lines[2], `"Bank, ""Ltd"""`) {
		t.Errorf("quotes not doubled: %s", lines[2])
	}
}
