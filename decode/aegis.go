package decode

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// aegisFormat names the format in messages and password prompts.
const aegisFormat = "Aegis vault"

// readAegis reads a vault, plain or encrypted (layout in internal/appformat).
func readAegis(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	var v appformat.AegisVault
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", aegisFormat, jsonError(err)), "")
	}
	if v.Version != appformat.AegisVaultVersion {
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s version %d (otpmigrate reads version %d)", ErrUnsupportedBackup, aegisFormat, v.Version, appformat.AegisVaultVersion),
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
	var db appformat.AegisDB
	if err := json.Unmarshal(dbJSON, &db); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s db: %v", aegisFormat, jsonError(err)), "")
	}
	if db.Version < 1 || db.Version > appformat.AegisDBVersion {
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s db version %d (otpmigrate reads 1 to %d)", ErrUnsupportedBackup, aegisFormat, db.Version, appformat.AegisDBVersion),
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
			a.Type = otpmigrate.HOTP
			if e.Info.Counter != nil {
				a.Counter = *e.Info.Counter
			}
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
func openAegis(name string, h appformat.AegisHeader, db string, opts Options) ([]byte, error) {
	fail := func(format string, args ...any) error {
		return appError(name, "", fmt.Errorf("%s: "+format, append([]any{aegisFormat}, args...)...), "")
	}
	sealedDB, err := appformat.ParseAegisDB(h.Params, db)
	if err != nil {
		return nil, fail("%v", err)
	}
	var slots []appformat.AegisSlot
	for _, s := range h.Slots {
		if s.Type == appformat.AegisSlotPassword {
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
	var ready []appformat.AegisPasswordSlot
	for i, s := range slots {
		if err := checkScrypt(s.N, s.R, s.P); err != nil {
			return nil, appError(name, fmt.Sprintf("password slot %d", i+1), err,
				fmt.Sprintf("Aegis writes N=%d, r=%d, p=%d; this file was not written by Aegis or was modified", appformat.AegisScryptN, appformat.AegisScryptR, appformat.AegisScryptP))
		}
		ps, err := appformat.ParseAegisSlot(s)
		if err != nil {
			return nil, appError(name, fmt.Sprintf("password slot %d", i+1), fmt.Errorf("%s: %v", aegisFormat, err), "")
		}
		ready = append(ready, ps)
	}
	pw, err := password(name, aegisFormat, opts)
	if err != nil {
		return nil, err
	}
	for _, s := range ready {
		master, err := s.Open(pw)
		if errors.Is(err, appformat.ErrAegisSlotKey) {
			continue
		}
		if err != nil {
			return nil, fail("%v", err)
		}
		plain, err := sealedDB.Open(master)
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
