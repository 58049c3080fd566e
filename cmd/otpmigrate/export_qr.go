package main

import (
	"bytes"
	"errors"
	"path/filepath"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
	"github.com/otpmigrate/otpmigrate/internal/verify"
)

// exportQRDir writes one otpauth QR code PNG per account, each read back
// before any file is written; the codes are made and read back on every
// core.
func exportQRDir(o exportOptions, e env, accounts []otpmigrate.Account) error {
	names := encode.FileNames(accounts, ".png")
	pngs, err := verify.AccountPNGs(accounts, func(i int) ([]byte, error) {
		var buf bytes.Buffer
		q, err := encode.NewQR(o.keyURI(accounts[i]), o.level)
		if err == nil {
			err = q.WritePNG(&buf, o.size)
		}
		return buf.Bytes(), err
	})
	if ie := (*verify.ItemError)(nil); errors.As(err, &ie) {
		if ie.Check {
			return &opError{op: "check " + verify.Describe(ie.Index, accounts[ie.Index]), err: ie.Err, hint: "try a larger --size or a lower --level"}
		}
		return &opError{op: "encode " + verify.Describe(ie.Index, accounts[ie.Index]), err: ie.Err}
	}
	if err != nil {
		return err
	}
	files := make([]safefile.File, len(accounts))
	for i, png := range pngs {
		files[i] = safefile.File{Path: filepath.Join(o.qrDir, names[i]), Data: png}
	}
	if err := writeAll(o.qrDir, files, o.force); err != nil {
		return err
	}
	e.ui.infof("wrote %d QR code(s) to %q; each was read back and matches its account", len(files), o.qrDir)
	return nil
}
