package encode_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
)

// zeros stands in for crypto/rand so that the example's UUIDs are fixed.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func ExampleWriteAegis() {
	accounts := []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", []byte("12345678901234567890")),
	}
	// Plain only to show the format; without Plain the db is encrypted
	// with a key in a password slot.
	err := encode.WriteAegis(os.Stdout, accounts, nil, encode.AegisOptions{Plain: true, Rand: zeros{}})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//     "version": 1,
	//     "header": {
	//         "slots": null,
	//         "params": null
	//     },
	//     "db": {
	//         "version": 3,
	//         "entries": [
	//             {
	//                 "type": "totp",
	//                 "uuid": "00000000-0000-4000-8000-000000000000",
	//                 "name": "alice@example.com",
	//                 "issuer": "GitHub",
	//                 "note": "",
	//                 "favorite": false,
	//                 "icon": null,
	//                 "icon_mime": null,
	//                 "icon_hash": null,
	//                 "info": {
	//                     "secret": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
	//                     "algo": "SHA1",
	//                     "digits": 6,
	//                     "period": 30
	//                 },
	//                 "groups": []
	//             }
	//         ],
	//         "groups": []
	//     }
	// }
}

func ExampleWriteTwoFAS() {
	accounts := []otpmigrate.Account{
		otpmigrate.NewHOTP("Example", "bob", []byte("12345678901234567890"), 7),
	}
	var buf bytes.Buffer
	err := encode.WriteTwoFAS(&buf, accounts, []byte("correct horse battery staple"), encode.TwoFASOptions{Now: time.Unix(1700000000, 0)})
	if err != nil {
		fmt.Println(err)
	}
	out := buf.String()
	fmt.Println(strings.Contains(out, `"servicesEncrypted":`), strings.Contains(out, `"schemaVersion":4`), strings.Contains(out, "GEZDGNBV"))
	// Output: true true false
}
