package decode

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/zipcrypt"
)

// Apps that export a password-protected ZIP archive. Authenticator Plus
// (beemdevelopment/Aegis, app/src/main/java/com/beemdevelopment/aegis/
// importers/AuthenticatorPlusImporter.java) exports a ZIP with
// Accounts.txt, its accounts as otpauth URIs, one per line, encrypted with
// the backup password (traditional ZIP encryption).

const authPlusFormat = "Authenticator Plus backup"

// maxZipEntry caps one decrypted, inflated entry: exports are a few KiB.
const maxZipEntry = 16 << 20

func isZIP(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

func readZIP(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, appError(name, "", errors.New("a ZIP archive that does not open: it is damaged or truncated"), "copy the file again")
	}
	for _, f := range zr.File {
		if path.Base(f.Name) == "Accounts.txt" && zipcrypt.Encrypted(f) {
			return readAuthPlus(name, f, opts)
		}
	}
	if f := raivoZIPEntry(zr); f != nil {
		return readRaivoZIP(name, f, opts)
	}
	return nil, nil, appError(name, "", fmt.Errorf("%w: a ZIP archive, but not an export of an app otpmigrate reads", ErrUnknownFormat),
		"otpmigrate reads the password-protected ZIPs of Authenticator Plus and Raivo; unpack other archives and decode the files inside")
}

func readAuthPlus(name string, f *zip.File, opts Options) ([]otpmigrate.Account, []string, error) {
	pw, err := password(name, authPlusFormat, opts)
	if err != nil {
		return nil, nil, err
	}
	text, err := zipcrypt.ReadFile(f, pw, maxZipEntry)
	if errors.Is(err, zipcrypt.ErrPassword) {
		why := ""
		if err != zipcrypt.ErrPassword {
			why = " (" + strings.TrimPrefix(err.Error(), zipcrypt.ErrPassword.Error()+" (")
		}
		return nil, nil, appError(name, "", fmt.Errorf("%w for %s%s", ErrWrongPassword, authPlusFormat, why),
			"give the backup password set in Authenticator Plus")
	}
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", authPlusFormat, err), "copy the file again; it is damaged")
	}
	var accounts []otpmigrate.Account
	for i, line := range strings.Split(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if len(accounts) >= maxAppEntries {
			return nil, nil, appError(name, "", fmt.Errorf("%s has more than %d accounts", authPlusFormat, maxAppEntries), "")
		}
		a, err := otpmigrate.Parse(line)
		if err != nil {
			return nil, nil, appError(name, fmt.Sprintf("Accounts.txt line %d", i+1), err, "")
		}
		accounts = append(accounts, a)
	}
	accounts, err = finish(name, accounts)
	return accounts, nil, err
}

// KeePass databases (.kdbx, and .kdb of KeePass 1) start with these
// signatures (keepassxreboot/keepassxc, src/format/KeePass2.h SIGNATURE_1,
// SIGNATURE_2 and KeePass1.h). otpmigrate does not open them: that needs a
// full KDBX reader (AES-KDF or Argon2, AES or ChaCha20, then the XML's
// protected values). github.com/tobischo/gokeepasslib/v3 reads KDBX 3.1
// and 4, but has not been evaluated for this (its dependencies, whether it
// links net, how it meets hostile files); until it is, KeePassXC's CSV
// export, which keeps the TOTP column and is read, is the way.
var (
	kdbxSignature = []byte{0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5}
	kdbSignature  = []byte{0x03, 0xd9, 0xa2, 0x9a, 0x65, 0xfb, 0x4b, 0xb5}
)

func isKeePassDatabase(data []byte) bool {
	return bytes.HasPrefix(data, kdbxSignature) || bytes.HasPrefix(data, kdbSignature)
}

func readKeePassDatabase(name string, _ []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	return nil, nil, appError(name, "", fmt.Errorf("%w: a KeePass database (.kdbx), which otpmigrate does not open", ErrUnsupportedBackup),
		"in KeePassXC use Database, Export, CSV File (the TOTP column is kept) and decode that CSV; delete it once done")
}
