package decode

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
	"golang.org/x/crypto/argon2"
)

const protonFormat = "Proton Authenticator export"

// Proton Authenticator's export is JSON {version 1, entries}, each entry's
// content an otpauth:// (entry_type Totp) or steam:// (Steam) URI and the
// name shown in the app. The password-protected export is {version 1,
// salt, content}: content is base64 of a 12-byte nonce and AES-256-GCM
// ciphertext with the additional data "proton.authenticator.export.v1",
// keyed by Argon2id (2 passes, 19 MiB, 1 lane) of the password with the
// 16-byte salt. Sources: ente-io/ente mobile/apps/auth/lib/ui/settings/
// data/import/proton_import_parser.dart, and Aegis's
// ProtonAuthenticatorImporter.java (the name from content.name, the
// issuer from the URI). The costs are the app's constants, never read
// from the file.
const (
	protonVersion   = 1
	protonSaltSize  = 16
	protonNonceSize = 12
	protonAAD       = "proton.authenticator.export.v1"
)

// The key-derivation costs; fuzz tests lower them.
var (
	protonArgon2Time   uint32 = 2
	protonArgon2Memory uint32 = 19 << 10 // KiB
)

type protonExport struct {
	Version *int            `json:"version"`
	Entries json.RawMessage `json:"entries"`
	Salt    *string         `json:"salt"`
	Content *string         `json:"content"`
}

type protonEntry struct {
	Content struct {
		URI       string `json:"uri"`
		EntryType string `json:"entry_type"`
		Name      string `json:"name"`
	} `json:"content"`
	Note *string `json:"note"`
}

// isProtonExport reports whether a JSON object is Proton's export: a
// version and either entries with content, or salt and content.
func isProtonExport(top map[string]json.RawMessage) bool {
	if !has(top, "version") {
		return false
	}
	if has(top, "salt") && has(top, "content") && !has(top, "entries") {
		return true
	}
	var entries []map[string]json.RawMessage
	if json.Unmarshal(top["entries"], &entries) != nil || len(entries) == 0 {
		return false
	}
	return has(entries[0], "content")
}

func readProton(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	var e protonExport
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", protonFormat, jsonError(err)), "")
	}
	if e.Version == nil || *e.Version != protonVersion {
		v := "none"
		if e.Version != nil {
			v = fmt.Sprint(*e.Version)
		}
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s version %s (otpmigrate reads version %d)", ErrUnsupportedBackup, protonFormat, v, protonVersion),
			"update otpmigrate, or export again from Proton Authenticator without a password")
	}
	if e.Salt != nil || e.Content != nil {
		plain, err := openProton(name, e, opts)
		if err != nil {
			return nil, nil, err
		}
		if err := json.Unmarshal(plain, &e); err != nil {
			return nil, nil, appError(name, "", fmt.Errorf("%s: the decrypted export: %v", protonFormat, jsonError(err)), "")
		}
	}
	var entries []protonEntry
	if err := json.Unmarshal(e.Entries, &entries); err != nil || entries == nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s has no list of entries", protonFormat), "")
	}
	if len(entries) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d entries, more than %d", protonFormat, len(entries), maxAppEntries), "")
	}
	drop := dropped{}
	accounts := make([]otpmigrate.Account, 0, len(entries))
	for i, en := range entries {
		where := entryWhere(i, "")
		var a otpmigrate.Account
		switch en.Content.EntryType {
		case "Totp":
			var err error
			if a, err = otpmigrate.Parse(en.Content.URI); err != nil {
				return nil, nil, appError(name, where, err, "")
			}
		case "Steam":
			secret, ok := strings.CutPrefix(en.Content.URI, "steam://")
			if !ok {
				return nil, nil, appError(name, where, fmt.Errorf("%s Steam entry does not hold a steam:// URI", protonFormat), "")
			}
			s, err := otpmigrate.DecodeSecret(secret)
			if err != nil {
				return nil, nil, appError(name, where, err, "")
			}
			a = otpmigrate.Account{Type: otpmigrate.Steam, Issuer: "Steam", Secret: s, Algorithm: otpmigrate.SHA1, Digits: 5, Period: otpmigrate.DefaultPeriod}
		default:
			return nil, nil, appError(name, where, fmt.Errorf("unknown %s entry type %q", protonFormat, truncateASCII(en.Content.EntryType, 16)), "")
		}
		if n := strings.TrimSpace(en.Content.Name); n != "" {
			a.Name = n // what the app shows, as Aegis reads it
		}
		drop.add("notes", en.Note != nil && *en.Note != "")
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, drop.warning(name, protonFormat), nil
}

func openProton(name string, e protonExport, opts Options) ([]byte, error) {
	fail := func(msg string) error {
		return appError(name, "", fmt.Errorf("%s: %s", protonFormat, msg), "")
	}
	if e.Salt == nil || e.Content == nil {
		return nil, fail("the encrypted export needs both salt and content")
	}
	salt, err := base64.StdEncoding.DecodeString(*e.Salt)
	if err != nil || len(salt) != protonSaltSize {
		return nil, fail(fmt.Sprintf("the salt is not %d bytes of base64", protonSaltSize))
	}
	sealed, err := base64.StdEncoding.DecodeString(*e.Content)
	if err != nil {
		return nil, fail("the content is not valid base64")
	}
	if len(sealed) < protonNonceSize+16 {
		return nil, fail("the content is too short: the file is truncated")
	}
	pw, err := password(name, protonFormat, opts)
	if err != nil {
		return nil, err
	}
	key := argon2.IDKey(pw, salt, protonArgon2Time, protonArgon2Memory, 1, 32)
	plain, err := appformat.GCMOpenAAD(key, sealed[:protonNonceSize], sealed[protonNonceSize:], []byte(protonAAD))
	if err != nil {
		return nil, appError(name, "", fmt.Errorf("%w for %s (or the file is damaged)", ErrWrongPassword, protonFormat),
			"give the password set when the export was made in Proton Authenticator")
	}
	return plain, nil
}
