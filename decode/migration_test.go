package decode

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	pb "github.com/otpmigrate/otpmigrate/internal/migrationpb"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// exampleURI is the export in the issue and in dim13/otpauth's README:
// Example / alice@google.com, secret JBSWY3DPEHPK3PXP.
const exampleURI = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC"

var hello = []byte("Hello!\xde\xad\xbe\xef")

func otp(issuer, name string, secret []byte) *pb.MigrationPayload_OtpParameters {
	return &pb.MigrationPayload_OtpParameters{Secret: secret, Name: name, Issuer: issuer,
		Algorithm: pb.MigrationPayload_ALGORITHM_SHA1, Digits: pb.MigrationPayload_DIGIT_COUNT_SIX,
		Type: pb.MigrationPayload_OTP_TYPE_TOTP}
}

func batch(id, size, index int32, params ...*pb.MigrationPayload_OtpParameters) *pb.MigrationPayload {
	return &pb.MigrationPayload{Version: 1, BatchSize: size, BatchIndex: proto.Int32(index), BatchId: id, OtpParameters: params}
}

func marshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func equalAccounts(a, b []otpmigrate.Account) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// assertNoSecret fails when msg shows a piece of any secret.
func assertNoSecret(t testing.TB, msg string, secrets ...[]byte) {
	t.Helper()
	for _, s := range secrets {
		b32 := otpmigrate.EncodeSecret(s)
		for i := 0; i+8 <= len(b32); i++ {
			if strings.Contains(strings.ToUpper(msg), b32[i:i+8]) {
				t.Errorf("message %q shows the secret", msg)
				return
			}
		}
		if len(s) >= 4 && strings.Contains(msg, string(s)) {
			t.Errorf("message %q shows the secret", msg)
		}
	}
	if strings.Contains(msg, "data=") || strings.Contains(msg, "secret=") {
		t.Errorf("message %q shows a raw URI", msg)
	}
}

func TestParseMigrationURIExample(t *testing.T) {
	p, err := ParseMigrationURI(exampleURI)
	if err != nil {
		t.Fatal(err)
	}
	want := otpmigrate.NewTOTP("Example", "alice@google.com", hello)
	if len(p.Accounts) != 1 || !p.Accounts[0].Equal(want) {
		t.Errorf("accounts = %#v, want %#v", p.Accounts, want)
	}
	if p.Version != 0 || p.BatchSize != 0 || p.BatchIndex != 0 || p.BatchID != 0 {
		t.Errorf("batch fields = %d %d %d %d, want zeros", p.Version, p.BatchSize, p.BatchIndex, p.BatchID)
	}
}

// envelopePayload returns a payload whose standard base64 holds '+', '/'
// and '=' padding: the characters pasting mangles.
func envelopePayload(t *testing.T) (*pb.MigrationPayload, string) {
	t.Helper()
	secret := []byte{0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff, 0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff, 0x3e, 0x3f}
	for _, name := range []string{"a", "ab", "abc"} {
		m := batch(-1217841385, 1, 0, otp("ACME Co", name+"@example.com", secret))
		b64 := base64.StdEncoding.EncodeToString(marshal(t, m))
		if strings.Contains(b64, "+") && strings.Contains(b64, "/") && strings.HasSuffix(b64, "=") {
			return m, b64
		}
	}
	t.Fatal("no payload with '+', '/' and padding")
	return nil, ""
}

func TestParseMigrationURIEnvelope(t *testing.T) {
	m, b64 := envelopePayload(t)
	want, err := DecodePayload(marshal(t, m))
	if err != nil {
		t.Fatal(err)
	}
	breakLines := func(s, sep string, width int) string {
		var b strings.Builder
		for len(s) > width {
			b.WriteString(s[:width] + sep)
			s = s[width:]
		}
		return b.String() + s
	}
	const pre = "otpauth-migration://offline?data="
	tests := map[string]string{
		"percent-encoded (as the app writes it)": pre + url.QueryEscape(b64),
		"raw with + and /":                       pre + b64,
		"plus turned into space":                 pre + strings.ReplaceAll(b64, "+", " "),
		"missing padding":                        pre + strings.TrimRight(b64, "="),
		"percent-encoded, missing padding":       pre + url.QueryEscape(strings.TrimRight(b64, "=")),
		"lower-case escapes":                     pre + strings.NewReplacer("%2B", "%2b", "%2F", "%2f", "%3D", "%3d").Replace(url.QueryEscape(b64)),
		"URL-safe alphabet":                      pre + base64.RawURLEncoding.EncodeToString(marshal(t, m)),
		"line breaks":                            breakLines(pre+b64, "\n", 20),
		"CRLF line breaks with indentation":      breakLines(pre+url.QueryEscape(b64), "\r\n    ", 30),
		"line breaks and spaces for plus":        breakLines(pre+strings.ReplaceAll(b64, "+", " "), "\n", 16),
		"tabs":                                   breakLines(pre+b64, "\t", 10),
		"surrounding white space":                "\n  " + pre + b64 + "  \n",
		"upper-case scheme and host":             "OTPAUTH-MIGRATION://OFFLINE?data=" + b64,
		"slash after host":                       "otpauth-migration://offline/?data=" + b64,
		"other parameters":                       "otpauth-migration://offline?v=1&data=" + url.QueryEscape(b64) + "&x=y",
	}
	for name, uri := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseMigrationURI(uri)
			if err != nil {
				t.Fatalf("ParseMigrationURI(%q): %v", uri, err)
			}
			if !equalAccounts(got.Accounts, want.Accounts) || got.BatchID != want.BatchID || got.BatchSize != 1 || got.Version != 1 {
				t.Errorf("got %#v, want %#v", got, want)
			}
		})
	}
}

func TestParseMigrationURIErrors(t *testing.T) {
	const pre = "otpauth-migration://offline?data="
	huge := pre + strings.Repeat("A", base64.RawStdEncoding.EncodedLen(MaxPayloadSize)+8)
	tests := []struct {
		name, uri, want string
		notMigration    bool
	}{
		{"https link", "https://example.com/offline?data=CjEKCkhlbGxv", `not an otpauth-migration URI: the text is an "https" link`, true},
		{"LastPass export", "lpaauth-migration://offline?data=H4sIAAAAAAAAA", "not an otpauth-migration URI: the text is a LastPass Authenticator export (lpaauth-migration://)", true},
		{"otpauth URI", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP", "not an otpauth-migration URI: the text is an otpauth:// URI of a single account", true},
		{"missing slashes", "otpauth-migration:offline?data=CjEK", `not an otpauth-migration URI: the text is a malformed otpauth URI (the "//" after the scheme is missing)`, true},
		{"other scheme", "steam://JRZCL47CMXVOQMNPZR2F7J4RGI", "not an otpauth-migration URI: the text is a steam:// URI", true},
		{"plain text", "Lorem ipsum dolor sit amet", "not an otpauth-migration URI: the text is plain text", true},
		{"wrong host", "otpauth-migration://online?data=CjEK", `otpauth-migration URI does not have the host "offline"`, false},
		{"no data", "otpauth-migration://offline?x=CjEK", "otpauth-migration URI has no data parameter", false},
		{"no query", "otpauth-migration://offline", "otpauth-migration URI has no data parameter", false},
		{"empty data", pre, "otpauth-migration data is empty", false},
		{"data=XXXX", pre + "XXXX", "otpauth-migration data is not a Google Authenticator export payload (was it cut off or changed when copying?)", false},
		{"truncated", exampleURI[:len(exampleURI)-12], "otpauth-migration data is not a Google Authenticator export payload (was it cut off or changed when copying?)", false},
		{"not base64", pre + "CjEK!!!!", "otpauth-migration data is not valid base64 (was it cut off when copying?)", false},
		{"one char too many", pre + "CjEKC", "otpauth-migration data is not valid base64 (was it cut off when copying?)", false},
		{"bad percent-encoding", pre + "CjEK%ZZ", "otpauth-migration data has bad percent-encoding", false},
		{"too large", huge, "otpauth-migration data is larger than 64 KiB", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseMigrationURI(tt.uri)
			if err == nil {
				t.Fatalf("succeeded: %#v", p)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q\nwant  %q", err, tt.want)
			}
			if errors.Is(err, ErrNotMigration) != tt.notMigration {
				t.Errorf("errors.Is(err, ErrNotMigration) = %v", !tt.notMigration)
			}
			assertNoSecret(t, err.Error(), hello)
		})
	}
}

func TestDecodePayload(t *testing.T) {
	type P = pb.MigrationPayload_OtpParameters
	full := func(f func(*P)) *P { o := otp("ACME", "alice", hello); f(o); return o }
	tests := []struct {
		name   string
		params *P
		want   otpmigrate.Account
	}{
		{"totp", otp("ACME", "alice", hello), otpmigrate.NewTOTP("ACME", "alice", hello)},
		{"unspecified enums take defaults", &P{Secret: hello, Name: "alice"}, otpmigrate.NewTOTP("", "alice", hello)},
		{"hotp", full(func(o *P) { o.Type, o.Counter = pb.MigrationPayload_OTP_TYPE_HOTP, 4 }), otpmigrate.NewHOTP("ACME", "alice", hello, 4)},
		{"sha256 8 digits", full(func(o *P) {
			o.Algorithm, o.Digits = pb.MigrationPayload_ALGORITHM_SHA256, pb.MigrationPayload_DIGIT_COUNT_EIGHT
		}), otpmigrate.Account{Type: otpmigrate.TOTP, Issuer: "ACME", Name: "alice", Secret: hello, Algorithm: otpmigrate.SHA256, Digits: 8, Period: 30}},
		{"sha512", full(func(o *P) { o.Algorithm = pb.MigrationPayload_ALGORITHM_SHA512 }),
			otpmigrate.Account{Type: otpmigrate.TOTP, Issuer: "ACME", Name: "alice", Secret: hello, Algorithm: otpmigrate.SHA512, Digits: 6, Period: 30}},
		{"md5", full(func(o *P) { o.Algorithm = pb.MigrationPayload_ALGORITHM_MD5 }),
			otpmigrate.Account{Type: otpmigrate.TOTP, Issuer: "ACME", Name: "alice", Secret: hello, Algorithm: otpmigrate.MD5, Digits: 6, Period: 30}},
		{"name prefixed by issuer", otp("SerenityLabs", "SerenityLabs:test1@serenitylabs.co.uk", hello), otpmigrate.NewTOTP("SerenityLabs", "test1@serenitylabs.co.uk", hello)},
		{"name prefixed by issuer and space", otp("ACME", "ACME: alice", hello), otpmigrate.NewTOTP("ACME", "alice", hello)},
		{"prefix in other case", otp("GitHub", "github:alice", hello), otpmigrate.NewTOTP("GitHub", "alice", hello)},
		{"other prefix kept", otp("ACME", "Old:alice", hello), otpmigrate.NewTOTP("ACME", "Old:alice", hello)},
		{"prefix without issuer kept", otp("", "Example:example@example.local", hello), otpmigrate.NewTOTP("", "Example:example@example.local", hello)},
		{"issuer equal to name kept", otp("TOTPgenerator", "TOTPgenerator", hello), otpmigrate.NewTOTP("TOTPgenerator", "TOTPgenerator", hello)},
		{"unique_id ignored", full(func(o *P) { o.UniqueId = "b6d1c3b0-1111" }), otpmigrate.NewTOTP("ACME", "alice", hello)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := DecodePayload(marshal(t, batch(7, 1, 0, tt.params)))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Accounts) != 1 || !p.Accounts[0].Equal(tt.want) {
				t.Errorf("got %#v\nwant %#v", p.Accounts, tt.want)
			}
		})
	}
}

func TestDecodePayloadVersion2(t *testing.T) {
	// Current apps write version 2 and may leave out batch_id (and write
	// batch_index 0 explicitly).
	m := &pb.MigrationPayload{Version: 2, BatchSize: 1, BatchIndex: proto.Int32(0),
		OtpParameters: []*pb.MigrationPayload_OtpParameters{otp("example.com", "testuser", hello)}}
	p, err := DecodePayload(marshal(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != 2 || p.BatchID != 0 || p.BatchSize != 1 || len(p.Accounts) != 1 {
		t.Errorf("got %#v", p)
	}
}

func TestDecodePayloadUnknownFields(t *testing.T) {
	// Fields a later app version may add, in the payload and in an
	// account, of every wire type.
	var extra []byte
	extra = protowire.AppendTag(extra, 99, protowire.BytesType)
	extra = protowire.AppendString(extra, "future")
	extra = protowire.AppendTag(extra, 100, protowire.VarintType)
	extra = protowire.AppendVarint(extra, 12345)
	extra = protowire.AppendTag(extra, 101, protowire.Fixed32Type)
	extra = protowire.AppendFixed32(extra, 1)
	extra = protowire.AppendTag(extra, 102, protowire.Fixed64Type)
	extra = protowire.AppendFixed64(extra, 1)
	o := otp("ACME", "alice", hello)
	o.ProtoReflect().SetUnknown(extra)
	m := batch(5, 1, 0, o)
	m.ProtoReflect().SetUnknown(extra)
	p, err := DecodePayload(marshal(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if want := otpmigrate.NewTOTP("ACME", "alice", hello); len(p.Accounts) != 1 || !p.Accounts[0].Equal(want) {
		t.Errorf("got %#v", p.Accounts)
	}
}

func TestDecodePayloadErrors(t *testing.T) {
	good := otp("ACME", "alice", hello)
	with := func(f func(*pb.MigrationPayload_OtpParameters)) *pb.MigrationPayload_OtpParameters {
		o := proto.Clone(good).(*pb.MigrationPayload_OtpParameters)
		f(o)
		return o
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"unknown algorithm at account 2", marshal(t, batch(1, 1, 0, good, with(func(o *pb.MigrationPayload_OtpParameters) { o.Algorithm = 7 }))), "account 2: unknown algorithm value 7"},
		{"unknown digits", marshal(t, batch(1, 1, 0, with(func(o *pb.MigrationPayload_OtpParameters) { o.Digits = 3 }))), "account 1: unknown digits value 3"},
		{"unknown type", marshal(t, batch(1, 1, 0, good, good, with(func(o *pb.MigrationPayload_OtpParameters) { o.Type = 3 }))), "account 3: unknown OTP type value 3"},
		{"negative enum", marshal(t, batch(1, 1, 0, with(func(o *pb.MigrationPayload_OtpParameters) { o.Algorithm = -1 }))), "account 1: unknown algorithm value -1"},
		{"empty secret", marshal(t, batch(1, 1, 0, with(func(o *pb.MigrationPayload_OtpParameters) { o.Secret = nil }))), "account 1: empty secret"},
		{"negative counter", marshal(t, batch(1, 1, 0, with(func(o *pb.MigrationPayload_OtpParameters) {
			o.Type, o.Counter = pb.MigrationPayload_OTP_TYPE_HOTP, -1
		}))), "account 1: negative HOTP counter"},
		{"no accounts", marshal(t, batch(1, 1, 0)), "export holds no accounts"},
		{"index past size", marshal(t, batch(1, 2, 2, good)), "export part 3 of 2 is out of range"},
		{"negative index", marshal(t, batch(1, 2, -1, good)), "export part 0 of 2 is out of range"},
		{"negative size", marshal(t, batch(1, -2, 0, good)), "export part 1 of -2 is out of range"},
		{"huge size", marshal(t, batch(1, 1<<30, 0, good)), "export claims to span 1073741824 QR codes, more than the 1000 allowed"},
		{"not protobuf", []byte("hello, world"), "otpauth-migration data is not a Google Authenticator export payload (was it cut off or changed when copying?)"},
		{"truncated", marshal(t, batch(1, 1, 0, good))[:20], "otpauth-migration data is not a Google Authenticator export payload (was it cut off or changed when copying?)"},
		{"invalid UTF-8 name", invalidUTF8Name(t), "otpauth-migration data has an account name or issuer that is not valid UTF-8"},
		{"too large", make([]byte, MaxPayloadSize+1), "migration payload is larger than 64 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := DecodePayload(tt.data)
			if err == nil {
				t.Fatalf("succeeded: %#v", p)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q\nwant  %q", err, tt.want)
			}
			assertNoSecret(t, err.Error(), hello)
		})
	}
}

// invalidUTF8Name builds a payload whose account name has invalid UTF-8,
// which the generated code refuses to marshal.
func invalidUTF8Name(t *testing.T) []byte {
	var acc []byte
	acc = protowire.AppendTag(acc, 1, protowire.BytesType)
	acc = protowire.AppendBytes(acc, hello)
	acc = protowire.AppendTag(acc, 2, protowire.BytesType)
	acc = protowire.AppendBytes(acc, []byte{0xde, 0xad, 0xbe, 0xef})
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	return protowire.AppendBytes(b, acc)
}

// toProto is the inverse of DecodePayload, writing names as the app does
// when the enrolment URI had an "Issuer:" prefix.
func toProto(p Payload) *pb.MigrationPayload {
	m := &pb.MigrationPayload{Version: p.Version, BatchSize: p.BatchSize, BatchIndex: proto.Int32(p.BatchIndex), BatchId: p.BatchID}
	for _, a := range p.Accounts {
		o := &pb.MigrationPayload_OtpParameters{Secret: a.Secret, Name: a.Name, Issuer: a.Issuer, Counter: int64(a.Counter)}
		if a.Issuer != "" {
			o.Name = a.Issuer + ":" + a.Name
		}
		o.Algorithm = map[otpmigrate.Algorithm]pb.MigrationPayload_Algorithm{otpmigrate.SHA1: pb.MigrationPayload_ALGORITHM_SHA1,
			otpmigrate.SHA256: pb.MigrationPayload_ALGORITHM_SHA256, otpmigrate.SHA512: pb.MigrationPayload_ALGORITHM_SHA512,
			otpmigrate.MD5: pb.MigrationPayload_ALGORITHM_MD5}[a.Algorithm]
		o.Digits = map[int]pb.MigrationPayload_DigitCount{6: pb.MigrationPayload_DIGIT_COUNT_SIX, 8: pb.MigrationPayload_DIGIT_COUNT_EIGHT}[a.Digits]
		o.Type = map[otpmigrate.Type]pb.MigrationPayload_OtpType{otpmigrate.TOTP: pb.MigrationPayload_OTP_TYPE_TOTP, otpmigrate.HOTP: pb.MigrationPayload_OTP_TYPE_HOTP}[a.Type]
		m.OtpParameters = append(m.OtpParameters, o)
	}
	return m
}

func samePayload(a, b Payload) bool {
	return equalAccounts(a.Accounts, b.Accounts) && a.Version == b.Version && a.BatchSize == b.BatchSize &&
		a.BatchIndex == b.BatchIndex && a.BatchID == b.BatchID
}

// payloadSeeds are payloads for the fuzz targets: the example, every kind
// of account, a multi-part export and unknown fields.
func payloadSeeds(t testing.TB) [][]byte {
	raw, _ := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(exampleURI, "otpauth-migration://offline?data="))
	hotp := otp("ACME", "ACME:bob", hello)
	hotp.Type, hotp.Counter, hotp.Algorithm, hotp.Digits = pb.MigrationPayload_OTP_TYPE_HOTP, 9, pb.MigrationPayload_ALGORITHM_SHA512, pb.MigrationPayload_DIGIT_COUNT_EIGHT
	withUnknown := batch(3, 1, 0, otp("X", "y", hello))
	withUnknown.ProtoReflect().SetUnknown(protowire.AppendVarint(protowire.AppendTag(nil, 77, protowire.VarintType), 1))
	return [][]byte{
		raw,
		compatFile(t, "lennyerik-test_data.bin"),
		marshal(t, batch(-1217841385, 2, 0, otp("GitHub", "alice@example.com", []byte("12345678901234567890")), hotp)),
		marshal(t, batch(-1217841385, 2, 1, &pb.MigrationPayload_OtpParameters{Secret: hello, Name: "x", Algorithm: pb.MigrationPayload_ALGORITHM_MD5})),
		marshal(t, &pb.MigrationPayload{Version: 2, BatchSize: 1, OtpParameters: []*pb.MigrationPayload_OtpParameters{otp("", "encoding: ¿äÄéÉ? (demo)", hello)}}),
		marshal(t, withUnknown),
	}
}

func FuzzPayload(f *testing.F) {
	for _, b := range payloadSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodePayload(b)
		if err != nil {
			return
		}
		for _, a := range p.Accounts {
			if err := a.Validate(); err != nil {
				t.Fatalf("invalid account %v: %v", a, err)
			}
			// Normal form: what a backup or export writes reads back.
			if b, err := otpmigrate.Parse(a.URL()); err != nil || !b.Equal(a) {
				t.Fatalf("account %v does not survive its URI: %v, read back as %q/%q, was %q/%q", a, err, b.Issuer, b.Name, a.Issuer, a.Name)
			}
		}
		again, err := DecodePayload(marshal(t, toProto(p)))
		if err != nil {
			t.Fatalf("re-marshalled payload fails: %v", err)
		}
		if !samePayload(p, again) {
			t.Fatalf("round trip:\n  %#v\n  %#v", p, again)
		}
	})
}

func FuzzMigrationURI(f *testing.F) {
	f.Add(exampleURI)
	f.Add("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC%3D%3D")
	f.Add("OTPAUTH-MIGRATION://offline/?data=CjEKCkhlbG xvId6tvu8SGEV4\n  YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")
	f.Add("otpauth-migration://offline?data=XXXX")
	f.Add("lpaauth-migration://offline?data=H4sI")
	for _, s := range compatSeeds(f) {
		f.Add(s)
	}
	for _, b := range payloadSeeds(f) {
		f.Add("otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(b)))
		f.Add("otpauth-migration://offline?data=" + strings.ReplaceAll(base64.StdEncoding.EncodeToString(b), "+", " "))
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseMigrationURI(s)
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "data=") || strings.Contains(msg, "\n") || (len(s) >= 16 && strings.ContainsAny(s, "?=") && strings.Contains(msg, s)) {
				t.Fatalf("ParseMigrationURI(%q): error shows the URI or is not one line: %q", s, msg)
			}
			return
		}
		uri := "otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(marshal(t, toProto(p))))
		again, err := ParseMigrationURI(uri)
		if err != nil {
			t.Fatalf("re-encoded URI fails: %v", err)
		}
		if !samePayload(p, again) {
			t.Fatalf("round trip:\n  %#v\n  %#v", p, again)
		}
	})
}

func BenchmarkDecodePayload(b *testing.B) {
	m := batch(-1217841385, 1, 0)
	for i := range 10 {
		o := otp("Example Service", "user"+string(rune('a'+i))+"@example.com", []byte("12345678901234567890"))
		m.OtpParameters = append(m.OtpParameters, o)
	}
	data := marshal(b, m)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodePayload(data); err != nil {
			b.Fatal(err)
		}
	}
}
