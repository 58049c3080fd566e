package otpmigrate_test

import (
	"fmt"

	"github.com/otpmigrate/otpmigrate"
)

func ExampleParse() {
	// As a site might print it: issuer only in the label, '+' for a space,
	// a lower-case secret split in groups.
	a, err := otpmigrate.Parse("otpauth://totp/Example+Bank:alice?secret=jbsw+y3dp+ehpk+3pxp&algorithm=Algorithm.SHA256")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Type, a.Issuer, a.Name, a.Algorithm, a.Digits, a.Period)
	fmt.Println(a.URL())
	// Output:
	// totp Example Bank alice SHA256 6 30
	// otpauth://totp/Example%20Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Bank&algorithm=SHA256
}

func ExampleAccount_URL() {
	a := otpmigrate.NewHOTP("ACME Co", "alice+2fa@example.com", []byte("12345678901234567890"), 7)
	fmt.Println(a.URL())
	// Output:
	// otpauth://hotp/ACME%20Co:alice%2B2fa%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co&counter=7
}

func ExampleParse_error() {
	// Errors name the problem, never the secret.
	_, err := otpmigrate.Parse("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PX1")
	fmt.Println(err)
	// Output:
	// secret is not valid base32
}
