package target_test

import (
	"fmt"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/target"
)

func ExampleProfile_Adapt() {
	p, _ := target.Lookup("2fas-ios")
	a := otpmigrate.NewTOTP("Example", "alice", []byte("12345678901234567890"))
	a.Digits, a.Period = 9, 45
	held, changes, ok := p.Adapt(a)
	fmt.Println(ok, target.Lossy(changes), held.Digits, held.Period)
	fmt.Println(target.Describe(changes))
	// Output:
	// true true 6 30
	// 9 digits become 6, a 45 s period becomes 30 s
}

func ExampleLookup() {
	p, ok := target.Lookup("ms")
	fmt.Println(ok, p.Name, p.App)
	// Output:
	// true microsoft-authenticator Microsoft Authenticator
}
