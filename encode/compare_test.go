package encode_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
)

// comparisonCase is an old phone and a new app's export with one account
// of each kind: same, expected loss, changed, missing (held and not held),
// extra. Names hold characters that must not reach a terminal raw.
func comparisonCase() (oldAcc, newAcc []otpmigrate.Account, c otpmigrate.Comparison) {
	gh := otpmigrate.NewTOTP("GitHub", "alice@example.com", []byte("github secret"))
	bank := otpmigrate.NewTOTP("Bank", "bob", []byte("bank secret"))
	bank.Period = 60
	bank30 := bank
	bank30.Period = 30
	mail := otpmigrate.NewTOTP("Mail", "carol\x1b]0;x\x07", []byte("mail secret"))
	mail.Digits = 8
	mail6 := mail
	mail6.Digits = 6
	gone := otpmigrate.NewTOTP("Shop", "dave", []byte("shop secret"))
	counter := otpmigrate.NewHOTP("VPN", "erin", []byte("vpn secret"), 3)
	extra := otpmigrate.NewTOTP("New\u202eSite", "frank", []byte("new secret"))
	oldAcc = []otpmigrate.Account{gh, bank, mail, gone, counter}
	newAcc = []otpmigrate.Account{extra, mail6, bank30, gh}
	c = otpmigrate.Compare(oldAcc, newAcc, otpmigrate.CompareOptions{Expect: func(a otpmigrate.Account) (otpmigrate.Account, bool) {
		if a.Type == otpmigrate.HOTP {
			return a, false
		}
		a.Period = 30
		return a, true
	}})
	return oldAcc, newAcc, c
}

// TestWriteComparison compares with testdata/compare.* (go test ./encode
// -update rewrites them) and checks that no secret and no control
// character is written.
func TestWriteComparison(t *testing.T) {
	oldAcc, newAcc, c := comparisonCase()
	for _, f := range []encode.Format{encode.FormatTable, encode.FormatJSON} {
		var buf bytes.Buffer
		if err := encode.WriteComparison(&buf, c, oldAcc, newAcc, f, encode.ComparisonOptions{Target: "Example App"}); err != nil {
			t.Fatal(err)
		}
		golden(t, "compare."+string(f), buf.Bytes())
		out := buf.String()
		for _, a := range append(oldAcc, newAcc...) {
			if strings.Contains(out, otpmigrate.EncodeSecret(a.Secret)) || strings.Contains(out, string(a.Secret)) {
				t.Errorf("%s output holds a secret", f)
			}
		}
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("%s output holds a control character raw:\n%s", f, out)
		}
		if f == encode.FormatJSON {
			var v struct {
				OK      bool `json:"ok"`
				Missing int  `json:"missing"`
			}
			if err := json.Unmarshal(buf.Bytes(), &v); err != nil || v.OK || v.Missing != 2 {
				t.Errorf("JSON: %+v, %v", v, err)
			}
		}
	}
	if err := encode.WriteComparison(new(bytes.Buffer), c, oldAcc, newAcc, encode.FormatCSV, encode.ComparisonOptions{}); err == nil {
		t.Error("CSV accepted")
	}
}

func TestWriteComparisonAllThere(t *testing.T) {
	gh := otpmigrate.NewTOTP("GitHub", "alice", []byte("github secret"))
	old := []otpmigrate.Account{gh}
	var buf bytes.Buffer
	c := otpmigrate.Compare(old, old, otpmigrate.CompareOptions{})
	if err := encode.WriteComparison(&buf, c, old, old, encode.FormatTable, encode.ComparisonOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "all 1 old account(s) are on the new side unchanged\n" {
		t.Errorf("got %q", got)
	}
}
