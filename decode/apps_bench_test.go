package decode

import (
	"os"
	"testing"
)

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

// The formats of issue 12 at their apps' default costs (make_bitwarden.py
// and the synthetic helpers; password "pw" unless the file has its own).
func benchOpenFile(b *testing.B, path, pw string) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skip(err)
	}
	opts := Options{Password: func(string, string) ([]byte, error) { return []byte(pw), nil }}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode([]Input{{Name: "bench", Data: data}}, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenBitwardenPBKDF2(b *testing.B) {
	benchOpenFile(b, "../testdata/apps/bitwarden_protected_pbkdf2.json", "test")
}

func BenchmarkOpenBitwardenArgon2id(b *testing.B) {
	benchOpenFile(b, "../testdata/apps/bitwarden_protected_argon2id.json", "test")
}

func BenchmarkOpenAuthy(b *testing.B) {
	b.ReportAllocs()
	benchOpen(b, authyFile(b, "pw"))
}

func BenchmarkOpenTOTPAuthenticator(b *testing.B) {
	b.ReportAllocs()
	benchOpen(b, totpAuthFile("pw", testTOTPAuth))
}

func BenchmarkOpenAESZip(b *testing.B) {
	benchOpenFile(b, "../internal/zipcrypt/testdata/aes256.zip", "pw")
}

func BenchmarkOpenSQLite(b *testing.B) {
	b.ReportAllocs()
	benchOpen(b, testGADB(b))
}

// h12a's readers at their apps' default costs: Authenticator Pro (Argon2id
// 64 MiB × 3, p=4; legacy PBKDF2-SHA1 64,000), FreeOTP (PBKDF2-SHA512
// 100,000), Proton (Argon2id 19 MiB × 2), Ente (Argon2id 1 GiB × 4: about
// 1 GiB of memory per run) and Raivo (WinZip AES, PBKDF2-SHA1 1000).

func BenchmarkOpenAuthPro(b *testing.B) {
	b.ReportAllocs()
	benchOpen(b, authProFile(b, "pw", false, testAuthPro))
}

func BenchmarkOpenAuthProLegacy(b *testing.B) {
	b.ReportAllocs()
	benchOpen(b, authProFile(b, "pw", true, testAuthPro))
}

func BenchmarkOpenFreeOTP(b *testing.B) {
	b.ReportAllocs()
	benchOpen(b, freeOTPBackup(b, "pw", 100_000, testFreeOTPToken))
}

func BenchmarkOpenProton(b *testing.B) {
	b.ReportAllocs()
	benchOpen(b, protonFile(b, "pw", testProton))
}

func BenchmarkOpenEnte(b *testing.B) {
	b.ReportAllocs()
	benchOpen(b, enteFile(b, "pw", enteMaxMemLimit, 4, testEnteText, 0))
}

func BenchmarkOpenRaivo(b *testing.B) {
	benchOpenFile(b, "../testdata/apps/raivo/raivo-otp-export.zip", "pw")
}
