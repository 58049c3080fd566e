package decode

import (
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/asn1"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
)

// FreeOTP (freeotp/freeotp-android) keeps tokens in shared preferences:
// tokens.xml, one JSON string per token (Token.java, Gson field names) and
// a "tokenOrder" list. Version 1 stores each secret in the JSON as signed
// bytes; version 2 backups (FreeOTP 2.0+, "Backup" in the app) are a Java-
// serialised HashMap<String,String> holding the same token JSON under
// "<uuid>-token", each secret AES-GCM encrypted under "<uuid>" with a
// master key, and the master key itself under "masterKey", encrypted with
// a PBKDF2 key of the password (encryptor/MasterKey.java,
// encryptor/EncryptedKey.java). FreeOTP+ (helloworld1/FreeOTPPlus) writes
// the same token JSON, as tokens.xml or as a JSON export. Aegis reads
// all of them: beemdevelopment/Aegis app/src/main/java/com/
// beemdevelopment/aegis/importers/FreeOtpImporter.java and
// FreeOtpPlusImporter.java.
const (
	freeOTPFormat     = "FreeOTP backup"
	freeOTPPlusFormat = "FreeOTP+ export"
)

// freeOTPToken is Token.java's JSON. Pointers tell absent from zero where
// FreeOTP substitutes a default.
type freeOTPToken struct {
	Algo      *string `json:"algo"`
	Counter   uint64  `json:"counter"`
	Digits    *int    `json:"digits"`
	IssuerExt *string `json:"issuerExt"`
	IssuerInt *string `json:"issuerInt"`
	IssuerAlt *string `json:"issuerAlt"`
	Label     string  `json:"label"`
	LabelAlt  *string `json:"labelAlt"`
	Period    *int    `json:"period"`
	Secret    []int8  `json:"secret"`
	Type      string  `json:"type"`
	Image     *string `json:"image"`
}

// isFreeOTPToken reports whether a string is a token's JSON: an object
// with a type and (version 1) a secret, or (version 2) issuer fields.
func isFreeOTPToken(s string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(s), &m) != nil {
		return false
	}
	return has(m, "type") && (has(m, "secret") || has(m, "issuerExt") || has(m, "label"))
}

// freeOTPAccount converts a token; secret is its key. keyAlg is the HMAC
// named by a version 2 key ("HmacSHA256"), used when the token has no
// algo, as FreeOTP keys the HMAC by it.
func freeOTPAccount(t freeOTPToken, secret []byte, keyAlg string) (otpmigrate.Account, error) {
	issuer := ""
	switch {
	case t.IssuerAlt != nil:
		issuer = *t.IssuerAlt // Token.compat: labels the user edited
	case t.IssuerExt != nil:
		issuer = *t.IssuerExt
	case t.IssuerInt != nil:
		issuer = *t.IssuerInt
	}
	label := t.Label
	if t.LabelAlt != nil {
		label = *t.LabelAlt
	}
	a := otpmigrate.Account{Issuer: issuer, Name: label, Secret: secret, Digits: 6, Algorithm: otpmigrate.SHA1}
	if t.Digits != nil {
		a.Digits = *t.Digits
	}
	alg := strings.TrimPrefix(keyAlg, "Hmac")
	if t.Algo != nil && *t.Algo != "" {
		alg = *t.Algo
	}
	if alg != "" {
		var err error
		if a.Algorithm, err = otpmigrate.ParseAlgorithm(alg); err != nil {
			return a, err
		}
	}
	switch strings.ToUpper(t.Type) {
	case "TOTP":
		a.Type, a.Period = otpmigrate.TOTP, otpmigrate.DefaultPeriod
		if t.Period != nil {
			a.Period = *t.Period
		}
		// Code.Factory.fromIssuer: the issuer "Steam" gets Steam's
		// alphabet.
		if issuer == "Steam" {
			a.Type = otpmigrate.Steam
		}
	case "HOTP":
		// Token.getCode uses mCounter++: the stored counter is the
		// next one, as in an otpauth URI.
		a.Type, a.Counter = otpmigrate.HOTP, t.Counter
	default:
		return a, fmt.Errorf("unknown FreeOTP token type %q", truncateASCII(t.Type, 16))
	}
	return a, nil
}

func freeOTPSecret(b []int8) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = byte(c)
	}
	return out
}

// freeOTPList converts tokens in the order of order (token keys), then
// those it does not list, in file order.
type freeOTPItem struct {
	key    string
	token  freeOTPToken
	secret []byte
	keyAlg string
}

func freeOTPConvert(name, format string, items []freeOTPItem, order []string) ([]otpmigrate.Account, []string, error) {
	if len(items) == 0 {
		return nil, nil, appError(name, "", fmt.Errorf("%s holds no tokens", format), "")
	}
	if len(items) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d entries, more than %d", format, len(items), maxAppEntries), "")
	}
	pos := map[string]int{}
	for i, it := range items {
		pos[it.key] = i
	}
	done := make([]bool, len(items))
	var sorted []freeOTPItem
	for _, k := range order {
		if i, ok := pos[k]; ok && !done[i] {
			done[i] = true
			sorted = append(sorted, items[i])
		}
	}
	for i, it := range items {
		if !done[i] {
			sorted = append(sorted, it)
		}
	}
	drop := dropped{}
	accounts := make([]otpmigrate.Account, 0, len(sorted))
	for i, it := range sorted {
		a, err := freeOTPAccount(it.token, it.secret, it.keyAlg)
		if err != nil {
			return nil, nil, appError(name, entryWhere(i, a.Issuer), err, "")
		}
		drop.add("images", it.token.Image != nil && *it.token.Image != "")
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, drop.warning(name, format), nil
}

// readFreeOTPPrefs reads a version 1 tokens.xml (FreeOTP's or FreeOTP+'s).
func readFreeOTPPrefs(name string, prefs []pref) ([]otpmigrate.Account, []string, error) {
	var items []freeOTPItem
	var order []string
	for _, p := range prefs {
		if p.Kind != "string" {
			continue
		}
		if p.Name == "tokenOrder" {
			if json.Unmarshal([]byte(p.Value), &order) != nil {
				return nil, nil, appError(name, "", fmt.Errorf("%s: tokenOrder is not a JSON list of names", freeOTPFormat), "")
			}
			continue
		}
		var t freeOTPToken
		if err := json.Unmarshal([]byte(p.Value), &t); err != nil {
			return nil, nil, appError(name, fmt.Sprintf("entry %d", len(items)+1), fmt.Errorf("%s: %v", freeOTPFormat, jsonError(err)), "")
		}
		if t.Secret == nil {
			return nil, nil, appError(name, entryWhere(len(items), derefOr(t.IssuerExt)), fmt.Errorf("%s token has no secret", freeOTPFormat), "")
		}
		items = append(items, freeOTPItem{key: p.Name, token: t, secret: freeOTPSecret(t.Secret)})
	}
	return freeOTPConvert(name, freeOTPFormat, items, order)
}

// isFreeOTPPrefs reports whether a shared preferences map is FreeOTP's.
func isFreeOTPPrefs(prefs []pref) bool {
	tokens := 0
	for _, p := range prefs {
		if p.Kind != "string" || p.Name == "tokenOrder" {
			continue
		}
		if !isFreeOTPToken(p.Value) {
			return false
		}
		tokens++
	}
	return tokens > 0
}

func derefOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// freeOTPPlusExport is FreeOTP+'s JSON export (Aegis's
// FreeOtpPlusImporter.java reads "tokens").
type freeOTPPlusExport struct {
	TokenOrder []string       `json:"tokenOrder"`
	Tokens     []freeOTPToken `json:"tokens"`
}

// isFreeOTPPlusExport reports whether a JSON object's tokens are FreeOTP
// tokens.
func isFreeOTPPlusExport(top map[string]json.RawMessage) bool {
	var tokens []json.RawMessage
	if json.Unmarshal(top["tokens"], &tokens) != nil || len(tokens) == 0 {
		return false
	}
	return isFreeOTPToken(string(tokens[0]))
}

func readFreeOTPPlus(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	var e freeOTPPlusExport
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", freeOTPPlusFormat, jsonError(err)), "")
	}
	items := make([]freeOTPItem, 0, len(e.Tokens))
	for i, t := range e.Tokens {
		if t.Secret == nil {
			return nil, nil, appError(name, entryWhere(i, derefOr(t.IssuerExt)), fmt.Errorf("%s token has no secret", freeOTPPlusFormat), "")
		}
		// The export lists tokens in the app's order already.
		items = append(items, freeOTPItem{key: fmt.Sprint(i), token: t, secret: freeOTPSecret(t.Secret)})
	}
	return freeOTPConvert(name, freeOTPPlusFormat, items, nil)
}

// Version 2 backups.

// javaStreamMagic starts every Java object serialisation stream
// (java.io.ObjectStreamConstants: STREAM_MAGIC 0xaced, STREAM_VERSION 5),
// followed here by TC_OBJECT, TC_CLASSDESC and java.util.HashMap's name.
var javaHashMapMagic = []byte("\xac\xed\x00\x05\x73\x72\x00\x11java.util.HashMap")

func isFreeOTPBackup(data []byte) bool {
	return len(data) > len(javaHashMapMagic) && string(data[:len(javaHashMapMagic)]) == string(javaHashMapMagic)
}

// Java serialisation type codes (java.io.ObjectStreamConstants).
const (
	tcNull         = 0x70
	tcReference    = 0x71
	tcClassDesc    = 0x72
	tcObject       = 0x73
	tcString       = 0x74
	tcBlockData    = 0x77
	tcEndBlockData = 0x78
	tcLongString   = 0x7c
)

// javaReader reads a serialisation stream; every read is bounds-checked.
type javaReader struct {
	b   []byte
	err error
}

func (r *javaReader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = errors.New("the serialised map ends early: the file is truncated")
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *javaReader) u8() byte {
	if b := r.next(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *javaReader) u16() int {
	if b := r.next(2); b != nil {
		return int(binary.BigEndian.Uint16(b))
	}
	return 0
}

func (r *javaReader) u32() uint32 {
	if b := r.next(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (r *javaReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

// string reads a TC_STRING or TC_LONGSTRING object.
func (r *javaReader) string() string {
	var n uint64
	switch c := r.u8(); c {
	case tcString:
		n = uint64(r.u16())
	case tcLongString:
		if b := r.next(8); b != nil {
			n = binary.BigEndian.Uint64(b)
		}
	case tcReference:
		r.fail("the serialised map refers back to an earlier string, which FreeOTP does not write")
		return ""
	default:
		r.fail("the serialised map holds an object of type 0x%02x where a string was expected", c)
		return ""
	}
	if n > uint64(len(r.b)) {
		r.fail("the serialised map ends early: the file is truncated")
		return ""
	}
	return javaUTF(r.next(int(n)))
}

// javaUTF converts Java's modified UTF-8 (NUL as C0 80, characters beyond
// the BMP as two encoded surrogates) to UTF-8.
func javaUTF(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var units []uint16
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			units = append(units, uint16(c))
			i++
		case c&0xe0 == 0xc0 && i+1 < len(b):
			units = append(units, uint16(c&0x1f)<<6|uint16(b[i+1]&0x3f))
			i += 2
		case c&0xf0 == 0xe0 && i+2 < len(b):
			units = append(units, uint16(c&0x0f)<<12|uint16(b[i+1]&0x3f)<<6|uint16(b[i+2]&0x3f))
			i += 3
		default:
			units = append(units, utf8.RuneError)
			i++
		}
	}
	return string(utf16.Decode(units))
}

// parseJavaHashMap reads a serialised java.util.HashMap<String,String>
// (java.util.HashMap.writeObject: the fields loadFactor and, from Android
// API 24 on, threshold, then a block with capacity and size, then the
// pairs).
func parseJavaHashMap(data []byte) (map[string]string, []string, error) {
	r := &javaReader{b: data[len(javaHashMapMagic):]}
	r.next(8) // serialVersionUID
	r.u8()    // flags
	nfields := r.u16()
	fieldBytes := 0
	for range nfields {
		switch t := r.u8(); t {
		case 'F', 'I':
			fieldBytes += 4
		default:
			r.fail("the serialised HashMap has a field of type %q, which otpmigrate does not know", truncateASCII(string(rune(t)), 1))
		}
		r.next(r.u16()) // field name
	}
	if r.u8() != tcEndBlockData || r.u8() != tcNull {
		r.fail("the serialised HashMap's class description is not the one Android writes")
	}
	r.next(fieldBytes)
	if r.u8() != tcBlockData || r.u8() != 8 {
		r.fail("the serialised HashMap has no capacity and size block")
	}
	r.u32() // capacity
	size := r.u32()
	if r.err == nil && size > maxPrefs {
		r.fail("the serialised map has %d entries, more than %d", size, maxPrefs)
	}
	m := map[string]string{}
	var keys []string
	for i := uint32(0); i < size && r.err == nil; i++ {
		k, v := r.string(), r.string()
		if r.err == nil {
			if _, dup := m[k]; !dup {
				keys = append(keys, k)
			}
			m[k] = v
		}
	}
	if r.u8() != tcEndBlockData && r.err == nil {
		r.fail("the serialised map does not end after its %d entries", size)
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return m, keys, nil
}

// freeOTPEncryptedKey is EncryptedKey.java's JSON.
type freeOTPEncryptedKey struct {
	Cipher     string `json:"mCipher"`
	CipherText []int8 `json:"mCipherText"`
	Parameters []int8 `json:"mParameters"`
	Token      string `json:"mToken"`
}

// freeOTPMasterKey is MasterKey.java's JSON.
type freeOTPMasterKey struct {
	Algorithm    string              `json:"mAlgorithm"`
	EncryptedKey freeOTPEncryptedKey `json:"mEncryptedKey"`
	Iterations   int64               `json:"mIterations"`
	Salt         []int8              `json:"mSalt"`
}

// open decrypts an EncryptedKey with key: AES-GCM, the nonce in the
// DER-encoded GCMParameters (a SEQUENCE of the nonce and the tag length,
// or, on some Android versions, the nonce alone), the key's name as
// additional data.
func (k freeOTPEncryptedKey) open(key []byte) ([]byte, error) {
	if k.Cipher != "AES/GCM/NoPadding" {
		return nil, fmt.Errorf("cipher %q, not AES/GCM/NoPadding", truncateASCII(k.Cipher, 32))
	}
	params := freeOTPSecret(k.Parameters)
	var gp struct {
		Nonce  []byte
		TagLen int `asn1:"optional"`
	}
	nonce := []byte(nil)
	if rest, err := asn1.Unmarshal(params, &gp); err == nil && len(rest) == 0 {
		nonce = gp.Nonce
		if gp.TagLen != 0 && gp.TagLen != 16 {
			return nil, fmt.Errorf("GCM tag of %d bytes, not 16", gp.TagLen)
		}
	} else if rest, err := asn1.Unmarshal(params, &nonce); err != nil || len(rest) != 0 {
		return nil, errors.New("GCM parameters are not valid DER")
	}
	return appformat.GCMOpenAAD(key, nonce, freeOTPSecret(k.CipherText), []byte(k.Token))
}

func readFreeOTPBackup(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	fail := func(format string, args ...any) error {
		return appError(name, "", fmt.Errorf("%s: "+format, append([]any{freeOTPFormat}, args...)...), "")
	}
	m, keys, err := parseJavaHashMap(data)
	if err != nil {
		return nil, nil, fail("%v", err)
	}
	mkJSON, ok := m["masterKey"]
	if !ok {
		return nil, nil, fail("no masterKey entry")
	}
	var mk freeOTPMasterKey
	if err := json.Unmarshal([]byte(mkJSON), &mk); err != nil {
		return nil, nil, fail("masterKey: %v", jsonError(err))
	}
	// MasterKey.getSecretKeyFactory: SHA-512, or SHA-1 where the
	// platform lacks it.
	var h func() hash.Hash
	switch mk.Algorithm {
	case "PBKDF2withHmacSHA512":
		h = sha512.New
	case "PBKDF2withHmacSHA1":
		h = sha1.New
	default:
		return nil, nil, fail("master key derivation %q, not PBKDF2withHmacSHA512 or SHA1", truncateASCII(mk.Algorithm, 32))
	}
	// The key is as long as the salt (MasterKey.decrypt); AES takes 16,
	// 24 or 32 bytes.
	if n := len(mk.Salt); n != 16 && n != 24 && n != 32 {
		return nil, nil, fail("master key salt of %d bytes", n)
	}
	if mk.Iterations < 1 || mk.Iterations > pbkdf2IterationsCap {
		return nil, nil, appError(name, "", fmt.Errorf("%s: PBKDF2 iteration count %d is outside 1 to %d", freeOTPFormat, mk.Iterations, pbkdf2IterationsCap),
			"FreeOTP writes 100000; this file was not written by FreeOTP or was modified")
	}
	// Gather the tokens before asking for the password, so that a file
	// without any fails first.
	type encToken struct {
		key   string
		token freeOTPToken
		enc   freeOTPEncryptedKey
	}
	var tokens []encToken
	var order []string
	for _, k := range keys {
		if k == "masterKey" || strings.HasSuffix(k, "-token") {
			continue
		}
		if k == "tokenOrder" {
			_ = json.Unmarshal([]byte(m[k]), &order) // the order is optional
			continue
		}
		where := fmt.Sprintf("token %d", len(tokens)+1)
		var wrapper struct {
			Key string `json:"key"`
		}
		var enc freeOTPEncryptedKey
		if err := json.Unmarshal([]byte(m[k]), &wrapper); err != nil {
			return nil, nil, appError(name, where, fmt.Errorf("%s: %v", freeOTPFormat, jsonError(err)), "")
		}
		if err := json.Unmarshal([]byte(wrapper.Key), &enc); err != nil {
			return nil, nil, appError(name, where, fmt.Errorf("%s: key: %v", freeOTPFormat, jsonError(err)), "")
		}
		tj, ok := m[k+"-token"]
		if !ok {
			return nil, nil, appError(name, where, fmt.Errorf("%s: the token's settings are missing", freeOTPFormat), "")
		}
		var t freeOTPToken
		if err := json.Unmarshal([]byte(tj), &t); err != nil {
			return nil, nil, appError(name, where, fmt.Errorf("%s: %v", freeOTPFormat, jsonError(err)), "")
		}
		tokens = append(tokens, encToken{key: k, token: t, enc: enc})
	}
	if len(tokens) == 0 {
		return nil, nil, fail("holds no tokens")
	}
	if len(tokens) > maxAppEntries {
		return nil, nil, fail("%d entries, more than %d", len(tokens), maxAppEntries)
	}
	pw, err := password(name, freeOTPFormat, opts)
	if err != nil {
		return nil, nil, err
	}
	pwKey, err := pbkdf2.Key(h, string(pw), freeOTPSecret(mk.Salt), int(mk.Iterations), len(mk.Salt))
	if err != nil {
		return nil, nil, fail("%v", err)
	}
	master, err := mk.EncryptedKey.open(pwKey)
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%w for %s (or its master key was modified)", ErrWrongPassword, freeOTPFormat),
			"give the password set in FreeOTP for backups")
	}
	if n := len(master); n != 16 && n != 24 && n != 32 {
		return nil, nil, fail("master key of %d bytes", n)
	}
	items := make([]freeOTPItem, 0, len(tokens))
	for i, t := range tokens {
		secret, err := t.enc.open(master)
		if err != nil {
			return nil, nil, appError(name, entryWhere(i, derefOr(t.token.IssuerExt)),
				fmt.Errorf("%s: the password is right but the secret fails authentication: the file is damaged or was modified", freeOTPFormat), "")
		}
		// The token's name in the map is its uuid; tokenOrder lists
		// uuids too.
		items = append(items, freeOTPItem{key: t.key, token: t.token, secret: secret, keyAlg: t.enc.Token})
	}
	return freeOTPConvert(name, freeOTPFormat, items, order)
}
