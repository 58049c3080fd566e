package decode_test

import (
	"fmt"

	"github.com/otpmigrate/otpmigrate/decode"
)

func ExampleParseMigrationURI() {
	p, err := decode.ParseMigrationURI("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range p.Accounts {
		// The app stored the name as "Example:alice@google.com"; the
		// issuer is not repeated.
		fmt.Println(a.Issuer, "|", a.Name, "|", a.URL())
	}
	// Output:
	// Example | alice@google.com | otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example
}

func ExampleParseMigrationURI_notMigration() {
	_, err := decode.ParseMigrationURI("lpaauth-migration://offline?data=H4sIAAAAAAAAEy2R")
	fmt.Println(err)
	// Output:
	// not an otpauth-migration URI: the text is a LastPass Authenticator export (lpaauth-migration://)
}

func ExampleDecode() {
	// Part 2 of a two-part export, pasted with a line break, then a
	// plain otpauth URL; part 1 comes in a second input.
	notes := decode.Input{Name: "notes.txt", Data: []byte(`# moving to the new phone
otpauth-migration://offline?data=CicKFDEyMzQ1Njc4OTAxMjM0NTY3ODkwEgNib2IaBE
  FDTUUgASgBMAIQARgCIAEo6ZHbxAQ%3D
otpauth://totp/Plain:carol?secret=gezd+gnbv+gy3t+qojq
`)}
	part1 := decode.Input{Name: "part1.txt", Data: []byte(
		"otpauth-migration://offline?data=CikKFDEyMzQ1Njc4OTAxMjM0NTY3ODkwEgVhbGljZRoEQUNNRSABKAEwAhABGAIgACjpkdvEBA%3D%3D")}

	res, err := decode.Decode([]decode.Input{notes}, decode.Options{})
	fmt.Println(err)

	res, err = decode.Decode([]decode.Input{notes, part1}, decode.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range res.Accounts {
		fmt.Println(a.Label())
	}
	// Output:
	// incomplete export: export 1217841385: have part 2 of 2, missing part 1
	// ACME: alice
	// ACME: bob
	// Plain: carol
}
