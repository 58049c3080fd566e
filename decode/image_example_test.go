package decode_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/otpmigrate/otpmigrate/decode"
)

func ExampleScanImage() {
	// A screenshot of a two-part export: both codes side by side.
	data, err := os.ReadFile("../testdata/example-export.png")
	if err != nil {
		fmt.Println(err)
		return
	}
	texts, err := decode.ScanImage(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range texts {
		p, err := decode.ParseMigrationURI(t)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("part %d of %d: %d account(s), %s…\n", p.BatchIndex+1, p.BatchSize, len(p.Accounts), t[:strings.Index(t, "?")])
	}
	// Output:
	// part 1 of 2: 2 account(s), otpauth-migration://offline…
	// part 2 of 2: 1 account(s), otpauth-migration://offline…
}
