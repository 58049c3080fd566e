package encode

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// BitwardenKDF chooses the key derivation of a password-protected
// Bitwarden export.
type BitwardenKDF int

const (
	// BitwardenPBKDF2 is PBKDF2-SHA256 at 600,000 iterations, Bitwarden's
	// default.
	BitwardenPBKDF2 BitwardenKDF = appformat.BitwardenKDFPBKDF2
	// BitwardenArgon2id is Argon2id at Bitwarden's defaults: 3
	// iterations, 64 MiB, parallelism 4.
	BitwardenArgon2id BitwardenKDF = appformat.BitwardenKDFArgon2id
)

// BitwardenOptions adjust [WriteBitwarden].
type BitwardenOptions struct {
	// Plain writes the unencrypted JSON export: anyone who gets the file
	// gets every secret. The password is then ignored.
	Plain bool
	// KDF is the key derivation of the password-protected file.
	KDF BitwardenKDF
	// PBKDF2Iterations replaces Bitwarden's 600,000 when not zero. Only
	// tests lower it; a reader takes the cost from the file.
	PBKDF2Iterations int
	// Rand is the source of salts, IVs and item IDs; nil means
	// crypto/rand.
	Rand io.Reader
}

// BitwardenProblems lists what Bitwarden cannot hold of a, empty when it
// holds it unchanged. The rules are Bitwarden's profile in package target
// (Bitwarden reads a login's TOTP field with Totp::from_str in
// bitwarden/sdk-internal, crates/bitwarden-vault/src/totp.rs: TOTP only,
// SHA1, SHA256 or SHA512, up to 9 digits), except that a file holds Steam
// Guard as steam://SECRET, which a Key URI cannot.
func BitwardenProblems(a otpmigrate.Account) []string {
	var p []string
	if a.Type != otpmigrate.Steam {
		p = profileProblems("bitwarden", a)
	}
	switch {
	case a.Issuer == "" && a.Name == "":
		p = append(p, "an account with neither issuer nor name (an item needs a name)")
	case a.Type == otpmigrate.Steam && (a.Issuer == "" || a.Name == ""):
		// steam:// holds the secret only: the item's name and username
		// carry the issuer and the name, and need both.
		p = append(p, "a Steam Guard account without both issuer and name")
	}
	return p
}

// WriteBitwarden writes accounts as a Bitwarden JSON export, the file
// Bitwarden imports (Tools or Settings, Import data, "Bitwarden (json)"):
// one login item per account, named after its issuer (or its name when it
// has none), with the name as username and the account in the TOTP field.
// Unless opts.Plain, the export is password protected as Bitwarden's own
// is (see internal/appformat/bitwarden.go). Accounts Bitwarden cannot hold
// (see [BitwardenProblems]) are refused.
func WriteBitwarden(w io.Writer, accounts []otpmigrate.Account, password []byte, opts BitwardenOptions) error {
	if err := checkAccounts(accounts); err != nil {
		return err
	}
	if !opts.Plain && len(password) == 0 {
		return ErrEmptyPassword
	}
	r := randReader(opts.Rand)
	ex := appformat.BitwardenExport{Folders: []json.RawMessage{}, Items: []appformat.BitwardenItem{}}
	for i, a := range accounts {
		if p := BitwardenProblems(a); len(p) > 0 {
			return fmt.Errorf("account %d (%q): Bitwarden cannot hold it: %s", i+1, a.Issuer, strings.Join(p, ", "))
		}
		id, err := uuid4(r)
		if err != nil {
			return err
		}
		name, user := a.Issuer, a.Name
		if name == "" {
			name = a.Name
		}
		totp := a.URL()
		if a.Type == otpmigrate.Steam {
			// Bitwarden's only form of Steam Guard; it holds the secret
			// alone, so the item's name carries the issuer.
			totp = "steam://" + otpmigrate.EncodeSecret(a.Secret)
		}
		login := &appformat.BitwardenLogin{URIs: []json.RawMessage{}, TOTP: totp}
		if user != "" {
			login.Username = &user
		}
		ex.Items = append(ex.Items, appformat.BitwardenItem{ID: id, Type: 1, Name: name, CollectionIDs: json.RawMessage("null"), Login: login})
	}
	plain, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		return err
	}
	if opts.Plain {
		_, err = w.Write(append(plain, '\n'))
		return err
	}
	out, err := sealBitwarden(r, plain, password, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

// sealBitwarden wraps a plain export as buildPasswordExport does.
func sealBitwarden(r io.Reader, plain, password []byte, opts BitwardenOptions) ([]byte, error) {
	raw, err := appformat.RandomBytes(r, appformat.BitwardenSaltSize)
	if err != nil {
		return nil, err
	}
	salt := base64.StdEncoding.EncodeToString(raw)
	k := appformat.BitwardenKDF{Type: int(opts.KDF)}
	f := appformat.BitwardenProtected{Encrypted: true, PasswordProtected: true, Salt: salt, KDFType: k.Type}
	switch opts.KDF {
	case BitwardenPBKDF2:
		k.Iterations = appformat.BitwardenPBKDF2Iterations
		if opts.PBKDF2Iterations != 0 {
			k.Iterations = int64(opts.PBKDF2Iterations)
		}
	case BitwardenArgon2id:
		k.Iterations, k.Memory, k.Parallelism = appformat.BitwardenArgon2Iterations, appformat.BitwardenArgon2Memory, appformat.BitwardenArgon2Parallelism
		f.KDFMemory, f.KDFParallelism = &k.Memory, &k.Parallelism
	default:
		return nil, fmt.Errorf("unknown Bitwarden KDF %d", opts.KDF)
	}
	f.KDFIterations = k.Iterations
	enc, mac, err := appformat.BitwardenKeys(password, salt, k)
	if err != nil {
		return nil, err
	}
	// Bitwarden checks the password with a random GUID.
	guid, err := uuid4(r)
	if err != nil {
		return nil, err
	}
	if f.KeyValidation, err = appformat.BitwardenEncrypt(r, enc, mac, []byte(guid)); err != nil {
		return nil, err
	}
	if f.Data, err = appformat.BitwardenEncrypt(r, enc, mac, plain); err != nil {
		return nil, err
	}
	return json.MarshalIndent(f, "", "  ")
}
