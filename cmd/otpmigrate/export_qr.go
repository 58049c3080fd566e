package main

import (
	"bytes"
	"path/filepath"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
	"github.com/otpmigrate/otpmigrate/internal/verify"
)

// exportQRDir writes one otpauth QR code PNG per account, each read back
// before any file is written.
func exportQRDir(o exportOptions, e env, accounts []otpmigrate.Account) error {
	names := encode.FileNames(accounts, ".png")
	files := make([]safefile.File, len(accounts))
	for i, a := range accounts {
		var buf bytes.Buffer
		q, err := encode.NewQR(o.keyURI(a), o.level)
		if err == nil {
			err = q.WritePNG(&buf, o.size)
		}
		if err != nil {
			return &opError{op: "encode " + describeAccount(i, a), err: err}
		}
		if err := verify.AccountPNG(buf.Bytes(), a); err != nil {
			return &opError{op: "check " + describeAccount(i, a), err: err, hint: "try a larger --size or a lower --level"}
		}
		files[i] = safefile.File{Path: filepath.Join(o.qrDir, names[i]), Data: buf.Bytes()}
	}
	if err := writeAll(o.qrDir, files, o.force); err != nil {
		return err
	}
	e.ui.infof("wrote %d QR code(s) to %q; each was read back and matches its account", len(files), o.qrDir)
	return nil
}
