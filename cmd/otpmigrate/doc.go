// Otpmigrate moves one-time-password (2FA) accounts between phones and apps,
// fully offline.
//
// Usage:
//
//	otpmigrate decode [--format urls|json|table|csv] [--redact] [-o FILE] <input>...
//	otpmigrate code [--match TEXT] [--format table|plain|json] [--at TIME] [--counter N] [--watch] <input>...
//	otpmigrate export --qr-dir DIR | --terminal | --html FILE | --google-authenticator DIR | --urls
//	                  [--force] [--per-qr N] [--size PIXELS] [--level L|M|Q|H] <input>...
//
// An input is a file, a folder, - for standard input, or an otpauth:// or
// otpauth-migration:// URL. Inputs are recognised by content: text holding
// otpauth URLs, screenshots and photos of QR codes, and backups.
//
// export writes the accounts as one QR code PNG each, as QR codes drawn in the
// terminal, as a printable HTML sheet or as Google Authenticator migration
// codes, and reads every code back before reporting success.
//
// Exit status: 0 on success, 1 when the operation failed (unreadable input,
// an incomplete export, I/O), 2 for a usage error.
//
// Example:
//
//	$ otpmigrate decode 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC'
//	otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example
//
// otpmigrate never opens a network connection; the binary does not link the
// net package.
package main
