// Package backup seals accounts into encrypted backups and opens them again.
//
// A backup is an age file (https://age-encryption.org/v1), encrypted either
// with a passphrase (scrypt) or to public keys: age X25519 (age1…), age
// post-quantum hybrid (age1pq1…), and SSH ed25519 and RSA keys. Any age
// implementation opens it, so a backup stays readable without this program:
//
//	age -d 2fa.age > 2fa.txt
//
// [Seal] writes a backup, [Open] reads one, and [Sealed.Verify] checks that a
// written copy decrypts to exactly what was sealed.
//
// The SSH recipient and identity types are implemented here from the age
// specification rather than taken from filippo.io/age/agessh, which imports
// golang.org/x/crypto/ssh and with it the net package; otpmigrate promises a
// binary without net. The tests check them against agessh and the age
// command. Passphrase-protected SSH private keys are not read.
//
// # Format
//
// The plaintext inside the age file is UTF-8 text, one line per item, ending
// in a newline:
//
//	# otpmigrate backup v1
//	# created: 2026-11-30T03:46:12Z
//	# accounts: 2
//	otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub
//	otpauth://hotp/alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=7
//
// The first line names the format and its version; "created" is the time of
// sealing in UTC (RFC 3339) and "accounts" the number of URI lines. Each
// account is a canonical otpauth:// Key URI as written by
// [otpmigrate.Account.URL]; Steam accounts are otpauth://steam/… URIs. Other
// lines starting with "#" are comments, and blank lines are ignored.
// Version 1 readers refuse a later version rather than guess.
//
// [Open] also accepts an age file holding a plain list of otpauth:// URIs
// without the header (say, made with "age -p" from a text file); [Info.Plain]
// is then set.
//
// # Errors
//
// [Open] returns errors that wrap one of [ErrNotAge], [ErrWrongPassphrase],
// [ErrNoIdentity], [ErrNeedPassphrase], [ErrTruncated], [ErrCorrupt],
// [ErrNotBackup], [ErrMalformed], [ErrUnsupported] and [ErrTooLarge], so that
// callers can tell them apart with errors.Is, or are a [*WorkFactorError] (an
// error from [Keys.Passphrase] is returned as is). No error contains a secret or a line
// of the plaintext.
//
// # Limits
//
// A backup is at most [MaxSize] bytes, encrypted or not, and a line at most
// [MaxLineLength]; 1,000 accounts take about 110 KiB. The scrypt work factor
// of a passphrase backup is capped at 2^20 by default ([DefaultMaxWorkFactor]:
// 1 GiB of memory and a few seconds; age writes 2^18, 256 MiB), below age's
// own cap of 2^22 (4 GiB, about 20 s), so that a crafted file cannot make
// [Open] work for long even when the passphrase is wrong. A file above the
// cap fails with [*WorkFactorError] before the passphrase is asked for;
// [Keys.MaxWorkFactor] raises or lowers the cap.
//
// # Security
//
// The passphrase or the private keys are all that protect the secrets: anyone
// holding them and a copy of the backup can generate every code. age
// authenticates the whole file, so any change to it is detected, but a
// backup says nothing about who made it: anyone who knows the passphrase (or,
// for public-key backups, anyone at all) can make a valid backup.
package backup
