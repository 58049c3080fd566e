package main

import (
	"bytes"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/verify"
)

// exportHTML writes the printable sheet, every code on it read back first.
func exportHTML(o exportOptions, e env, accounts []otpmigrate.Account) error {
	sheet, err := encode.NewSheet(accounts, encode.SheetOptions{Date: now(), Level: o.level, URL: o.keyURI})
	if err != nil {
		return &opError{op: "make sheet", err: err}
	}
	var buf bytes.Buffer
	if err := sheet.WriteHTML(&buf); err != nil {
		return &opError{op: "make sheet", err: err}
	}
	if err := verify.Sheet(buf.Bytes(), sheet, accounts); err != nil {
		return &opError{op: "check sheet", err: err}
	}
	if err := writeData(o.html, o.force, buf.Bytes()); err != nil {
		return err
	}
	e.ui.infof("wrote a sheet of %d account(s) to %q; every QR code on it was read back and matches", len(accounts), o.html)
	e.ui.infof("it holds your secrets: print it, then delete the file")
	return nil
}
