package otpmigrate

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// hello is the secret of JBSWY3DPEHPK3PXP, the example most sites use.
var hello = []byte("Hello!\xde\xad\xbe\xef")

const helloB32 = "JBSWY3DPEHPK3PXP"

func totp(issuer, name string) Account { return NewTOTP(issuer, name, hello) }

func TestParse(t *testing.T) {
	with := func(a Account, f func(*Account)) Account { f(&a); return a }
	tests := []struct {
		name string
		uri  string
		want Account
	}{
		// Where the issuer is.
		{"issuer in label and param", "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME", totp("ACME", "alice")},
		{"issuer only in label", "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP", totp("ACME", "alice")},
		{"issuer only in param", "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME", totp("ACME", "alice")},
		{"no issuer", "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP", totp("", "alice")},
		{"no label", "otpauth://totp?secret=JBSWY3DPEHPK3PXP", totp("", "")},
		{"empty label", "otpauth://totp/?secret=JBSWY3DPEHPK3PXP&issuer=ACME", totp("ACME", "")},
		{"mismatching prefix kept in name", "otpauth://totp/Old:alice?secret=JBSWY3DPEHPK3PXP&issuer=New", totp("New", "Old:alice")},
		{"prefix differs only in case", "otpauth://totp/github:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub", totp("GitHub", "alice")},
		{"escaped separator with issuer param", "otpauth://totp/ACME%3Aalice?secret=JBSWY3DPEHPK3PXP&issuer=ACME", totp("ACME", "alice")},
		{"escaped separator and space", "otpauth://totp/ACME%3A%20alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME", totp("ACME", "alice")},
		{"escaped colon without issuer is part of the name", "otpauth://totp/encoding%3A%20%C2%BF%C3%A4%3F%20%28demo%29?secret=JBSWY3DPEHPK3PXP", totp("", "encoding: ¿ä? (demo)")},
		{"space after colon", "otpauth://totp/ACME:%20alice?secret=JBSWY3DPEHPK3PXP", totp("ACME", "alice")},
		{"literal space after colon", "otpauth://totp/ACME: alice?secret=JBSWY3DPEHPK3PXP", totp("ACME", "alice")},
		{"empty issuer param", "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=", totp("", "ACME:alice")},

		// Label encodings.
		{"percent-encoded label", "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co", totp("ACME Co", "alice@example.com")},
		{"plus for space in label", "otpauth://totp/ACME+Co:Alice+Smith?secret=JBSWY3DPEHPK3PXP", totp("ACME Co", "Alice Smith")},
		{"plus addressing kept", "otpauth://totp/ACME+Co:alice+2fa@example.com?secret=JBSWY3DPEHPK3PXP", totp("ACME Co", "alice+2fa@example.com")},
		{"plus addressing with %40", "otpauth://totp/alice+2fa%40example.com?secret=JBSWY3DPEHPK3PXP", totp("", "alice+2fa@example.com")},
		{"escaped plus", "otpauth://totp/C%2B%2B:bob?secret=JBSWY3DPEHPK3PXP", totp("C++", "bob")},
		{"plus in issuer param", "otpauth://hotp/Air%20Canada:Benjamin?secret=JBSWY3DPEHPK3PXP&issuer=Air+Canada&counter=50", NewHOTP("Air Canada", "Benjamin", hello, 50)},
		{"raw at sign", "otpauth://totp/Example:alice@google.com?issuer=Example&period=30&secret=JBSWY3DPEHPK3PXP", totp("Example", "alice@google.com")},
		{"utf-8 label", "otpauth://totp/B%C3%BCcher:j%C3%BCrgen?secret=JBSWY3DPEHPK3PXP", totp("Bücher", "jürgen")},
		{"fragment ignored", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP#x", totp("A", "b")},
		{"unknown parameters ignored", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&image=https%3A%2F%2Fx&color=red", totp("A", "b")},
		{"surrounding white space", "  otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n", totp("A", "b")},
		{"upper-case scheme and type", "OTPAUTH://TOTP/A:b?SECRET=JBSWY3DPEHPK3PXP", totp("A", "b")},

		// Secrets.
		{"lower-case secret", "otpauth://totp/A:b?secret=jbswy3dpehpk3pxp", totp("A", "b")},
		{"padded secret", "otpauth://totp/A:b?secret=GEZDGNBVGY3TQOJQ%3D%3D%3D", Account{Type: TOTP, Issuer: "A", Name: "b", Secret: []byte("1234567890"), Algorithm: SHA1, Digits: 6, Period: 30}},
		{"padded secret raw", "otpauth://totp/A:b?secret=MFRGG===", Account{Type: TOTP, Issuer: "A", Name: "b", Secret: []byte("abc"), Algorithm: SHA1, Digits: 6, Period: 30}},
		{"space-separated secret", "otpauth://totp/A:b?secret=jbsw%20y3dp%20ehpk%203pxp", totp("A", "b")},
		{"plus-separated secret", "otpauth://totp/A:b?secret=JBSW+Y3DP+EHPK+3PXP", totp("A", "b")},
		{"dash-separated secret", "otpauth://totp/A:b?secret=JBSW-Y3DP-EHPK-3PXP", totp("A", "b")},

		// Algorithms.
		{"algorithm sha256", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=sha256", with(totp("A", "b"), func(a *Account) { a.Algorithm = SHA256 })},
		{"algorithm SHA-512", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA-512", with(totp("A", "b"), func(a *Account) { a.Algorithm = SHA512 })},
		{"algorithm Algorithm.sha1", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=Algorithm.sha1", totp("A", "b")},
		{"algorithm Algorithm.SHA256", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=Algorithm.SHA256", with(totp("A", "b"), func(a *Account) { a.Algorithm = SHA256 })},
		{"algorithm HmacSHA512", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=HmacSHA512", with(totp("A", "b"), func(a *Account) { a.Algorithm = SHA512 })},
		{"algorithm md5", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=md5", with(totp("A", "b"), func(a *Account) { a.Algorithm = MD5 })},

		// Defaults and explicit values.
		{"explicit defaults", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30", totp("A", "b")},
		{"digits and period", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=8&period=60", with(totp("A", "b"), func(a *Account) { a.Digits, a.Period = 8, 60 })},
		{"totp ignores counter", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&counter=5", totp("A", "b")},

		// HOTP.
		{"hotp counter", "otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&counter=7", NewHOTP("A", "b", hello, 7)},
		{"hotp without counter starts at 0", "otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP", NewHOTP("A", "b", hello, 0)},
		{"hotp ignores period", "otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&period=60&counter=1", NewHOTP("A", "b", hello, 1)},
		{"hotp max counter", "otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551615", NewHOTP("A", "b", hello, 1<<64-1)},

		// Steam, both forms.
		{"steam type", "otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam", steam("Steam", "gaben")},
		{"steam with explicit settings", "otpauth://steam/Boeing:Sophia?secret=JBSWY3DPEHPK3PXP&issuer=Boeing&algorithm=SHA1&digits=5&period=30", steam("Boeing", "Sophia")},
		{"steam encoder", "otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam&encoder=steam", steam("Steam", "gaben")},
		{"steam encoder upper case", "otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&encoder=Steam&digits=5", steam("Steam", "gaben")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.uri)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("Parse =\n  %#v\nwant\n  %#v", got, tt.want)
			}
		})
	}
}

func steam(issuer, name string) Account {
	return Account{Type: Steam, Issuer: issuer, Name: name, Secret: hello, Algorithm: SHA1, Digits: 5, Period: 30}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, uri, want string
	}{
		{"not otpauth", "https://example.com/?secret=JBSWY3DPEHPK3PXP", "not an otpauth:// URI"},
		{"migration URI", "otpauth-migration://offline?data=JBSWY3DPEHPK3PXP", "not an otpauth:// URI"},
		{"empty", "", "not an otpauth:// URI"},
		{"unknown type", "otpauth://motp/A:b?secret=JBSWY3DPEHPK3PXP", `unknown OTP type "motp" (want totp, hotp or steam)`},
		{"no secret", "otpauth://totp/A:b?issuer=A", "otpauth URI has no secret parameter"},
		{"empty secret", "otpauth://totp/A:b?secret=&issuer=A", "empty secret"},
		{"padding-only secret", "otpauth://totp/A:b?secret=%3D%3D", "empty secret"},
		{"secret not base32", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PX1", "secret is not valid base32"},
		{"secret of bad length", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXPA", "secret is not valid base32 (its length is wrong: is a character missing or extra?)"},
		{"bad escape in secret", "otpauth://totp/A:b?secret=JBSWY3DP%ZZEHPK3PXP", "bad percent-encoding in the secret parameter"},
		{"bad escape in label", "otpauth://totp/A%ZZ:b?secret=JBSWY3DPEHPK3PXP", "bad percent-encoding in label"},
		{"bad escape in name", "otpauth://totp/A:b%?secret=JBSWY3DPEHPK3PXP", "bad percent-encoding in label"},
		{"unknown algorithm", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA3", `unknown algorithm "SHA3" (want SHA1, SHA256, SHA512 or MD5)`},
		{"digits not a number", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=six", `digits "six" is not a number`},
		{"too few digits", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=4", "4 digits is outside what apps use (5 to 10)"},
		{"too many digits", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&digits=11", "11 digits is outside what apps use (5 to 10)"},
		{"period not a number", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&period=30s", `period "30s" is not a number`},
		{"zero period", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&period=0", "period 0 s is outside 1 s to 86400 s"},
		{"negative counter", "otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&counter=-1", `counter "-1" is not a number`},
		{"steam with 6 digits", "otpauth://steam/A:b?secret=JBSWY3DPEHPK3PXP&digits=6", "steam account must use SHA1, 5 digits and a 30 second period"},
		{"too long", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&x=" + strings.Repeat("a", MaxURILength), fmt.Sprintf("otpauth URI is %d bytes, more than the 8192 allowed", len("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&x=")+MaxURILength)},
		{"secret too long", "otpauth://totp/A:b?secret=" + strings.Repeat("A", 1700), "secret is 1062 bytes, more than the 1024 any app uses"},
		// A missing '&' runs a value into the secret: the value is not
		// quoted then.
		{"algorithm runs into secret", "otpauth://totp/A:b?algorithm=SHA1secret=JBSWY3DPEHPK3PXP", "unknown algorithm (want SHA1, SHA256, SHA512 or MD5)"},
		{"digits run into secret", "otpauth://totp/A:b?digits=6secret=JBSWY3DPEHPK3PXP", "otpauth URI has no secret parameter"},
		{"period runs into secret", "otpauth://totp/A:b?period=30secret=JBSWY3DPEHPK3PXP", "period is not a number"},
		{"counter runs into secret", "otpauth://hotp/A:b?counter=1secret=JBSWY3DPEHPK3PXP", "counter is not a number"},
		{"type runs into secret", "otpauth://secret=JBSWY3DPEHPK3PXP", "unknown OTP type (want totp, hotp or steam)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.uri)
			if err == nil {
				t.Fatalf("Parse succeeded: %#v", a)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), helloB32[:8]) || strings.Contains(strings.ToUpper(err.Error()), "JBSW") {
				t.Errorf("error %q shows the secret", err)
			}
		})
	}
}

// TestErrorsHideSecret mangles valid URIs in many ways and checks that no
// error shows any 6-character piece of the secret.
func TestErrorsHideSecret(t *testing.T) {
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	base := "otpauth://totp/ACME:alice?secret=" + secret + "&issuer=ACME&algorithm=SHA256&digits=8&period=60"
	var bad []string
	for i := range len(base) {
		// Cut, drop a byte, or put a character that breaks things there.
		bad = append(bad, base[:i], base[:i]+base[i+1:])
		for _, c := range []string{"%", "&", "=", "?", ":", "/", "#", "1", "!", "%ZZ", "\x00"} {
			bad = append(bad, base[:i]+c+base[i:], base[:i]+c+base[i+1:])
		}
	}
	n := 0
	for _, uri := range bad {
		_, err := Parse(uri)
		if err == nil {
			continue
		}
		n++
		msg := strings.ToUpper(err.Error())
		for i := 0; i+6 <= len(secret); i++ {
			if strings.Contains(msg, secret[i:i+6]) {
				t.Fatalf("Parse(%q): error %q shows part of the secret", uri, err)
			}
		}
		if strings.Contains(msg, "OTPAUTH") && !strings.Contains(msg, "OTPAUTH URI") && !strings.Contains(msg, "OTPAUTH://") {
			t.Errorf("Parse(%q): error %q may quote the URI", uri, err)
		}
	}
	if n < 100 {
		t.Fatalf("only %d of %d mangled URIs failed; the test is not testing much", n, len(bad))
	}
}

func TestURL(t *testing.T) {
	tests := []struct {
		name string
		a    Account
		want string
	}{
		{"defaults omitted", totp("ACME", "alice"), "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME"},
		{"no issuer", totp("", "alice"), "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP"},
		{"empty name", totp("ACME", ""), "otpauth://totp/?secret=JBSWY3DPEHPK3PXP&issuer=ACME"},
		{"space is %20", totp("ACME Co", "Alice Smith"), "otpauth://totp/ACME%20Co:Alice%20Smith?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"},
		{"plus is escaped", totp("C++", "alice+2fa@example.com"), "otpauth://totp/C%2B%2B:alice%2B2fa%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=C%2B%2B"},
		{"reserved characters", totp("a/b:c", "d&e#f?g=h%i"), "otpauth://totp/a%2Fb%3Ac:d%26e%23f%3Fg%3Dh%25i?secret=JBSWY3DPEHPK3PXP&issuer=a%2Fb%3Ac"},
		{"colon in name", totp("", "encoding: ¿?"), "otpauth://totp/encoding%3A%20%C2%BF%3F?secret=JBSWY3DPEHPK3PXP"},
		{"unreserved kept", totp("A-b.c_d~e", "x"), "otpauth://totp/A-b.c_d~e:x?secret=JBSWY3DPEHPK3PXP&issuer=A-b.c_d~e"},
		{"unpadded secret", NewTOTP("", "x", []byte("abc")), "otpauth://totp/x?secret=MFRGG"},
		{"every setting", Account{Type: TOTP, Issuer: "A", Name: "b", Secret: hello, Algorithm: SHA512, Digits: 8, Period: 60},
			"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A&algorithm=SHA512&digits=8&period=60"},
		{"md5", Account{Type: TOTP, Name: "b", Secret: hello, Algorithm: MD5, Digits: 6, Period: 30}, "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP&algorithm=MD5"},
		{"hotp counter 0 written", NewHOTP("A", "b", hello, 0), "otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A&counter=0"},
		{"hotp counter", NewHOTP("A", "b", hello, 42), "otpauth://hotp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A&counter=42"},
		{"hotp 7 digits", Account{Type: HOTP, Name: "b", Secret: hello, Algorithm: SHA256, Digits: 7, Counter: 50},
			"otpauth://hotp/b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=7&counter=50"},
		{"steam defaults omitted", steam("Steam", "gaben"), "otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.URL(); got != tt.want {
				t.Errorf("URL =\n  %s\nwant\n  %s", got, tt.want)
			}
			back, err := Parse(tt.want)
			if err != nil {
				t.Fatalf("Parse(URL): %v", err)
			}
			if !back.Equal(tt.a) {
				t.Errorf("Parse(URL) = %#v, want %#v", back, tt.a)
			}
		})
	}
}

func TestStringHidesSecret(t *testing.T) {
	a := totp("ACME", "alice")
	if got, want := a.String(), `totp account "ACME: alice"`; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestValidate(t *testing.T) {
	with := func(f func(*Account)) Account { a := totp("A", "b"); f(&a); return a }
	tests := []struct {
		name string
		a    Account
		want string // "" for valid
	}{
		{"totp", totp("A", "b"), ""},
		{"hotp", NewHOTP("A", "b", hello, 3), ""},
		{"steam", steam("A", "b"), ""},
		{"5 digits", with(func(a *Account) { a.Digits = 5 }), ""},
		{"10 digits", with(func(a *Account) { a.Digits = 10 }), ""},
		{"day period", with(func(a *Account) { a.Period = MaxPeriod }), ""},
		{"empty secret", with(func(a *Account) { a.Secret = nil }), "empty secret"},
		{"huge secret", with(func(a *Account) { a.Secret = make([]byte, MaxSecretLength+1) }), "secret is 1025 bytes, more than the 1024 any app uses"},
		{"zero type", with(func(a *Account) { a.Type = 0 }), "unknown OTP type 0"},
		{"unknown type", with(func(a *Account) { a.Type = 9 }), "unknown OTP type 9"},
		{"zero algorithm", with(func(a *Account) { a.Algorithm = 0 }), "unknown algorithm 0"},
		{"4 digits", with(func(a *Account) { a.Digits = 4 }), "4 digits is outside what apps use (5 to 10)"},
		{"0 digits", with(func(a *Account) { a.Digits = 0 }), "0 digits is outside what apps use (5 to 10)"},
		{"11 digits", with(func(a *Account) { a.Digits = 11 }), "11 digits is outside what apps use (5 to 10)"},
		{"zero period", with(func(a *Account) { a.Period = 0 }), "period 0 s is outside 1 s to 86400 s"},
		{"long period", with(func(a *Account) { a.Period = MaxPeriod + 1 }), "period 86401 s is outside 1 s to 86400 s"},
		{"long name", with(func(a *Account) { a.Name = strings.Repeat("x", MaxLabelLength+1) }), "issuer or name longer than 1024 bytes"},
		{"steam with 6 digits", Account{Type: Steam, Secret: hello, Algorithm: SHA1, Digits: 6, Period: 30}, "steam account must use SHA1, 5 digits and a 30 second period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.a.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("Validate = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseAlgorithmAndType(t *testing.T) {
	for in, want := range map[string]Algorithm{"SHA1": SHA1, "sha1": SHA1, "SHA-1": SHA1, "Algorithm.SHA1": SHA1,
		"algorithm.sha256": SHA256, "HmacSHA256": SHA256, "HMAC-SHA-512": SHA512, "sha_512": SHA512, " md5 ": MD5} {
		if got, err := ParseAlgorithm(in); err != nil || got != want {
			t.Errorf("ParseAlgorithm(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "SHA3", "SHA224", "Algorithm."} {
		if got, err := ParseAlgorithm(in); err == nil {
			t.Errorf("ParseAlgorithm(%q) = %v, want an error", in, got)
		}
	}
	for in, want := range map[string]Type{"totp": TOTP, "TOTP": TOTP, "hotp": HOTP, "Steam": Steam} {
		if got, err := ParseType(in); err != nil || got != want {
			t.Errorf("ParseType(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestDecodeSecret(t *testing.T) {
	for _, in := range []string{"JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "jbsw-y3dp-ehpk-3pxp", "JBSWY3DPEHPK3PXP====", "\tJBSWY3DP\nEHPK3PXP "} {
		got, err := DecodeSecret(in)
		if err != nil || !bytes.Equal(got, hello) {
			t.Errorf("DecodeSecret(%q) = %x, %v", in, got, err)
		}
	}
	if got := EncodeSecret([]byte("12345678901234567890")); got != "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" {
		t.Errorf("EncodeSecret = %s", got)
	}
}

// labelRunes are the characters generated labels are made of: every
// character URL must escape, plus letters, digits and non-ASCII.
var labelRunes = []rune("aZ09 -._~/:&#?=%+@!$'()*,;[]\"<>\\^`{|}äé¿日本\u00a0\t")

func randomLabel(r *rand.Rand) string {
	n := r.IntN(12)
	rs := make([]rune, n)
	for i := range rs {
		rs[i] = labelRunes[r.IntN(len(labelRunes))]
	}
	return strings.TrimSpace(string(rs))
}

// randomAccount returns a valid account in normal form.
func randomAccount(r *rand.Rand) Account {
	a := Account{
		Type:      []Type{TOTP, HOTP, Steam}[r.IntN(3)],
		Issuer:    randomLabel(r),
		Name:      randomLabel(r),
		Secret:    make([]byte, 1+r.IntN(64)),
		Algorithm: []Algorithm{SHA1, SHA256, SHA512, MD5}[r.IntN(4)],
		Digits:    MinDigits + r.IntN(MaxDigits-MinDigits+1),
		Period:    []int{30, 60, 15, 1, MaxPeriod}[r.IntN(5)],
	}
	for i := range a.Secret {
		a.Secret[i] = byte(r.Uint32())
	}
	switch a.Type {
	case HOTP:
		a.Period = 0
		a.Counter = []uint64{0, 1, 7, r.Uint64()}[r.IntN(4)]
	case Steam:
		a.Algorithm, a.Digits, a.Period = SHA1, SteamDigits, DefaultPeriod
	}
	return a
}

func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		a := randomAccount(r)
		if err := a.Validate(); err != nil {
			t.Fatalf("generated an invalid account %#v: %v", a, err)
		}
		u := a.URL()
		b, err := Parse(u)
		if err != nil {
			t.Fatalf("Parse(%q): %v", u, err)
		}
		if !b.Equal(a) {
			t.Fatalf("Parse(%q) =\n  %#v\nwant\n  %#v", u, b, a)
		}
	}
}

func FuzzParseURI(f *testing.F) {
	for _, s := range []string{
		"otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME",
		"otpauth://totp/ACME%3Aalice?secret=jbsw%20y3dp%20ehpk%203pxp&issuer=ACME",
		"otpauth://totp/Old:alice+2fa@example.com?secret=JBSWY3DPEHPK3PXP===&issuer=New",
		"otpauth://totp/My+Bank:Alice+Smith?secret=JBSWY3DPEHPK3PXP&algorithm=Algorithm.sha256&digits=8&period=60",
		"otpauth://hotp/Air%20Canada:Benjamin?secret=KUVJJOM753IHTNDSZVCNKL7GII&issuer=Air+Canada&algorithm=SHA256&digits=7&counter=50",
		"otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing&algorithm=SHA1&digits=5&period=30",
		"otpauth://totp/Steam:x?secret=JBSWY3DPEHPK3PXP&encoder=steam",
		"otpauth://totp/encoding%3A%20%C2%BF%C3%A4%C3%84%C3%A9%C3%89%3F%20%28demo%29?secret=7KSQL2JTUDIS5EF65KLMRQIIGY",
		"otpauth://totp?secret=JBSWY3DPEHPK3PXP",
		"otpauth://totp/%20A%20:%20b%20?secret=JBSWY3DPEHPK3PXP&issuer=%20A",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "secret=") || strings.Contains(msg, "\n") || (len(s) >= 16 && strings.ContainsAny(s, "?=") && strings.Contains(msg, s)) {
				t.Fatalf("Parse(%q): error shows the URI or is not one line: %q", s, msg)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("Parse(%q) returned an invalid account: %v", s, err)
		}
		u := a.URL()
		b, err := Parse(u)
		if err != nil {
			t.Fatalf("Parse(%q) = %#v, but Parse(%q): %v", s, a, u, err)
		}
		if !b.Equal(a) {
			t.Fatalf("Parse(%q) =\n  %#v\nParse(%q) =\n  %#v", s, a, u, b)
		}
		if b.URL() != u {
			t.Fatalf("URL not stable: %q then %q", u, b.URL())
		}
	})
}

func BenchmarkParse(b *testing.B) {
	const u = "otpauth://totp/ACME%20Co:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60"
	for b.Loop() {
		if _, err := Parse(u); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkURL(b *testing.B) {
	a := Account{Type: TOTP, Issuer: "ACME Co", Name: "alice@example.com", Secret: []byte("12345678901234567890"),
		Algorithm: SHA256, Digits: 8, Period: 60}
	for b.Loop() {
		_ = a.URL()
	}
}
