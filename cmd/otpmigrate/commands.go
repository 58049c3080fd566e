package main

import "github.com/urfave/cli/v2"

var appDescription = `otpmigrate reads the 2FA accounts of an authenticator app from its export
QR codes (screenshots or photos), otpauth:// URLs and backup files (its
own, Aegis, 2FAS, andOTP, Authenticator Pro, FreeOTP, Proton, Ente,
Raivo, LastPass, Bitwarden, Steam and more), and writes them out again for
a new phone, another app or a safe place. It never opens a network
connection.

Exit status:
` + exitStatusText() + `
Examples:
  otpmigrate decode testdata/example-export.txt
  otpmigrate decode --format table screenshot.png
  otpmigrate decode --redact --format csv exports/*.txt screenshots/
  otpmigrate code --match github 2fa.age
  otpmigrate export --qr-dir qr/ screenshot.png
  otpmigrate export --aegis new-aegis.json screenshots/
  otpmigrate backup -o 2fa.age screenshots/
  otpmigrate compare --new aegis-export.json screenshots/
  otpmigrate targets`

// commands lists the subcommands; each lives in its own file.
func commands(u *ui) []*cli.Command {
	return []*cli.Command{
		newDecodeCommand(u),
		newCodeCommand(u),
		newExportCommand(u),
		newBackupCommand(u),
		newCompareCommand(u),
		newTargetsCommand(u),
		newManCommand(),
		newCompletionCommand(),
	}
}
