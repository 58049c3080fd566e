package backup

import (
	"bytes"
	"testing"

	"filippo.io/age"
)

// fuzzKey is a throwaway key for fuzzing only.
const fuzzKey = "AGE-SECRET-KEY-13QZNT047S0NW9FSS2AAEVMHK64M83C24J9ZQMXLC5CD9ARC09Z9SU3YDZM"

// FuzzOpen feeds arbitrary bytes to Open with a fixed passphrase and key.
// It must never panic, and whatever opens must seal and open again to the
// same accounts. The scrypt cap is low so that a mutated work factor cannot
// stall the fuzzer.
func FuzzOpen(f *testing.F) {
	x, err := age.ParseX25519Identity(fuzzKey)
	if err != nil {
		f.Fatal(err)
	}
	keys := Keys{
		Passphrase:    func() ([]byte, error) { return []byte("fuzz"), nil },
		Identities:    []age.Identity{x},
		MaxWorkFactor: testWorkFactor,
	}
	accounts := shapes()[:3]
	for _, armored := range []bool{false, true} {
		f.Add(seal(f, accounts, []age.Recipient{passphraseRecipient(f, "fuzz")}, SealOptions{Created: created, Armor: armored}))
		f.Add(seal(f, accounts, []age.Recipient{x.Recipient()}, SealOptions{Armor: armored}))
	}
	f.Add(ageEncrypt(f, []byte("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n"), x.Recipient()))
	f.Add(ageEncrypt(f, []byte("# otpmigrate backup v1\n# accounts: 1\n"), x.Recipient()))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 30\nAAAA\n--- AAAA\n"))
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, info, err := Open(bytes.NewReader(data), keys)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if _, err := Seal(&buf, got, []age.Recipient{x.Recipient()}, SealOptions{Created: info.Created}); err != nil {
			t.Fatalf("opened accounts do not seal again: %v", err)
		}
		again, _, err := Open(&buf, keys)
		if err != nil {
			t.Fatalf("resealed backup does not open: %v", err)
		}
		if len(again) != len(got) {
			t.Fatalf("%d accounts, then %d", len(got), len(again))
		}
		for i := range got {
			if !again[i].Equal(got[i]) {
				t.Fatalf("account %d changed: %s then %s", i, got[i], again[i])
			}
		}
	})
}

// FuzzParseText feeds arbitrary plaintext to ParseText, which FuzzOpen
// rarely reaches through the encryption. Whatever parses must marshal and
// parse again to the same accounts.
func FuzzParseText(f *testing.F) {
	f.Add(MarshalText(shapes()[:5], created))
	f.Add([]byte("# my codes\notpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n"))
	f.Add([]byte("# otpmigrate backup v1\n# accounts: 0\n"))
	f.Add([]byte("# otpmigrate backup v01\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		got, info, err := ParseText(text)
		if err != nil {
			return
		}
		again, _, err := ParseText(MarshalText(got, info.Created))
		if err != nil {
			t.Fatalf("marshalled accounts do not parse: %v", err)
		}
		if len(again) != len(got) {
			t.Fatalf("%d accounts, then %d", len(got), len(again))
		}
		for i := range got {
			if !again[i].Equal(got[i]) {
				t.Fatalf("account %d changed: %s then %s", i, got[i], again[i])
			}
		}
	})
}
