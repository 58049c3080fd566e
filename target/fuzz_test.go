package target_test

import (
	"bytes"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/target"
)

// FuzzAdapt checks every profile on arbitrary valid accounts: no panic,
// the adapted account is valid and its settings are what the app holds
// (adapting it again changes none), the secret is never touched, and a
// change is reported
// as altering the codes exactly when a setting the codes depend on changed.
func FuzzAdapt(f *testing.F) {
	f.Add(uint8(1), uint8(1), 6, 30, uint64(0), "GitHub", "alice")
	f.Add(uint8(2), uint8(4), 7, 0, uint64(1)<<40, "", "a:b")
	f.Add(uint8(3), uint8(1), 5, 30, uint64(0), "Steam", "")
	f.Add(uint8(1), uint8(3), 10, 86400, uint64(0), `a\b:c`, "https://"+string(bytes.Repeat([]byte("x"), 60)))
	f.Fuzz(func(t *testing.T, typ, alg uint8, digits, period int, counter uint64, issuer, name string) {
		a := otpmigrate.Account{Type: otpmigrate.Type(typ%3 + 1), Issuer: issuer, Name: name, Secret: []byte("12345678901234567890"),
			Algorithm: otpmigrate.Algorithm(alg%4 + 1), Digits: digits, Period: period, Counter: counter}
		switch a.Type {
		case otpmigrate.HOTP:
			a.Period = 0
		case otpmigrate.Steam:
			a.Algorithm, a.Digits, a.Period, a.Counter = otpmigrate.SHA1, otpmigrate.SteamDigits, otpmigrate.DefaultPeriod, 0
		default:
			a.Counter = 0
		}
		if a.Validate() != nil {
			return
		}
		for _, p := range append(target.All(), target.TwoFAS) {
			for _, via := range []target.Carrier{target.KeyURI, target.File, target.Migration} {
				got, changes, ok := p.AdaptVia(via, a)
				if !bytes.Equal(got.Secret, a.Secret) {
					t.Fatalf("%s: secret changed", p.Name)
				}
				if !ok {
					continue
				}
				if err := got.Validate(); err != nil {
					t.Fatalf("%s: adapted account invalid: %v", p.Name, err)
				}
				// The settings the app holds hold again. Labels need not:
				// Ente splits "::" at its first colon every time it reads it.
				again, more, ok2 := p.AdaptVia(via, got)
				if !ok2 || target.Lossy(more) || again.Type != got.Type || again.Digits != got.Digits || again.Period != got.Period {
					t.Fatalf("%s: adapting again changes %q", p.Name, target.Describe(more))
				}
				sameCodes := got.Type == a.Type && got.Algorithm == a.Algorithm && got.Digits == a.Digits &&
					got.Period == a.Period && got.Counter == a.Counter
				if sameCodes == target.Lossy(changes) {
					t.Fatalf("%s: codes changed %v but Lossy %v (%q)", p.Name, !sameCodes, target.Lossy(changes), target.Describe(changes))
				}
				if (len(changes) == 0) != got.Equal(a) {
					t.Fatalf("%s: changes %q but equal %v", p.Name, target.Describe(changes), got.Equal(a))
				}
			}
		}
	})
}
