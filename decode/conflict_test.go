package decode

import (
	"strings"
	"testing"
)

// TestDecodeConflicts: accounts that share a secret and label but differ in
// settings are all returned, with a warning naming the difference and not
// the account name; identical ones are merged, across inputs too.
func TestDecodeConflicts(t *testing.T) {
	one := "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub\n"
	eight := "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&digits=8\n"
	res, err := Decode([]Input{{Name: "a.txt", Data: []byte(one + eight)}, {Name: "b.txt", Data: []byte(eight + one)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Accounts) != 2 || res.Accounts[0].Digits != 6 || res.Accounts[1].Digits != 8 || res.Duplicates != 2 {
		t.Fatalf("accounts %v, %d duplicates; want the 6- and the 8-digit one, 2 duplicates", res.Accounts, res.Duplicates)
	}
	if len(res.Conflicts) != 1 || len(res.Warnings) != 1 {
		t.Fatalf("conflicts %v, warnings %q; want one of each", res.Conflicts, res.Warnings)
	}
	w := res.Warnings[0]
	if !strings.Contains(w, `accounts 1 and 2 ("GitHub")`) || !strings.Contains(w, "digits 8 vs 6") || strings.Contains(w, "alice") {
		t.Errorf("warning %q", w)
	}
}
