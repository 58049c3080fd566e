package encode

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

var testAccounts = []otpmigrate.Account{
	otpmigrate.NewTOTP("GitHub", "alice@example.com", []byte("12345678901234567890")),
	otpmigrate.NewHOTP("", "bob", []byte("12345678901234567890"), 7),
	{Type: otpmigrate.Steam, Issuer: "Steam", Name: "gabe", Secret: []byte("1234567890"), Algorithm: otpmigrate.SHA1, Digits: 5, Period: 30},
}

func TestWriteAppsRefuse(t *testing.T) {
	bad := []otpmigrate.Account{{Type: otpmigrate.TOTP, Issuer: "X", Secret: []byte("x"), Algorithm: otpmigrate.SHA1, Digits: 3, Period: 30}}
	md5 := []otpmigrate.Account{{Type: otpmigrate.TOTP, Issuer: "X", Secret: []byte("x"), Algorithm: otpmigrate.MD5, Digits: 6, Period: 30}}
	d9 := []otpmigrate.Account{otpmigrate.NewTOTP("X", "y", []byte("x"))}
	d9[0].Digits = 9
	p20 := []otpmigrate.Account{otpmigrate.NewTOTP("X", "y", []byte("x"))}
	p20[0].Period = 20
	bigCounter := []otpmigrate.Account{otpmigrate.NewHOTP("X", "y", []byte("x"), 1<<31)}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"aegis empty password", WriteAegis(&bytes.Buffer{}, testAccounts, nil, AegisOptions{}), "empty password"},
		{"2fas empty password", WriteTwoFAS(&bytes.Buffer{}, testAccounts, []byte{}, TwoFASOptions{}), "empty password"},
		{"aegis invalid account", WriteAegis(&bytes.Buffer{}, bad, nil, AegisOptions{Plain: true}), `account 1 ("X"): 3 digits`},
		{"2fas invalid account", WriteTwoFAS(&bytes.Buffer{}, bad, nil, TwoFASOptions{Plain: true}), `account 1 ("X"): 3 digits`},
		{"2fas md5", WriteTwoFAS(&bytes.Buffer{}, md5, nil, TwoFASOptions{Plain: true}), "2FAS (Android and iOS) cannot hold it: MD5 becomes SHA1"},
		{"2fas 9 digits", WriteTwoFAS(&bytes.Buffer{}, d9, nil, TwoFASOptions{Plain: true}), "9 digits become 6"},
		{"2fas 20 s", WriteTwoFAS(&bytes.Buffer{}, p20, nil, TwoFASOptions{Plain: true}), "a 20 s period becomes 30 s"},
		{"2fas counter", WriteTwoFAS(&bytes.Buffer{}, bigCounter, nil, TwoFASOptions{Plain: true}), "counter 2147483648 is more than it stores"},
		{"2fas ascii password", WriteTwoFAS(&bytes.Buffer{}, testAccounts, []byte("pässword"), TwoFASOptions{}), "ASCII only"},
		{"aegis md5", WriteAegis(&bytes.Buffer{}, md5, nil, AegisOptions{Plain: true}), "Aegis has no MD5"},
		{"aegis no randomness", WriteAegis(&bytes.Buffer{}, testAccounts, []byte("pw"), AegisOptions{Rand: strings.NewReader("short"), ScryptN: 2}), "read random bytes"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, tt.err, tt.want)
		}
	}
	if err := WriteAegis(&bytes.Buffer{}, testAccounts, nil, AegisOptions{}); !errors.Is(err, ErrEmptyPassword) {
		t.Errorf("err = %v, want ErrEmptyPassword", err)
	}
}

// TestWriteAegisParameters: the password slot has Aegis's own scrypt
// parameters unless a test lowers N.
func TestWriteAegisParameters(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteAegis(&buf, testAccounts, []byte("pw"), AegisOptions{}); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version int
		Header  struct {
			Slots []struct {
				Type, N, R, P int
				Salt, Key     string
			}
			Params struct{ Nonce, Tag string }
		}
		DB string
	}
	if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	s := f.Header.Slots
	if f.Version != 1 || len(s) != 1 || s[0].Type != 1 || s[0].N != 1<<15 || s[0].R != 8 || s[0].P != 1 || len(s[0].Salt) != 64 || len(s[0].Key) != 64 {
		t.Errorf("header %+v", f.Header)
	}
	if len(f.Header.Params.Nonce) != 24 || len(f.Header.Params.Tag) != 32 || f.DB == "" {
		t.Errorf("params %+v", f.Header.Params)
	}
	if bytes.Contains(buf.Bytes(), []byte(otpmigrate.EncodeSecret(testAccounts[0].Secret))) {
		t.Error("secret in clear")
	}
}

// TestWriteTwoFASEncryption opens a written backup the way 2FAS does.
func TestWriteTwoFASEncryption(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTwoFAS(&buf, testAccounts, []byte("pw"), TwoFASOptions{}); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Services          []any
		SchemaVersion     int
		ServicesEncrypted string
		Reference         string
	}
	if err := json.Unmarshal(buf.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if f.SchemaVersion != 4 || len(f.Services) != 0 {
		t.Errorf("schema %d, %d services in clear", f.SchemaVersion, len(f.Services))
	}
	open := func(field string) []byte {
		parts := strings.Split(field, ":")
		if len(parts) != 3 {
			t.Fatalf("%d parts", len(parts))
		}
		var b [3][]byte
		for i, p := range parts {
			var err error
			if b[i], err = base64.StdEncoding.DecodeString(p); err != nil {
				t.Fatal(err)
			}
		}
		if len(b[1]) != 256 || len(b[2]) != 12 {
			t.Fatalf("salt %d, iv %d bytes", len(b[1]), len(b[2]))
		}
		key, _ := pbkdf2.Key(sha256.New, "pw", b[1], 10_000, 32)
		block, _ := aes.NewCipher(key)
		gcm, _ := cipher.NewGCM(block)
		plain, err := gcm.Open(nil, b[2], b[0], nil)
		if err != nil {
			t.Fatal(err)
		}
		return plain
	}
	if string(open(f.Reference)) != appformat.TwoFASReference {
		t.Error("reference text differs")
	}
	var services []struct {
		Name, Secret string
		OTP          struct {
			Account, Issuer, TokenType string
			Digits, Period             int
			Counter                    *uint64
		}
	}
	if err := json.Unmarshal(open(f.ServicesEncrypted), &services); err != nil {
		t.Fatal(err)
	}
	if len(services) != 3 {
		t.Fatalf("%d services", len(services))
	}
	h, st := services[1], services[2]
	if h.Name != "bob" || h.OTP.Issuer != "" || h.OTP.TokenType != "HOTP" || h.OTP.Counter == nil || *h.OTP.Counter != 7 || h.OTP.Period != 0 {
		t.Errorf("HOTP service %+v", h)
	}
	if st.OTP.TokenType != "STEAM" || st.OTP.Digits != 5 || st.OTP.Period != 30 {
		t.Errorf("Steam service %+v", st)
	}
}
