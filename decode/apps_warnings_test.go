package decode

import (
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
)

// TestAppWarnings: what a format carries beyond the model is named, with
// counts and without values, and the accounts keep what the model holds.
func TestAppWarnings(t *testing.T) {
	secret := []byte("12345678901234567890")
	tests := []struct {
		name     string
		data     string
		want     []otpmigrate.Account
		warnings []string
	}{
		{"aegis extras", `{"version":1,"header":{"slots":null,"params":null},"db":{"version":3,"entries":[
			{"type":"totp","name":"alice","issuer":"A","note":"private note","favorite":true,"icon":"/9j/","groups":["g1"],"info":{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","algo":"SHA1","digits":6,"period":30}},
			{"type":"yandex","name":"bob","issuer":"Yandex","info":{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","algo":"SHA256","digits":8,"period":30,"pin":"1234"}}],"groups":[{"uuid":"g1","name":"Work"}]}}`,
			[]otpmigrate.Account{otpmigrate.NewTOTP("A", "alice", secret)},
			[]string{`entry 2 ("Yandex"): Aegis vault type "yandex" is not supported; left out`,
				"not kept from the Aegis vault: favourites (1 account), groups (1 account), icons (1 account), notes (1 account)"}},
		{"bitwarden extras", `{"encrypted":false,"folders":[],"items":[
			{"name":"Site","notes":"n","login":{"username":"alice","password":"hunter2","uris":[{"uri":"https://example.com"}],"totp":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}},
			{"name":"No code","login":{"username":"x","password":"y","totp":null}},
			{"name":"Label only","login":{"username":"carol","totp":"otpauth://totp/carol?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}}]}`,
			[]otpmigrate.Account{otpmigrate.NewTOTP("Site", "alice", secret), otpmigrate.NewTOTP("Label only", "carol", secret)},
			[]string{"1 item(s) without a TOTP field left out", "not kept from the Bitwarden export: URIs (1 account), notes (1 account), passwords (1 account)"}},
		{"andotp tags", `[{"secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","issuer":"A","label":"A:alice","digits":6,"type":"TOTP","algorithm":"SHA1","period":30,"thumbnail":"Github","tags":["work"]}]`,
			[]otpmigrate.Account{otpmigrate.NewTOTP("A", "alice", secret)},
			[]string{"not kept from the andOTP backup: tags (1 account), thumbnails (1 account)"}},
		{"2fas groups", `{"schemaVersion":4,"groups":[{"id":"g","name":"Work"}],"services":[{"name":"A","secret":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","groupId":"g","otp":{"account":"alice","tokenType":"TOTP"},"icon":{"selected":"IconCollection","iconCollection":{"id":"other"}}}]}`,
			[]otpmigrate.Account{otpmigrate.NewTOTP("A", "alice", secret)},
			[]string{"not kept from the 2FAS backup: groups (1 account), icons (1 account)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode([]Input{{Name: "in", Data: []byte(tt.data)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkAccounts(t, res.Accounts, tt.want)
			if len(res.Warnings) != len(tt.warnings) {
				t.Fatalf("warnings %q, want %q", res.Warnings, tt.warnings)
			}
			for i, w := range tt.warnings {
				if !strings.Contains(res.Warnings[i], w) {
					t.Errorf("warning %q, want %q", res.Warnings[i], w)
				}
				for _, leak := range []string{"hunter2", "private note", "Work", "GEZDGNBV", "alice"} {
					if strings.Contains(res.Warnings[i], leak) {
						t.Errorf("warning %q holds %q", res.Warnings[i], leak)
					}
				}
			}
		})
	}
}
