package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/target"
	"github.com/urfave/cli/v2"
)

// exportModes are the export command's own outputs; one at a time.
var exportModes = []string{"qr-dir", "terminal", "html", "google-authenticator", "urls"}

func newExportCommand(u *ui) *cli.Command {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "qr-dir", Usage: "write one otpauth QR code PNG per account into `DIR` (created 0700)"},
		&cli.BoolFlag{Name: "terminal", Usage: "show each account's QR code in the terminal: Enter for the next, q to quit"},
		&cli.StringFlag{Name: "html", Usage: "write a printable sheet with every account's QR code and secret to `FILE`"},
		&cli.StringFlag{Name: "google-authenticator", Usage: "write Google Authenticator migration QR codes (Transfer accounts → Import) into `DIR`"},
		&cli.BoolFlag{Name: "urls", Usage: "print one otpauth:// URL per account"},
		&cli.IntFlag{Name: "per-qr", Value: encode.MaxPerMigrationCode, Usage: "at most `N` accounts per Google Authenticator code, 1 to 10 (fewer go in a code when long names would not fit)"},
		&cli.IntFlag{Name: "size", Value: encode.DefaultImageSize, Usage: "width and height of PNG files in `PIXELS` (grows for dense codes)"},
		&cli.StringFlag{Name: "level", Usage: "QR error correction `LEVEL`: L, M, Q or H (default M, and L in the terminal)"},
		&cli.BoolFlag{Name: "force", Usage: "replace existing files (only that: see --allow-lossy and --allow-non-terminal)"},
	}
	flags = append(flags, forFlags()...)
	flags = append(flags, appExportFlags()...)
	return &cli.Command{
		Name:      "export",
		Usage:     "write accounts as QR codes, a printable sheet or Google Authenticator transfer codes",
		ArgsUsage: "<input>...",
		Description: `Reads accounts from any input decode takes and writes them out for the new
phone. Every QR code and backup file written is read back and compared with
its accounts before export reports success; an output that fails leaves
none of its files behind. Files are created 0600 (folders 0700),
atomically, and replace an existing file only with --force.

Each output is checked against the rules of the app it is for (--for APP
for QR codes, the sheet and URLs; --google-authenticator and the app files
always apply their own app's): an account the app cannot hold exactly is
named in a warning, with what it would become, and left out, unless
--allow-lossy writes it as the app will hold it. Export still succeeds
(exit 0); its last line says how many accounts were left out.

Outputs (one of the first five; the app files also alongside one):
  --qr-dir DIR                one otpauth:// QR PNG per account, e.g. DIR/github-alice.png
  --terminal                  each QR code drawn in the terminal; Enter for the next, q quits
  --html FILE                 one self-contained printable page with all accounts
  --google-authenticator DIR  DIR/google-authenticator-1-of-N.png for Transfer accounts → Import
  --urls                      otpauth:// URLs on standard output
  --aegis FILE                an encrypted Aegis vault (Aegis: Import from file, Aegis)
  --2fas FILE                 an encrypted 2FAS backup (2FAS: Settings, 2FAS Backup, Import)
  --bitwarden FILE            a password-protected Bitwarden JSON export (Import data, Bitwarden (json))
  --keepassxc FILE            the CSV KeePassXC imports (Database, Import, CSV File); never encrypted

Examples:
  otpmigrate export --qr-dir qr/ export-1.png export-2.png
  otpmigrate export --for microsoft-authenticator --qr-dir qr/ old-phone.png
  otpmigrate export --2fas new.2fas --for 2fas-ios --allow-lossy old-phone.png
  otpmigrate export --terminal export.png
  otpmigrate export --html sheet.html export.png
  otpmigrate export --google-authenticator ga/ accounts.txt
  otpmigrate export --urls accounts.png
  otpmigrate export --aegis new-aegis.json --2fas new.2fas export.png
  otpmigrate export --bitwarden vault.json --keepassxc otp.csv export.png`,
		Flags: append(flags, inputFlags()...),
		Action: func(c *cli.Context) error {
			opts, err := parseExportOptions(c)
			if err != nil {
				return err
			}
			return runExport(opts, newEnv(c, u))
		},
	}
}

// exportOptions are the checked flags of the export command.
type exportOptions struct {
	in       inputOptions
	mode     string // one of exportModes, or "" when only app files are written
	qrDir    string
	terminal bool
	html     string
	gaDir    string
	urls     bool
	perQR    int
	size     int
	level    encode.Level // 0: the output's default
	force    bool
	apps     []appTarget // --aegis, --2fas
	plain    bool        // --unencrypted

	profile          *target.Profile // --for, for the mode's output; nil: none
	twofas           target.Profile  // --for 2fas-ios or 2fas-android; zero: the stricter of both
	allowLossy       bool
	allowNonTerminal bool
}

func parseExportOptions(c *cli.Context) (exportOptions, error) {
	o := exportOptions{in: parseInputOptions(c), qrDir: c.String("qr-dir"), terminal: c.Bool("terminal"), html: c.String("html"),
		gaDir: c.String("google-authenticator"), urls: c.Bool("urls"), perQR: c.Int("per-qr"), size: c.Int("size"),
		force: c.Bool("force"), plain: c.Bool("unencrypted")}
	var modes []string
	for _, m := range exportModes {
		if c.IsSet(m) {
			modes = append(modes, "--"+m)
			o.mode = m
		}
	}
	if len(modes) > 1 {
		return o, usagef("%s cannot be used together; choose one output", strings.Join(modes, " and "))
	}
	var err error
	if o.apps, err = parseAppTargets(c); err != nil {
		return o, err
	}
	if o.mode == "" && len(o.apps) == 0 {
		return o, usagef("export needs an output: --qr-dir DIR, --terminal, --html FILE, --google-authenticator DIR, --urls, --aegis FILE, --2fas FILE, --bitwarden FILE or --keepassxc FILE")
	}
	if s := c.String("level"); s != "" {
		if o.level, err = encode.ParseLevel(s); err != nil {
			return o, usagef("--level: %v", err)
		}
	}
	if o.size < 64 || o.size > 8192 {
		return o, usagef("--size %d is outside 64 to 8192 pixels", o.size)
	}
	if o.perQR < 1 || o.perQR > encode.MaxPerMigrationCode {
		return o, usagef("--per-qr %d is outside 1 to %d (Google Authenticator's own limit)", o.perQR, encode.MaxPerMigrationCode)
	}
	for _, m := range []string{"qr-dir", "html", "google-authenticator"} {
		if c.IsSet(m) && c.String(m) == "" {
			return o, usagef("--%s needs a path", m)
		}
	}
	if err := parseFor(c, &o); err != nil {
		return o, err
	}
	return o, nil
}

func runExport(o exportOptions, e env) error {
	// Refuse before reading anything (and before any passphrase prompt).
	if o.terminal && !o.allowNonTerminal && !isTerminal(e.stdout) {
		return &opError{op: "show QR codes", err: errors.New("standard output is not a terminal; refusing to write secrets to it"),
			hint: "run it in a terminal, or pass --allow-non-terminal to write the drawings anyway (--force only replaces files)"}
	}
	if o.html != "" {
		if err := checkOutput(o.html, o.force); err != nil {
			return err
		}
	}
	for _, t := range o.apps {
		if err := checkOutput(t.path, o.force); err != nil {
			return err
		}
	}

	accounts, err := loadAccounts(o.in, e)
	if err != nil {
		return err
	}
	if len(accounts) == 0 {
		return &opError{op: "export", err: errors.New("the inputs hold no accounts")}
	}
	var left leftOut
	if o.mode != "" && o.mode != "google-authenticator" {
		mode := accounts
		if o.profile == nil {
			noteUnchecked(e, accounts)
		} else {
			f := fitAccounts(e, *o.profile, target.KeyURI, accounts, o.allowLossy)
			if len(f.accounts) == 0 {
				hint := "choose another app with --for"
				if f.lossy > 0 {
					hint = "pass --allow-lossy to write them as the app will hold them, or " + hint
				}
				return &opError{op: "export", err: fmt.Errorf("no account can go to %s", o.profile.App), hint: hint}
			}
			left.add(f, len(accounts), "the "+modeName(o.mode))
			mode = f.accounts
		}
		switch o.mode {
		case "qr-dir":
			err = exportQRDir(o, e, mode)
		case "terminal":
			err = exportTerminal(o, e, mode)
		case "html":
			err = exportHTML(o, e, mode)
		case "urls":
			if o.profile == nil {
				err = encode.WriteList(e.stdout, mode, encode.FormatURLs, encode.ListOptions{})
				break
			}
			for _, a := range mode {
				if _, err = fmt.Fprintln(e.stdout, o.keyURI(a)); err != nil {
					break
				}
			}
		}
	}
	if o.mode == "google-authenticator" {
		err = exportGoogleAuthenticator(o, e, accounts, &left)
	}
	if err != nil {
		return err
	}
	if err := runAppExports(o, e, accounts, &left); err != nil {
		return err
	}
	left.report(e)
	return nil
}

// modeName names an output in the summary line.
func modeName(mode string) string {
	switch mode {
	case "qr-dir":
		return "QR codes"
	case "terminal":
		return "terminal"
	case "html":
		return "sheet"
	}
	return "URLs"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
