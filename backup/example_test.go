package backup_test

import (
	"bytes"
	"fmt"
	"log"
	"time"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/backup"
)

func Example() {
	accounts := []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", []byte("12345678901234567890")),
	}
	passphrase := []byte("correct horse battery staple")
	// 0 would use age's default work factor (about a second); examples
	// and tests may go lower.
	r, err := backup.NewPassphraseRecipient(passphrase, 10)
	if err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer
	created := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	if _, err := backup.Seal(&file, accounts, []age.Recipient{r}, backup.SealOptions{Created: created}); err != nil {
		log.Fatal(err)
	}

	got, info, err := backup.Open(&file, backup.Keys{
		Passphrase: func() ([]byte, error) { return passphrase, nil },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Created.Format(time.DateOnly), len(got), got[0].Label())
	// Output: 2026-11-30 1 GitHub: alice@example.com
}

func ExampleMarshalText() {
	accounts := []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", []byte("12345678901234567890")),
		otpmigrate.NewHOTP("", "alice", []byte("12345678901234567890"), 7),
	}
	fmt.Print(string(backup.MarshalText(accounts, time.Date(2026, 11, 30, 3, 46, 12, 0, time.UTC))))
	// Output:
	// # otpmigrate backup v1
	// # created: 2026-11-30T03:46:12Z
	// # accounts: 2
	// otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub
	// otpauth://hotp/alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=7
}
