package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
	"github.com/otpmigrate/otpmigrate/internal/verify"
	"github.com/otpmigrate/otpmigrate/target"
)

// exportGoogleAuthenticator writes Google Authenticator migration codes,
// leaving out (or, with --allow-lossy, writing as the app will hold them)
// accounts the app cannot hold exactly, and adds those left out to left.
// The codes are read back, one by one and together, before any file
// is written.
func exportGoogleAuthenticator(o exportOptions, e env, accounts []otpmigrate.Account, left *leftOut) error {
	ga, _ := target.Lookup("google-authenticator")
	f := fitAccounts(e, ga, target.Migration, accounts, o.allowLossy)
	kept := f.accounts
	if len(kept) == 0 {
		hint := "use --qr-dir or --html for an app such as Aegis or 2FAS"
		if f.lossy > 0 {
			hint += ", or pass --allow-lossy"
		}
		return &opError{op: "export to Google Authenticator", err: errors.New("no account can go to Google Authenticator"), hint: hint}
	}
	left.add(f, len(accounts), "the Google Authenticator codes")
	codes, err := encode.MigrationCodes(kept, encode.MigrationOptions{PerCode: o.perQR, Level: o.level})
	if err != nil {
		return &opError{op: "export to Google Authenticator", err: err}
	}
	files := make([]safefile.File, len(codes))
	pngs := make([][]byte, len(codes))
	for i, code := range codes {
		q, err := encode.NewQR(code.URI, o.level)
		if err != nil {
			return &opError{op: fmt.Sprintf("encode code %d of %d", code.Index, code.Count), err: err, hint: "pass a lower --per-qr"}
		}
		var buf bytes.Buffer
		if err := q.WritePNG(&buf, o.size); err != nil {
			return &opError{op: fmt.Sprintf("encode code %d of %d", code.Index, code.Count), err: err}
		}
		pngs[i] = buf.Bytes()
		files[i] = safefile.File{Path: filepath.Join(o.gaDir, code.FileName()), Data: buf.Bytes()}
	}
	if err := verify.MigrationCodes(pngs, codes, kept); err != nil {
		return &opError{op: "check Google Authenticator export", err: err, hint: "try a larger --size, a lower --level or a lower --per-qr"}
	}
	if err := writeAll(o.gaDir, files, o.force); err != nil {
		return err
	}
	e.ui.infof("wrote %d Google Authenticator code(s) with %d account(s) to %q; each was read back and matches", len(files), len(kept), o.gaDir)
	e.ui.infof("in Google Authenticator: Transfer accounts → Import accounts, then scan %s", plural(len(files), "the code", "the codes in order"))
	return nil
}
