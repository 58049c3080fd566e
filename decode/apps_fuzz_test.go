package decode

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// Fuzz targets for the app backup readers: whatever the bytes, a reader
// returns valid accounts or an *Error naming the input, never a panic, and
// its messages hold neither the password nor a secret. Costs are capped
// low so that every run stays fast; the password is "pw", that of the
// synthetic seeds.

func fuzzSeeds(f *testing.F, files ...string) {
	for _, name := range files {
		// The shared fixtures seed the corpus when present.
		if data, err := os.ReadFile(filepath.Join("..", "..", "shared", "testdata-public", "aegis", name)); err == nil {
			f.Add(data)
		}
	}
}

// fuzzCosts lowers the key-derivation costs for a fuzz target; seeds
// encrypted afterwards use the lowered 2FAS count.
func fuzzCosts(f *testing.F) {
	lowAuthProCost(f)
	lowProtonCost(f)
	oldEnte := enteWorkCap
	enteWorkCap = 64 << 10
	f.Cleanup(func() { enteWorkCap = oldEnte })
	oldScrypt, oldPBKDF2, old2FAS := scryptWorkCap, pbkdf2IterationsCap, twoFASKDFIterations
	oldBW, oldArgon := bitwardenPBKDF2Cap, bitwardenArgon2Cap
	scryptWorkCap, pbkdf2IterationsCap, twoFASKDFIterations = 1<<13, 2000, 10
	bitwardenPBKDF2Cap = 2000
	bitwardenArgon2Cap = appformat.BitwardenKDF{Iterations: 1, Memory: 1, Parallelism: 1}
	f.Cleanup(func() {
		scryptWorkCap, pbkdf2IterationsCap, twoFASKDFIterations = oldScrypt, oldPBKDF2, old2FAS
		bitwardenPBKDF2Cap, bitwardenArgon2Cap = oldBW, oldArgon
	})
}

func fuzzReader(f *testing.F, r appReader) {
	f.Fuzz(func(t *testing.T, data []byte) { fuzzOne(t, r, data) })
}

// fuzzOne checks what reader r makes of data.
func fuzzOne(t *testing.T, r appReader, data []byte) {
	acc, warns, err := r("fuzz", data, Options{Password: func(string, string) ([]byte, error) {
		return []byte("pw"), nil
	}})
	if err != nil {
		var de *Error
		if !errors.As(err, &de) || de.Input != "fuzz" {
			t.Fatalf("error %q is not an *Error naming the input", err)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Fatalf("error %q spans lines", err)
		}
		return
	}
	for i, a := range acc {
		if err := a.Validate(); err != nil {
			t.Fatalf("account %d invalid: %v", i, err)
		}
		// Normal form: the account survives its own otpauth URI, as
		// a backup or an export will write it.
		if b, err := otpmigrate.Parse(a.URL()); err != nil || !b.Equal(a) {
			t.Fatalf("account %d does not survive its URI: %v, read back as %q/%q, was %q/%q", i, err, b.Issuer, b.Name, a.Issuer, a.Name)
		}
	}
	for _, w := range warns {
		if strings.Contains(w, "\n") {
			t.Fatalf("warning %q spans lines", w)
		}
	}
}

func FuzzAegis(f *testing.F) {
	fuzzCosts(f)
	f.Add(aegisFile(f, "pw", 1<<10, 8, 1, testDB, nil))
	f.Add([]byte(`{"version":1,"header":{"slots":null,"params":null},"db":` + testDB + `}`))
	f.Add([]byte(`{"version":1,"header":{"slots":null,"params":null},"db":` + strings.Replace(testDB, `"issuer":"Test"`, `"issuer":" Test\u00a0"`, 1) + `}`))
	fuzzSeeds(f, "importers/aegis_plain.json", "importers/aegis_encrypted.json", "vault/aegis_plain_grouped_v2.json")
	fuzzReader(f, readAegis)
}

func FuzzTwoFAS(f *testing.F) {
	fuzzCosts(f)
	f.Add(twoFASFile(f, "pw", 4, testServices, true))
	f.Add([]byte(`{"schemaVersion":4,"services":` + testServices + `}`))
	fuzzSeeds(f, "importers/2fas_authenticator.json", "importers/2fas_authenticator_plain.2fas", "importers/2fas_authenticator_plain_v3.2fas", "importers/2fas_authenticator_plain_v4.2fas")
	fuzzReader(f, readTwoFAS)
}

func FuzzAndOTP(f *testing.F) {
	fuzzCosts(f)
	f.Add(andOTPFile(f, "pw", 1000, testAndOTP))
	f.Add(andOTPFile(f, "pw", 0, testAndOTP))
	f.Add([]byte(testAndOTP))
	fuzzSeeds(f, "importers/andotp_plain.json")
	fuzzReader(f, func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
		if isBinary(data) {
			return readAndOTPEncrypted(name, data, opts)
		}
		return readAndOTPPlain(name, data, opts)
	})
}

func FuzzBitwarden(f *testing.F) {
	fuzzCosts(f)
	fuzzSeeds(f, "importers/bitwarden.json", "importers/bitwarden.csv")
	f.Add([]byte(`{"encrypted":false,"items":[{"name":"x","login":{"username":"u","totp":"steam://GEZDGNBV"}}]}`))
	f.Add([]byte("name,login_username,login_totp\nx,u,JBSWY3DPEHPK3PXP\ny,,otpauth://totp/a?secret=GEZDGNBV\n"))
	f.Add(bitwardenFile(f, "pw", 10, testBitwarden))
	fuzzReader(f, func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
		if isBitwardenCSV(data) {
			return readBitwardenCSV(name, data, opts)
		}
		return readBitwardenJSON(name, data, opts)
	})
}

func FuzzAuthPro(f *testing.F) {
	fuzzCosts(f)
	f.Add([]byte(testAuthPro))
	f.Add(authProFile(f, "pw", false, testAuthPro))
	f.Add(authProFile(f, "pw", true, testAuthPro))
	fuzzSeeds(f, "importers/stratum_plain.json")
	fuzzReader(f, func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
		if bytes.HasPrefix(data, []byte(authProHeader)) || bytes.HasPrefix(data, []byte(authProLegacyHeader)) {
			return readAuthProEncrypted(name, data, opts)
		}
		return readAuthProPlain(name, data, opts)
	})
}

func FuzzFreeOTP(f *testing.F) {
	fuzzCosts(f)
	f.Add(freeOTPBackup(f, "pw", 10, testFreeOTPToken))
	f.Add(freeOTPXML(testFreeOTPToken))
	f.Add([]byte(`{"tokens":[` + strings.TrimSuffix(testFreeOTPToken, "}") + `,"secret":[1,2,3,4,5,6,7,8,9,10]}]}`))
	fuzzSeeds(f, "importers/freeotp.xml", "importers/freeotp_plus.json", "importers/freeotp_plus_internal.xml", "importers/freeotp_v2_null_algo.xml")
	fuzzReader(f, func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
		switch {
		case isFreeOTPBackup(data):
			return readFreeOTPBackup(name, data, opts)
		case looksLikeSharedPrefs(data):
			prefs, err := parseSharedPrefs(data)
			if err != nil {
				return nil, nil, appError(name, "", err, "")
			}
			return readFreeOTPPrefs(name, prefs)
		}
		return readFreeOTPPlus(name, data, opts)
	})
}

func FuzzProton(f *testing.F) {
	fuzzCosts(f)
	f.Add([]byte(testProton))
	f.Add(protonFile(f, "pw", testProton))
	fuzzSeeds(f, "importers/proton_authenticator.json")
	fuzzReader(f, readProton)
}

func FuzzEnte(f *testing.F) {
	fuzzCosts(f)
	f.Add(enteFile(f, "pw", 8<<10, 1, testEnteText, 0))
	fuzzReader(f, readEnte)
}

func FuzzLastPassJSON(f *testing.F) {
	f.Add([]byte(testLastPassExport))
	fuzzReader(f, readLastPassJSON)
}

func FuzzRaivo(f *testing.F) {
	fuzzCosts(f)
	for _, n := range []string{"raivo-otp-export.json", "raivo-otp-export.zip"} {
		if b, err := os.ReadFile(filepath.Join("..", "testdata", "apps", "raivo", n)); err == nil {
			f.Add(b)
		}
	}
	fuzzReader(f, func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
		if isZIP(data) {
			return readZIP(name, data, opts)
		}
		return readRaivoJSON(name, data, opts)
	})
}

func FuzzSteam(f *testing.F) {
	fuzzCosts(f)
	fuzzSeeds(f, "importers/steam.json", "importers/steam_old.json")
	f.Add([]byte(`{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"a"}`))
	fuzzReader(f, readSteam)
}

// FuzzDecodeApp fuzzes recognition: any bytes go through decodeApp.
func FuzzDecodeApp(f *testing.F) {
	fuzzCosts(f)
	f.Add([]byte(`{"schemaVersion":4,"services":` + testServices + `}`))
	f.Add([]byte(testAndOTP))
	f.Add([]byte("name,login_totp\nx,JBSWY3DPEHPK3PXP\n"))
	f.Add([]byte("name,login_username,login_totp\n x , alice ,JBSWY3DPEHPK3PXP\n"))
	f.Add(andOTPFile(f, "pw", 0, testAndOTP))
	f.Add(andOTPFile(f, "pw", 1000, testAndOTP))
	fuzzReader(f, func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
		acc, warns, _, err := decodeApp(Input{Name: name, Data: data}, opts)
		return acc, warns, err
	})
}

func FuzzKeePassCSV(f *testing.F) {
	f.Add([]byte(testKeePassXC))
	f.Add([]byte("Title,User Name,TimeOtp-Secret-Base32,TimeOtp-Length,TimeOtp-Period,TimeOtp-Algorithm\nx,u,GEZDGNBV,8,60,HMAC-SHA-256\n"))
	f.Add([]byte("Title,User Name,HmacOtp-Secret-Hex,HmacOtp-Counter\nx,u,3132333435,7\n"))
	f.Add([]byte("Title,Username,TOTP\nx,u,key=GEZDGNBV&size=8&step=60&otpHashMode=SHA256\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !isKeePassCSV(data) {
			return
		}
		fuzzOne(t, readKeePassCSV, data)
	})
}
