package encode

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
	"golang.org/x/crypto/scrypt"
)

// The scrypt parameters Aegis uses for its password slots (docs/vault.md
// in the Aegis repository), N=2^15, r=8, p=1: the most Android's memory
// limits allow.
const (
	AegisScryptN = appformat.AegisScryptN
	AegisScryptR = appformat.AegisScryptR
	AegisScryptP = appformat.AegisScryptP
)

// AegisOptions adjust [WriteAegis].
type AegisOptions struct {
	// Plain writes the vault unencrypted: anyone who gets the file gets
	// every secret. The password is then ignored.
	Plain bool
	// ScryptN replaces [AegisScryptN] when not zero. Only tests lower it;
	// a reader takes N from the file.
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
		if f.Header, sealed, err = sealAegis(r, plain, password, opts.ScryptN); err != nil {
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

// sealAegis encrypts the db and makes the password slot.
func sealAegis(r io.Reader, db, password []byte, n int) (appformat.AegisHeader, string, error) {
	if n == 0 {
		n = AegisScryptN
	}
	fail := func(err error) (appformat.AegisHeader, string, error) { return appformat.AegisHeader{}, "", err }
	master, err := appformat.RandomBytes(r, appformat.KeySize)
	if err != nil {
		return fail(err)
	}
	salt, err := appformat.RandomBytes(r, 32)
	if err != nil {
		return fail(err)
	}
	slotKey, err := scrypt.Key(password, salt, n, AegisScryptR, AegisScryptP, appformat.KeySize)
	if err != nil {
		return fail(fmt.Errorf("scrypt: %v", err))
	}
	slotNonce, wrapped, err := appformat.GCMSeal(r, slotKey, master)
	if err != nil {
		return fail(err)
	}
	dbNonce, sealed, err := appformat.GCMSeal(r, master, db)
	if err != nil {
		return fail(err)
	}
	id, err := uuid4(r)
	if err != nil {
		return fail(err)
	}
	// Aegis keeps each tag apart from its ciphertext.
	split := func(b []byte) (body, tag []byte) { return b[:len(b)-appformat.TagSize], b[len(b)-appformat.TagSize:] }
	wkey, wtag := split(wrapped)
	body, tag := split(sealed)
	slot := appformat.AegisSlot{Type: appformat.AegisSlotPassword, UUID: id, Key: hex.EncodeToString(wkey),
		KeyParams: appformat.AegisParams{Nonce: hex.EncodeToString(slotNonce), Tag: hex.EncodeToString(wtag)},
		N:         int64(n), R: AegisScryptR, P: AegisScryptP, Salt: hex.EncodeToString(salt), Repaired: true}
	h := appformat.AegisHeader{Slots: []appformat.AegisSlot{slot},
		Params: &appformat.AegisParams{Nonce: hex.EncodeToString(dbNonce), Tag: hex.EncodeToString(tag)}}
	return h, base64.StdEncoding.EncodeToString(body), nil
}
