// Package verify reads back what otpmigrate is about to write and compares
// it with the accounts it was made from: account QR codes (as PNG files, in
// the terminal, on the printed sheet), Google Authenticator migration
// codes, other apps' backup files and age backups. Nothing counts as
// exported until it has been read back with the same readers a new phone's
// import would meet.
//
// Errors name accounts by position and issuer, never by name or secret.
package verify

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/backup"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
)

// Describe names an account in messages by position and issuer only: names
// are often email addresses, which do not belong in error output.
func Describe(i int, a otpmigrate.Account) string {
	if a.Issuer == "" {
		return fmt.Sprintf("account %d", i+1)
	}
	return fmt.Sprintf("account %d (%q)", i+1, a.Issuer)
}

// AccountPNG reads an otpauth QR code image back with the project's own
// reader and compares it with the account it was made from.
func AccountPNG(png []byte, a otpmigrate.Account) error {
	texts, err := decode.ScanImage(png)
	if err != nil {
		return fmt.Errorf("the QR code does not read back: %v", err)
	}
	if len(texts) != 1 {
		return fmt.Errorf("the image reads back as %d QR codes, not 1", len(texts))
	}
	got, err := otpmigrate.Parse(texts[0])
	if err != nil {
		return fmt.Errorf("the QR code reads back as something else: %v", err)
	}
	if !got.Equal(a) {
		return errors.New("the QR code reads back as a different account")
	}
	return nil
}

// QR draws q as the PNG it would be written as and checks it against a:
// the terminal and the sheet draw these same modules.
func QR(q *encode.QR, a otpmigrate.Account) error {
	var buf bytes.Buffer
	if err := q.WritePNG(&buf, 0); err != nil {
		return err
	}
	return AccountPNG(buf.Bytes(), a)
}

// Sheet checks a printable sheet: html must draw exactly the codes of s
// (each as the SVG that s writes for it), and each code must read back as
// its account.
func Sheet(html []byte, s *encode.Sheet, accounts []otpmigrate.Account) error {
	if len(s.Codes) != len(accounts) {
		return fmt.Errorf("the sheet holds %d QR codes, not %d", len(s.Codes), len(accounts))
	}
	// Every core: each code is read back, which is most of the time.
	return forEach(len(s.Codes), func(i int) error {
		q := s.Codes[i]
		var svg bytes.Buffer
		if err := q.WriteSVG(&svg); err != nil {
			return err
		}
		if !bytes.Contains(html, svg.Bytes()) {
			return fmt.Errorf("%s: the page does not draw its QR code", Describe(i, accounts[i]))
		}
		if err := QR(q, accounts[i]); err != nil {
			return fmt.Errorf("%s on the sheet: %v", Describe(i, accounts[i]), err)
		}
		return nil
	})
}

// MigrationCodes checks the PNG files of a Google Authenticator export:
// each reads back as its own code, with that code's batch fields and
// accounts, and together they make one complete export of want, each
// account as Google Authenticator will hold it.
func MigrationCodes(pngs [][]byte, codes []encode.MigrationCode, want []otpmigrate.Account) error {
	if len(pngs) != len(codes) {
		return fmt.Errorf("%d images for %d codes", len(pngs), len(codes))
	}
	parts := make([]decode.Part, len(codes))
	err := forEach(len(codes), func(i int) error {
		code := codes[i]
		p, err := migrationPNG(pngs[i], code)
		if err != nil {
			return fmt.Errorf("code %d of %d: %v", code.Index, code.Count, err)
		}
		parts[i] = decode.Part{Source: code.FileName(), Payload: p}
		return nil
	})
	if err != nil {
		return err
	}
	all, incomplete, err := decode.Assemble(parts, false)
	if err != nil || len(incomplete) > 0 || len(all) != len(want) {
		return errors.New("the codes do not read back as one complete export")
	}
	for i, a := range all {
		if !a.Equal(encode.GoogleAuthenticatorForm(want[i])) {
			return fmt.Errorf("%s reads back differently from the export", Describe(i, want[i]))
		}
	}
	return nil
}

func migrationPNG(png []byte, code encode.MigrationCode) (decode.Payload, error) {
	texts, err := decode.ScanImage(png)
	if err != nil {
		return decode.Payload{}, fmt.Errorf("the QR code does not read back: %v", err)
	}
	if len(texts) != 1 || texts[0] != code.URI {
		return decode.Payload{}, errors.New("the QR code reads back as different text")
	}
	p, err := decode.ParseMigrationURI(texts[0])
	if err != nil {
		return decode.Payload{}, fmt.Errorf("the code is not a valid export: %v", err)
	}
	if p.Version != 1 || p.BatchID != code.BatchID || p.BatchSize != int32(code.Count) || p.BatchIndex != int32(code.Index-1) {
		return decode.Payload{}, errors.New("the code's batch fields read back wrong")
	}
	if len(p.Accounts) != len(code.Accounts) {
		return decode.Payload{}, fmt.Errorf("the code reads back with %d accounts, not %d", len(p.Accounts), len(code.Accounts))
	}
	for j, got := range p.Accounts {
		if !got.Equal(code.Accounts[j]) {
			return decode.Payload{}, fmt.Errorf("account %d of the code reads back differently", j+1)
		}
	}
	return p, nil
}

// AppFile reads another app's backup file back as that app's import
// would (through decode) and compares it with the accounts written.
// password is nil for a file written unencrypted, which must then not ask
// for one.
func AppFile(name string, data []byte, want []otpmigrate.Account, password []byte) error {
	opts := decode.Options{Password: func(string, string) ([]byte, error) {
		if password == nil {
			return nil, errors.New("asks for a password, but was written unencrypted")
		}
		return password, nil
	}}
	res, err := decode.Decode([]decode.Input{{Name: name, Data: data}}, opts)
	if err != nil {
		return fmt.Errorf("reading it back failed: %v", err)
	}
	if len(res.Accounts) != len(want) {
		return fmt.Errorf("read back %d accounts, want %d", len(res.Accounts), len(want))
	}
	for i, a := range res.Accounts {
		if !a.Equal(want[i]) {
			return fmt.Errorf("%s reads back different from what was written", Describe(i, want[i]))
		}
	}
	return nil
}

// Backup reads an age backup back: with the file key kept from sealing,
// which decrypts and authenticates every byte, and, when ids are given,
// by unwrapping a recipient stanza with them too (for a passphrase backup:
// one more scrypt run, as a restore will do).
func Backup(r io.Reader, sealed *backup.Sealed, ids ...age.Identity) error {
	return sealed.Verify(r, ids...)
}
