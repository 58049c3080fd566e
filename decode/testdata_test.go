package decode

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/otpmigrate/otpmigrate"
)

// The fixtures in ../testdata/compat are MIT-licensed copies of other
// projects' test data (see ../testdata/PROVENANCE.md); unlike the shared
// folder they are always there. The expected accounts are those the
// upstream projects document.

func compatFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "compat", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// junedkhatriURIs returns the recorded QR texts by image name.
func junedkhatriURIs(t testing.TB) map[string]string {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(compatFile(t, "junedkhatri31-test-qr-codes.json"), &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
		}
	}
	return out
}

func secretOf(t testing.TB, b32 string) []byte {
	t.Helper()
	s, err := otpmigrate.DecodeSecret(b32)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJunedkhatriFixture(t *testing.T) {
	uris := junedkhatriURIs(t)
	one, err := ParseMigrationURI(uris["Google-auth-test-qr.png"])
	if err != nil {
		t.Fatal(err)
	}
	want := []otpmigrate.Account{
		otpmigrate.NewTOTP("", "Test account 1", secretOf(t, "JBSWY3APEHPK3PXI")),
		otpmigrate.NewTOTP("", "Test account 2", secretOf(t, "ABSWY3DPEHPK3PXP")),
		otpmigrate.NewHOTP("", "Counter key 1", secretOf(t, "ABCI23DEF456GHI7"), 1),
	}
	if !equalAccounts(one.Accounts, want) || one.BatchSize != 1 {
		t.Errorf("Google-auth-test-qr.png: %#v", one)
	}

	sha, err := ParseMigrationURI(uris["Google-auth-test-sha512-8digit.png"])
	if err != nil {
		t.Fatal(err)
	}
	wantSHA := otpmigrate.Account{Type: otpmigrate.TOTP, Issuer: "TOTPgenerator", Name: "TOTPgenerator",
		Secret: secretOf(t, "HVR4CFHAFOWFGGFAGSA5JVTIMMPG6GMT"), Algorithm: otpmigrate.SHA512, Digits: 8, Period: 30}
	if len(sha.Accounts) != 1 || !sha.Accounts[0].Equal(wantSHA) {
		t.Errorf("sha512: %#v", sha.Accounts)
	}

	// The two-part export, given in reverse order.
	res, err := Decode([]Input{
		{Name: "qr2", Data: []byte(uris["Google-auth-test2-qr2.png"])},
		{Name: "qr1", Data: []byte(uris["Google-auth-test2-qr1.png"])},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range res.Accounts {
		names = append(names, a.Name)
	}
	// Part 1 holds the three accounts above and 3..9, part 2 holds 10, 11.
	wantNames := []string{"Test account 1", "Test account 2", "Counter key 1", "3", "4", "5", "6", "7", "8", "9", "10", "11"}
	if len(names) != len(wantNames) {
		t.Fatalf("two-part export: %q", names)
	}
	for i := range names {
		if names[i] != wantNames[i] {
			t.Fatalf("two-part export: %q, want %q", names, wantNames)
		}
	}
	if got := otpmigrate.EncodeSecret(res.Accounts[9].Secret); got != "FFFFFFFFFFFFFFFFFE" {
		t.Errorf("11-byte secret: %s", got)
	}
	if got := otpmigrate.EncodeSecret(res.Accounts[10].Secret); got != "GGGGGGGGGGGGGGGGGGGA" {
		t.Errorf("12-byte secret: %s", got)
	}

	_, err = Decode([]Input{{Name: "qr1", Data: []byte(uris["Google-auth-test2-qr1.png"])}}, Options{})
	if err == nil || err.Error() != "incomplete export: export 27091391: have part 1 of 2, missing part 2" {
		t.Errorf("one part: %v", err)
	}
}

func TestLennyerikFixture(t *testing.T) {
	p, err := DecodePayload(compatFile(t, "lennyerik-test_data.bin"))
	if err != nil {
		t.Fatal(err)
	}
	want := []otpmigrate.Account{
		otpmigrate.NewTOTP("example.com", "testuser", secretOf(t, "JBSWY3DPEHPK3PXP")),
		otpmigrate.NewTOTP("github.com", "test-github.user@example.com", secretOf(t, "K5XXE3DEEEQCAIBA")),
		otpmigrate.NewTOTP("someexampleservice", "anothertestuser", secretOf(t, "K5XXE3DEEEQCAIBB")),
		otpmigrate.NewTOTP("someexampleservice", "fourthuser", secretOf(t, "K5XXE3DEEEQCAIBC")),
	}
	if !equalAccounts(p.Accounts, want) || p.Version != 2 || p.BatchSize != 1 || p.BatchID != 0 {
		t.Errorf("got %#v", p)
	}
}

// compatSeeds returns the copied fixtures' URIs, in a fixed order, for
// the fuzz targets.
func compatSeeds(t testing.TB) []string {
	uris := junedkhatriURIs(t)
	var keys []string
	for k := range uris {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		out = append(out, uris[k])
	}
	return out
}
