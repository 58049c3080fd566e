package encode_test

import (
	"bytes"
	"fmt"
	"image/png"
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
	// [a 60 s period becomes 30 s]
}

func ExampleNewSheet() {
	accounts := []otpmigrate.Account{otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret)}
	s, err := encode.NewSheet(accounts, encode.SheetOptions{Date: sheetDate})
	if err != nil {
		panic(err)
	}
	// Sheet.Codes are the very codes the page draws: check them before
	// the page is written.
	fmt.Println(len(s.Codes), s.Codes[0].Text())
	var page strings.Builder // a file in real use; the page holds secrets
	if err := s.WriteHTML(&page); err != nil {
		panic(err)
	}
	fmt.Println(strings.Contains(page.String(), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"))
	// Output:
	// 1 otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub
	// true
}

func ExampleWriteAccountPNG() {
	a := otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret)
	var buf bytes.Buffer // a file in real use, created 0600
	if err := encode.WriteAccountPNG(&buf, a, encode.DefaultLevel, 0); err != nil {
		panic(err)
	}
	cfg, _ := png.DecodeConfig(&buf)
	fmt.Printf("%dx%d\n", cfg.Width, cfg.Height)
	// Output:
	// 512x512
}

func ExampleWriteTerminalQR() {
	a := otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret)
	q, err := encode.NewAccountQR(a, encode.DefaultTerminalLevel)
	if err != nil {
		panic(err)
	}
	var screen strings.Builder // the terminal in real use
	encode.WriteTerminalQR(&screen, q, encode.TerminalCaption(a, 1, 3), 80)
	lines := strings.Split(screen.String(), "\n")
	fmt.Println(len(lines), "lines")
	fmt.Println(lines[len(lines)-1])
	// Output:
	// 24 lines
	// 1 of 3  GitHub: alice@example.com
}
