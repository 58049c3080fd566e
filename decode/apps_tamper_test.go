package decode

import (
	"strings"
	"testing"
)

// TestTamperEveryByte changes each byte of small encrypted backups in
// turn: each result must be an error or, where the byte is outside what
// the apps authenticate (a UUID, say), exactly the original accounts.
// Never a panic, and never other accounts.
func TestTamperEveryByte(t *testing.T) {
	old := twoFASKDFIterations
	twoFASKDFIterations = 10 // thousands of runs; the count is not under test here
	lowAuthProCost(t)
	lowProtonCost(t)
	defer func() { twoFASKDFIterations = old }()
	// AssumeAndOTP: the old andOTP format carries no marker.
	opts := Options{AssumeAndOTP: true, Password: func(string, string) ([]byte, error) { return []byte("pw"), nil }}
	for name, data := range map[string][]byte{
		"aegis":      aegisFile(t, "pw", 1<<4, 8, 1, testDB, nil),
		"2fas":       twoFASFile(t, "pw", 4, testServices, true),
		"andotp":     andOTPFile(t, "pw", 1000, testAndOTP),
		"andotp old": andOTPFile(t, "pw", 0, testAndOTP),
		"bitwarden":  bitwardenFile(t, "pw", 10, testBitwarden),
		"authpro":    authProFile(t, "pw", false, testAuthPro),
		"proton":     protonFile(t, "pw", testProton),
		// CBC without a MAC: a change garbles a block, which the
		// UTF-8 and JSON checks catch.
		"authpro legacy": authProFile(t, "pw", true, testAuthPro),
	} {
		want, err := Decode([]Input{{Name: name, Data: data}}, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		changed := 0
		for i := range data {
			got, err := Decode([]Input{{Name: name, Data: flip(data, i)}}, opts)
			if err != nil {
				changed++
				continue
			}
			if len(got.Accounts) != len(want.Accounts) || !got.Accounts[0].Equal(want.Accounts[0]) {
				t.Errorf("%s: byte %d changed gives other accounts without an error", name, i)
			}
		}
		if changed < len(data)/2 {
			t.Errorf("%s: only %d of %d changes detected", name, changed, len(data))
		}
	}
}

// TestTruncateEverywhere cuts backups at every length: each cut is an
// error, never a shorter list of accounts.
func TestTruncateEverywhere(t *testing.T) {
	old := twoFASKDFIterations
	twoFASKDFIterations = 10
	lowAuthProCost(t)
	lowProtonCost(t)
	defer func() { twoFASKDFIterations = old }()
	opts := Options{AssumeAndOTP: true, Password: func(string, string) ([]byte, error) { return []byte("pw"), nil }}
	for name, data := range map[string][]byte{
		"aegis":          aegisFile(t, "pw", 1<<4, 8, 1, testDB, nil),
		"aegis plain":    []byte(`{"version":1,"header":{"slots":null,"params":null},"db":` + testDB + `}`),
		"2fas":           twoFASFile(t, "pw", 4, testServices, true),
		"2fas plain":     []byte(`{"schemaVersion":4,"services":` + testServices + `}`),
		"andotp":         andOTPFile(t, "pw", 1000, testAndOTP),
		"andotp old":     andOTPFile(t, "pw", 0, testAndOTP),
		"andotp plain":   []byte(testAndOTP),
		"bitwarden":      bitwardenFile(t, "pw", 10, testBitwarden),
		"steam":          []byte(`{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"a"}`),
		"authpro":        authProFile(t, "pw", false, testAuthPro),
		"authpro legacy": authProFile(t, "pw", true, testAuthPro),
		"authpro plain":  []byte(testAuthPro),
		"freeotp":        freeOTPBackup(t, "pw", 10, testFreeOTPToken),
		"freeotp xml":    freeOTPXML(testFreeOTPToken),
		"proton":         protonFile(t, "pw", testProton),
		"proton plain":   []byte(testProton),
		"ente":           enteFile(t, "pw", 8<<10, 1, testEnteText, 0),
		"lastpass":       []byte(testLastPassExport),
		"freeotp+ json":  []byte(`{"tokenOrder":["Test:alice"],"tokens":[` + strings.TrimSuffix(testFreeOTPToken, "}") + `,"secret":[49,50,51,52,53,54,55,56,57,48]}]}`),
	} {
		for n := 1; n < len(data); n++ {
			if res, err := Decode([]Input{{Name: name, Data: data[:n]}}, opts); err == nil {
				t.Errorf("%s cut to %d of %d bytes: no error, %d accounts", name, n, len(data), len(res.Accounts))
			}
		}
	}
}
