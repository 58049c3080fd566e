package decode

import (
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
)

// testLastPassExport is a synthetic LastPass Authenticator export, written
// from the fields Stratum's LastPassBackupConverter.cs reads and its test
// file shows (not a real export): one account renamed by the user, one
// with its original names only, one in a folder with a 60 s time step.
const testLastPassExport = `{
  "deviceId": "", "localDeviceId": "00000000-0000-0000-0000-000000000000", "version": 3,
  "accounts": [
    {"accountID": "a", "issuerName": "Example Bank", "originalIssuerName": "EXAMPLE", "userName": "alice", "originalUserName": "alice@example.com",
     "pushNotification": false, "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "timeStep": 30, "digits": 6, "isFavorite": true, "algorithm": "SHA1",
     "folderData": {"folderId": 0, "position": 0}},
    {"accountID": "b", "issuerName": "", "originalIssuerName": "GitHub", "userName": "", "originalUserName": "bob",
     "pushNotification": false, "secret": "JBSWY3DPEHPK3PXP", "timeStep": 30, "digits": 6, "isFavorite": false, "algorithm": "SHA256",
     "folderData": {"folderId": 0, "position": 1}},
    {"accountID": "c", "issuerName": "Work", "originalIssuerName": "Work", "userName": "carol", "originalUserName": "carol",
     "pushNotification": false, "secret": "GEZDGNBVGY3TQOJQ", "timeStep": 60, "digits": 8, "isFavorite": false, "algorithm": "SHA512",
     "folderData": {"folderId": 2, "position": 0}}
  ],
  "folders": [{"id": 1, "name": "Favorites", "isOpened": true}, {"id": 2, "name": "Job", "isOpened": true}, {"id": 0, "name": "Other accounts", "isOpened": true}]
}`

func TestLastPassJSON(t *testing.T) {
	res, err := Decode([]Input{{Name: "lp.json", Data: []byte(testLastPassExport)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sec := func(s string) []byte { b, _ := otpmigrate.DecodeSecret(s); return b }
	want := []otpmigrate.Account{
		{Type: otpmigrate.TOTP, Issuer: "Example Bank", Name: "alice", Secret: sec("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), Algorithm: otpmigrate.SHA1, Digits: 6, Period: 30},
		{Type: otpmigrate.TOTP, Issuer: "GitHub", Name: "bob", Secret: sec("JBSWY3DPEHPK3PXP"), Algorithm: otpmigrate.SHA256, Digits: 6, Period: 30},
		{Type: otpmigrate.TOTP, Issuer: "Work", Name: "carol", Secret: sec("GEZDGNBVGY3TQOJQ"), Algorithm: otpmigrate.SHA512, Digits: 8, Period: 60},
	}
	checkAccounts(t, res.Accounts, want)
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "favourites (1 account), folders (1 account)") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

func TestLastPassJSONErrors(t *testing.T) {
	for _, tt := range []struct{ name, data, want string }{
		{"version 2", strings.Replace(testLastPassExport, `"version": 3`, `"version": 2`, 1), "unsupported backup: LastPass Authenticator export version other than 3"},
		{"truncated", testLastPassExport[:400], "LastPass Authenticator export: the JSON ends early"},
		{"bad secret", strings.Replace(testLastPassExport, `"JBSWY3DPEHPK3PXP"`, `"JBSWY3DP!"`, 1), `entry 2 ("GitHub"): secret`},
		{"bad algorithm", strings.Replace(testLastPassExport, `"SHA256"`, `"SHA3"`, 1), `entry 2 ("GitHub"): unknown algorithm`},
		{"bad digits", strings.Replace(testLastPassExport, `"digits": 8`, `"digits": 80`, 1), `entry 3 ("Work")`},
	} {
		_, err := Decode([]Input{{Name: "lp.json", Data: []byte(tt.data)}}, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "GEZDGNBV") {
			t.Errorf("%s: error holds a secret", tt.name)
		}
	}
}
