package encode_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
	pb "github.com/otpmigrate/otpmigrate/internal/migrationpb"
	"google.golang.org/protobuf/proto"
)

// manyAccounts returns n accounts Google Authenticator can hold, with a mix
// of settings.
func manyAccounts(n int) []otpmigrate.Account {
	out := make([]otpmigrate.Account, n)
	for i := range out {
		a := otpmigrate.NewTOTP(fmt.Sprintf("Service %d", i), fmt.Sprintf("user%d@example.com", i), rfcSecret)
		switch i % 4 {
		case 1:
			a.Algorithm, a.Digits = otpmigrate.SHA256, 8
		case 2:
			a.Algorithm = otpmigrate.SHA512
		case 3:
			a = otpmigrate.NewHOTP(fmt.Sprintf("Service %d", i), "bob", rfcSecret, uint64(i))
		}
		out[i] = a
	}
	return out
}

func TestMigrationCodesRoundTrip(t *testing.T) {
	for _, tt := range []struct{ n, per, codes int }{{1, 0, 1}, {10, 0, 1}, {11, 0, 2}, {23, 0, 3}, {23, 5, 5}, {3, 1, 3}} {
		accounts := manyAccounts(tt.n)
		codes, err := encode.MigrationCodes(accounts, encode.MigrationOptions{PerCode: tt.per})
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != tt.codes {
			t.Fatalf("%d accounts, %d per code: %d codes, want %d", tt.n, tt.per, len(codes), tt.codes)
		}
		var parts []decode.Part
		for i, c := range codes {
			p, err := decode.ParseMigrationURI(c.URI)
			if err != nil {
				t.Fatal(err)
			}
			if p.Version != 1 || p.BatchSize != int32(tt.codes) || p.BatchIndex != int32(i) || p.BatchID != codes[0].BatchID || p.BatchID == 0 {
				t.Errorf("code %d: version %d, batch %d of %d, id %d", i+1, p.Version, p.BatchIndex, p.BatchSize, p.BatchID)
			}
			if c.Index != i+1 || c.Count != tt.codes || c.FileName() != fmt.Sprintf("google-authenticator-%d-of-%d.png", i+1, tt.codes) {
				t.Errorf("code %d: index %d count %d name %s", i+1, c.Index, c.Count, c.FileName())
			}
			parts = append(parts, decode.Part{Source: c.FileName(), Payload: p})
		}
		got, incomplete, err := decode.Assemble(parts, false)
		if err != nil || len(incomplete) != 0 || len(got) != len(accounts) {
			t.Fatalf("assembled %d accounts, %d incomplete: %v", len(got), len(incomplete), err)
		}
		for i := range got {
			if !got[i].Equal(accounts[i]) {
				t.Errorf("account %d: got %+v, want %+v", i+1, got[i], accounts[i])
			}
		}
	}
}

// TestMigrationBatchIndexExplicit checks the wire form: batch_index 0 is
// written (field 4 present), as Google Authenticator itself does.
func TestMigrationBatchIndexExplicit(t *testing.T) {
	codes, err := encode.MigrationCodes(manyAccounts(2), encode.MigrationOptions{Rand: bytes.NewReader([]byte{0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78})})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := url.QueryUnescape(strings.TrimPrefix(codes[0].URI, "otpauth-migration://offline?data="))
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	var m pb.MigrationPayload
	if err := proto.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.BatchIndex == nil || *m.BatchIndex != 0 {
		t.Errorf("batch_index = %v, want explicit 0", m.BatchIndex)
	}
	// A zero batch ID means "none" to readers: it is drawn again.
	if m.BatchId != 0x12345678 || m.BatchSize != 1 || m.Version != 1 {
		t.Errorf("batch_id %#x size %d version %d", m.BatchId, m.BatchSize, m.Version)
	}
	if !bytes.Contains(raw, []byte{0x20, 0x00}) {
		t.Error("field 4 (batch_index) with value 0 is not on the wire")
	}
}

func TestMigrationCodesErrors(t *testing.T) {
	for _, per := range []int{-1, 11} {
		if _, err := encode.MigrationCodes(manyAccounts(2), encode.MigrationOptions{PerCode: per}); err == nil {
			t.Errorf("PerCode %d accepted", per)
		}
	}
	if _, err := encode.MigrationCodes(nil, encode.MigrationOptions{}); err == nil {
		t.Error("no accounts accepted")
	}
	if _, err := encode.MigrationCodes([]otpmigrate.Account{otpmigrate.NewTOTP("A", "b", nil)}, encode.MigrationOptions{}); err == nil {
		t.Error("invalid account accepted")
	}
	if _, err := encode.MigrationCodes(manyAccounts(1), encode.MigrationOptions{Rand: strings.NewReader("")}); err == nil {
		t.Error("failed random source ignored")
	}
}

func TestGoogleAuthenticatorProblems(t *testing.T) {
	steam := otpmigrate.NewTOTP("Steam", "x", rfcSecret)
	steam.Type, steam.Digits = otpmigrate.Steam, 5
	p60 := otpmigrate.NewTOTP("A", "x", rfcSecret)
	p60.Period = 60
	md5 := otpmigrate.NewTOTP("A", "x", rfcSecret)
	md5.Algorithm = otpmigrate.MD5
	d7 := otpmigrate.NewHOTP("A", "x", rfcSecret, 3)
	d7.Digits = 7
	prefixed := otpmigrate.NewTOTP("A", "A:x", rfcSecret)
	noName := otpmigrate.NewTOTP("Dropbox", "", rfcSecret)
	eight := otpmigrate.NewTOTP("A", "x", rfcSecret)
	eight.Digits, eight.Algorithm = 8, otpmigrate.SHA512
	tests := []struct {
		a    otpmigrate.Account
		want string
	}{
		{sampleAccounts()[0], ""},
		{sampleAccounts()[2], ""},
		{eight, ""},
		{steam, "Steam becomes TOTP; 5 digits become 6"},
		{p60, "a 60 s period becomes 30 s"},
		{md5, "MD5 becomes SHA1"},
		{d7, "7 digits become 6"},
		{prefixed, "the issuer prefix is dropped from the name"},
		{noName, "the empty name becomes the issuer"},
	}
	for _, tt := range tests {
		got := strings.Join(encode.GoogleAuthenticatorProblems(tt.a), "; ")
		if got != tt.want {
			t.Errorf("%s: problems %q, want %q", tt.a.Label(), got, tt.want)
		}
		// What the app holds after a round trip is GoogleAuthenticatorForm.
		codes, err := encode.MigrationCodes([]otpmigrate.Account{tt.a}, encode.MigrationOptions{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := decode.ParseMigrationURI(codes[0].URI)
		if err != nil {
			t.Fatal(err)
		}
		form := encode.GoogleAuthenticatorForm(tt.a)
		if !p.Accounts[0].Equal(form) {
			t.Errorf("%s: app holds %+v, GoogleAuthenticatorForm says %+v", tt.a.Label(), p.Accounts[0], form)
		}
		if tt.want == "" && !form.Equal(tt.a) {
			t.Errorf("%s: changed although Google Authenticator holds it", tt.a.Label())
		}
	}
}

// TestMigrationCodesSplitLong checks that accounts with long labels go into
// more codes, each fitting at the level asked for, instead of failing.
func TestMigrationCodesSplitLong(t *testing.T) {
	var accounts []otpmigrate.Account
	for i := 0; i < 10; i++ {
		long := strings.Repeat(fmt.Sprintf("service-%d-", i), 20)
		accounts = append(accounts, otpmigrate.NewTOTP(long, long+"@example.com", bytes.Repeat([]byte{byte(i)}, 64)))
	}
	for _, l := range []encode.Level{encode.LevelMedium, encode.LevelHigh} {
		codes, err := encode.MigrationCodes(accounts, encode.MigrationOptions{Level: l})
		if err != nil {
			t.Fatalf("level %v: %v", l, err)
		}
		if len(codes) < 2 {
			t.Fatalf("level %v: %d code(s); ten long accounts cannot fit in one", l, len(codes))
		}
		var parts []decode.Part
		for _, c := range codes {
			if len(c.Accounts) > encode.MaxPerMigrationCode {
				t.Errorf("code %d holds %d accounts", c.Index, len(c.Accounts))
			}
			if _, err := encode.NewQR(c.URI, l); err != nil {
				t.Errorf("level %v: code %d does not fit: %v", l, c.Index, err)
			}
			p, err := decode.ParseMigrationURI(c.URI)
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, decode.Part{Source: c.FileName(), Payload: p})
		}
		got, incomplete, err := decode.Assemble(parts, false)
		if err != nil || len(incomplete) != 0 || len(got) != len(accounts) {
			t.Fatalf("level %v: assembled %d of %d accounts: %v", l, len(got), len(accounts), err)
		}
		for i := range got {
			if !got[i].Equal(accounts[i]) {
				t.Errorf("level %v: account %d differs", l, i+1)
			}
		}
	}
}

// TestMigrationMD5Payload checks that an MD5 account is written with the
// algorithm the app will use (SHA1), not with MD5 left in the payload.
func TestMigrationMD5Payload(t *testing.T) {
	a := otpmigrate.NewTOTP("A", "x", rfcSecret)
	a.Algorithm = otpmigrate.MD5
	codes, err := encode.MigrationCodes([]otpmigrate.Account{a}, encode.MigrationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := decode.ParseMigrationURI(codes[0].URI)
	if err != nil {
		t.Fatal(err)
	}
	if p.Accounts[0].Algorithm != otpmigrate.SHA1 || codes[0].Accounts[0].Algorithm != otpmigrate.SHA1 {
		t.Errorf("payload algorithm %v, announced %v; want SHA1 in both", p.Accounts[0].Algorithm, codes[0].Accounts[0].Algorithm)
	}
}

// TestMigrationCounterTooBig checks that an account the app cannot hold in
// any form is refused, not clamped.
func TestMigrationCounterTooBig(t *testing.T) {
	a := otpmigrate.NewHOTP("A", "x", rfcSecret, 1<<63)
	if _, err := encode.MigrationCodes([]otpmigrate.Account{a}, encode.MigrationOptions{}); err == nil {
		t.Error("a counter above 2^63-1 was written")
	}
}

// TestMigrationInvalidUTF8 checks that a name that is not UTF-8 (a
// percent-encoded label can hold any bytes) goes through with replacement
// characters instead of failing the whole export.
func TestMigrationInvalidUTF8(t *testing.T) {
	a := otpmigrate.NewTOTP("A", "al\xffice", rfcSecret)
	codes, err := encode.MigrationCodes([]otpmigrate.Account{a}, encode.MigrationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := decode.ParseMigrationURI(codes[0].URI)
	if err != nil {
		t.Fatal(err)
	}
	if p.Accounts[0].Name != "al\uFFFDice" || !p.Accounts[0].Equal(codes[0].Accounts[0]) {
		t.Errorf("name %q, announced %q", p.Accounts[0].Name, codes[0].Accounts[0].Name)
	}
}

// TestFitsCapacity checks the byte-mode capacities the split trusts
// without encoding: text that long fits, one byte more (of bytes no denser
// mode can take) does not.
func TestFitsCapacity(t *testing.T) {
	for l, n := range map[encode.Level]int{encode.LevelLow: 2953, encode.LevelMedium: 2331, encode.LevelQuartile: 1663, encode.LevelHigh: 1273} {
		text := strings.Repeat("\xe9", n)
		if _, err := encode.NewQR(text, l); err != nil {
			t.Errorf("level %v: %d bytes do not fit: %v", l, n, err)
		}
		if _, err := encode.NewQR(text+"\xe9", l); err == nil {
			t.Errorf("level %v: %d bytes fit; the capacity is wrong", l, n+1)
		}
	}
}
