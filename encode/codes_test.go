package encode_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
)

// TestWriteCodes checks each format against RFC 6238's vector at 59 s
// (SHA-1, 8 digits: 94287082; the next, 37359152, from oathtool) and an
// HOTP account (RFC 4226).
func TestWriteCodes(t *testing.T) {
	totp := otpmigrate.NewTOTP("Example", "alice", rfcSecret)
	totp.Digits = 8
	hotp := otpmigrate.NewHOTP("", "bob", rfcSecret, 0)
	codes := encode.Codes([]otpmigrate.Account{totp, hotp}, time.Unix(59, 0), nil)
	if codes[0].Code != "94287082" || codes[0].SecondsLeft != 1 || codes[1].Code != "755224" || codes[1].Next != "287082" {
		t.Fatalf("codes %+v", codes)
	}
	want := map[encode.CodeFormat]string{
		encode.CodesPlain: "94287082\tExample\talice\n755224\t\tbob\n",
		encode.CodesTable: "ISSUER   NAME   CODE       LEFT       NEXT\n" +
			"Example  alice  9428 7082  1s         3735 9152\n" +
			"-        bob    755 224    counter 0  287 082\n",
	}
	for f, w := range want {
		var buf bytes.Buffer
		if err := encode.WriteCodes(&buf, codes, f); err != nil {
			t.Fatal(err)
		}
		if buf.String() != w {
			t.Errorf("%s:\n%s\nwant:\n%s", f, buf.String(), w)
		}
	}
	var buf bytes.Buffer
	if err := encode.WriteCodes(&buf, codes, encode.CodesJSON); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got[0]["code"] != "94287082" || got[0]["valid_until"] != "1970-01-01T00:01:00Z" || got[1]["counter"] != 0.0 {
		t.Errorf("json %v", got)
	}
	if err := encode.WriteCodes(&buf, codes, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
	c := uint64(1)
	if got := encode.Codes([]otpmigrate.Account{hotp}, time.Unix(59, 0), &c); got[0].Code != "287082" || got[0].Counter != 1 {
		t.Errorf("--counter 1: %+v", got[0])
	}
}
