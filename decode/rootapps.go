package decode

import (
	"bytes"
	"crypto/aes"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// Readers of files that only a rooted phone gives (an app's shared
// preferences or data files) and of TOTP Authenticator's backup. Each
// follows the importer of beemdevelopment/Aegis that reads the same file
// (app/src/main/java/com/beemdevelopment/aegis/importers/*.java).

const (
	authyFormat     = "Authy token file"
	battleNetFormat = "Battle.net Authenticator file"
	duoFormat       = "Duo Mobile accounts file"
	totpAuthFormat  = "TOTP Authenticator backup"
)

// Authy (AuthyImporter.java) keeps its tokens as a JSON array in the
// shared preferences com.authy.storage.tokens.authenticator.xml (other
// sites' TOTP tokens) and com.authy.storage.tokens.authy.xml (Authy's own
// 7-digit, 10 s tokens, with a hex secretSeed). A token's secret is
// decryptedSecret (base32), or encryptedSecret: AES-256-CBC with a zero IV
// under PBKDF2-HMAC-SHA1 (1000 iterations, fixed by the app) of the backup
// password and the token's salt text. Authy has no algorithm but SHA1.
var authyKeys = []string{"com.authy.storage.tokens.authenticator.key", "com.authy.storage.tokens.authy.key"}

const authyIterations = 1000

// authyMaxEncrypted caps the encrypted tokens of one file: each costs a
// PBKDF2 run (about 2.5 ms), so 10,000 would take half a minute. Real
// files hold tens.
const authyMaxEncrypted = 1000

type authyEntry struct {
	AccountType     *string `json:"accountType"`
	Name            string  `json:"name"`
	OriginalName    *string `json:"originalName"`
	OriginalIssuer  *string `json:"originalIssuer"`
	Digits          int     `json:"digits"`
	DecryptedSecret *string `json:"decryptedSecret"`
	EncryptedSecret *string `json:"encryptedSecret"`
	Salt            string  `json:"salt"`
	SecretSeed      *string `json:"secretSeed"`
}

func isAuthyPrefs(prefs []pref) bool {
	for _, p := range prefs {
		for _, k := range authyKeys {
			if p.Name == k {
				return true
			}
		}
	}
	return false
}

func readAuthyPrefs(name string, prefs []pref, opts Options) ([]otpmigrate.Account, []string, error) {
	var tokens []authyEntry
	for _, p := range prefs {
		for _, k := range authyKeys {
			if p.Name != k {
				continue
			}
			var list []authyEntry
			if err := json.Unmarshal([]byte(p.Value), &list); err != nil {
				return nil, nil, appError(name, "", fmt.Errorf("%s: %s: %v", authyFormat, k, jsonError(err)), "copy the file again from the phone; it is damaged")
			}
			tokens = append(tokens, list...)
		}
	}
	if len(tokens) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d tokens, more than %d", authyFormat, len(tokens), maxAppEntries), "")
	}
	encrypted := 0
	for _, t := range tokens {
		if t.SecretSeed == nil && t.DecryptedSecret == nil && t.EncryptedSecret != nil {
			encrypted++
		}
	}
	if encrypted > authyMaxEncrypted {
		// Checked before the password is asked and any key derived.
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d encrypted tokens, more than %d", authyFormat, encrypted, authyMaxEncrypted),
			"this file was not written by Authy or was modified")
	}
	var pw []byte
	var accounts []otpmigrate.Account
	for i, t := range tokens {
		where := entryWhere(i, "")
		a := otpmigrate.NewTOTP("", "", nil)
		a.Digits = t.Digits
		var err error
		switch {
		case t.SecretSeed != nil:
			// Authy's own tokens: named by the service only.
			a.Issuer, a.Period = t.Name, 10
			a.Secret, err = hex.DecodeString(strings.TrimSpace(*t.SecretSeed))
			if err == nil {
				a.Secret, err = otpmigrate.DecodeSecret(otpmigrate.EncodeSecret(a.Secret))
			} else {
				err = errors.New("secretSeed is not hex")
			}
		case t.DecryptedSecret != nil:
			a.Issuer, a.Name = authyLabels(t)
			a.Secret, err = otpmigrate.DecodeSecret(*t.DecryptedSecret)
		case t.EncryptedSecret != nil:
			a.Issuer, a.Name = authyLabels(t)
			if pw == nil {
				if pw, err = password(name, authyFormat, opts); err != nil {
					return nil, nil, err
				}
			}
			var plain []byte
			if plain, err = authyDecrypt(pw, t); err == nil {
				a.Secret, err = otpmigrate.DecodeSecret(string(plain))
			}
			if err != nil {
				// No MAC: a wrong password shows as bad padding or a
				// secret that is not base32.
				return nil, nil, appError(name, where, fmt.Errorf("%w for %s (or the token was modified)", ErrWrongPassword, authyFormat),
					"give the backups password set in Authy")
			}
		default:
			return nil, nil, appError(name, where, fmt.Errorf("%s token has no secret", authyFormat), "")
		}
		if err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	return accounts, nil, err
}

// authyLabels is AuthyImporter.sanitizeEntryInfo: the issuer is the
// original issuer, else what precedes a colon in the original name or
// " - " in the name, else the account type capitalised; the name is what
// remains.
func authyLabels(t authyEntry) (issuer, name string) {
	sep := ""
	switch {
	case t.OriginalIssuer != nil:
		issuer = *t.OriginalIssuer
	case t.OriginalName != nil && strings.Contains(*t.OriginalName, ":"):
		issuer, _, _ = strings.Cut(*t.OriginalName, ":")
		sep = ":"
	case strings.Contains(t.Name, " - "):
		issuer, _, _ = strings.Cut(t.Name, " - ")
		sep = " - "
	case t.AccountType != nil && *t.AccountType != "":
		r := []rune(*t.AccountType)
		issuer = string(unicode.ToUpper(r[0])) + string(r[1:])
	}
	name = strings.ReplaceAll(t.Name, issuer+sep, "")
	return issuer, strings.TrimPrefix(name, ": ")
}

func authyDecrypt(pw []byte, t authyEntry) ([]byte, error) {
	ct, err := base64.StdEncoding.DecodeString(*t.EncryptedSecret)
	if err != nil || len(ct) == 0 || len(ct)%aes.BlockSize != 0 || len(t.Salt) > 1024 {
		return nil, errors.New("malformed encrypted secret")
	}
	key, err := pbkdf2.Key(sha1.New, string(pw), []byte(t.Salt), authyIterations, 32)
	if err != nil {
		return nil, err
	}
	return appformat.CBCOpen(key, make([]byte, aes.BlockSize), ct)
}

// Battle.net (BattleNetImporter.java) keeps one authenticator in the shared
// preferences com.blizzard.messenger.authenticator_preferences.xml: its
// serial and secret, hex, each XORed with a fixed mask ("MASK"). The codes
// are TOTP, SHA1, 8 digits, 30 s.
const (
	battleNetSecretKey = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET"
	battleNetSerialKey = "com.blizzard.messenger.AUTHENTICATOR_SERIAL"
	battleNetMask      = "398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a"
)

func isBattleNetPrefs(prefs []pref) bool {
	for _, p := range prefs {
		if p.Name == battleNetSecretKey {
			return true
		}
	}
	return false
}

func readBattleNetPrefs(name string, prefs []pref) ([]otpmigrate.Account, []string, error) {
	var secret, serial string
	for _, p := range prefs {
		switch p.Name {
		case battleNetSecretKey:
			secret = p.Value
		case battleNetSerialKey:
			serial = p.Value
		}
	}
	unmask := func(s string) (string, error) {
		b, err := hex.DecodeString(strings.TrimSpace(s))
		mask, _ := hex.DecodeString(battleNetMask)
		if err != nil || len(b) > len(mask) {
			return "", errors.New("malformed masked value")
		}
		for i := range b {
			b[i] ^= mask[i]
		}
		return string(b), nil
	}
	fail := func(what string) error {
		return appError(name, "", fmt.Errorf("%s: the %s is malformed", battleNetFormat, what), "copy the file again from the phone; it is damaged")
	}
	hexSecret, err := unmask(secret)
	if err != nil {
		return nil, nil, fail("secret")
	}
	raw, err := hex.DecodeString(hexSecret)
	if err != nil || len(raw) == 0 {
		return nil, nil, fail("secret")
	}
	if serial != "" {
		if serial, err = unmask(serial); err != nil {
			return nil, nil, fail("serial")
		}
	}
	a := otpmigrate.NewTOTP("Battle.net", serial, nil)
	a.Digits = 8
	if a.Secret, err = otpmigrate.DecodeSecret(otpmigrate.EncodeSecret(raw)); err != nil {
		return nil, nil, appError(name, "", err, "")
	}
	accounts, err := finish(name, []otpmigrate.Account{a})
	return accounts, nil, err
}

// Duo Mobile (DuoImporter.java) keeps its accounts in
// files/duokit/accounts.json: an array of objects with a name and an
// otpGenerator (base32 otpSecret, and a counter for HOTP). Duo's own push
// accounts have no otpGenerator and no secret.
type duoAccount struct {
	Name         string `json:"name"`
	OTPGenerator *struct {
		Secret  string  `json:"otpSecret"`
		Counter *uint64 `json:"counter"`
	} `json:"otpGenerator"`
}

// isDuo reports whether a JSON array looks like Duo's: objects with an
// otpGenerator.
func isDuo(data []byte) bool {
	var list []map[string]json.RawMessage
	if json.Unmarshal(data, &list) != nil || len(list) == 0 {
		return false
	}
	for _, e := range list {
		if has(e, "otpGenerator") {
			return true
		}
	}
	return false
}

func readDuo(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	var list []duoAccount
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", duoFormat, jsonError(err)), "")
	}
	if len(list) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d accounts, more than %d", duoFormat, len(list), maxAppEntries), "")
	}
	var accounts []otpmigrate.Account
	push := 0
	for i, e := range list {
		if e.OTPGenerator == nil {
			push++
			continue
		}
		secret, err := otpmigrate.DecodeSecret(e.OTPGenerator.Secret)
		if err != nil {
			return nil, nil, appError(name, entryWhere(i, ""), err, "")
		}
		a := otpmigrate.NewTOTP("", e.Name, secret)
		if e.OTPGenerator.Counter != nil {
			a = otpmigrate.NewHOTP("", e.Name, secret, *e.OTPGenerator.Counter)
		}
		accounts = append(accounts, a)
	}
	var warns []string
	if push > 0 {
		warns = append(warns, fmt.Sprintf("%q: %s: %d Duo push account(s) hold no secret; left out: reactivate them on the new phone", name, duoFormat, push))
	}
	accounts, err := finish(name, accounts)
	return accounts, warns, err
}

// TOTP Authenticator (Binary Boxes; TotpAuthenticatorImporter.java) backs
// up as the base64 of AES-256-CBC (zero IV, PKCS#7) under SHA-256 of the
// password, of a JSON object whose first key is the JSON array of entries.
// A backup made without a password uses the app's fixed one. Its internal
// shared preferences hold the same array as STATIC_TOTP_CODES_LIST.
const (
	totpAuthDefaultPassword = "TotpAuthenticator"
	totpAuthPrefKey         = "STATIC_TOTP_CODES_LIST"
)

type totpAuthEntry struct {
	Base   int             `json:"base"`
	Key    string          `json:"key"`
	Name   string          `json:"name"`
	Issuer string          `json:"issuer"`
	Digits json.RawMessage `json:"digits"`
	Period json.RawMessage `json:"period"`
}

// isTOTPAuthenticatorBackup reports whether data is one base64 text whose
// bytes are whole AES blocks: the backup has no other marker, so nothing
// else is taken for it.
func isTOTPAuthenticatorBackup(data []byte) bool {
	s := bytes.TrimSpace(data)
	if len(s) < 44 || len(s)%4 != 0 {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	n := base64.StdEncoding.DecodedLen(len(s)) - bytes.Count(s[len(s)-2:], []byte("="))
	return n%aes.BlockSize == 0
}

func readTOTPAuthenticatorBackup(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	ct, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(data)))
	if err != nil || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, nil, appError(name, "", fmt.Errorf("%s: not valid base64 of AES blocks", totpAuthFormat), "")
	}
	open := func(pw []byte) ([]totpAuthEntry, bool) {
		key := sha256.Sum256(pw)
		plain, err := appformat.CBCOpen(key[:], make([]byte, aes.BlockSize), ct)
		if err != nil {
			return nil, false
		}
		list, err := totpAuthList(plain)
		return list, err == nil
	}
	// A backup made without a password opens with the app's own.
	list, ok := open([]byte(totpAuthDefaultPassword))
	if !ok {
		pw, err := password(name, totpAuthFormat, opts)
		if err != nil {
			return nil, nil, err
		}
		if list, ok = open(pw); !ok {
			return nil, nil, appError(name, "", fmt.Errorf("%w for %s (or the file is damaged, or is not such a backup: it was recognised only as base64 of AES blocks)", ErrWrongPassword, totpAuthFormat),
				"give the password chosen when the backup was made in TOTP Authenticator")
		}
	}
	return totpAuthAccounts(name, list)
}

// totpAuthList reads the decrypted object: its first key is the array.
func totpAuthList(plain []byte) ([]totpAuthEntry, error) {
	d := json.NewDecoder(bytes.NewReader(plain))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	t, err := d.Token()
	key, ok := t.(string)
	if err != nil || !ok {
		return nil, errors.New("no entries")
	}
	var list []totpAuthEntry
	if err := json.Unmarshal([]byte(key), &list); err != nil {
		return nil, err
	}
	return list, nil
}

func isTOTPAuthenticatorPrefs(prefs []pref) bool {
	for _, p := range prefs {
		if p.Name == totpAuthPrefKey {
			return true
		}
	}
	return false
}

func readTOTPAuthenticatorPrefs(name string, prefs []pref) ([]otpmigrate.Account, []string, error) {
	for _, p := range prefs {
		if p.Name == totpAuthPrefKey {
			var list []totpAuthEntry
			if err := json.Unmarshal([]byte(p.Value), &list); err != nil {
				return nil, nil, appError(name, "", fmt.Errorf("%s: %v", totpAuthFormat, jsonError(err)), "copy the file again from the phone; it is damaged")
			}
			return totpAuthAccounts(name, list)
		}
	}
	return nil, nil, appError(name, "", fmt.Errorf("%s has no %s", totpAuthFormat, totpAuthPrefKey), "")
}

func totpAuthAccounts(name string, list []totpAuthEntry) ([]otpmigrate.Account, []string, error) {
	if len(list) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d entries, more than %d", totpAuthFormat, len(list), maxAppEntries), "")
	}
	var accounts []otpmigrate.Account
	for i, e := range list {
		where := entryWhere(i, e.Issuer)
		var raw []byte
		var err error
		switch e.Base {
		case 16:
			raw, err = hex.DecodeString(strings.TrimSpace(e.Key))
		case 32:
			raw, err = otpmigrate.DecodeSecret(e.Key)
		case 64:
			raw, err = base64.StdEncoding.DecodeString(strings.TrimSpace(e.Key))
		default:
			return nil, nil, appError(name, where, fmt.Errorf("%s: unknown secret encoding base %d", totpAuthFormat, e.Base), "")
		}
		if err != nil || len(raw) == 0 {
			return nil, nil, appError(name, where, fmt.Errorf("%s: the secret is not valid base %d", totpAuthFormat, e.Base), "")
		}
		a := otpmigrate.NewTOTP(e.Issuer, e.Name, nil)
		if a.Secret, err = otpmigrate.DecodeSecret(otpmigrate.EncodeSecret(raw)); err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		// The app writes digits and period as strings ("6", "30").
		for _, f := range []struct {
			raw json.RawMessage
			to  *int
		}{{e.Digits, &a.Digits}, {e.Period, &a.Period}} {
			if n, err := strconv.Atoi(strings.Trim(string(f.raw), `" `)); err == nil && n > 0 {
				*f.to = n
			}
		}
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	return accounts, nil, err
}
