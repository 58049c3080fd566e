package decode

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
)

func TestDecodeText(t *testing.T) {
	ex := otpmigrate.NewTOTP("Example", "alice@google.com", hello)
	plain := otpmigrate.NewTOTP("ACME", "bob", []byte("12345678901234567890"))
	plainURI := "otpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME"
	half := len(exampleURI) / 2
	tests := []struct {
		name  string
		data  string
		want  []otpmigrate.Account
		warns int
	}{
		{"one URI, no newline", exampleURI, []otpmigrate.Account{ex}, 0},
		{"comments and blank lines", "# export\n\n" + exampleURI + "\n\n# otpauth://totp/X:y?secret=AAAAAAAA\n" + plainURI + "\n", []otpmigrate.Account{ex, plain}, 0},
		{"CRLF", exampleURI + "\r\n" + plainURI + "\r\n", []otpmigrate.Account{ex, plain}, 0},
		{"zbarimg prefix", "QR-Code:" + exampleURI + "\n", []otpmigrate.Account{ex}, 0},
		{"inside a sentence", "Here it is: <" + plainURI + ">, keep it safe.\n", []otpmigrate.Account{plain}, 0},
		{"inside a sentence in parentheses", "See (" + plainURI + ") and (" + exampleURI + ")", []otpmigrate.Account{plain, ex}, 0},
		{"delimited and broken", "<" + exampleURI[:50] + "\n" + exampleURI[50:] + ">", []otpmigrate.Account{ex}, 0},
		{"quoted", `"` + exampleURI + `"` + "\n'" + plainURI + "'", []otpmigrate.Account{ex, plain}, 0},
		{"two on a line", exampleURI + " " + plainURI, []otpmigrate.Account{ex, plain}, 0},
		{"indented", "    " + exampleURI + "\t\n", []otpmigrate.Account{ex}, 0},
		{"migration URI broken over lines", exampleURI[:half] + "\n" + exampleURI[half:] + "\n", []otpmigrate.Account{ex}, 0},
		{"broken in three", exampleURI[:40] + "\n  " + exampleURI[40:70] + "\n  " + exampleURI[70:] + "\n" + plainURI, []otpmigrate.Account{ex, plain}, 0},
		{"otpauth URI broken in the secret", plainURI[:40] + "\n" + plainURI[40:], []otpmigrate.Account{plain}, 0},
		{"note after a URI", plainURI + "\nGitHub recovery codes are elsewhere\n", []otpmigrate.Account{plain}, 0},
		// A lone word after a whole URI could be its end or a note: the URI
		// is taken alone, with a warning, never silently joined.
		{"word after a URI", plainURI + "\nbackup\n", []otpmigrate.Account{plain}, 1},
		{"other text around", "From: me\nTo: you\n\n" + plainURI + "\n-- \nsent from my phone\n", []otpmigrate.Account{plain}, 0},
		{"upper-case scheme", strings.Replace(plainURI, "otpauth", "OTPAUTH", 1), []otpmigrate.Account{plain}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode([]Input{{Name: "in.txt", Data: []byte(tt.data)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !equalAccounts(res.Accounts, tt.want) {
				t.Errorf("accounts:\n%#v\nwant\n%#v", res.Accounts, tt.want)
			}
			if len(res.Warnings) != tt.warns {
				t.Errorf("warnings %q, want %d", res.Warnings, tt.warns)
			}
			for _, w := range res.Warnings {
				assertNoSecret(t, w, hello, plain.Secret)
			}
		})
	}
}

func TestDecodeTextErrors(t *testing.T) {
	long := strings.Repeat("A", MaxLineLength+1)
	cont := exampleURI[:40] + "\n" + strings.Repeat(strings.Repeat("A", 1000)+"\n", MaxLineLength/1000+1)
	tests := []struct {
		name, data, want, hint string
	}{
		{"empty", "", `"in.txt": input is empty`, ""},
		{"blank", " \n\n\t\n", `"in.txt": input is empty`, ""},
		{"only comments", "# comment 1\n\n# comment 2\n", `"in.txt": holds only comments and blank lines, no otpauth URIs`, ""},
		{"lorem ipsum", "Lorem ipsum dolor sit amet,\nconsetetur.\n", `"in.txt": line 1: no otpauth:// or otpauth-migration:// URI found: the text is plain text`, "give the otpauth-migration:// text"},
		{"https link", "\nhttps://example.com/2fa\n", `"in.txt": line 2: no otpauth:// or otpauth-migration:// URI found: the text is an "https" link`, "give the otpauth-migration:// text"},
		{"other scheme", "ftp://example.com/x\n", `"in.txt": line 1: no otpauth:// or otpauth-migration:// URI found: the text is a "ftp" URI`, "give the otpauth-migration:// text"},
		{"secret before ://", "JBSWY3DPEHPK3PXP://x\n", `"in.txt": line 1: no otpauth:// or otpauth-migration:// URI found: the text is plain text`, "give the otpauth-migration:// text"},
		{"LastPass export cut", "lpaauth-migration://offline?data=H4sIAAAAAAAAA\n", `"in.txt": line 1: LastPass Authenticator export data is not valid base64 (was it cut off when copying?)`, ""},
		{"data=XXXX", "otpauth-migration://offline?data=XXXX\n", `"in.txt": line 1: otpauth-migration data is not a Google Authenticator export payload (was it cut off or changed when copying?)`, ""},
		{"bad URI on line 3", exampleURI + "\n\notpauth://totp/A:b?secret=JBSWY3DPEHPK3PX1\n", `"in.txt": line 3: secret is not valid base32`, ""},
		{"wrong host", "otpauth-migration://online?data=CjEK", `"in.txt": line 1: otpauth-migration URI does not have the host "offline"`, ""},
		{"cut off", exampleURI[:len(exampleURI)-10] + "\n", `"in.txt": line 1: otpauth-migration data is not a Google Authenticator export payload (was it cut off or changed when copying?)`, ""},
		{"line too long", "# big\n" + long + "\n", `"in.txt": line 2: line is longer than 64 KiB`, ""},
		{"URI continued too long", cont, `"in.txt": line 1: URI continues over lines for more than 64 KiB`, ""},
		{"binary", "otpauth://\x00\xff", `"in.txt": not a format otpmigrate reads: binary data (tried ` + triedFormats + `)`, "give a screenshot"},
		{"text with NUL", "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP\n\x00", `"in.txt": not a format otpmigrate reads: text with a NUL byte at offset 41 (tried ` + triedFormats + `)`, "if it is a text file"},
		{"age file", "age-encryption.org/v1\n-> scrypt x 10\n", `"in.txt": input is an age-encrypted file`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode([]Input{{Name: "in.txt", Data: []byte(tt.data)}}, Options{})
			if err == nil {
				t.Fatalf("succeeded: %v", res.Accounts)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q\nwant  %q", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Input != "in.txt" {
				t.Errorf("error is not a *decode.Error naming the input: %#v", err)
			} else if !strings.HasPrefix(e.Advice, tt.hint) || (tt.hint == "") != (e.Advice == "") {
				t.Errorf("hint %q, want one starting %q", e.Advice, tt.hint)
			}
			assertNoSecret(t, err.Error(), hello)
		})
	}
}

func TestDecodeInputTooLarge(t *testing.T) {
	data := bytes.Repeat([]byte("#\n"), MaxInputSize/2+1)
	_, err := Decode([]Input{{Name: "big.txt", Data: data}}, Options{})
	if err == nil || err.Error() != `"big.txt": input is larger than 64 MiB` {
		t.Errorf("err = %v", err)
	}
}

func FuzzText(f *testing.F) {
	p1, p2, _, _, _ := twoPartExport(&testing.T{})
	for _, s := range []string{
		exampleURI,
		"# comment\n\n" + exampleURI + "\r\n" + "otpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQ&issuer=ACME\n",
		"QR-Code:" + exampleURI,
		exampleURI[:40] + "\n  " + exampleURI[40:],
		"otpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQ\nbackup\n",
		p1 + "\n" + p2 + "\n" + p1,
		p2,
		"Lorem ipsum\n",
		"lpaauth-migration://offline?data=H4sI",
		"otpauth-migration://offline?data=XXXX",
	} {
		f.Add([]byte(s))
	}
	seeds := compatSeeds(f)
	f.Add([]byte(seeds[0] + "\n" + seeds[2] + "\n"))
	f.Add([]byte(seeds[1]))
	f.Fuzz(func(t *testing.T, data []byte) {
		if IsImage(data) || isAge(data) {
			return // other decoders, fuzzed on their own
		}
		for _, partial := range []bool{false, true} {
			res, err := Decode([]Input{{Name: "fuzz", Data: data}}, Options{AllowPartial: partial})
			if err != nil {
				msg := err.Error()
				if strings.Contains(msg, "data=") || strings.Contains(msg, "secret=") || strings.Contains(msg, "\n") {
					t.Fatalf("error shows input or is not one line: %q", msg)
				}
				continue
			}
			for _, a := range res.Accounts {
				if err := a.Validate(); err != nil {
					t.Fatalf("invalid account %v: %v", a, err)
				}
			}
			for _, w := range res.Warnings {
				if strings.Contains(w, "data=") || strings.Contains(w, "secret=") {
					t.Fatalf("warning shows input: %q", w)
				}
			}
		}
	})
}

func TestDecodeTextEncodings(t *testing.T) {
	plainURI := "# codes\r\notpauth://totp/ACME:bob?secret=GEZDGNBVGY3TQOJQ&issuer=ACME\r\n"
	want := otpmigrate.NewTOTP("ACME", "bob", []byte("1234567890"))
	utf16 := func(s string, bigEndian bool) []byte {
		out := []byte{0xff, 0xfe}
		if bigEndian {
			out = []byte{0xfe, 0xff}
		}
		for _, r := range s { // ASCII only
			if bigEndian {
				out = append(out, 0, byte(r))
			} else {
				out = append(out, byte(r), 0)
			}
		}
		return out
	}
	for name, data := range map[string][]byte{
		"UTF-8 with BOM": append([]byte("\xef\xbb\xbf"), plainURI...),
		"UTF-16LE":       utf16(plainURI, false),
		"UTF-16BE":       utf16(plainURI, true),
	} {
		t.Run(name, func(t *testing.T) {
			res, err := Decode([]Input{{Name: "codes.txt", Data: data}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Accounts) != 1 || !res.Accounts[0].Equal(want) {
				t.Errorf("got %v", res.Accounts)
			}
		})
	}
	_, err := Decode([]Input{{Name: "bom.txt", Data: []byte("\xef\xbb\xbf# only a comment\n")}}, Options{})
	if err == nil || err.Error() != `"bom.txt": holds only comments and blank lines, no otpauth URIs` {
		t.Errorf("BOM and comment: %v", err)
	}
}

// A pasted export that lost its '+' signs to spaces and was broken over
// lines: the continuation lines hold spaces too, and still belong to it.
func TestTextBrokenAndSpaced(t *testing.T) {
	data, err := os.ReadFile("../testdata/example-export.txt")
	if err != nil {
		t.Fatal(err)
	}
	var uri string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "otpauth-migration://") {
			uri = l
			break
		}
	}
	head, enc, _ := strings.Cut(uri, "data=")
	raw, err := url.QueryUnescape(enc)
	if err != nil {
		t.Fatal(err)
	}
	mangled := strings.ReplaceAll(raw, "+", " ")
	// Break where neither side of the break is a former '+'.
	cut := 40
	for mangled[cut-1] == ' ' || mangled[cut] == ' ' {
		cut++
	}
	if !strings.Contains(mangled[cut:], " ") {
		t.Fatal("test data has no lost '+' after the break; pick another cut")
	}
	text := head + "data=" + mangled[:cut] + "\n" + mangled[cut:] + "\n"
	want, err := Decode([]Input{{Name: "whole", Data: []byte(uri)}}, Options{AllowPartial: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode([]Input{{Name: "pasted", Data: []byte(text)}}, Options{AllowPartial: true})
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(got.Accounts) != len(want.Accounts) || len(got.Accounts) == 0 {
		t.Fatalf("%d accounts, want %d", len(got.Accounts), len(want.Accounts))
	}
	for i := range want.Accounts {
		if !got.Accounts[i].Equal(want.Accounts[i]) {
			t.Errorf("account %d differs", i+1)
		}
	}
}
