package encode

import (
	"fmt"
	"io"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/target"
)

// KeePassXCColumns are the columns of the CSV KeePassXC exports and, by
// these names (case does not matter), maps on import
// (keepassxreboot/keepassxc, src/format/CsvExporter.cpp exportHeader and
// src/gui/csvImport/CsvImportWidget.cpp m_columnHeader).
var KeePassXCColumns = []string{"Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"}

// KeePassXCProblems lists what KeePassXC cannot hold of a, empty when it
// holds it unchanged: KeePassXC's profile in package target (it reads the
// TOTP column with Totp::parseSettings, keepassxreboot/keepassxc
// src/core/Totp.cpp: any otpauth URI as TOTP, so no HOTP; SHA1, SHA256 or
// SHA512; Steam Guard as encoder=steam).
func KeePassXCProblems(a otpmigrate.Account) []string {
	return profileProblems("keepassxc", a)
}

// profileProblems lists the changes the named app's profile makes to a
// that alter its codes, or that it cannot hold a at all.
func profileProblems(app string, a otpmigrate.Account) []string {
	p, ok := target.Lookup(app)
	if !ok {
		return []string{"no rules known for " + app}
	}
	_, changes, held := p.AdaptVia(target.File, a)
	if held && !target.Lossy(changes) {
		return nil
	}
	var out []string
	for _, c := range changes {
		if c.Codes {
			out = append(out, c.String())
		}
	}
	return out
}

// KeePassXCURI is the TOTP cell of a: its otpauth URI in the form
// KeePassXC's profile in package target writes ([target.Profile.URL]):
// Steam Guard as a totp URI with encoder=steam, as KeePassXC writes it
// (it does not know otpauth://steam/), and digits and period always
// written, since older releases read a missing one as 1.
func KeePassXCURI(a otpmigrate.Account) string {
	p, ok := target.Lookup("keepassxc")
	if !ok {
		panic("encode: no keepassxc profile")
	}
	return p.URL(a)
}

// WriteKeePassXC writes accounts as the CSV KeePassXC imports (Database,
// Import, CSV File), one entry per account in the database's root group:
// Title is the issuer (or the name when there is none), Username the name,
// and TOTP the otpauth URI. Every cell is quoted, as KeePassXC's own export
// does, so that no cell starting with '#' is read as a comment. The file is
// meant for KeePassXC, not a spreadsheet: cells are written as they are,
// with no guard against formulas. Accounts KeePassXC cannot hold (see
// [KeePassXCProblems]) are refused.
func WriteKeePassXC(w io.Writer, accounts []otpmigrate.Account) error {
	if err := checkAccounts(accounts); err != nil {
		return err
	}
	var b strings.Builder
	writeRow := func(cells ...string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(c, `"`, `""`))
			b.WriteByte('"')
		}
		b.WriteByte('\n')
	}
	writeRow(KeePassXCColumns...)
	for i, a := range accounts {
		if p := KeePassXCProblems(a); len(p) > 0 {
			return fmt.Errorf("account %d (%q): KeePassXC cannot hold it: %s", i+1, a.Issuer, strings.Join(p, ", "))
		}
		title := a.Issuer
		if title == "" {
			title = a.Name
		}
		// "Root" is the group KeePassXC's import skips to put entries at
		// the root (CsvImportWidget.cpp, createGroupStructure).
		writeRow("Root", title, a.Name, "", "", "", KeePassXCURI(a), "0", "", "")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
