// Otpmigrate moves one-time-password (2FA) accounts between phones and apps,
// fully offline.
//
// Usage:
//
//	otpmigrate decode [--format urls|json|table|csv] [--redact] [-o FILE] [--force] [--allow-partial] <input>...
//	otpmigrate code [--match TEXT] [--format table|plain|json] [--at TIME] [--counter N] [--watch] <input>...
//	otpmigrate export --qr-dir DIR | --terminal | --html FILE | --google-authenticator DIR | --urls
//	                  [--aegis FILE] [--2fas FILE] [--unencrypted]
//	                  [--for APP] [--allow-lossy] [--allow-non-terminal]
//	                  [--force] [--per-qr N] [--size PIXELS] [--level L|M|Q|H] <input>...
//	otpmigrate backup -o FILE [--add | --force] [-r KEY]... [-R FILE]... [--armor] <input>...
//	otpmigrate compare --new <input>... [--for APP] [--format table|json] <old input>...
//	otpmigrate targets [APP]
//
// An input is a file, a folder, - for standard input, or an otpauth:// or
// otpauth-migration:// URL. Inputs are recognised by content: text holding
// otpauth URLs, screenshots and photos of QR codes, otpmigrate backups, and
// the backup files of Aegis, 2FAS, andOTP, Authenticator Pro, FreeOTP,
// Proton Authenticator, Ente Auth, Raivo, LastPass, Bitwarden, Steam and
// more (docs/apps.md).
//
// export writes the accounts as one QR code PNG each, as QR codes drawn in the
// terminal, as a printable HTML sheet, as Google Authenticator migration
// codes, or as Aegis and 2FAS backups, and reads every code and file back
// before reporting success. Files are written 0600 and atomically, and
// replace an existing file only with --force. Each output is checked
// against the rules of the app it is for (--for APP; Google Authenticator,
// Aegis and 2FAS outputs apply their own): accounts the app cannot hold
// exactly are named and left out, or with --allow-lossy written as the app
// will hold them. targets lists the apps and their rules with sources.
//
// compare reads the new app's export (--new) and the old phone's accounts,
// matches them by secret and type, and lists without secrets what is missing
// from the new side, what changed and what is only on the new side; it exits
// 0 only when every old account arrived unchanged.
//
// Exit status:
//
//   - 0: success
//   - 1: the operation failed: unreadable or unrecognised input, an incomplete export, an I/O error, a file that exists without --force, compare finding an account missing or changed
//   - 2: usage error: unknown command or flag, missing argument
//   - 12: wrong passphrase or password for a backup (otpmigrate's, or another app's); nothing was written
//   - 130, 143, 129: interrupted by Ctrl-C (SIGINT), SIGTERM or SIGHUP, as a shell shows a process the signal ended (131 for Ctrl-\); unfinished files are removed
//
// See docs/safety.md for what an interrupt leaves.
//
// A backup is an age file (https://age-encryption.org) holding one
// otpauth:// URL per line under a short "#" header. It is encrypted with a
// passphrase (asked twice on /dev/tty, or read from --passphrase-file or
// $OTPMIGRATE_PASSPHRASE; there is no passphrase flag) or to public keys
// (-r, -R: age1…, ssh-ed25519, ssh-rsa). A backup is an input like any
// other (decode -i KEYFILE for key-encrypted ones), and the stock age
// command recovers it alone: age -d 2fa.age.
//
// Example:
//
//	$ otpmigrate decode 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC'
//	otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example
//
// otpmigrate never opens a network connection; the binary does not link the
// net package.
package main
