package decode

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// The KDF caps of Bitwarden's password-protected export are Bitwarden's
// own maxima (internal/appformat); fuzz tests lower them.
var (
	bitwardenPBKDF2Cap int64 = appformat.BitwardenMaxPBKDF2Iterations
	bitwardenArgon2Cap       = appformat.BitwardenKDF{Iterations: appformat.BitwardenMaxArgon2Iterations,
		Memory: appformat.BitwardenMaxArgon2Memory, Parallelism: appformat.BitwardenMaxArgon2Parallelism}
)

// openBitwarden decrypts the data of a password-protected export (layout
// in internal/appformat/bitwarden.go) into the plain JSON export.
func openBitwarden(name string, data []byte, opts Options) ([]byte, error) {
	fail := func(format string, args ...any) error {
		return appError(name, "", fmt.Errorf("%s: "+format, append([]any{bitwardenFormat}, args...)...), "")
	}
	var f struct {
		appformat.BitwardenProtected
		KDFType *int `json:"kdfType"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fail("%v", jsonError(err))
	}
	if f.Salt == "" || f.KeyValidation == "" || f.Data == "" || f.KDFType == nil {
		return nil, fail("password protected, but salt, kdfType, encKeyValidation_DO_NOT_EDIT or data is missing")
	}
	if len(f.Salt) > 1024 {
		return nil, fail("salt of %d characters", len(f.Salt))
	}
	k := appformat.BitwardenKDF{Type: *f.KDFType, Iterations: f.KDFIterations}
	if k.Type == appformat.BitwardenKDFArgon2id {
		if f.KDFMemory == nil || f.KDFParallelism == nil {
			return nil, fail("Argon2id without kdfMemory or kdfParallelism")
		}
		k.Memory, k.Parallelism = *f.KDFMemory, *f.KDFParallelism
	}
	// The cost comes from the file: check it before any work, and before
	// the password is asked for.
	err := appformat.CheckBitwardenKDF(k)
	if err == nil {
		switch {
		case k.Type == appformat.BitwardenKDFPBKDF2 && k.Iterations > bitwardenPBKDF2Cap:
			err = fmt.Errorf("PBKDF2 iterations %d above the limit of %d", k.Iterations, bitwardenPBKDF2Cap)
		case k.Type == appformat.BitwardenKDFArgon2id && (k.Iterations > bitwardenArgon2Cap.Iterations ||
			k.Memory > bitwardenArgon2Cap.Memory || k.Parallelism > bitwardenArgon2Cap.Parallelism):
			err = fmt.Errorf("Argon2id cost above the limit (iterations %d, %d MiB, parallelism %d)",
				bitwardenArgon2Cap.Iterations, bitwardenArgon2Cap.Memory, bitwardenArgon2Cap.Parallelism)
		}
	}
	if err != nil {
		return nil, appError(name, "", fmt.Errorf("%s: %v", bitwardenFormat, err), "this file was not written by Bitwarden or was modified")
	}
	pw, err := password(name, bitwardenFormat, opts)
	if err != nil {
		return nil, err
	}
	enc, mac, err := appformat.BitwardenKeys(pw, f.Salt, k)
	if err != nil {
		return nil, fail("key derivation: %v", err)
	}
	if _, err := appformat.BitwardenDecrypt(enc, mac, f.KeyValidation); err != nil {
		if errors.Is(err, appformat.ErrBitwardenMAC) {
			return nil, appError(name, "", fmt.Errorf("%w for %s (or its password check was modified)", ErrWrongPassword, bitwardenFormat),
				"give the file password chosen when exporting from Bitwarden (not the account's master password, unless they are the same)")
		}
		return nil, fail("encKeyValidation_DO_NOT_EDIT: %v", err)
	}
	plain, err := appformat.BitwardenDecrypt(enc, mac, f.Data)
	if err != nil {
		if errors.Is(err, appformat.ErrBitwardenMAC) {
			return nil, fail("the password is right but the data fails authentication: the file is damaged or was modified")
		}
		return nil, fail("data: %v", err)
	}
	return plain, nil
}
