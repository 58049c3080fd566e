package encode

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// AegisOptions adjust [WriteAegis].
type AegisOptions struct {
	// Plain writes the vault unencrypted: anyone who gets the file gets
	// every secret. The password is then ignored.
	Plain bool
	// ScryptN replaces Aegis's own scrypt N (2^15, with r=8 and p=1,
	// the most Android's memory limits allow) when not zero. Only tests
	// lower it; a reader takes N from the file.
	ScryptN int
	// Rand is the source of keys, salts, nonces and UUIDs; nil means
	// crypto/rand.
	Rand io.Reader
}

// WriteAegis writes accounts as an Aegis vault, the file Aegis exports and
// imports (Settings, Import & Export, Import from file, Aegis). It is
// encrypted as Aegis does it: a random master key encrypts the entries with
// AES-256-GCM, and one password slot holds the master key encrypted with a
// key derived from password by scrypt (N=2^15, r=8, p=1). Aegis has no MD5
// codes: such accounts are refused.
func WriteAegis(w io.Writer, accounts []otpmigrate.Account, password []byte, opts AegisOptions) error {
	if err := checkAccounts(accounts); err != nil {
		return err
	}
	if !opts.Plain && len(password) == 0 {
		return ErrEmptyPassword
	}
	r := randReader(opts.Rand)
	db := appformat.AegisDB{Version: appformat.AegisDBVersion, Entries: []appformat.AegisEntry{}, Groups: []appformat.AegisGroup{}}
	for i, a := range accounts {
		// Aegis uses MD5 only for mOTP; TOTP and HOTP entries with it
		// are refused on import.
		if a.Algorithm == otpmigrate.MD5 {
			return fmt.Errorf("account %d (%q): Aegis has no MD5 TOTP or HOTP codes", i+1, a.Issuer)
		}
		id, err := uuid4(r)
		if err != nil {
			return err
		}
		e := appformat.AegisEntry{Type: a.Type.String(), UUID: id, Name: a.Name, Issuer: a.Issuer, Groups: json.RawMessage("[]"),
			Info: appformat.AegisInfo{Secret: otpmigrate.EncodeSecret(a.Secret), Algo: a.Algorithm.String(), Digits: a.Digits, Period: a.Period}}
		if a.Type == otpmigrate.HOTP {
			c := a.Counter
			e.Info.Counter = &c
		}
		db.Entries = append(db.Entries, e)
	}
	plain, err := json.Marshal(db)
	if err != nil {
		return err
	}
	f := appformat.AegisVault{Version: appformat.AegisVaultVersion, DB: plain}
	if !opts.Plain {
		var sealed string
		if f.Header, sealed, err = appformat.SealAegis(r, plain, password, opts.ScryptN); err != nil {
			return err
		}
		if f.DB, err = json.Marshal(sealed); err != nil {
			return err
		}
	}
	out, err := json.MarshalIndent(f, "", "    ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}
