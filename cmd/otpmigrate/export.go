package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	imagepng "image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
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
		&cli.IntFlag{Name: "per-qr", Value: encode.MaxPerMigrationCode, Usage: "accounts per Google Authenticator code, `N` from 1 to 10"},
		&cli.IntFlag{Name: "size", Value: encode.DefaultImageSize, Usage: "width and height of PNG files in `PIXELS` (grows for dense codes)"},
		&cli.StringFlag{Name: "level", Usage: "QR error correction `LEVEL`: L, M, Q or H (default M, and L in the terminal)"},
		&cli.BoolFlag{Name: "force", Usage: "replace existing files; with --google-authenticator also export accounts the app cannot hold; with --terminal draw even when standard output is not a terminal"},
	}
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

Outputs (one of the first five; --aegis and --2fas also alongside one):
  --qr-dir DIR                one otpauth:// QR PNG per account, e.g. DIR/github-alice.png
  --terminal                  each QR code drawn in the terminal; Enter for the next, q quits
  --html FILE                 one self-contained printable page with all accounts
  --google-authenticator DIR  DIR/google-authenticator-1-of-N.png for Transfer accounts → Import
  --urls                      otpauth:// URLs on standard output
  --aegis FILE                an encrypted Aegis vault (Aegis: Import from file, Aegis)
  --2fas FILE                 an encrypted 2FAS backup (2FAS: Settings, 2FAS Backup, Import)

Examples:
  otpmigrate export --qr-dir qr/ export-1.png export-2.png
  otpmigrate export --terminal export.png
  otpmigrate export --html sheet.html export.png
  otpmigrate export --google-authenticator ga/ accounts.txt
  otpmigrate export --urls accounts.png
  otpmigrate export --aegis new-aegis.json --2fas new.2fas export.png`,
		Flags:  append(flags, inputFlags()...),
		Action: func(c *cli.Context) error { return runExport(c, u) },
	}
}

func runExport(c *cli.Context, u *ui) error {
	var modes []string
	for _, m := range exportModes {
		if c.IsSet(m) {
			modes = append(modes, "--"+m)
		}
	}
	if len(modes) > 1 {
		return usagef("%s cannot be used together; choose one output", strings.Join(modes, " and "))
	}
	apps, err := appTargets(c)
	if err != nil {
		return err
	}
	if len(modes) == 0 && len(apps) == 0 {
		return usagef("export needs an output: --qr-dir DIR, --terminal, --html FILE, --google-authenticator DIR, --urls, --aegis FILE or --2fas FILE")
	}
	var level encode.Level
	if s := c.String("level"); s != "" {
		l, err := encode.ParseLevel(s)
		if err != nil {
			return usagef("--level: %v", err)
		}
		level = l
	}
	if size := c.Int("size"); size < 64 || size > 8192 {
		return usagef("--size %d is outside 64 to 8192 pixels", size)
	}
	if n := c.Int("per-qr"); n < 1 || n > encode.MaxPerMigrationCode {
		return usagef("--per-qr %d is outside 1 to %d (Google Authenticator's own limit)", n, encode.MaxPerMigrationCode)
	}
	force := c.Bool("force")
	for _, m := range []string{"qr-dir", "html", "google-authenticator"} {
		if c.IsSet(m) && c.String(m) == "" {
			return usagef("--%s needs a path", m)
		}
	}
	// Refuse before reading anything (and before any passphrase prompt).
	if c.Bool("terminal") && !force && !isTerminal(c.App.Writer) {
		return &opError{op: "show QR codes", err: errors.New("standard output is not a terminal; refusing to write secrets to it"),
			hint: "run it in a terminal, or pass --force to write the drawings anyway"}
	}
	if out := c.String("html"); out != "" && !force && exists(out) {
		return existsError(out)
	}
	for _, t := range apps {
		if !force && exists(t.path) {
			return existsError(t.path)
		}
	}

	accounts, err := loadAccounts(c, u)
	if err != nil {
		return err
	}
	if len(accounts) == 0 {
		return &opError{op: "export", err: errors.New("the inputs hold no accounts")}
	}
	switch {
	case c.IsSet("qr-dir"):
		err = exportQRDir(c, u, accounts, level)
	case c.Bool("terminal"):
		err = exportTerminal(c, u, accounts, level)
	case c.IsSet("html"):
		err = exportHTML(c, u, accounts, level)
	case c.IsSet("google-authenticator"):
		err = exportGoogleAuthenticator(c, u, accounts, level)
	case c.Bool("urls"):
		err = encode.WriteList(c.App.Writer, accounts, encode.FormatURLs, encode.ListOptions{})
	}
	if err != nil {
		return err
	}
	return runAppExports(c, u, apps, accounts)
}

// describeAccount names an account in messages by position and issuer only:
// names are often email addresses, which do not belong in error output.
func describeAccount(i int, a otpmigrate.Account) string {
	if a.Issuer == "" {
		return fmt.Sprintf("account %d", i+1)
	}
	return fmt.Sprintf("account %d (%q)", i+1, a.Issuer)
}

// checkAccountPNG reads an otpauth QR code image back with the project's
// own reader and compares it with the account it was made from.
func checkAccountPNG(png []byte, a otpmigrate.Account) error {
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

// checkQR draws q as the PNG it would be written as and checks it against a:
// the terminal and the sheet draw these same modules.
func checkQR(q *encode.QR, a otpmigrate.Account) error {
	var buf bytes.Buffer
	if err := q.WritePNG(&buf, 0); err != nil {
		return err
	}
	return checkAccountPNG(buf.Bytes(), a)
}

func exportQRDir(c *cli.Context, u *ui, accounts []otpmigrate.Account, level encode.Level) error {
	dir := c.String("qr-dir")
	force := c.Bool("force")
	names := encode.FileNames(accounts, ".png")
	files := make([]outFile, len(accounts))
	for i, a := range accounts {
		var buf bytes.Buffer
		if err := encode.WriteAccountPNG(&buf, a, level, c.Int("size")); err != nil {
			return &opError{op: "encode " + describeAccount(i, a), err: err}
		}
		if err := checkAccountPNG(buf.Bytes(), a); err != nil {
			return &opError{op: "check " + describeAccount(i, a), err: err, hint: "try a larger --size or a lower --level"}
		}
		files[i] = outFile{path: filepath.Join(dir, names[i]), data: buf.Bytes()}
	}
	if err := writeAll(dir, files, force); err != nil {
		return err
	}
	u.infof("wrote %d QR code(s) to %q; each was read back and matches its account", len(files), dir)
	return nil
}

func exportGoogleAuthenticator(c *cli.Context, u *ui, accounts []otpmigrate.Account, level encode.Level) error {
	dir := c.String("google-authenticator")
	force := c.Bool("force")
	var kept []otpmigrate.Account
	left := 0
	for i, a := range accounts {
		problems := encode.GoogleAuthenticatorProblems(a)
		if len(problems) == 0 {
			kept = append(kept, a)
			continue
		}
		if force {
			u.warnf("%s: Google Authenticator cannot hold %s; exported anyway (--force) with the app's defaults, so its codes will be wrong", describeAccount(i, a), strings.Join(problems, ", "))
			kept = append(kept, a)
			continue
		}
		left++
		u.warnf("%s: Google Authenticator cannot hold %s; left out", describeAccount(i, a), strings.Join(problems, ", "))
	}
	if left > 0 {
		u.hint("move those with --qr-dir to an app that holds them, or pass --force to export them anyway")
	}
	if len(kept) == 0 {
		return &opError{op: "export to Google Authenticator", err: errors.New("no account can go to Google Authenticator"),
			hint: "use --qr-dir or --html for an app such as Aegis or 2FAS"}
	}
	codes, err := encode.MigrationCodes(kept, encode.MigrationOptions{PerCode: c.Int("per-qr")})
	if err != nil {
		return &opError{op: "export to Google Authenticator", err: err}
	}
	files := make([]outFile, len(codes))
	var parts []decode.Part
	for i, code := range codes {
		q, err := encode.NewQR(code.URI, level)
		if err != nil {
			return &opError{op: fmt.Sprintf("encode code %d of %d", code.Index, code.Count), err: err, hint: "pass a lower --per-qr"}
		}
		var buf bytes.Buffer
		if err := q.WritePNG(&buf, c.Int("size")); err != nil {
			return &opError{op: fmt.Sprintf("encode code %d of %d", code.Index, code.Count), err: err}
		}
		p, err := checkMigrationPNG(buf.Bytes(), code, kept[(code.Index-1)*c.Int("per-qr"):])
		if err != nil {
			return &opError{op: fmt.Sprintf("check code %d of %d", code.Index, code.Count), err: err, hint: "try a larger --size, a lower --level or a lower --per-qr"}
		}
		parts = append(parts, decode.Part{Source: code.FileName(), Payload: p})
		files[i] = outFile{path: filepath.Join(dir, code.FileName()), data: buf.Bytes()}
	}
	// The codes together must make one complete export of every account.
	all, incomplete := decode.Assemble(parts, false)
	if len(incomplete) > 0 || len(all) != len(kept) {
		return &opError{op: "check Google Authenticator export", err: errors.New("the codes do not read back as one complete export")}
	}
	if err := writeAll(dir, files, force); err != nil {
		return err
	}
	u.infof("wrote %d Google Authenticator code(s) with %d account(s) to %q; each was read back and matches", len(files), len(kept), dir)
	u.infof("in Google Authenticator: Transfer accounts → Import accounts, then scan %s", plural(len(files), "the code", "the codes in order"))
	return nil
}

// checkMigrationPNG reads a migration code back and compares it with the
// accounts it was made from (as Google Authenticator will hold them).
func checkMigrationPNG(png []byte, code encode.MigrationCode, sources []otpmigrate.Account) (decode.Payload, error) {
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
		if !got.Equal(encode.GoogleAuthenticatorForm(sources[j])) {
			return decode.Payload{}, fmt.Errorf("account %d of the code reads back differently", j+1)
		}
	}
	return p, nil
}

func exportHTML(c *cli.Context, u *ui, accounts []otpmigrate.Account, level encode.Level) error {
	out := c.String("html")
	sheet, err := encode.NewSheet(accounts, encode.SheetOptions{Date: now(), Level: level})
	if err != nil {
		return &opError{op: "make sheet", err: err}
	}
	var buf bytes.Buffer
	if err := sheet.WriteHTML(&buf); err != nil {
		return &opError{op: "make sheet", err: err}
	}
	// Check the page itself: each code is drawn again from the SVG in the
	// HTML about to be written, and read back.
	codes, err := sheetCodes(buf.Bytes())
	if err != nil || len(codes) != len(accounts) {
		return &opError{op: "check sheet", err: fmt.Errorf("the page holds %d QR codes, not %d", len(codes), len(accounts))}
	}
	for i, img := range codes {
		var png bytes.Buffer
		if err := imagepng.Encode(&png, img); err != nil {
			return &opError{op: "check sheet", err: err}
		}
		if err := checkAccountPNG(png.Bytes(), accounts[i]); err != nil {
			return &opError{op: "check " + describeAccount(i, accounts[i]) + " on the sheet", err: err}
		}
	}
	if err := safefile.Write(out, buf.Bytes(), c.Bool("force")); err != nil {
		if errors.Is(err, safefile.ErrExists) {
			return existsError(out)
		}
		return &opError{op: fmt.Sprintf("write %q", out), err: err}
	}
	u.infof("wrote a sheet of %d account(s) to %q; every QR code on it was read back and matches", len(accounts), out)
	u.infof("it holds your secrets: print it, then delete the file")
	return nil
}

var (
	svgBox  = regexp.MustCompile(`<svg [^>]*viewBox="0 0 (\d+) (\d+)"`)
	svgPath = regexp.MustCompile(`<path fill="#000" d="([^"]*)"`)
	svgRun  = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
)

// sheetCodes draws the QR codes of a sheet from its SVG, as a browser
// would, one module per 4×4 pixels. It knows only the path form that
// encode writes (one rectangle per run of dark modules), which is enough:
// anything else fails the check.
func sheetCodes(html []byte) ([]image.Image, error) {
	boxes := svgBox.FindAllSubmatch(html, -1)
	paths := svgPath.FindAllSubmatch(html, -1)
	if len(boxes) != len(paths) {
		return nil, errors.New("unexpected SVG")
	}
	const scale = 4
	var out []image.Image
	for i, box := range boxes {
		n, _ := strconv.Atoi(string(box[1]))
		if n <= 0 || n > 500 {
			return nil, errors.New("unexpected SVG size")
		}
		img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
		for j := range img.Pix {
			img.Pix[j] = 0xff
		}
		for _, run := range svgRun.FindAllSubmatch(paths[i][1], -1) {
			x, _ := strconv.Atoi(string(run[1]))
			y, _ := strconv.Atoi(string(run[2]))
			w, _ := strconv.Atoi(string(run[3]))
			if x+w > n || y >= n {
				return nil, errors.New("SVG path outside its box")
			}
			for py := y * scale; py < (y+1)*scale; py++ {
				for px := x * scale; px < (x+w)*scale; px++ {
					img.Pix[py*img.Stride+px] = 0
				}
			}
		}
		out = append(out, img)
	}
	return out, nil
}

type outFile struct {
	path string
	data []byte
}

// writeAll writes files into dir, all or nothing: an existing file stops
// everything before the first write (unless force), and a failure midway
// removes the files already written, and dir if it was made here.
func writeAll(dir string, files []outFile, force bool) (err error) {
	if !force {
		for _, f := range files {
			if exists(f.path) {
				return existsError(f.path)
			}
		}
	}
	made := !exists(dir)
	if err := safefile.MkdirPrivate(dir); err != nil {
		return &opError{op: fmt.Sprintf("create folder %q", dir), err: err}
	}
	// Every file is complete on disk before the first one is put in place,
	// so a failed write (a full disk, say) replaces no existing file.
	pending := make([]*safefile.Pending, 0, len(files))
	var placed []string
	defer func() {
		if err == nil {
			return
		}
		for _, p := range pending {
			p.Abort()
		}
		for _, p := range placed {
			os.Remove(p)
		}
		if made {
			os.Remove(dir)
		}
	}()
	for _, f := range files {
		p, err := safefile.Prepare(f.path, f.data)
		if err != nil {
			return &opError{op: fmt.Sprintf("write %q", f.path), err: err}
		}
		pending = append(pending, p)
	}
	for i, f := range files {
		if err := pending[i].Commit(force); err != nil {
			if errors.Is(err, safefile.ErrExists) {
				return existsError(f.path)
			}
			return &opError{op: fmt.Sprintf("write %q", f.path), err: err}
		}
		if !force {
			// Only files that did not exist before are removed again.
			placed = append(placed, f.path)
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
