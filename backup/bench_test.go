package backup

import (
	"bytes"
	"fmt"
	"testing"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate"
)

// thousand returns 1,000 realistic accounts (20-byte secrets, names of
// email length).
func thousand() []otpmigrate.Account {
	as := make([]otpmigrate.Account, 1000)
	for i := range as {
		secret := bytes.Repeat([]byte{byte(i)}, 20)
		as[i] = otpmigrate.NewTOTP(fmt.Sprintf("Service %d", i), fmt.Sprintf("user%d@example.com", i), secret)
	}
	return as
}

// BenchmarkSeal1000 and BenchmarkOpen1000 measure a backup of 1,000
// accounts. The "x25519" runs have no KDF, so they show the cost of the
// format and encryption alone; "scrypt-18" is the shipped passphrase
// setting, whose time is almost all scrypt; "scrypt-10" is in between.
func BenchmarkSeal1000(b *testing.B) {
	as := thousand()
	x, _ := age.GenerateX25519Identity()
	for _, c := range benchCases(b, x) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if _, err := Seal(&buf, as, []age.Recipient{c.rec}, SealOptions{}); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "file-bytes")
		})
	}
}

func BenchmarkOpen1000(b *testing.B) {
	as := thousand()
	x, _ := age.GenerateX25519Identity()
	for _, c := range benchCases(b, x) {
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			if _, err := Seal(&buf, as, []age.Recipient{c.rec}, SealOptions{}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				got, _, err := Open(bytes.NewReader(buf.Bytes()), c.keys)
				if err != nil || len(got) != len(as) {
					b.Fatal(err)
				}
			}
		})
	}
}

type benchCase struct {
	name string
	rec  age.Recipient
	keys Keys
}

func benchCases(b *testing.B, x *age.X25519Identity) []benchCase {
	var cs []benchCase
	cs = append(cs, benchCase{"x25519", x.Recipient(), Keys{Identities: []age.Identity{x}}})
	for _, wf := range []int{10, DefaultWorkFactor} {
		r, err := NewPassphraseRecipient([]byte("bench passphrase"), wf)
		if err != nil {
			b.Fatal(err)
		}
		cs = append(cs, benchCase{fmt.Sprintf("scrypt-%d", wf), r, passphraseKeys("bench passphrase")})
	}
	return cs
}
