package main

import (
	"bytes"
	"slices"
	"strings"

	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/urfave/cli/v2"
)

func newDecodeCommand(u *ui) *cli.Command {
	return &cli.Command{
		Name:      "decode",
		Usage:     "print the accounts in exports, screenshots, URLs and backups",
		ArgsUsage: "<input>...",
		Description: `Each input is a file, a folder (every image in it), - for standard input,
or an otpauth:// or otpauth-migration:// URL in quotes. Files are
recognised by content: text with otpauth URLs (one per line, '#' comments),
images with QR codes, otpmigrate backups, and other apps' backup files
(Aegis, 2FAS, andOTP, Authenticator Pro, FreeOTP, Proton, Ente, Raivo,
LastPass, Bitwarden, Steam and more: docs/apps.md). Encrypted ones ask for
their passphrase or password. Binary files of no known format are refused
without asking; an old andOTP backup (before 0.6.3) has no marker, so
--andotp says what it is.

Examples:
  otpmigrate decode 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC'
  otpmigrate decode export.txt more.txt
  otpmigrate decode --format table screenshots/ aegis-export.json
  otpmigrate decode -i ~/.ssh/id_ed25519 team.age
  pbpaste | otpmigrate decode -
  otpmigrate decode --format json export.txt
  otpmigrate decode --redact --format csv *.txt`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: string(encode.FormatURLs), Usage: "output `FORMAT`: urls, json, table or csv"},
			&cli.BoolFlag{Name: "redact", Usage: "leave out secrets (for json, table and csv): an inventory safe to share"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` (created 0600) instead of standard output"},
			&cli.BoolFlag{Name: "force", Usage: "replace the -o file if it exists"},
		}, inputFlags()...),
		Action: func(c *cli.Context) error {
			opts, err := parseDecodeOptions(c)
			if err != nil {
				return err
			}
			return runDecode(opts, newEnv(c, u))
		},
	}
}

// decodeOptions are the checked flags of the decode command.
type decodeOptions struct {
	in     inputOptions
	format encode.Format
	redact bool
	output string // "" or "-": standard output
	force  bool
}

func parseDecodeOptions(c *cli.Context) (decodeOptions, error) {
	o := decodeOptions{in: parseInputOptions(c), format: encode.Format(strings.ToLower(c.String("format"))),
		redact: c.Bool("redact"), output: c.String("output"), force: c.Bool("force")}
	if !slices.Contains(encode.Formats, o.format) {
		return o, usagef("unknown --format %q (want urls, json, table or csv)", c.String("format"))
	}
	if o.redact && o.format == encode.FormatURLs {
		return o, usagef("--redact needs --format json, table or csv (a URL without its secret is useless)")
	}
	return o, nil
}

func runDecode(o decodeOptions, e env) error {
	toFile := o.output != "" && o.output != "-"
	if toFile {
		// Fail before the work (and any passphrase prompt), not after.
		if err := checkOutput(o.output, o.force); err != nil {
			return err
		}
	}
	accounts, err := loadAccounts(o.in, e)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := encode.WriteList(&buf, accounts, o.format, encode.ListOptions{Redact: o.redact}); err != nil {
		return &opError{op: "write output", err: err}
	}
	if !toFile {
		_, err := e.stdout.Write(buf.Bytes())
		return err
	}
	if err := writeData(o.output, o.force, buf.Bytes()); err != nil {
		return err
	}
	e.ui.infof("wrote %d account(s) to %q", len(accounts), o.output)
	return nil
}
