package encode_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
)

// listAccounts are sampleAccounts plus labels that test each format's
// quoting: a comma and quotes for CSV, a tab and a line break for the
// table, non-ASCII, an empty issuer, and Steam.
func listAccounts() []otpmigrate.Account {
	odd := otpmigrate.NewTOTP(`Acme, "Inc"`, "bob\tsmith\nx", rfcSecret)
	odd.Period = 60
	steam := otpmigrate.Account{Type: otpmigrate.Steam, Issuer: "Steam", Name: "gäbe", Secret: rfcSecret,
		Algorithm: otpmigrate.SHA1, Digits: otpmigrate.SteamDigits, Period: otpmigrate.DefaultPeriod}
	return append(sampleAccounts(), odd, steam)
}

// TestWriteListGolden writes every format, with and without secrets, and
// compares with testdata/list.* (go test ./encode -update rewrites them).
func TestWriteListGolden(t *testing.T) {
	for _, f := range encode.Formats {
		for _, redact := range []bool{false, true} {
			if f == encode.FormatURLs && redact {
				continue // refused, below
			}
			name := "list." + string(f)
			if redact {
				name = "list-redacted." + string(f)
			}
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := encode.WriteList(&buf, listAccounts(), f, encode.ListOptions{Redact: redact}); err != nil {
					t.Fatal(err)
				}
				golden(t, name, buf.Bytes())
				secret := otpmigrate.EncodeSecret(rfcSecret)
				if got := strings.Contains(buf.String(), secret); got == redact {
					t.Errorf("secret in output: %v, want %v", got, !redact)
				}
			})
		}
	}
}

// TestWriteListParses reads the machine formats back: every account is
// there with its fields, whatever its labels hold.
func TestWriteListParses(t *testing.T) {
	accounts := listAccounts()
	var buf bytes.Buffer
	if err := encode.WriteList(&buf, accounts, encode.FormatJSON, encode.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	var js []struct {
		Type, Issuer, Name, Secret, URL string
		Period                          *int
		Counter                         *uint64
	}
	if err := json.Unmarshal(buf.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := encode.WriteList(&buf, accounts, encode.FormatCSV, encode.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(js) != len(accounts) || len(rows) != len(accounts)+1 {
		t.Fatalf("%d JSON objects and %d CSV rows for %d accounts", len(js), len(rows), len(accounts))
	}
	for i, a := range accounts {
		j, row := js[i], rows[i+1]
		if j.Type != a.Type.String() || j.Issuer != a.Issuer || j.Name != a.Name || j.URL != a.URL() ||
			j.Secret != otpmigrate.EncodeSecret(a.Secret) || (j.Counter != nil) != (a.Type == otpmigrate.HOTP) || (j.Period != nil) == (a.Type == otpmigrate.HOTP) {
			t.Errorf("JSON account %d = %+v, want %v", i+1, j, a)
		}
		if row[0] != a.Type.String() || row[1] != a.Issuer || row[2] != a.Name || row[8] != a.URL() {
			t.Errorf("CSV row %d = %q, want %v", i+1, row, a)
		}
	}
	for _, f := range []encode.Format{encode.FormatTable} {
		buf.Reset()
		if err := encode.WriteList(&buf, accounts, f, encode.ListOptions{}); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(buf.String(), "\n"); n != len(accounts)+1 {
			t.Errorf("table has %d lines for %d accounts and a header", n, len(accounts))
		}
	}
}

func TestWriteListErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := encode.WriteList(&buf, sampleAccounts(), encode.FormatURLs, encode.ListOptions{Redact: true}); err == nil ||
		err.Error() != "the urls format cannot be redacted: a URL without its secret is useless" {
		t.Errorf("redacted urls: %v", err)
	}
	if err := encode.WriteList(&buf, sampleAccounts(), "xml", encode.ListOptions{}); err == nil ||
		err.Error() != `unknown format "xml" (want urls, json, table or csv)` {
		t.Errorf("xml: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q on error", buf.String())
	}
}

func ExampleWriteList() {
	accounts := []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret),
		otpmigrate.NewHOTP("", "bob", rfcSecret, 7),
	}
	// An inventory without secrets, for an administrator.
	if err := encode.WriteList(os.Stdout, accounts, encode.FormatCSV, encode.ListOptions{Redact: true}); err != nil {
		panic(err)
	}
	// Output:
	// type,issuer,name,algorithm,digits,period,counter
	// totp,GitHub,alice@example.com,SHA1,6,30,
	// hotp,,bob,SHA1,6,,7
}

// TestTableHidesControls: a name from an untrusted export must not move
// the cursor, clear the screen or reorder the row when the table is shown
// in a terminal.
func TestTableHidesControls(t *testing.T) {
	evil := otpmigrate.NewTOTP("Evil\x1b[2J", "a\u009b31mb\u202ec\x7fd\xffe", rfcSecret)
	for _, redact := range []bool{false, true} {
		var buf bytes.Buffer
		if err := encode.WriteList(&buf, []otpmigrate.Account{evil}, encode.FormatTable, encode.ListOptions{Redact: redact}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.ContainsAny(out, "\x1b\u009b\u202e\x7f\ufffd") || strings.Contains(out, "\xff") {
			t.Errorf("control characters in the table: %q", out)
		}
		if !strings.Contains(out, "Evil [2J") || !strings.Contains(out, "a?31mb?c d?e") {
			t.Errorf("labels not kept readable: %q", out)
		}
	}
}
