package decode

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestAppBackupErrors(t *testing.T) {
	lowAuthProCost(t)
	authPro := authProFile(t, "pw", false, testAuthPro)
	authProLegacy := authProFile(t, "pw", true, testAuthPro)
	freeOTP2 := freeOTPBackup(t, "pw", 1000, testFreeOTPToken)
	lowProtonCost(t)
	proton := protonFile(t, "pw", testProton)
	protonFlipped := func() []byte {
		var m map[string]any
		json.Unmarshal(proton, &m)
		b, _ := base64.StdEncoding.DecodeString(m["content"].(string))
		b[20] ^= 1
		m["content"] = base64.StdEncoding.EncodeToString(b)
		out, _ := json.Marshal(m)
		return out
	}()
	aegis := aegisFile(t, "pw", 1<<10, 8, 1, testDB, nil)
	twofas := twoFASFile(t, "pw", 4, testServices, true)
	andotp := andOTPFile(t, "pw", 1000, testAndOTP)
	// The Aegis db with one ciphertext byte changed.
	aegisTampered := func() []byte {
		i := bytes.Index(aegis, []byte(`"db":"`)) + len(`"db":"`)
		end := i + bytes.IndexByte(aegis[i:], '"')
		ct, _ := base64.StdEncoding.DecodeString(string(aegis[i:end]))
		ct[0] ^= 1
		return append(append(append([]byte(nil), aegis[:i]...), base64.StdEncoding.EncodeToString(ct)...), aegis[end:]...)
	}()
	// The 2FAS services with one ciphertext byte changed.
	twofasTampered := func() []byte {
		i := bytes.Index(twofas, []byte(`"servicesEncrypted":"`)) + len(`"servicesEncrypted":"`)
		end := i + bytes.IndexByte(twofas[i:], ':')
		ct, _ := base64.StdEncoding.DecodeString(string(twofas[i:end]))
		ct[0] ^= 1
		return append(append(append([]byte(nil), twofas[:i]...), base64.StdEncoding.EncodeToString(ct)...), twofas[end:]...)
	}()
	tests := []struct {
		name     string
		data     []byte
		password string
		sentinel error
		want     string
		noAsk    bool // must fail before asking for the password
	}{
		{"aegis wrong password", aegis, "nope", ErrWrongPassword, "wrong password for Aegis vault", false},
		{"aegis tampered db", aegisTampered, "pw", nil, "the password is right but the db fails authentication", false},
		{"aegis tampered slot", aegisFile(t, "pw", 1<<10, 8, 1, testDB, func(slot, _ map[string]any) {
			k := []byte(slot["key"].(string))
			k[0] ^= 1
			slot["key"] = string(k)
		}), "pw", ErrWrongPassword, "or its password slot was modified", false},
		{"aegis truncated", aegis[:len(aegis)/2], "pw", nil, "Aegis vault: the JSON ends early: the file is truncated", true},
		{"aegis version 2", bytes.Replace(aegis, []byte(`"version":1`), []byte(`"version":2`), 1), "pw", ErrUnsupportedBackup, "Aegis vault version 2", true},
		{"aegis db version 4", aegisFile(t, "pw", 1<<10, 8, 1, strings.Replace(testDB, `"version":3`, `"version":4`, 1), nil), "pw", ErrUnsupportedBackup, "db version 4", false},
		{"aegis huge N", aegisFile(t, "pw", 2, 8, 1, testDB, func(slot, _ map[string]any) { slot["n"] = 1 << 30 }), "pw", nil, "scrypt cost N=1073741824, r=8, p=1 is above the limit", true},
		{"aegis huge r·p", aegisFile(t, "pw", 2, 8, 1, testDB, func(slot, _ map[string]any) { slot["n"], slot["r"], slot["p"] = 1<<16, 32, 16 }), "pw", nil, "is above the limit", true},
		{"aegis N not power of two", aegisFile(t, "pw", 2, 8, 1, testDB, func(slot, _ map[string]any) { slot["n"] = 1000 }), "pw", nil, "scrypt N=1000 is not a power of two", true},
		{"aegis r zero", aegisFile(t, "pw", 2, 8, 1, testDB, func(slot, _ map[string]any) { slot["r"] = 0 }), "pw", nil, "must be positive", true},
		{"aegis no password slot", aegisFile(t, "pw", 2, 8, 1, testDB, func(slot, _ map[string]any) { slot["type"] = 2 }), "pw", ErrUnsupportedBackup, "no password slot", true},
		{"aegis many slots", aegisFile(t, "pw", 2, 8, 1, testDB, func(slot, h map[string]any) { h["slots"] = []any{slot, slot, slot, slot, slot} }), "pw", nil, "5 password slots, more than 4", true},
		{"aegis bad nonce", aegisFile(t, "pw", 2, 8, 1, testDB, func(_, h map[string]any) { h["params"] = map[string]any{"nonce": "zz", "tag": "00"} }), "pw", nil, "header nonce or tag is malformed", true},
		{"2fas wrong password", twofas, "nope", ErrWrongPassword, "wrong password for 2FAS backup", false},
		{"2fas wrong password without reference", twoFASFile(t, "pw", 4, testServices, false), "nope", ErrWrongPassword, "wrong password", false},
		{"2fas tampered", twofasTampered, "pw", nil, "the password is right but the services fail authentication", false},
		{"2fas truncated", twofas[:len(twofas)-40], "pw", nil, "2FAS backup: the JSON ends early", true},
		{"2fas schema 5", twoFASFile(t, "pw", 5, testServices, true), "pw", ErrUnsupportedBackup, "2FAS backup schema version 5 (otpmigrate reads 1 to 4)", true},
		{"2fas schema 0", []byte(`{"schemaVersion":0,"services":[]}`), "pw", ErrUnsupportedBackup, "schema version 0", true},
		{"2fas two parts", []byte(`{"schemaVersion":4,"services":[],"servicesEncrypted":"AAAA:AAAA"}`), "pw", nil, "encrypted field has 2 parts", true},
		{"2fas token type", []byte(`{"schemaVersion":4,"services":[{"secret":"GEZDGNBV","otp":{"tokenType":"YANDEX"}}]}`), "pw", nil, `unknown 2FAS token type "YANDEX"`, true},
		{"andotp wrong password", andotp, "nope", ErrWrongPassword, "wrong password for andOTP backup", false},
		{"andotp old wrong password", andOTPFile(t, "pw", 0, testAndOTP), "nope", ErrWrongPassword, "wrong password", false},
		// The old format has no marker: unless declared, it is unknown
		// binary and no password is asked (issue 11 item 8).
		{"andotp old undeclared", andOTPFile(t, "pw", 0, testAndOTP), "pw", ErrUnknownFormat, "not a format otpmigrate reads: binary data", true},
		{"andotp tampered", flip(andotp, len(andotp)-20), "pw", ErrWrongPassword, "or the file is damaged", false},
		{"andotp truncated", andotp[:len(andotp)-10], "pw", ErrWrongPassword, "wrong password", false},
		{"andotp huge iterations", func() []byte {
			b := andOTPFile(t, "pw", 1000, testAndOTP)
			b[0], b[1], b[2], b[3] = 0x05, 0xf5, 0xe1, 0x00 // 100,000,000
			return b
		}(), "pw", ErrWrongPassword, "PBKDF2 iteration count 100000000 would be above the limit of 1000000", false},
		{"andotp iterations andOTP never wrote", andOTPFile(t, "pw", 6000, testAndOTP), "pw", ErrUnknownFormat, "not a format otpmigrate reads", true},
		{"andotp plain truncated", []byte(testAndOTP[:60]), "pw", nil, "andOTP backup: the JSON ends early", true},
		{"andotp plain type", []byte(strings.Replace(testAndOTP, `"TOTP"`, `"MOTP"`, 1)), "pw", nil, `unknown andOTP type "MOTP"`, true},
		{"bitwarden account restricted", []byte(`{"encrypted":true,"encKeyValidation_DO_NOT_EDIT":"2.a|b|c","items":[]}`), "pw", ErrUnsupportedBackup, "Bitwarden export encrypted for one Bitwarden account", true},
		{"bitwarden protected incomplete", []byte(`{"encrypted":true,"passwordProtected":true,"items":[]}`), "pw", nil, "password protected, but salt", true},
		{"freeotp wrong password", freeOTP2, "nope", ErrWrongPassword, "wrong password for FreeOTP backup (or its master key was modified)", false},
		{"freeotp master key flipped", bytes.Replace(freeOTP2, []byte(`"mToken":"AES"`), []byte(`"mToken":"AEZ"`), 1), "pw", ErrWrongPassword, "wrong password for FreeOTP backup", false},
		{"freeotp token secret flipped", bytes.Replace(freeOTP2, []byte(`\"mToken\":\"HmacSHA1\"`), []byte(`\"mToken\":\"HmacSHA2\"`), 1), "pw", nil, "the password is right but the secret fails authentication", false},
		{"freeotp truncated", freeOTP2[:len(freeOTP2)-100], "pw", nil, "FreeOTP backup: the serialised map ends early: the file is truncated", true},
		{"freeotp huge iterations", freeOTPBackup(t, "pw", 1000, testFreeOTPToken, 9000000), "pw", nil, "PBKDF2 iteration count 9000000 is outside 1 to 1000000", true},
		{"freeotp no master key", bytes.Replace(freeOTP2, []byte("\x00\x09masterKey"), []byte("\x00\x09masterKez"), 1), "pw", nil, "FreeOTP backup: no masterKey entry", true},
		{"freeotp unknown type", freeOTPBackup(t, "pw", 1000, strings.Replace(testFreeOTPToken, `"TOTP"`, `"MOTP"`, 1)), "pw", nil, `unknown FreeOTP token type "MOTP"`, false},
		{"freeotp v1 truncated", freeOTPXML(testFreeOTPToken)[:150], "pw", nil, "Android shared preferences: the XML ends early", true},
		{"freeotp v1 no secret", []byte("<map><string name=\"a\">{&quot;type&quot;:&quot;TOTP&quot;,&quot;label&quot;:&quot;x&quot;}</string></map>"), "pw", nil, "FreeOTP backup token has no secret", true},
		// FreeOTP offers SHA224 and SHA384 (Token.SAFE_ALGOS); no
		// destination app does.
		{"freeotp v1 SHA384", freeOTPXML(strings.Replace(testFreeOTPToken, `"SHA1"`, `"SHA384"`, 1)), "pw", nil, `entry 1 ("Test"): unknown algorithm "SHA384"`, true},
		{"freeotp plus truncated", []byte(`{"tokenOrder":[],"tokens":[{"type":"TOTP","secret":[1,2`), "pw", nil, "", true},
		{"other shared preferences", []byte(`<?xml version='1.0'?><map><int name="x" value="1" /></map>`), "pw", ErrUnknownFormat, "shared preferences XML, but not of an app otpmigrate reads", true},
		{"proton wrong password", proton, "nope", ErrWrongPassword, "wrong password for Proton Authenticator export (or the file is damaged)", false},
		{"proton bit flipped", protonFlipped, "pw", ErrWrongPassword, "(or the file is damaged)", false},
		{"proton truncated", []byte(testProton[:len(testProton)-30]), "pw", nil, "Proton Authenticator export: the JSON ends early", true},
		{"proton encrypted truncated", proton[:len(proton)-30], "pw", nil, "", true},
		{"proton short content", []byte(`{"version":1,"salt":"AAAAAAAAAAAAAAAAAAAAAA==","content":"AAAA"}`), "pw", nil, "the content is too short", true},
		{"proton bad salt", []byte(`{"version":1,"salt":"AAAA","content":"AAAA"}`), "pw", nil, "the salt is not 16 bytes", true},
		{"proton version 2", []byte(strings.Replace(testProton, `"version":1`, `"version":2`, 1)), "pw", ErrUnsupportedBackup, "Proton Authenticator export version 2", true},
		{"proton unknown type", []byte(strings.Replace(testProton, `"Totp"`, `"Hotp"`, 1)), "pw", nil, `unknown Proton Authenticator export entry type "Hotp"`, true},
		{"proton bad uri", []byte(strings.Replace(testProton, `secret=GEZDGNBVGY3TQOJQ`, `secret=!!`, 1)), "pw", nil, "entry 1: secret", true},
		{"ente wrong password", enteFile(t, "pw", 8<<10, 1, testEnteText, 0), "nope", ErrWrongPassword, "wrong password for Ente Auth export (or the file is damaged)", false},
		{"ente bit flipped", flipJSONField(t, enteFile(t, "pw", 8<<10, 1, testEnteText, 0), "encryptedData", 5), "pw", ErrWrongPassword, "(or the file is damaged)", false},
		{"ente header flipped", flipJSONField(t, enteFile(t, "pw", 8<<10, 1, testEnteText, 0), "encryptionNonce", 20), "pw", ErrWrongPassword, "(or the file is damaged)", false},
		{"ente truncated", enteFile(t, "pw", 8<<10, 1, testEnteText, 0)[:100], "pw", nil, "Ente Auth export: the JSON ends early", true},
		{"ente huge memory", bytes.Replace(enteFile(t, "pw", 8<<10, 1, testEnteText, 0), []byte(`"memLimit":8192`), []byte(`"memLimit":4294967296`), 1), "pw", nil, "Argon2 cost memLimit=4294967296, opsLimit=1 is outside what otpmigrate accepts", true},
		{"ente huge work", bytes.Replace(enteFile(t, "pw", 8<<10, 1, testEnteText, 0), []byte(`"memLimit":8192,"opsLimit":1`), []byte(`"memLimit":1073741824,"opsLimit":5`), 1), "pw", nil, "is outside what otpmigrate accepts", true},
		{"ente rekey tag", enteFile(t, "pw", 8<<10, 1, testEnteText, 2), "pw", nil, "not a single message", false},
		{"ente not otpauth", enteFile(t, "pw", 8<<10, 1, "hello\n", 0), "pw", nil, "no otpauth:// or otpauth-migration:// URI found", false},
		{"authpro wrong password", authPro, "nope", ErrWrongPassword, "wrong password for Authenticator Pro backup (or the file is damaged)", false},
		{"authpro legacy wrong password", authProLegacy, "nope", ErrWrongPassword, "wrong password for Authenticator Pro backup", false},
		{"authpro bit flipped", flip(authPro, len(authPro)-30), "pw", ErrWrongPassword, "(or the file is damaged)", false},
		{"authpro legacy bit flipped", flip(authProLegacy, len(authProLegacy)-20), "pw", ErrWrongPassword, "(or the file is damaged)", false},
		{"authpro header only", authPro[:30], "pw", nil, "Authenticator Pro backup: the file ends after 30 bytes", true},
		{"authpro legacy truncated", authProLegacy[:len(authProLegacy)-5], "pw", nil, "not a whole number of AES blocks", true},
		{"authpro plain truncated", []byte(testAuthPro[:80]), "pw", nil, "Authenticator Pro backup: the JSON ends early", true},
		{"authpro unknown type", []byte(strings.Replace(testAuthPro, `"Type":2`, `"Type":9`, 1)), "pw", nil, "unknown Authenticator Pro backup type 9", true},
		{"authpro unknown algorithm", []byte(strings.Replace(testAuthPro, `"Algorithm":0`, `"Algorithm":3`, 1)), "pw", nil, "unknown Authenticator Pro backup algorithm 3", true},
		{"authpro no list", authProFile(t, "pw", false, `{"Categories":[]}`), "pw", nil, "has no Authenticators list", false},
		{"bitwarden no totp", []byte(`{"encrypted":false,"items":[{"name":"x","login":{"totp":null}}]}`), "pw", nil, "no item with a TOTP field", true},
		{"bitwarden bad totp", []byte(`{"encrypted":false,"items":[{"name":"x","login":{"totp":"!!"}}]}`), "pw", nil, `entry 1 ("x"): TOTP field is neither`, true},
		{"bitwarden csv bad quote", []byte("name,login_totp\nx,\"a\"b\"\n"), "pw", nil, "", true},
		// Issue 11 item 10: numbers capped, types in words, empty vaults
		// and unclosed CSV quotes reported.
		{"2fas huge number", []byte(`{"schemaVersion":4,"services":[{"name":"x","secret":"GEZDGNBV","otp":{"digits":` + strings.Repeat("9", 200000) + `}}]}`), "pw", nil,
			`field "otp.digits" holds the number 9999999999999999999999999999999999999999…, want a whole number of at most 18 digits`, true},
		{"2fas services not a list", []byte(`{"schemaVersion":4,"services":{"a":1}}`), "pw", nil, "2FAS backup services: an object where a list was expected", true},
		{"2fas digits as text", []byte(`{"schemaVersion":4,"services":[{"name":"x","secret":"GEZDGNBV","otp":{"digits":"six"}}]}`), "pw", nil, `field "otp.digits" holds text, want a whole number`, true},
		{"aegis empty vault", []byte(`{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[]}}`), "pw", nil, `"in": Aegis vault holds no accounts`, true},
		{"aegis only unsupported", []byte(`{"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[{"type":"motp","name":"a","issuer":"b","info":{"secret":"GEZDGNBV","algo":"MD5","digits":6,"period":10}}]}}`), "pw", nil,
			`Aegis vault holds no accounts otpmigrate can read (entry 1 ("b"): Aegis vault type "motp" is not supported; left out)`, true},
		{"2fas empty", []byte(`{"schemaVersion":4,"services":[]}`), "pw", nil, "2FAS backup holds no accounts", true},
		{"bitwarden csv unclosed quote", []byte("name,login_totp\nGitHub,JBSWY3DPEHPK3PXP\n\"Dropbox,JBSWY3DPEHPK3PXP\nAWS,JBSWY3DPEHPK3PXP\n"), "pw", nil,
			`"in": line 3: Bitwarden export: malformed CSV: a quoted field opened here is never closed`, true},
		{"steam bad secret", []byte(`{"shared_secret":"!!","account_name":"a"}`), "pw", nil, "shared_secret is not valid base64", true},
		// Shared preferences with the app's key but no tokens fail as
		// every other empty backup does.
		{"authy prefs empty", []byte(`<?xml version='1.0' encoding='utf-8' standalone='yes' ?><map><string name="com.authy.storage.tokens.authenticator.key">[]</string></map>`), "pw", nil,
			`"in": Authy token file holds no accounts`, true},
		{"totp authenticator prefs empty", []byte(`<?xml version='1.0' encoding='utf-8' standalone='yes' ?><map><string name="STATIC_TOTP_CODES_LIST">[]</string></map>`), "pw", nil,
			`"in": TOTP Authenticator backup holds no accounts`, true},
	}
	// Cases read as declared andOTP backups (Options.AssumeAndOTP): the
	// old format, and a new one whose iteration count andOTP never writes.
	declared := map[string]bool{"andotp old wrong password": true, "andotp huge iterations": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked := 0
			_, err := Decode([]Input{{Name: "in", Data: tt.data}}, Options{AssumeAndOTP: declared[tt.name], Password: func(input, format string) ([]byte, error) {
				asked++
				return []byte(tt.password), nil
			}})
			if err == nil {
				if tt.want == "" {
					return // lenient CSV reading may accept it
				}
				t.Fatal("no error")
			}
			if tt.want != "" && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("err = %q does not wrap %v", err, tt.sentinel)
			}
			if tt.sentinel == nil && errors.Is(err, ErrWrongPassword) {
				t.Errorf("err = %q claims a wrong password", err)
			}
			var de *Error
			if !errors.As(err, &de) || de.Input != "in" {
				t.Errorf("err = %#v does not name the input", err)
			}
			if tt.noAsk && asked > 0 {
				t.Error("asked for a password before finding the problem")
			}
			if strings.Contains(err.Error(), "GEZDGNBV") || strings.Contains(err.Error(), "alice") || strings.Contains(err.Error(), "JBSWY3DP") {
				t.Errorf("err = %q holds a secret or an account name", err)
			}
			if strings.Contains(err.Error(), "appformat.") || strings.Contains(err.Error(), "int64") || len(err.Error()) > 400 {
				t.Errorf("err = %.500q names a Go type or is too long", err)
			}
		})
	}
}

// flipJSONField changes byte i of a base64 field of a JSON object.
func flipJSONField(t *testing.T, data []byte, field string, i int) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(m[field].(string))
	if err != nil {
		t.Fatal(err)
	}
	b[i] ^= 1
	m[field] = base64.StdEncoding.EncodeToString(b)
	out, _ := json.Marshal(m)
	return out
}

// TestAppBackupsOpen: the builders above make files the readers open,
// so that the failures are for the reasons the table says.
func TestAppBackupsOpen(t *testing.T) {
	lowAuthProCost(t)
	lowProtonCost(t)
	for name, data := range map[string][]byte{
		"aegis":          aegisFile(t, "pw", 1<<10, 8, 1, testDB, nil),
		"2fas":           twoFASFile(t, "pw", 4, testServices, true),
		"2fas noref":     twoFASFile(t, "pw", 4, testServices, false),
		"andotp":         andOTPFile(t, "pw", 1000, testAndOTP),
		"andotp old":     andOTPFile(t, "pw", 0, testAndOTP),
		"authpro":        authProFile(t, "pw", false, testAuthPro),
		"authpro legacy": authProFile(t, "pw", true, testAuthPro),
		"authpro plain":  []byte(testAuthPro),
		"freeotp":        freeOTPBackup(t, "pw", 1000, testFreeOTPToken),
		"freeotp xml":    freeOTPXML(testFreeOTPToken),
		"proton":         protonFile(t, "pw", testProton),
		"proton plain":   []byte(testProton),
		"ente":           enteFile(t, "pw", 8<<10, 1, testEnteText, 0),
		"ente final":     enteFile(t, "pw", 8<<10, 1, testEnteText, 3),
	} {
		res, err := Decode([]Input{{Name: name, Data: data}}, Options{AssumeAndOTP: name == "andotp old", Password: func(string, string) ([]byte, error) { return []byte("pw"), nil }})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(res.Accounts) != 1 || res.Accounts[0].Issuer != "Test" || res.Accounts[0].Name != "alice" {
			t.Errorf("%s: %v", name, res.Accounts)
		}
	}
}

// TestAppPasswordSource: without a password source, or when it fails, the
// error says so and is not a wrong password.
func TestAppPasswordSource(t *testing.T) {
	data := twoFASFile(t, "pw", 4, testServices, true)
	_, err := Decode([]Input{{Name: "in", Data: data}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "2FAS backup is encrypted and no password source is set") {
		t.Errorf("no source: %v", err)
	}
	sentinel := errors.New("no terminal")
	_, err = Decode([]Input{{Name: "in", Data: data}}, Options{Password: func(input, format string) ([]byte, error) {
		if input != "in" || format != "2FAS backup" {
			t.Errorf("asked for %q, %q", input, format)
		}
		return nil, sentinel
	}})
	if !errors.Is(err, sentinel) {
		t.Errorf("failing source: %v", err)
	}
}

// TestNotAnAppBackup: binary files with a known signature, short ones and
// ordinary JSON are not taken for backups (no password is asked).
func TestNotAnAppBackup(t *testing.T) {
	for name, data := range map[string][]byte{
		"zip":                append([]byte("PK\x03\x04"), fill(200, 0)...),
		"short":              {0, 1, 2, 3, 0xff},
		"json":               []byte(`{"hello": "world"}`),
		"array":              []byte(`[1, 2, 3]`),
		"low entropy binary": bytes.Repeat([]byte{0, 1, 2, 3}, 100),
	} {
		_, err := Decode([]Input{{Name: name, Data: data}}, Options{Password: func(string, string) ([]byte, error) {
			t.Errorf("%s: password asked", name)
			return nil, errors.New("no")
		}})
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestUnclosedQuote: a quote is open at the end only where encoding/csv
// (with LazyQuotes) would read a field to the end of the data.
func TestUnclosedQuote(t *testing.T) {
	tests := []struct {
		in   string
		line int
		open bool
	}{
		{"a,b\nc,d\n", 0, false},
		{"a,\"b\nc\",d\n", 0, false},        // a quoted field over two lines, closed
		{"a,\"b \"\"x\"\" c\"\n", 0, false}, // escaped quotes
		{"a,b\"c\n", 0, false},              // a quote inside an unquoted field
		{"a,\"b\"c\",d\r\n", 0, false},      // a lazy quote, closed before the comma
		{"a,b\n\"c,d\ne,f\n", 2, true},      // opened on line 2, never closed
		{"a,\"b\"\"\n", 1, true},            // only an escaped quote follows
		{"\"", 1, true},
		{"", 0, false},
	}
	for _, tt := range tests {
		line, open := unclosedQuote([]byte(tt.in))
		if open != tt.open || open && line != tt.line {
			t.Errorf("unclosedQuote(%q) = %d, %v; want %d, %v", tt.in, line, open, tt.line, tt.open)
		}
	}
}
