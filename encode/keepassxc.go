package encode

import (
	"fmt"
	"io"
	"strings"

	"github.com/otpmigrate/otpmigrate"
)

// KeePassXCColumns are the columns of the CSV KeePassXC exports and, by
// these names (case does not matter), maps on import
// (keepassxreboot/keepassxc, src/format/CsvExporter.cpp exportHeader and
// src/gui/csvImport/CsvImportWidget.cpp m_columnHeader).
var KeePassXCColumns = []string{"Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"}

// KeePassXCProblems lists what KeePassXC cannot hold of a, empty when it
// holds it unchanged. KeePassXC reads the TOTP column with
// Totp::parseSettings (src/core/Totp.cpp): any otpauth URI as TOTP (an
// hotp URI gives time-based codes), algorithms SHA1, SHA256 and SHA512
// (anything else silently SHA1), 1 to 10 digits, a period of 1 s to a day,
// and Steam Guard as encoder=steam.
func KeePassXCProblems(a otpmigrate.Account) []string {
	var p []string
	if a.Type == otpmigrate.HOTP {
		p = append(p, "HOTP (counter-based) codes")
	}
	if a.Algorithm == otpmigrate.MD5 {
		p = append(p, "the MD5 algorithm")
	}
	return p
}

// KeePassXCURI is the TOTP cell of a: its otpauth URI, with Steam Guard
// written as KeePassXC writes it (a totp URI with encoder=steam; KeePassXC
// does not know otpauth://steam/).
func KeePassXCURI(a otpmigrate.Account) string {
	if a.Type != otpmigrate.Steam {
		return a.URL()
	}
	t := a
	t.Type = otpmigrate.TOTP
	return t.URL() + "&encoder=steam"
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
			return fmt.Errorf("account %d (%q): KeePassXC cannot hold %s", i+1, a.Issuer, strings.Join(p, ", "))
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
