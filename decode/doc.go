// Package decode turns what users bring into accounts: otpauth-migration://
// exports from Google Authenticator, plain otpauth:// enrolment URIs, text
// holding such URIs, QR codes in screenshots and photos, and other apps'
// backup files.
//
// [Decode] takes whole inputs, recognises each by its content (not its file
// name), and joins the parts of multi-QR exports: an export of more than
// about ten accounts is split over several QR codes that share a batch ID,
// and [Decode] reports which parts are missing rather than returning a
// partial list, unless asked to.
//
// All input is untrusted. Functions in this package return an error for
// malformed images, URIs and payloads instead of panicking, cap sizes before
// decoding, and their errors never include secrets or raw URIs.
//
// # App backups
//
// Aegis vaults, 2FAS backups (schemas 1 to 4), andOTP backups, Bitwarden
// JSON and CSV exports and Steam Guard files are read, plain or encrypted;
// [Options.Password] is asked once per encrypted input. A wrong password
// wraps [ErrWrongPassword]; a version or variant that cannot be read wraps
// [ErrUnsupportedBackup]. Key-derivation costs read from a file are capped
// ([MaxScryptN], [MaxPBKDF2Iterations] and others) and checked before any
// work. Fields the account model has no place for (icons, groups, notes…)
// are named, with counts, in [Result.Warnings].
//
// # Other QR codes
//
// LastPass Authenticator's export QR code (lpaauth-migration://, gzip
// JSON) is read like Google Authenticator's, in text and pictures alike.
// Codes that enrol a phone for push sign-in instead of holding a secret
// (Microsoft work or school accounts' phonefactor:// and activateAccount
// links, authy://) fail with [ErrNoSecret] and a hint on how to enrol
// again.
//
// # Compatibility
//
// Unknown algorithms, digit counts and OTP types are reported as errors
// rather than guessed. See [otpmigrate.Account] for the normalized form.
package decode
