package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate/encode"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
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
(Aegis, 2FAS, andOTP, Bitwarden, Steam). Encrypted ones ask for their
passphrase or password.

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
		Action: func(c *cli.Context) error { return runDecode(c, u) },
	}
}

func runDecode(c *cli.Context, u *ui) error {
	format := encode.Format(strings.ToLower(c.String("format")))
	valid := false
	for _, f := range encode.Formats {
		valid = valid || f == format
	}
	if !valid {
		return usagef("unknown --format %q (want urls, json, table or csv)", c.String("format"))
	}
	if c.Bool("redact") && format == encode.FormatURLs {
		return usagef("--redact needs --format json, table or csv (a URL without its secret is useless)")
	}
	out := c.String("output")
	if out != "" && out != "-" && !c.Bool("force") {
		// Fail before the work (and any passphrase prompt), not after.
		if exists(out) {
			return existsError(out)
		}
	}
	accounts, err := loadAccounts(c, u)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := encode.WriteList(&buf, accounts, format, encode.ListOptions{Redact: c.Bool("redact")}); err != nil {
		return &opError{op: "write output", err: err}
	}
	if out == "" || out == "-" {
		_, err := c.App.Writer.Write(buf.Bytes())
		return err
	}
	if err := safefile.Write(out, buf.Bytes(), c.Bool("force")); err != nil {
		if errors.Is(err, safefile.ErrExists) {
			return existsError(out)
		}
		return &opError{op: fmt.Sprintf("write %q", out), err: err}
	}
	u.infof("wrote %d account(s) to %q", len(accounts), out)
	return nil
}
