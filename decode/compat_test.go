package decode

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// The compatibility suite checks our decoding against public fixtures of
// other projects (../shared/testdata-public), whose expected decodes were
// made with an independent protobuf reader (EXPECTED-DECODES.json) or come
// from the upstream projects' own tests (PROVENANCE.md). Expected accounts
// are read from those files, never written down from what this package
// outputs. Images are left to the image scanner's tests.

type expectedAccount struct {
	Secret    string `json:"secret"`
	SecretLen int    `json:"secret_len"`
	Name      string `json:"name"`
	Issuer    string `json:"issuer"`
	Algorithm string `json:"algorithm"`
	Digits    string `json:"digits"`
	Type      string `json:"type"`
	Counter   uint64 `json:"counter"`
}

type expectedPayload struct {
	Accounts   []expectedAccount `json:"accounts"`
	Version    int32             `json:"version"`
	BatchSize  int32             `json:"batch_size"`
	BatchIndex int32             `json:"batch_index"`
	BatchID    int32             `json:"batch_id"`
}

type expectedDecode struct {
	URL     string           `json:"url"`
	Text    string           `json:"text"`
	Error   string           `json:"error"`
	Payload *expectedPayload `json:"payload"`
}

type expectedFile struct {
	Lines    int              `json:"lines"`
	Decoded  []expectedDecode `json:"decoded"`
	Stripped []expectedDecode `json:"decoded_after_stripping_prefix"`
}

func loadExpected(t *testing.T, dir string) map[string]json.RawMessage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "EXPECTED-DECODES.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Files map[string]json.RawMessage `json:"files"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Files
}

func fileEntry(t *testing.T, files map[string]json.RawMessage, name string) expectedFile {
	t.Helper()
	raw, ok := files[name]
	if !ok {
		t.Fatalf("EXPECTED-DECODES.json has no entry for %s", name)
	}
	var f expectedFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

// account turns an expected raw payload entry into the account the issue
// says it is: unspecified enums take the defaults (SHA1, 6 digits, TOTP),
// and a name starting with the issuer and ':' loses that prefix.
func (e expectedAccount) account(t *testing.T) otpmigrate.Account {
	t.Helper()
	secret, err := otpmigrate.DecodeSecret(e.Secret)
	if err != nil || len(secret) != e.SecretLen {
		t.Fatalf("expected secret of %q: %v (len %d, want %d)", e.Name, err, len(secret), e.SecretLen)
	}
	a := otpmigrate.Account{Issuer: e.Issuer, Name: e.Name, Secret: secret, Type: otpmigrate.TOTP, Algorithm: otpmigrate.SHA1, Digits: 6}
	if p := e.Issuer + ":"; e.Issuer != "" && strings.HasPrefix(a.Name, p) {
		a.Name = strings.TrimSpace(a.Name[len(p):])
	}
	if e.Algorithm != "" {
		if a.Algorithm, err = otpmigrate.ParseAlgorithm(e.Algorithm); err != nil {
			t.Fatal(err)
		}
	}
	if e.Digits != "" {
		if a.Digits, err = strconv.Atoi(e.Digits); err != nil {
			t.Fatal(err)
		}
	}
	switch e.Type {
	case "HOTP":
		a.Type, a.Counter = otpmigrate.HOTP, e.Counter
	case "TOTP", "":
		a.Period = otpmigrate.DefaultPeriod
	default:
		t.Fatalf("expected type %q", e.Type)
	}
	return a
}

func (p expectedPayload) accounts(t *testing.T) []otpmigrate.Account {
	var out []otpmigrate.Account
	for _, e := range p.Accounts {
		out = append(out, e.account(t))
	}
	return out
}

func checkPayload(t *testing.T, what string, got Payload, want expectedPayload) {
	t.Helper()
	if got.Version != want.Version || got.BatchSize != want.BatchSize || got.BatchIndex != want.BatchIndex || got.BatchID != want.BatchID {
		t.Errorf("%s: version/size/index/id = %d/%d/%d/%d, want %d/%d/%d/%d", what,
			got.Version, got.BatchSize, got.BatchIndex, got.BatchID, want.Version, want.BatchSize, want.BatchIndex, want.BatchID)
	}
	if w := want.accounts(t); !equalAccounts(got.Accounts, w) {
		t.Errorf("%s: accounts\n%#v\nwant\n%#v", what, got.Accounts, w)
	}
}

func decodeFile(t *testing.T, path string) (Result, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Decode([]Input{{Name: filepath.Base(path), Data: data}}, Options{})
}

// TestCompatTextFixtures decodes every text fixture with otpauth-migration
// URIs: each URI on its own, and the whole file, which gives the accounts
// of all its URIs with later copies of the same account left out.
func TestCompatTextFixtures(t *testing.T) {
	dir := testtool.SharedFixtures(t, "..")
	files := loadExpected(t, dir)
	for _, name := range []string{
		"scito-extract_otp_secrets/example_export.txt",
		"scito-extract_otp_secrets/tests/data/example_export_only_totp.txt",
		"scito-extract_otp_secrets/tests/data/test_plus_problem_export.txt",
		"scito-extract_otp_secrets/tests/data/test_export_wrong_prefix.txt",
	} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f := fileEntry(t, files, name)
			decoded := f.Decoded
			if len(decoded) == 0 {
				decoded = f.Stripped // "QR-Code:" prefix, which we read too
			}
			if len(decoded) == 0 {
				t.Fatal("no expected decodes")
			}
			var want []otpmigrate.Account
			for i, d := range decoded {
				p, err := ParseMigrationURI(d.URL)
				if err != nil {
					t.Fatalf("URI %d: %v", i+1, err)
				}
				checkPayload(t, "URI "+strconv.Itoa(i+1), p, *d.Payload)
				want = append(want, d.Payload.accounts(t)...)
			}
			want, dups := otpmigrate.Dedup(want)
			res, err := decodeFile(t, filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if !equalAccounts(res.Accounts, want) || res.Duplicates != dups {
				t.Errorf("Decode: %d accounts (%d duplicates)\n%v\nwant %d (%d duplicates)\n%v", len(res.Accounts), res.Duplicates, res.Accounts, len(want), dups, want)
			}
		})
	}
}

// TestCompatURLList checks the otpauth:// URL list extract_otp_secrets
// makes from example_export.txt: parsed, it is the same accounts.
func TestCompatURLList(t *testing.T) {
	dir := testtool.SharedFixtures(t, "..")
	fromExport, err := decodeFile(t, filepath.Join(dir, "scito-extract_otp_secrets/example_export.txt"))
	if err != nil {
		t.Fatal(err)
	}
	fromList, err := decodeFile(t, filepath.Join(dir, "scito-extract_otp_secrets/tests/data/url_list_output.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !equalAccounts(fromList.Accounts, fromExport.Accounts) {
		t.Errorf("url_list_output.txt:\n%v\nexample_export.txt:\n%v", fromList.Accounts, fromExport.Accounts)
	}
}

// TestCompatJunedkhatri decodes the QR texts recorded from Google
// Authenticator 6.0, including a two-part export.
func TestCompatJunedkhatri(t *testing.T) {
	dir := testtool.SharedFixtures(t, "..")
	const name = "junedkhatri31-google-authenticator-export-decoder/src/test-fixtures/test-qr-codes.json"
	var want map[string]expectedDecode
	if err := json.Unmarshal(fileRaw(t, loadExpected(t, dir), name), &want); err != nil {
		t.Fatal(err)
	}
	var texts map[string]json.RawMessage
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, name)), &texts); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) != 4 {
		t.Fatalf("expected 4 QR texts, have %v", keys)
	}
	var inputs []Input
	var all []otpmigrate.Account
	for _, k := range keys {
		var uri string
		if err := json.Unmarshal(texts[k], &uri); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if uri != want[k].URL {
			t.Fatalf("%s: fixture and expected decode disagree on the URI", k)
		}
		p, err := ParseMigrationURI(uri)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		checkPayload(t, k, p, *want[k].Payload)
		inputs = append(inputs, Input{Name: k, Data: []byte(uri)})
		all = append(all, want[k].Payload.accounts(t)...)
	}

	// Together: the two-part export is joined, in part order.
	res, err := Decode(inputs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantAll, _ := otpmigrate.Dedup(all)
	if len(res.Accounts) != len(wantAll) {
		t.Errorf("Decode: %d accounts, want %d", len(res.Accounts), len(wantAll))
	}

	// One part of the two-part export alone is incomplete.
	_, err = Decode([]Input{{Name: "qr2", Data: []byte(want["Google-auth-test2-qr2.png"].URL)}}, Options{})
	if !errors.Is(err, ErrIncomplete) || !strings.HasSuffix(err.Error(), "export 27091391: have part 2 of 2, missing part 1") {
		t.Errorf("one part alone: %v", err)
	}
}

// TestCompatQRTexts runs the QR texts found in the image fixtures through
// the text decoder: migration URIs decode to their expected payloads, a
// split export is joined (and reported when incomplete), and texts that are
// no otpauth URI get a clear error.
func TestCompatQRTexts(t *testing.T) {
	dir := testtool.SharedFixtures(t, "..")
	files := loadExpected(t, dir)
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	seen := map[string]bool{}
	for _, name := range names {
		f := expectedFile{}
		if json.Unmarshal(files[name], &f) != nil || f.Lines > 0 || strings.HasSuffix(name, ".json") {
			continue // text fixtures are tested above
		}
		for i, d := range f.Decoded {
			text := d.URL + d.Text
			if seen[text] {
				continue
			}
			seen[text] = true
			what := name + " #" + strconv.Itoa(i+1)
			switch {
			case d.Payload != nil:
				p, err := ParseMigrationURI(d.URL)
				if err != nil {
					t.Errorf("%s: %v", what, err)
					continue
				}
				checkPayload(t, what, p, *d.Payload)
			case strings.HasPrefix(text, "otpauth://"):
				if _, err := otpmigrate.Parse(text); err != nil {
					t.Errorf("%s: %v", what, err)
				}
			case strings.HasPrefix(text, lastPassPrefix):
				// mfcarroll's LastPass Authenticator export: two test
				// accounts. The secrets were read from the fixture with
				// Python's gzip and json modules, independently of this
				// reader.
				res, err := Decode([]Input{{Name: "qr.txt", Data: []byte(text)}}, Options{})
				if err != nil {
					t.Errorf("%s: %v", what, err)
					continue
				}
				var want []otpmigrate.Account
				for i, secret := range []string{"N7F4M4QNFI3XZV4V73EWMPMXTFGGJ4R5", "BPCRAWTI27QXIDV42MVPHYL5KSVTMMYZ"} {
					key, _ := otpmigrate.DecodeSecret(secret)
					want = append(want, otpmigrate.NewTOTP(fmt.Sprintf("LP Test %d", i+1), fmt.Sprintf("TOTP Test %d", i+1), key))
				}
				if !equalAccounts(res.Accounts, want) {
					t.Errorf("%s: got %v, want %v", what, res.Accounts, want)
				}
			default:
				_, err := Decode([]Input{{Name: "qr.txt", Data: []byte(text)}}, Options{})
				if err == nil {
					t.Errorf("%s: text %q decoded", what, text)
					continue
				}
				t.Logf("%s: %v", what, err)
				assertNoSecret(t, err.Error())
			}
		}
	}

	// scito's two-screen export: batch 1217841385, parts 1 and 2 of 2.
	parts := fileEntry(t, files, "scito-extract_otp_secrets/docs/Exported-QR-codes.webp").Decoded
	if len(parts) != 2 {
		t.Fatalf("want 2 parts, have %d", len(parts))
	}
	res, err := Decode([]Input{{Name: "2.txt", Data: []byte(parts[1].URL)}, {Name: "1.txt", Data: []byte(parts[0].URL)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := otpmigrate.Dedup(append(parts[0].Payload.accounts(t), parts[1].Payload.accounts(t)...))
	if !equalAccounts(res.Accounts, want) {
		t.Errorf("joined export: %d accounts, want %d", len(res.Accounts), len(want))
	}
	_, err = Decode([]Input{{Name: "1.txt", Data: []byte(parts[0].URL)}}, Options{})
	if err == nil || err.Error() != "incomplete export: export 1217841385: have part 1 of 2, missing part 2" {
		t.Errorf("part 1 alone: %v", err)
	}
}

// TestCompatLennyerikPayload decodes the raw protobuf bytes of lennyerik's
// demo export (a version 2 payload without batch_id).
func TestCompatLennyerikPayload(t *testing.T) {
	dir := testtool.SharedFixtures(t, "..")
	want := fileEntry(t, loadExpected(t, dir), "lennyerik-google-authenticator-export/src/test/img/demo_export.png").Decoded
	if len(want) != 1 || want[0].Payload == nil {
		t.Fatalf("expected one payload, have %v", want)
	}
	p, err := DecodePayload(readFile(t, filepath.Join(dir, "lennyerik-google-authenticator-export/src/test/proto/test_data.bin")))
	if err != nil {
		t.Fatal(err)
	}
	checkPayload(t, "test_data.bin", p, *want[0].Payload)
}

// vectorRE matches one of Aegis's test vectors as PROVENANCE.md lists
// them: "Air Canada/Benjamin HOTP KUVJJOM753IHTNDSZVCNKL7GII SHA256/7 c=50".
var vectorRE = regexp.MustCompile(`([A-Z][\w ]*?)/(\w+) (TOTP|HOTP|Steam) ([A-Z2-7]+) (SHA\d+)/(\d+)(?:/(\d+)| c=(\d+))`)

// TestCompatAegisPlain decodes Aegis's plain.txt (otpauth:// URIs of its
// test vectors, with otpauth://steam/ and issuer=Air+Canada) to the vectors
// listed in PROVENANCE.md.
func TestCompatAegisPlain(t *testing.T) {
	dir := testtool.SharedFixtures(t, "..")
	prov := string(readFile(t, filepath.Join(dir, "PROVENANCE.md")))
	_, after, ok := strings.Cut(prov, "Test vectors (")
	if !ok {
		t.Fatal("PROVENANCE.md lists no Aegis test vectors")
	}
	block, _, _ := strings.Cut(after, "\n|")
	var want []otpmigrate.Account
	for _, m := range vectorRE.FindAllStringSubmatch(block, -1) {
		secret, err := otpmigrate.DecodeSecret(m[4])
		if err != nil {
			t.Fatal(err)
		}
		typ, _ := otpmigrate.ParseType(m[3])
		alg, _ := otpmigrate.ParseAlgorithm(m[5])
		digits, _ := strconv.Atoi(m[6])
		period, _ := strconv.Atoi(m[7])
		counter, _ := strconv.ParseUint(m[8], 10, 64)
		want = append(want, otpmigrate.Account{Type: typ, Issuer: m[1], Name: m[2], Secret: secret, Algorithm: alg, Digits: digits, Period: period, Counter: counter})
	}
	if len(want) != 7 {
		t.Fatalf("read %d vectors from PROVENANCE.md, want 7", len(want))
	}
	res, err := decodeFile(t, filepath.Join(dir, "aegis/importers/plain.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !equalAccounts(res.Accounts, want) {
		t.Errorf("plain.txt:\n%#v\nwant\n%#v", res.Accounts, want)
	}
}

// TestCompatNegative checks that every negative text fixture gets a clear
// error naming the file.
func TestCompatNegative(t *testing.T) {
	dir := testtool.SharedFixtures(t, "..")
	tests := []struct{ file, want string }{
		{"scito-extract_otp_secrets/tests/data/test_export_wrong_data.txt", `"test_export_wrong_data.txt": line 1: otpauth-migration data is not a Google Authenticator export payload`},
		{"scito-extract_otp_secrets/tests/data/test_export_wrong_content.txt", `"test_export_wrong_content.txt": line 1: no otpauth:// or otpauth-migration:// URI found: the text is plain text`},
		{"scito-extract_otp_secrets/tests/data/only_comments.txt", `"only_comments.txt": holds only comments and blank lines, no otpauth URIs`},
		{"scito-extract_otp_secrets/tests/data/empty_file.txt", `"empty_file.txt": input is empty`},
		{"scito-extract_otp_secrets/tests/data/text_masquerading_as_image.jpeg", `"text_masquerading_as_image.jpeg": line 1: no otpauth:// or otpauth-migration:// URI found: the text is plain text`},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			res, err := decodeFile(t, filepath.Join(dir, tt.file))
			if err == nil {
				t.Fatalf("decoded %v", res.Accounts)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error %q\nwant  %q…", err, tt.want)
			}
		})
	}
}

func fileRaw(t *testing.T, files map[string]json.RawMessage, name string) json.RawMessage {
	t.Helper()
	raw, ok := files[name]
	if !ok {
		t.Fatalf("EXPECTED-DECODES.json has no entry for %s", name)
	}
	return raw
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
