package encode

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/otpmigrate/otpmigrate"
	"golang.org/x/crypto/scrypt"
)

// The scrypt parameters Aegis uses for its password slots (docs/vault.md
// in the Aegis repository): the most Android's memory limits allow.
const (
	AegisScryptN = 1 << 15
	AegisScryptR = 8
	AegisScryptP = 1
)

// aegisDBVersion is the vault content version current Aegis writes (3:
// groups by UUID, notes and favourites).
const aegisDBVersion = 3

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

type aegisFile struct {
	Version int         `json:"version"`
	Header  aegisHeader `json:"header"`
	DB      any         `json:"db"`
}

type aegisHeader struct {
	Slots  []aegisSlot  `json:"slots"`
	Params *aegisParams `json:"params"`
}

type aegisParams struct {
	Nonce string `json:"nonce"`
	Tag   string `json:"tag"`
}

type aegisSlot struct {
	Type      int         `json:"type"`
	UUID      string      `json:"uuid"`
	Key       string      `json:"key"`
	KeyParams aegisParams `json:"key_params"`
	N         int         `json:"n"`
	R         int         `json:"r"`
	P         int         `json:"p"`
	Salt      string      `json:"salt"`
	Repaired  bool        `json:"repaired"`
	IsBackup  bool        `json:"is_backup"`
}

type aegisDB struct {
	Version int          `json:"version"`
	Entries []aegisEntry `json:"entries"`
	Groups  []struct{}   `json:"groups"`
}

type aegisEntry struct {
	Type     string    `json:"type"`
	UUID     string    `json:"uuid"`
	Name     string    `json:"name"`
	Issuer   string    `json:"issuer"`
	Note     string    `json:"note"`
	Favorite bool      `json:"favorite"`
	Icon     *string   `json:"icon"`
	IconMime *string   `json:"icon_mime"`
	IconHash *string   `json:"icon_hash"`
	Info     aegisInfo `json:"info"`
	Groups   []string  `json:"groups"`
}

type aegisInfo struct {
	Secret  string  `json:"secret"`
	Algo    string  `json:"algo"`
	Digits  int     `json:"digits"`
	Period  *int    `json:"period,omitempty"`
	Counter *uint64 `json:"counter,omitempty"`
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
	db := aegisDB{Version: aegisDBVersion, Entries: []aegisEntry{}, Groups: []struct{}{}}
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
		e := aegisEntry{Type: a.Type.String(), UUID: id, Name: a.Name, Issuer: a.Issuer, Groups: []string{},
			Info: aegisInfo{Secret: otpmigrate.EncodeSecret(a.Secret), Algo: a.Algorithm.String(), Digits: a.Digits}}
		if a.Type == otpmigrate.HOTP {
			c := a.Counter
			e.Info.Counter = &c
		} else {
			p := a.Period
			e.Info.Period = &p
		}
		db.Entries = append(db.Entries, e)
	}
	f := aegisFile{Version: 1, DB: db}
	if !opts.Plain {
		plain, err := json.Marshal(db)
		if err != nil {
			return err
		}
		f.Header, f.DB, err = sealAegis(r, plain, password, opts.ScryptN)
		if err != nil {
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
func sealAegis(r io.Reader, db, password []byte, n int) (aegisHeader, string, error) {
	if n == 0 {
		n = AegisScryptN
	}
	master, err := randomBytes(r, 32)
	if err != nil {
		return aegisHeader{}, "", err
	}
	salt, err := randomBytes(r, 32)
	if err != nil {
		return aegisHeader{}, "", err
	}
	slotKey, err := scrypt.Key(password, salt, n, AegisScryptR, AegisScryptP, 32)
	if err != nil {
		return aegisHeader{}, "", fmt.Errorf("scrypt: %v", err)
	}
	slotNonce, wrapped, err := gcmSeal(r, slotKey, master)
	if err != nil {
		return aegisHeader{}, "", err
	}
	dbNonce, sealed, err := gcmSeal(r, master, db)
	if err != nil {
		return aegisHeader{}, "", err
	}
	id, err := uuid4(r)
	if err != nil {
		return aegisHeader{}, "", err
	}
	split := func(b []byte) (body, tag []byte) { return b[:len(b)-16], b[len(b)-16:] }
	wkey, wtag := split(wrapped)
	body, tag := split(sealed)
	slot := aegisSlot{Type: 1, UUID: id, Key: hex.EncodeToString(wkey),
		KeyParams: aegisParams{Nonce: hex.EncodeToString(slotNonce), Tag: hex.EncodeToString(wtag)},
		N:         n, R: AegisScryptR, P: AegisScryptP, Salt: hex.EncodeToString(salt), Repaired: true}
	h := aegisHeader{Slots: []aegisSlot{slot}, Params: &aegisParams{Nonce: hex.EncodeToString(dbNonce), Tag: hex.EncodeToString(tag)}}
	return h, base64.StdEncoding.EncodeToString(body), nil
}
