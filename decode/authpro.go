package decode

import (
	"crypto/aes"
	"crypto/pbkdf2"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
	"golang.org/x/crypto/argon2"
)

const authProFormat = "Authenticator Pro backup"

// Authenticator Pro (now Stratum) backups, as its own code writes them:
// stratumauth/app Stratum.Core/src/Backup/Encryption/StrongBackupEncryption.cs
// ("AUTHENTICATORPRO", salt 16, IV 12, AES-256-GCM ciphertext and tag;
// key by Argon2id, 3 passes, 64 MiB, parallelism 4) and
// LegacyBackupEncryption.cs ("AuthenticatorPro", salt 20, IV 16,
// AES-256-CBC with PKCS#7 padding; key by PBKDF2-HMAC-SHA1, 64000
// iterations). The costs are constants of the app, not read from the
// file, so a file cannot raise them.
const (
	authProHeader         = "AUTHENTICATORPRO"
	authProLegacyHeader   = "AuthenticatorPro"
	authProSaltSize       = 16
	authProIVSize         = 12
	authProLegacySaltSize = 20
	authProLegacyIVSize   = aes.BlockSize
)

// The key-derivation costs; fuzz tests lower them.
var (
	authProArgon2Time    uint32 = 3
	authProArgon2Memory  uint32 = 64 << 10 // KiB
	authProArgon2Threads uint8  = 4
	authProLegacyIter           = 64000
)

// authProBackup is Stratum.Core/src/Backup/Backup.cs as System.Text.Json
// writes it (property names as in C#).
type authProBackup struct {
	Authenticators          []authProEntry `json:"Authenticators"`
	AuthenticatorCategories []struct {
		AuthenticatorSecret string `json:"AuthenticatorSecret"`
	} `json:"AuthenticatorCategories"`
}

// authProEntry is Stratum.Core/src/Entity/Authenticator.cs.
type authProEntry struct {
	Type      int     `json:"Type"`
	Icon      *string `json:"Icon"`
	Issuer    string  `json:"Issuer"`
	Username  *string `json:"Username"`
	Secret    string  `json:"Secret"`
	Pin       *string `json:"Pin"`
	Algorithm int     `json:"Algorithm"`
	Digits    int     `json:"Digits"`
	Period    int     `json:"Period"`
	Counter   uint64  `json:"Counter"`
}

// readAuthProPlain reads the unencrypted JSON backup.
func readAuthProPlain(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	return parseAuthPro(name, data)
}

// readAuthProEncrypted reads either encrypted backup, told apart by the
// case of the header.
func readAuthProEncrypted(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	legacy := string(data[:len(authProLegacyHeader)]) == authProLegacyHeader
	body := data[len(authProHeader):]
	min := authProSaltSize + authProIVSize + 16
	if legacy {
		min = authProLegacySaltSize + authProLegacyIVSize + aes.BlockSize
	}
	if len(body) < min {
		return nil, nil, appError(name, "", fmt.Errorf("%s: the file ends after %d bytes, too short for an encrypted backup", authProFormat, len(data)),
			"copy the file again from the phone; it is damaged")
	}
	if legacy && (len(body)-authProLegacySaltSize-authProLegacyIVSize)%aes.BlockSize != 0 {
		return nil, nil, appError(name, "", fmt.Errorf("%s: the encrypted data is not a whole number of AES blocks: the file is truncated or damaged", authProFormat),
			"copy the file again from the phone; it is damaged")
	}
	pw, err := password(name, authProFormat, opts)
	if err != nil {
		return nil, nil, err
	}
	wrong := appError(name, "", fmt.Errorf("%w for %s (or the file is damaged)", ErrWrongPassword, authProFormat),
		"give the password set when the backup was made in Authenticator Pro (Stratum)")
	var plain []byte
	if legacy {
		salt, iv, ct := body[:authProLegacySaltSize], body[authProLegacySaltSize:authProLegacySaltSize+authProLegacyIVSize], body[authProLegacySaltSize+authProLegacyIVSize:]
		key, err := pbkdf2.Key(sha1.New, string(pw), salt, authProLegacyIter, 32)
		if err != nil {
			return nil, nil, appError(name, "", fmt.Errorf("%s: %v", authProFormat, err), "")
		}
		if plain, err = appformat.CBCOpen(key, iv, ct); err != nil {
			return nil, nil, wrong
		}
		// CBC has no authentication: a wrong password gives valid
		// padding about once in 256 tries, and then garbage; a changed
		// byte garbles one block. The app writes UTF-8 JSON, which
		// garbage almost never is.
		if !utf8.Valid(plain) || !json.Valid(plain) {
			return nil, nil, wrong
		}
	} else {
		salt, iv, sealed := body[:authProSaltSize], body[authProSaltSize:authProSaltSize+authProIVSize], body[authProSaltSize+authProIVSize:]
		key := argon2.IDKey(pw, salt, authProArgon2Time, authProArgon2Memory, authProArgon2Threads, 32)
		if plain, err = appformat.GCMOpen(key, iv, sealed); err != nil {
			return nil, nil, wrong
		}
	}
	return parseAuthPro(name, plain)
}

// parseAuthPro converts the backup's JSON; the types and algorithms are
// Stratum.Core/src/AuthenticatorType.cs (1 HOTP, 2 TOTP, 3 mOTP, 4 Steam,
// 5 Yandex) and Generator/HashAlgorithm.cs (0 SHA1, 1 SHA256, 2 SHA512).
func parseAuthPro(name string, data []byte) ([]otpmigrate.Account, []string, error) {
	var b authProBackup
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", authProFormat, jsonError(err)), "")
	}
	return authProAccounts(name, b)
}

// authProAccounts converts the entries of a backup or of the app's
// database (sqlite.go).
func authProAccounts(name string, b authProBackup) ([]otpmigrate.Account, []string, error) {
	if b.Authenticators == nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s has no Authenticators list", authProFormat), "")
	}
	if len(b.Authenticators) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d entries, more than %d", authProFormat, len(b.Authenticators), maxAppEntries), "")
	}
	inCategory := map[string]bool{}
	for _, c := range b.AuthenticatorCategories {
		inCategory[c.AuthenticatorSecret] = true
	}
	drop := dropped{}
	var warns []string
	var accounts []otpmigrate.Account
	for i, e := range b.Authenticators {
		where := entryWhere(i, e.Issuer)
		a := otpmigrate.Account{Issuer: e.Issuer, Digits: e.Digits}
		if e.Username != nil {
			a.Name = *e.Username
		}
		switch e.Type {
		case 1:
			a.Type, a.Counter = otpmigrate.HOTP, e.Counter
		case 2:
			a.Type, a.Period = otpmigrate.TOTP, e.Period
		case 4:
			a.Type, a.Period = otpmigrate.Steam, e.Period
		case 3, 5:
			// mOTP and Yandex need a PIN and their own algorithm; no
			// other app reads them, so they are left out, as from Aegis.
			kind := map[int]string{3: "mOTP", 5: "Yandex"}[e.Type]
			warns = append(warns, fmt.Sprintf("%q: %s: %s %s entries are not supported; left out", name, where, authProFormat, kind))
			continue
		default:
			return nil, nil, appError(name, where, fmt.Errorf("unknown %s type %d", authProFormat, e.Type), "")
		}
		switch e.Algorithm {
		case 0:
			a.Algorithm = otpmigrate.SHA1
		case 1:
			a.Algorithm = otpmigrate.SHA256
		case 2:
			a.Algorithm = otpmigrate.SHA512
		default:
			return nil, nil, appError(name, where, fmt.Errorf("unknown %s algorithm %d", authProFormat, e.Algorithm), "")
		}
		var err error
		if a.Secret, err = otpmigrate.DecodeSecret(e.Secret); err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		drop.add("icons", e.Icon != nil && *e.Icon != "")
		drop.add("categories", inCategory[e.Secret])
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, append(warns, drop.warning(name, authProFormat)...), nil
}
