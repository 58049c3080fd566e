package decode

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// lastPassURI builds a LastPass Authenticator export QR text the way the
// app writes it (see lastpass.go): gzip and base64 twice around JSON.
func lastPassURI(t testing.TB, wrapper, content string) string {
	t.Helper()
	gz := func(s string) string {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return base64.StdEncoding.EncodeToString(b.Bytes())
	}
	if content != "" {
		wrapper = strings.Replace(wrapper, "CONTENT", gz(content), 1)
	}
	return "lpaauth-migration://offline?data=" + url.QueryEscape(gz(wrapper))
}

const (
	lpWrapper = `{"batchId":"B6C6CD9E","batchSize":1,"version":3,"batchIndex":0,"content":"CONTENT"}`
	// Two accounts as LastPass writes them, plus one with only the
	// original issuer and name and other settings.
	lpContent = `{"dS":"","dId":"","a":[
{"uN":"alice","oUN":"alice","s":"JBSWY3DPEHPK3PXP","d":6,"tS":30,"oIN":"GitHub","iN":"GitHub","a":"SHA1","aId":"X","cT":1,"iF":false,"pN":false,"fD":{"folderId":0,"position":0}},
{"oUN":"bob","s":"gezd gnbv gy3t qojq","d":8,"tS":60,"oIN":"Bank","a":"SHA256"}],
"f":[{"iO":true,"i":0,"n":"Other Accounts"}]}`
)

func TestParseLastPass(t *testing.T) {
	got, err := parseLastPassURI(lastPassURI(t, lpWrapper, lpContent))
	if err != nil {
		t.Fatal(err)
	}
	bank := otpmigrate.NewTOTP("Bank", "bob", []byte("12345678901234567890")[:10])
	bank.Algorithm, bank.Digits, bank.Period = otpmigrate.SHA256, 8, 60
	want := []otpmigrate.Account{otpmigrate.NewTOTP("GitHub", "alice", hello), bank}
	if len(got) != len(want) {
		t.Fatalf("got %d accounts, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("account %d = %v, want %v", i+1, got[i], want[i])
		}
	}
}

func TestParseLastPassErrors(t *testing.T) {
	var bomb bytes.Buffer
	w := gzip.NewWriter(&bomb)
	w.Write(bytes.Repeat([]byte(" "), lastPassMaxJSON+10))
	w.Close()
	bombURI := "lpaauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(bomb.Bytes()))
	tests := []struct {
		name, uri, want string
	}{
		{"host", "lpaauth-migration://online?data=H4sI", `does not have the host "offline"`},
		{"no data", "lpaauth-migration://offline?x=1", "has no data parameter"},
		{"not base64", "lpaauth-migration://offline?data=!!!!", "data is not valid base64"},
		{"not gzip", "lpaauth-migration://offline?data=" + base64.StdEncoding.EncodeToString([]byte("plain JSON, not gzip")), "data is not gzip-compressed"},
		{"cut", "lpaauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(bomb.Bytes()[:20])), "cut short or damaged"},
		{"bomb", bombURI, "inflates to more than 1024 KiB"},
		{"not JSON", lastPassURI(t, `[1,2`, ""), "LastPass Authenticator export: "},
		{"no version", lastPassURI(t, `{"content":"CONTENT"}`, lpContent), "has no version"},
		{"version 2", lastPassURI(t, `{"version":2,"content":"CONTENT"}`, lpContent), "is version 2; otpmigrate reads version 3"},
		{"two codes", lastPassURI(t, `{"version":3,"batchSize":2,"batchIndex":1,"content":"CONTENT"}`, lpContent), "is code 2 of 2; otpmigrate reads exports of one code only"},
		{"no content", lastPassURI(t, `{"version":3}`, ""), "has no content"},
		{"content not gzip", lastPassURI(t, `{"version":3,"content":"e30="}`, ""), "content is not gzip-compressed"},
		{"no list", lastPassURI(t, lpWrapper, `{"f":[]}`), "has no accounts list"},
		{"empty list", lastPassURI(t, lpWrapper, `{"a":[]}`), "holds no accounts"},
		{"bad secret", lastPassURI(t, lpWrapper, `{"a":[{"s":"JBSWY3DPEHPK3PX1","iN":"X"}]}`), "account 1: secret is not valid base32"},
		{"no secret", lastPassURI(t, lpWrapper, `{"a":[{"iN":"X"}]}`), "account 1: "},
		{"bad digits", lastPassURI(t, lpWrapper, `{"a":[{"s":"JBSWY3DPEHPK3PXP","d":12}]}`), "account 1: 12 digits"},
		{"bad algorithm", lastPassURI(t, lpWrapper, `{"a":[{"s":"JBSWY3DPEHPK3PXP","a":"SHA3"}]}`), "account 1: unknown algorithm"},
		{"wrong type", lastPassURI(t, lpWrapper, `{"a":[{"s":"JBSWY3DPEHPK3PXP","d":"six"}]}`), "LastPass Authenticator export content: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseLastPassURI(tt.uri)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			for _, s := range []string{"JBSWY3DP", "H4sI", "lpaauth"} {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error %q quotes the input", err)
				}
			}
		})
	}
}

// TestDecodeLastPass: the export is found in text (inside a note, too)
// and in a QR code picture.
func TestDecodeLastPass(t *testing.T) {
	uri := lastPassURI(t, lpWrapper, lpContent)
	png, err := synth.GoQRCodePNG(uri)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"text":    []byte(uri + "\n"),
		"note":    []byte("scanned: <" + uri + "> ok\n"),
		"picture": png,
	} {
		res, err := Decode([]Input{{Name: name, Data: data}}, Options{})
		if err != nil || len(res.Accounts) != 2 || res.Accounts[0].Issuer != "GitHub" || res.Accounts[1].Name != "bob" {
			t.Errorf("%s: %v, %v", name, res.Accounts, err)
		}
	}
}

func FuzzParseLastPass(f *testing.F) {
	f.Add(lastPassURI(f, lpWrapper, lpContent))
	f.Add(lastPassURI(f, `{"version":3,"content":"CONTENT"}`, `{"a":[{"s":"A"}]}`))
	f.Add("lpaauth-migration://offline?data=H4sI")
	f.Fuzz(func(t *testing.T, s string) {
		if !strings.HasPrefix(strings.ToLower(s), lastPassPrefix) {
			return
		}
		accounts, err := parseLastPassURI(s)
		if err != nil {
			return
		}
		for _, a := range accounts {
			if err := a.Validate(); err != nil {
				t.Fatalf("invalid account returned: %v", err)
			}
		}
	})
}
