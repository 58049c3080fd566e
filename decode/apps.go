package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// ErrWrongPassword is returned (wrapped) when an encrypted app backup does
// not open with the password given. The ciphers cannot tell a wrong password
// from a modified file; the message says so where it matters.
var ErrWrongPassword = errors.New("wrong password")

// ErrUnsupportedBackup is returned (wrapped) for an app backup that is
// recognised but written in a version or variant otpmigrate cannot read.
var ErrUnsupportedBackup = errors.New("unsupported backup")

// Caps on the cost parameters read from app backups: a file from outside
// must not make decoding take hours or gigabytes. Each is well above what
// the apps write.
const (
	// MaxScryptN caps Aegis's scrypt N (Aegis writes 2^15).
	MaxScryptN = 1 << 20
	// MaxScryptR caps scrypt r (Aegis writes 8).
	MaxScryptR = 32
	// MaxScryptP caps scrypt p (Aegis writes 1).
	MaxScryptP = 16
	// maxScryptMemory caps scrypt's memory, 128·N·r bytes (Aegis: 32 MiB).
	maxScryptMemory = 256 << 20
	// maxScryptWork caps N·r·p, scrypt's running time (Aegis: 2^18).
	maxScryptWork = 1 << 22
	// MaxPBKDF2Iterations caps the PBKDF2 iterations andOTP's and
	// FreeOTP's backups give (andOTP writes 140,000 to 160,000; FreeOTP
	// 100,000: freeotp/freeotp-android, encryptor/MasterKey.java).
	MaxPBKDF2Iterations = 1_000_000
	// maxPasswordSlots caps the Aegis password slots tried, each one a
	// scrypt run (Aegis writes one).
	maxPasswordSlots = 4
	// maxAppEntries caps the accounts of one backup.
	maxAppEntries = 10_000
)

// The caps in force; fuzz tests lower them so that each run stays fast.
var (
	scryptWorkCap       int64 = maxScryptWork
	pbkdf2IterationsCap int64 = MaxPBKDF2Iterations
	// twoFASKDFIterations is fixed by 2FAS, not read from the file;
	// only fuzz tests change it.
	twoFASKDFIterations = appformat.TwoFASIterations
)

// decodeApp recognises other apps' backup files by content and reads them.
// ok is false when the input is none of them. Each format adds itself here.
func decodeApp(in Input, opts Options) (accounts []otpmigrate.Account, warnings []string, ok bool, err error) {
	data := bytes.TrimPrefix(in.Data, []byte("\xef\xbb\xbf")) // a BOM some editors add
	trimmed := bytes.TrimSpace(data)
	var r appReader
	var format string // for "holds no accounts"
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		var top map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &top); err != nil {
			return damagedJSON(in.Name, trimmed, err)
		}
		switch {
		case has(top, "header") && has(top, "db"):
			r, format = readAegis, aegisFormat
		case has(top, "schemaVersion") && (has(top, "services") || has(top, "servicesEncrypted")):
			r, format = readTwoFAS, twoFASFormat
		case has(top, "encrypted") && (has(top, "items") || has(top, "folders") || has(top, "collections")),
			has(top, "encKeyValidation_DO_NOT_EDIT"), has(top, "passwordProtected"):
			r, format = readBitwardenJSON, bitwardenFormat
		case has(top, "shared_secret"), has(top, "accounts") && steamAccounts(top["accounts"]),
			has(top, "account_name") && (has(top, "revocation_code") || has(top, "identity_secret")):
			r, format = readSteam, steamFormat
		case has(top, "Authenticators"):
			r, format = readAuthProPlain, authProFormat
		case isLastPassExport(top):
			r, format = readLastPassJSON, lastPassJSONFormat
		case isEnteExport(top):
			r, format = readEnte, enteFormat
		case isProtonExport(top):
			r, format = readProton, protonFormat
		case has(top, "tokens") && isFreeOTPPlusExport(top):
			r, format = readFreeOTPPlus, freeOTPPlusFormat
		default:
			return nil, nil, false, nil
		}
	case len(trimmed) > 0 && trimmed[0] == '[':
		if !json.Valid(trimmed) {
			return damagedJSON(in.Name, trimmed, json.Unmarshal(trimmed, new(any)))
		}
		switch {
		case isAndOTPPlain(trimmed):
			r, format = readAndOTPPlain, andOTPFormat
		case isDuo(trimmed):
			r, format = readDuo, duoFormat
		case isRaivoJSON(trimmed):
			r, format = readRaivoJSON, raivoFormat
		default:
			return nil, nil, false, nil
		}
	case looksLikeSharedPrefs(trimmed):
		prefs, err := parseSharedPrefs(trimmed)
		if err != nil {
			return nil, nil, true, appError(in.Name, "", fmt.Errorf("%s: %v", sharedPrefsFormat, err), "copy the file again from the phone; it is damaged")
		}
		// Through r like every other reader, so that preferences with
		// no tokens fail as "holds no accounts" too.
		noOpts := func(read func(string, []pref) ([]otpmigrate.Account, []string, error)) appReader {
			return func(name string, _ []byte, _ Options) ([]otpmigrate.Account, []string, error) {
				return read(name, prefs)
			}
		}
		switch {
		case isFreeOTPPrefs(prefs):
			r, format = noOpts(readFreeOTPPrefs), freeOTPFormat
		case isAuthyPrefs(prefs):
			r = func(name string, _ []byte, opts Options) ([]otpmigrate.Account, []string, error) {
				return readAuthyPrefs(name, prefs, opts)
			}
			format = authyFormat
		case isBattleNetPrefs(prefs):
			r, format = noOpts(readBattleNetPrefs), battleNetFormat
		case isTOTPAuthenticatorPrefs(prefs):
			r, format = noOpts(readTOTPAuthenticatorPrefs), totpAuthFormat
		default:
			return nil, nil, true, appError(in.Name, "", fmt.Errorf("%w: an Android app's shared preferences XML, but not of an app otpmigrate reads", ErrUnknownFormat),
				"otpmigrate reads the shared preferences of FreeOTP, FreeOTP+, Authy, Battle.net Authenticator and TOTP Authenticator")
		}
	case isFreeOTPBackup(in.Data):
		r, format = readFreeOTPBackup, freeOTPFormat
	case isBitwardenCSV(data):
		r, format = readBitwardenCSV, bitwardenFormat
	case isKeePassCSV(data):
		r, format = readKeePassCSV, keePassFormat
	case isKeePassDatabase(in.Data):
		r, format = readKeePassDatabase, "KeePass database"
	case isZIP(in.Data):
		r, format = readZIP, "ZIP archive"
	case isTOTPAuthenticatorBackup(trimmed):
		r, format = readTOTPAuthenticatorBackup, totpAuthFormat
	case bytes.HasPrefix(in.Data, []byte(sqliteHeader)):
		r, format = readSQLite, "SQLite database"
	case bytes.HasPrefix(in.Data, []byte(authProHeader)), bytes.HasPrefix(in.Data, []byte(authProLegacyHeader)):
		r, format = readAuthProEncrypted, authProFormat
	case isAndOTPEncrypted(in.Data):
		r, format = readAndOTPEncrypted, andOTPFormat
	case opts.AssumeAndOTP && isBinary(in.Data):
		r, format = readAndOTPEncrypted, andOTPFormat
	default:
		return nil, nil, false, nil
	}
	acc, warns, err := r(in.Name, data, opts)
	if err != nil {
		return nil, nil, true, err
	}
	if len(acc) == 0 {
		// As for every other input: nothing found is a failure, not an
		// empty success a script would take for a finished migration.
		if len(warns) > 0 {
			why := strings.TrimPrefix(warns[0], fmt.Sprintf("%q: ", in.Name))
			return nil, nil, true, appError(in.Name, "", fmt.Errorf("%s holds no accounts otpmigrate can read (%s)", format, why), "")
		}
		return nil, nil, true, appError(in.Name, "", fmt.Errorf("%s holds no accounts", format), "")
	}
	return acc, warns, true, nil
}

// isBinary reports whether data is not text: not UTF-8, or holding a NUL.
func isBinary(data []byte) bool {
	return !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0
}

// appReader reads one app's backup. Errors are *Error naming the input.
type appReader func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error)

func has(m map[string]json.RawMessage, k string) bool {
	_, ok := m[k]
	return ok
}

// appError is a failure of one app backup, optionally at one entry.
func appError(name, where string, err error, hint string) error {
	return &Error{Input: name, Where: where, Err: err, Advice: hint}
}

// password asks for the password of one encrypted backup.
func password(name, format string, opts Options) ([]byte, error) {
	if opts.Password == nil {
		return nil, appError(name, "", fmt.Errorf("%s is encrypted and no password source is set", format), "")
	}
	// The caller's error (no passphrase source, say) carries its own
	// wording and hint; it is returned as it is.
	return opts.Password(name, format)
}

// dropped counts, per field name, the entries that carried a field the
// account model has no place for, so that one warning can list them.
type dropped map[string]int

func (d dropped) add(field string, present bool) {
	if present {
		d[field]++
	}
}

// warning returns the warning for the fields dropped, or nothing. It names
// fields and counts only, never their values.
func (d dropped) warning(name, format string) []string {
	if len(d) == 0 {
		return nil
	}
	fields := make([]string, 0, len(d))
	for f := range d {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprintf("%s (%d account%s)", f, d[f], pluralS(d[f]))
	}
	return []string{fmt.Sprintf("%q: not kept from the %s: %s", name, format, strings.Join(parts, ", "))}
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// nonEmptyJSON reports whether a raw JSON value holds something: not
// absent, null, "", false, 0, [] or {}.
func nonEmptyJSON(raw json.RawMessage) bool {
	switch strings.TrimSpace(string(raw)) {
	case "", "null", `""`, "false", "0", "[]", "{}":
		return false
	}
	return true
}

// entryWhere names entry i (0-based) of a backup for messages, with its
// issuer when known: position and issuer identify an account without
// revealing its name, which is often an email address.
func entryWhere(i int, issuer string) string {
	if issuer != "" && utf8.ValidString(issuer) && len(issuer) <= 64 {
		return fmt.Sprintf("entry %d (%q)", i+1, issuer)
	}
	return fmt.Sprintf("entry %d", i+1)
}

// finish puts the accounts read from a backup in normal form and validates
// them.
func finish(name string, accounts []otpmigrate.Account) ([]otpmigrate.Account, error) {
	trimLabels(accounts)
	for i, a := range accounts {
		if err := a.Validate(); err != nil {
			return nil, appError(name, entryWhere(i, a.Issuer), err, "")
		}
	}
	return accounts, nil
}

// trimLabels trims white space around issuers and names, which apps keep as
// typed: an account is in normal form only without it, and otpauth URIs,
// which backups and exports write, do not carry it through.
func trimLabels(accounts []otpmigrate.Account) {
	for i := range accounts {
		accounts[i].Issuer = strings.TrimSpace(accounts[i].Issuer)
		accounts[i].Name = strings.TrimSpace(accounts[i].Name)
	}
}

// jsonError describes a JSON syntax or type error without quoting the
// input (which may hold secrets) beyond a short number, and in words rather
// than Go's type names.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("invalid JSON at byte %d", se.Offset)
	case errors.As(err, &te):
		got, want := jsonValue(te.Value), jsonWant(te.Type)
		if te.Field != "" {
			return fmt.Errorf("field %q holds %s, want %s", capQuoted(te.Field), got, want)
		}
		return fmt.Errorf("%s where %s was expected", got, want)
	}
	return errors.New("invalid JSON")
}

// maxQuoted caps a value quoted in a message: a field holding 200 KB must
// not make a 200 KB error line.
const maxQuoted = 40

// capQuoted shortens s to maxQuoted bytes (on a character boundary),
// marking the cut.
func capQuoted(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// jsonValue names the kind of JSON value encoding/json found, as in its
// UnmarshalTypeError.Value ("string", "number 1e999", "object", …). A
// number is shown, capped: it is a count or a setting, not a secret.
func jsonValue(v string) string {
	if n, ok := strings.CutPrefix(v, "number "); ok {
		return fmt.Sprintf("the number %s", capQuoted(n))
	}
	switch v {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	}
	return "a JSON " + capQuoted(v)
}

// jsonWant says in words what a Go type accepts, for users who never saw
// the program's types.
func jsonWant(t reflect.Type) string {
	if t == nil {
		return "something else"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if bits := t.Bits(); bits < 64 {
			return fmt.Sprintf("a whole number from %d to %d", int64(-1)<<(bits-1), int64(1)<<(bits-1)-1)
		}
		return "a whole number of at most 18 digits"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if bits := t.Bits(); bits < 64 {
			return fmt.Sprintf("a whole number from 0 to %d", uint64(1)<<bits-1)
		}
		return "a whole number from 0 with at most 19 digits"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "base64 text"
		}
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another kind of value"
}

// jsonSignatures are keys that only one app's backup has, to name the app
// of a file that is no longer valid JSON.
var jsonSignatures = []struct{ key, format string }{
	{`"servicesEncrypted"`, twoFASFormat},
	{`"schemaVersion"`, twoFASFormat},
	{`"services"`, twoFASFormat},
	{`"tokenType"`, twoFASFormat},
	{`"key_params"`, aegisFormat},
	{`"header"`, aegisFormat},
	{`"shared_secret"`, steamFormat},
	{`"login"`, bitwardenFormat},
	{`"encKeyValidation_DO_NOT_EDIT"`, bitwardenFormat},
	{`"passwordProtected"`, bitwardenFormat},
	{`"Authenticators"`, authProFormat},
	{`"entry_type"`, protonFormat},
	{`"issuerExt"`, freeOTPPlusFormat},
	{`"kdfParams"`, enteFormat},
	{`"originalIssuerName"`, lastPassJSONFormat},
	{`"encryptedData"`, enteFormat},
	// Last: Aegis's db has entries too.
	{`"entries"`, protonFormat},
	// Proton's encrypted export: {version, salt, content}.
	{`"content"`, protonFormat},
}

// damagedJSON handles input that starts like JSON but does not parse. If
// it looks like an app backup, that is an error: reading the otpauth URIs
// scattered in it as text would silently miss accounts. Otherwise the text
// reader gets it.
func damagedJSON(name string, data []byte, err error) ([]otpmigrate.Account, []string, bool, error) {
	sigs := jsonSignatures
	if data[0] == '[' {
		// Of the backups, only andOTP's is an array.
		sigs = []struct{ key, format string }{{`"secret"`, andOTPFormat}}
	}
	for _, sig := range sigs {
		if bytes.Contains(data, []byte(sig.key)) {
			msg := jsonError(err).Error()
			var se *json.SyntaxError
			if errors.As(err, &se) && se.Offset >= int64(len(data)) {
				msg = "the JSON ends early: the file is truncated"
			}
			return nil, nil, true, appError(name, "", fmt.Errorf("%s: %s", sig.format, msg), "copy the file again from the phone; it is damaged")
		}
	}
	return nil, nil, false, nil
}
