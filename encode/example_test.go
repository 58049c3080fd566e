package encode_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
)

func ExampleFileNames() {
	accounts := []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice", rfcSecret),
		otpmigrate.NewTOTP("GitHub", "alice", rfcSecret),
		otpmigrate.NewTOTP("../Zürich", "bob@example.com", rfcSecret),
	}
	fmt.Println(strings.Join(encode.FileNames(accounts, ".png"), "\n"))
	// Output:
	// github-alice.png
	// github-alice-2.png
	// zurich-bob-example.com.png
}

func ExampleNewAccountQR() {
	a := otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret)
	q, err := encode.NewAccountQR(a, encode.LevelMedium)
	if err != nil {
		panic(err)
	}
	fmt.Println(q.Text())
	fmt.Println(q.Size(), "modules per side, quiet zone included")
	// Output:
	// otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub
	// 49 modules per side, quiet zone included
}

func ExampleTerminalCaption() {
	a := otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret)
	fmt.Println(encode.TerminalCaption(a, 3, 12))
	// Output:
	// 3 of 12  GitHub: alice@example.com
}

func ExampleMigrationCodes() {
	var accounts []otpmigrate.Account
	for i := 0; i < 23; i++ {
		accounts = append(accounts, otpmigrate.NewTOTP("Example", fmt.Sprintf("user%d", i), rfcSecret))
	}
	codes, err := encode.MigrationCodes(accounts, encode.MigrationOptions{})
	if err != nil {
		panic(err)
	}
	for _, c := range codes {
		fmt.Println(c.FileName(), len(c.Accounts), strings.HasPrefix(c.URI, "otpauth-migration://offline?data="))
	}
	// Output:
	// google-authenticator-1-of-3.png 10 true
	// google-authenticator-2-of-3.png 10 true
	// google-authenticator-3-of-3.png 3 true
}

func ExampleGoogleAuthenticatorProblems() {
	a := otpmigrate.NewTOTP("Example", "alice", rfcSecret)
	a.Period = 60
	fmt.Println(encode.GoogleAuthenticatorProblems(a))
	// Output:
	// [a period of 60 s (only 30 s)]
}

func ExampleWriteSheet() {
	accounts := []otpmigrate.Account{otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret)}
	// A file in real use; the page holds secrets.
	if err := encode.WriteSheet(os.Stdout, accounts, encode.SheetOptions{Date: sheetDate}); err != nil {
		panic(err)
	}
}
