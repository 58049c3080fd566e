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
// # Images and memory
//
// Images are scanned on every core (GOMAXPROCS workers). An input with
// [Input.Open] instead of Data is read by the worker that scans it and
// its bytes dropped once scanned, so a folder of any size costs what the
// images in flight cost, not the sum of its files. Each image's header is
// read first: more than [MaxImagePixels] is refused, and otherwise its
// decoded size (the decoder's pixels, 1 to 8 bytes each; the grey copy; the
// scan's working copies, made from at most 4 MP, at least 24 MB since small
// pictures are also scanned enlarged) is taken from a budget shared by
// all workers, [Options.MemoryBudget] (default [DefaultMemoryBudget], 512
// MiB), before any pixel is decoded. An image larger than the budget waits
// for it to be free and is scanned alone. A big image's memory is collected
// before the next image is let in.
//
// Peak memory of a whole decode is therefore about the budget plus the
// runtime (10–20 MB), whatever the number of files and cores. A
// non-interlaced PNG is decoded straight to grey (16-bit samples to 8-bit)
// and costs only its grey and scan copies. Measured with GNU time's maximum
// RSS (bench/perf.sh; docs/performance.md): eight 7000×7000 16-bit colour
// PNGs 111–160 MiB with GOMAXPROCS=2 and 316–348 MiB with 8, where they
// took 1613–1983 MiB and 3415 MiB before the budget; 1000 phone
// screenshots (462 MB of PNG files) 36 MiB, where they took 1180 MiB when
// a folder was read whole; a 12 MP photo 37 MiB.
//
// # Compatibility
//
// Unknown algorithms, digit counts and OTP types are reported as errors
// rather than guessed. See [otpmigrate.Account] for the normalized form.
package decode
