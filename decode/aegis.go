package decode

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"golang.org/x/crypto/scrypt"
)

// aegisFormat names the format in messages and password prompts.
const aegisFormat = "Aegis vault"

// An Aegis vault (docs/vault.md in the Aegis repository) is JSON: a
// header and a db, which is an object when the vault is plain and the
// base64 of its AES-256-GCM encryption otherwise. The master key that
// encrypts the db is wrapped once per slot; password slots derive their
// wrapping key with scrypt.
type aegisVault struct {
	Version int             `json:"version"`
	Header  aegisHeader     `json:"header"`
	DB      json.RawMessage `json:"db"`
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
	Key       string      `json:"key"`
	KeyParams aegisParams `json:"key_params"`
	N         int64       `json:"n"`
	R         int64       `json:"r"`
	P         int64       `json:"p"`
	Salt      string      `json:"salt"`
}

// aegisSlotPassword is the slot type of a password (scrypt) slot; 0 is a
// raw key and 2 a key in the phone's keystore, neither usable here.
const aegisSlotPassword = 1

type aegisDB struct {
	Version int          `json:"version"`
	Entries []aegisEntry `json:"entries"`
	Groups  []struct {
		Name string `json:"name"`
	} `json:"groups"`
}

type aegisEntry struct {
	Type     string          `json:"type"`
	Name     string          `json:"name"`
	Issuer   string          `json:"issuer"`
	Note     string          `json:"note"`
	Favorite bool            `json:"favorite"`
	Archived bool            `json:"archived"`
	Icon     json.RawMessage `json:"icon"`
	Group    json.RawMessage `json:"group"`  // db version 2
	Groups   json.RawMessage `json:"groups"` // db version 3
	Info     struct {
		Secret  string `json:"secret"`
		Algo    string `json:"algo"`
		Digits  int    `json:"digits"`
		Period  int    `json:"period"`
		Counter uint64 `json:"counter"`
		PIN     string `json:"pin"`
	} `json:"info"`
}

// Versions of the Aegis format this reader knows.
const (
	aegisVaultVersion = 1
	aegisMaxDBVersion = 3
)

func readAegis(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	var v aegisVault
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", aegisFormat, jsonError(err)), "")
	}
	if v.Version != aegisVaultVersion {
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s version %d (otpmigrate reads version %d)", ErrUnsupportedBackup, aegisFormat, v.Version, aegisVaultVersion),
			"export the vault again from a current Aegis")
	}
	dbJSON := []byte(v.DB)
	var encrypted string
	if json.Unmarshal(v.DB, &encrypted) == nil {
		plain, err := openAegis(name, v.Header, encrypted, opts)
		if err != nil {
			return nil, nil, err
		}
		dbJSON = plain
	} else if v.Header.Params != nil || len(v.Header.Slots) > 0 {
		return nil, nil, appError(name, "", fmt.Errorf("%s header says encrypted but the db is not", aegisFormat), "")
	}
	var db aegisDB
	if err := json.Unmarshal(dbJSON, &db); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s db: %v", aegisFormat, jsonError(err)), "")
	}
	if db.Version < 1 || db.Version > aegisMaxDBVersion {
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s db version %d (otpmigrate reads 1 to %d)", ErrUnsupportedBackup, aegisFormat, db.Version, aegisMaxDBVersion),
			"update otpmigrate, or export the vault as plain otpauth URIs from Aegis")
	}
	if db.Entries == nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s db has no entries", aegisFormat), "")
	}
	if len(db.Entries) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d entries, more than %d", aegisFormat, len(db.Entries), maxAppEntries), "")
	}
	drop := dropped{}
	var warns []string
	var accounts []otpmigrate.Account
	for i, e := range db.Entries {
		where := entryWhere(i, e.Issuer)
		a := otpmigrate.Account{Issuer: e.Issuer, Name: e.Name, Digits: e.Info.Digits}
		switch strings.ToLower(e.Type) {
		case "totp":
			a.Type, a.Period = otpmigrate.TOTP, e.Info.Period
		case "hotp":
			a.Type, a.Counter = otpmigrate.HOTP, e.Info.Counter
		case "steam":
			a.Type, a.Period = otpmigrate.Steam, e.Info.Period
		default:
			// mOTP and Yandex need a PIN and their own algorithm;
			// no other app reads them, so they are left out.
			warns = append(warns, fmt.Sprintf("%q: %s: %s type %q is not supported; left out", name, where, aegisFormat, truncateASCII(e.Type, 16)))
			continue
		}
		alg, err := otpmigrate.ParseAlgorithm(e.Info.Algo)
		if err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		a.Algorithm = alg
		if a.Secret, err = otpmigrate.DecodeSecret(e.Info.Secret); err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		drop.add("icons", nonEmptyJSON(e.Icon))
		drop.add("notes", e.Note != "")
		drop.add("favourites", e.Favorite)
		drop.add("archived", e.Archived)
		drop.add("groups", nonEmptyJSON(e.Group) || nonEmptyJSON(e.Groups))
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, append(warns, drop.warning(name, aegisFormat)...), nil
}

// openAegis unwraps the master key with the password and decrypts the db.
func openAegis(name string, h aegisHeader, db string, opts Options) ([]byte, error) {
	fail := func(format string, args ...any) error {
		return appError(name, "", fmt.Errorf("%s: "+format, append([]any{aegisFormat}, args...)...), "")
	}
	if h.Params == nil {
		return nil, fail("db is encrypted but the header has no nonce and tag")
	}
	nonce, err1 := hex.DecodeString(h.Params.Nonce)
	tag, err2 := hex.DecodeString(h.Params.Tag)
	if err1 != nil || err2 != nil || len(nonce) != 12 || len(tag) != 16 {
		return nil, fail("header nonce or tag is malformed")
	}
	ct, err := base64.StdEncoding.DecodeString(db)
	if err != nil {
		return nil, fail("db is not valid base64")
	}
	var slots []aegisSlot
	for _, s := range h.Slots {
		if s.Type == aegisSlotPassword {
			slots = append(slots, s)
		}
	}
	if len(slots) == 0 {
		return nil, appError(name, "", fmt.Errorf("%w: %s has no password slot (only biometric or raw-key slots)", ErrUnsupportedBackup, aegisFormat),
			"in Aegis, set a password (Settings, Security) and export again")
	}
	if len(slots) > maxPasswordSlots {
		return nil, fail("%d password slots, more than %d", len(slots), maxPasswordSlots)
	}
	// Check every slot's parameters before spending time on any.
	type prepared struct {
		key, nonce, salt []byte
		n, r, p          int
	}
	var ready []prepared
	for i, s := range slots {
		if err := checkScrypt(s.N, s.R, s.P); err != nil {
			return nil, appError(name, fmt.Sprintf("password slot %d", i+1), err,
				fmt.Sprintf("Aegis writes N=%d, r=8, p=1; this file was not written by Aegis or was modified", 1<<15))
		}
		key, e1 := hex.DecodeString(s.Key)
		nonce, e2 := hex.DecodeString(s.KeyParams.Nonce)
		tag, e3 := hex.DecodeString(s.KeyParams.Tag)
		salt, e4 := hex.DecodeString(s.Salt)
		if e1 != nil || e2 != nil || e3 != nil || e4 != nil || len(key) != 32 || len(nonce) != 12 || len(tag) != 16 || len(salt) == 0 || len(salt) > 1024 {
			return nil, appError(name, fmt.Sprintf("password slot %d", i+1), fmt.Errorf("%s: slot key, nonce, tag or salt is malformed", aegisFormat), "")
		}
		ready = append(ready, prepared{key: append(key, tag...), nonce: nonce, salt: salt, n: int(s.N), r: int(s.R), p: int(s.P)})
	}
	pw, err := password(name, aegisFormat, opts)
	if err != nil {
		return nil, err
	}
	for _, s := range ready {
		wrap, err := scrypt.Key(pw, s.salt, s.n, s.r, s.p, 32)
		if err != nil {
			return nil, fail("scrypt: %v", err)
		}
		master, err := gcmOpen(wrap, s.nonce, s.key)
		if err != nil {
			continue
		}
		plain, err := gcmOpen(master, nonce, append(ct, tag...))
		if err != nil {
			return nil, appError(name, "", fmt.Errorf("%s: the password is right but the db fails authentication: the file is damaged or was modified", aegisFormat), "")
		}
		return plain, nil
	}
	return nil, appError(name, "", fmt.Errorf("%w for %s (or its password slot was modified)", ErrWrongPassword, aegisFormat),
		"give the password set in Aegis when the vault was exported (Settings, Import & Export)")
}

// checkScrypt refuses scrypt parameters that are invalid or would cost far
// more than Aegis's own.
func checkScrypt(n, r, p int64) error {
	switch {
	case n < 2 || n&(n-1) != 0:
		return fmt.Errorf("scrypt N=%d is not a power of two above 1", n)
	case r < 1 || p < 1:
		return fmt.Errorf("scrypt r=%d, p=%d must be positive", r, p)
	case n > MaxScryptN || r > MaxScryptR || p > MaxScryptP || 128*n*r > maxScryptMemory || n*r*p > scryptWorkCap:
		return fmt.Errorf("scrypt cost N=%d, r=%d, p=%d is above the limit otpmigrate accepts (N·r·p at most %d, memory at most %d MiB)",
			n, r, p, scryptWorkCap, maxScryptMemory>>20)
	}
	return nil
}

// truncateASCII shortens s for a message and keeps only printable ASCII.
func truncateASCII(s string, n int) string {
	b := []byte(s)
	if len(b) > n {
		b = b[:n]
	}
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}
