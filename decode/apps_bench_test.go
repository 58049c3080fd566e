package decode

import "testing"

// Benchmarks of opening encrypted backups at the costs the apps write: the
// key derivation is nearly all of it.

func benchOpen(b *testing.B, data []byte) {
	opts := Options{Password: func(string, string) ([]byte, error) { return []byte("pw"), nil }}
	for b.Loop() {
		if _, err := Decode([]Input{{Name: "bench", Data: data}}, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenAegis(b *testing.B) {
	benchOpen(b, aegisFile(b, "pw", 1<<15, 8, 1, testDB, nil))
}

func BenchmarkOpenTwoFAS(b *testing.B) {
	benchOpen(b, twoFASFile(b, "pw", 4, testServices, true))
}

func BenchmarkOpenAndOTP(b *testing.B) {
	benchOpen(b, andOTPFile(b, "pw", 150_000, testAndOTP))
}

func BenchmarkOpenAegisPlain(b *testing.B) {
	benchOpen(b, []byte(`{"version":1,"header":{"slots":null,"params":null},"db":`+testDB+`}`))
}

// BenchmarkOpenAegisAtCap is the most a vault may ask for: 256 MiB and
// N·r·p = 2^22, sixteen times Aegis's own cost.
func BenchmarkOpenAegisAtCap(b *testing.B) {
	benchOpen(b, aegisFile(b, "pw", 1<<18, 8, 2, testDB, nil))
}

// BenchmarkOpenAndOTPAtCap is the most an andOTP backup may ask for.
func BenchmarkOpenAndOTPAtCap(b *testing.B) {
	benchOpen(b, andOTPFile(b, "pw", MaxPBKDF2Iterations, testAndOTP))
}
