package main

import (
	"fmt"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/term"
	"github.com/otpmigrate/otpmigrate/internal/verify"
)

func exportTerminal(o exportOptions, e env, accounts []otpmigrate.Account) error {
	level := o.level
	if level == 0 {
		level = encode.DefaultTerminalLevel
	}
	// Draw and check every code before showing the first.
	codes := make([]*encode.QR, len(accounts))
	for i, a := range accounts {
		q, err := encode.NewQR(o.keyURI(a), level)
		if err != nil {
			return &opError{op: "encode " + verify.Describe(i, a), err: err}
		}
		if err := verify.QR(q, a); err != nil {
			return &opError{op: "check " + verify.Describe(i, a), err: err}
		}
		codes[i] = q
	}
	keys, restore, err := term.OpenKeys(e.stdin)
	if err != nil {
		return &opError{op: "read keys", err: err}
	}
	out := e.stdout
	if restore != nil && term.IsTerminal(out) {
		// Raw mode also stops the terminal from turning "\n" into "\r\n".
		out = term.CRLFWriter{W: out}
	}
	fmt.Fprint(out, term.AltScreenOn)
	// Registered after raw mode, so run before it by a signal: the codes
	// are wiped from the screen first.
	forget := term.AtRestore(func() { fmt.Fprint(out, term.ClearScreen+term.ClearScroll+term.AltScreenOff) })
	shown := 0
	defer func() {
		forget()
		fmt.Fprint(out, term.ClearScreen+term.ClearScroll+term.AltScreenOff)
		if restore != nil {
			restore()
		}
		e.ui.infof("showed %d of %d account(s); the screen is cleared", shown, len(codes))
	}()
	cols, rows := term.Size(e.stdout)
	for i, q := range codes {
		hint := "Enter: next, q: quit"
		if i == len(codes)-1 {
			hint = "Enter: done"
		}
		// A code cut off at the top does not scan; say so rather than
		// leave the user wondering.
		if rows > 0 && ((q.Size()+1)/2+1 > rows || q.Size() > cols) {
			hint = fmt.Sprintf("window too small (needs %dx%d)   ", q.Size(), (q.Size()+1)/2+1) + hint
		}
		fmt.Fprint(out, term.ClearScreen)
		caption := encode.TerminalCaption(accounts[i], i+1, len(codes)) + "   " + hint
		if err := encode.WriteTerminalQR(out, q, caption, 80); err != nil {
			return &opError{op: "draw QR code", err: err}
		}
		shown++
		if !term.NextKey(keys) {
			break
		}
	}
	return nil
}
