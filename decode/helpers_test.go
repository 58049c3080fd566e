package decode

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/appformat"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/scrypt"
)

// Builders of small encrypted backups, written from the formats'
// descriptions, with fixed keys and nonces so that tests are repeatable.

func twoFASKey(t testing.TB, pw string, salt []byte) []byte {
	t.Helper()
	k, err := pbkdf2.Key(sha256.New, pw, salt, twoFASKDFIterations, 32)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func seal(t testing.TB, key, nonce, plain []byte) []byte {
	t.Helper()
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		t.Fatal(err)
	}
	return g.Seal(nil, nonce, plain, nil)
}

func fill(n int, b byte) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b + byte(i)
	}
	return out
}

const testDB = `{"version":3,"entries":[{"type":"totp","uuid":"x","name":"alice","issuer":"Test","note":"n","icon":null,"info":{"secret":"GEZDGNBVGY3TQOJQ","algo":"SHA1","digits":6,"period":30},"groups":[]}],"groups":[]}`

// aegisFile builds an encrypted Aegis vault; edit changes it before it is
// marshalled.
func aegisFile(t testing.TB, pw string, n, r, p int, db string, edit func(slot, header map[string]any)) []byte {
	t.Helper()
	master, salt := fill(32, 1), fill(32, 2)
	slotNonce, dbNonce := fill(12, 3), fill(12, 4)
	wrap, err := scrypt.Key([]byte(pw), salt, n, r, p, 32)
	if err != nil {
		t.Fatal(err)
	}
	wrapped := seal(t, wrap, slotNonce, master)
	sealed := seal(t, master, dbNonce, []byte(db))
	slot := map[string]any{"type": 1, "uuid": "u", "key": hex.EncodeToString(wrapped[:32]),
		"key_params": map[string]any{"nonce": hex.EncodeToString(slotNonce), "tag": hex.EncodeToString(wrapped[32:])},
		"n":          n, "r": r, "p": p, "salt": hex.EncodeToString(salt)}
	header := map[string]any{"slots": []any{slot},
		"params": map[string]any{"nonce": hex.EncodeToString(dbNonce), "tag": hex.EncodeToString(sealed[len(sealed)-16:])}}
	if edit != nil {
		edit(slot, header)
	}
	out, err := json.Marshal(map[string]any{"version": 1, "header": header,
		"db": base64.StdEncoding.EncodeToString(sealed[:len(sealed)-16])})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const testServices = `[{"name":"Test","secret":"GEZDGNBVGY3TQOJQ","otp":{"account":"alice","issuer":"Test","digits":6,"period":30,"algorithm":"SHA1","tokenType":"TOTP"}}]`

// twoFASFile builds an encrypted 2FAS backup.
func twoFASFile(t testing.TB, pw string, schema int, services string, withRef bool) []byte {
	t.Helper()
	salt := fill(256, 5)
	key := twoFASKey(t, pw, salt)
	b64 := base64.StdEncoding.EncodeToString
	field := func(plain string, nonce []byte) string {
		return b64(seal(t, key, nonce, []byte(plain))) + ":" + b64(salt) + ":" + b64(nonce)
	}
	m := map[string]any{"services": []any{}, "groups": []any{}, "schemaVersion": schema,
		"servicesEncrypted": field(services, fill(12, 6))}
	if withRef {
		m["reference"] = field(appformat.TwoFASReference, fill(12, 7))
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const testAndOTP = `[{"secret":"GEZDGNBVGY3TQOJQ","issuer":"Test","label":"alice","digits":6,"type":"TOTP","algorithm":"SHA1","thumbnail":"Default","period":30,"tags":["work"]}]`

// andOTPFile builds an encrypted andOTP backup, new format when iter > 0.
func andOTPFile(t testing.TB, pw string, iter uint32, plain string) []byte {
	t.Helper()
	nonce := fill(12, 8)
	if iter == 0 {
		key := sha256.Sum256([]byte(pw))
		return append(nonce, seal(t, key[:], nonce, []byte(plain))...)
	}
	salt := fill(12, 9)
	key, err := pbkdf2.Key(sha1.New, pw, salt, int(iter), 32)
	if err != nil {
		t.Fatal(err)
	}
	out := binary.BigEndian.AppendUint32(nil, iter)
	out = append(append(out, salt...), nonce...)
	return append(out, seal(t, key, nonce, []byte(plain))...)
}

// flip returns a copy of b with one byte changed.
func flip(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	out[i] ^= 0x01
	return out
}

const testAuthPro = `{"Authenticators":[{"Type":2,"Icon":null,"Issuer":"Test","Username":"alice","Secret":"GEZDGNBVGY3TQOJQ","Pin":null,"Algorithm":0,"Digits":6,"Period":30,"Counter":0,"Ranking":0}],"Categories":[],"AuthenticatorCategories":[],"CustomIcons":[]}`

// lowAuthProCost lowers Authenticator Pro's key-derivation costs (fixed by
// the app) for tests that run the readers many times; files built with
// authProFile afterwards use the lowered costs.
func lowAuthProCost(t testing.TB) {
	oldT, oldM, oldP, oldI := authProArgon2Time, authProArgon2Memory, authProArgon2Threads, authProLegacyIter
	authProArgon2Time, authProArgon2Memory, authProArgon2Threads, authProLegacyIter = 1, 64, 1, 10
	t.Cleanup(func() {
		authProArgon2Time, authProArgon2Memory, authProArgon2Threads, authProLegacyIter = oldT, oldM, oldP, oldI
	})
}

// authProFile builds an encrypted Authenticator Pro backup as
// StrongBackupEncryption.cs (or LegacyBackupEncryption.cs) writes it.
func authProFile(t testing.TB, pw string, legacy bool, plain string) []byte {
	t.Helper()
	if legacy {
		salt, iv := fill(authProLegacySaltSize, 10), fill(authProLegacyIVSize, 11)
		key, err := pbkdf2.Key(sha1.New, pw, salt, authProLegacyIter, 32)
		if err != nil {
			t.Fatal(err)
		}
		ct, err := appformat.CBCSeal(key, iv, []byte(plain))
		if err != nil {
			t.Fatal(err)
		}
		return append(append(append([]byte(authProLegacyHeader), salt...), iv...), ct...)
	}
	salt, iv := fill(authProSaltSize, 12), fill(authProIVSize, 13)
	key := argon2.IDKey([]byte(pw), salt, authProArgon2Time, authProArgon2Memory, authProArgon2Threads, 32)
	return append(append(append([]byte(authProHeader), salt...), iv...), seal(t, key, iv, []byte(plain))...)
}

const testFreeOTPToken = `{"algo":"SHA1","counter":0,"digits":6,"issuerExt":"Test","issuerInt":"Test","label":"alice","period":30,"type":"TOTP"}`

// int8JSON writes bytes as FreeOTP's Gson does: a JSON array of Java's
// signed bytes.
func int8JSON(b []byte) string {
	s := make([]int8, len(b))
	for i, c := range b {
		s[i] = int8(c)
	}
	out, _ := json.Marshal(s)
	return string(out)
}

// freeOTPXML builds a version 1 tokens.xml holding one token with
// rfcSecret.
func freeOTPXML(token string) []byte {
	tok := strings.TrimSuffix(token, "}") + `,"secret":` + int8JSON(rfcSecret) + `}`
	esc := func(s string) string { var b bytes.Buffer; xml.EscapeText(&b, []byte(s)); return b.String() }
	return []byte("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n" +
		`    <string name="Test:alice">` + esc(tok) + "</string>\n" +
		`    <string name="tokenOrder">` + esc(`["Test:alice"]`) + "</string>\n</map>")
}

// freeOTPBackup builds a version 2 backup as FreeOTP 2 writes it: a
// serialised HashMap (with the threshold field of API 24 and later) of
// one token with rfcSecret, keyed by the password through PBKDF2-SHA512.
// declared, when given, is the iteration count written in the file instead
// of iter.
func freeOTPBackup(t testing.TB, pw string, iter int, token string, declared ...int) []byte {
	t.Helper()
	params := func(nonce []byte) string {
		der, err := asn1.Marshal(struct {
			Nonce  []byte
			TagLen int
		}{nonce, 16})
		if err != nil {
			t.Fatal(err)
		}
		return int8JSON(der)
	}
	sealAAD := func(key, nonce, plain []byte, aad string) []byte {
		b, _ := aes.NewCipher(key)
		g, _ := cipher.NewGCM(b)
		return g.Seal(nil, nonce, plain, []byte(aad))
	}
	salt, master := fill(32, 14), fill(32, 15)
	mkNonce, tokNonce := fill(12, 16), fill(12, 17)
	pwKey, err := pbkdf2.Key(sha512.New, pw, salt, iter, 32)
	if err != nil {
		t.Fatal(err)
	}
	mk := fmt.Sprintf(`{"mAlgorithm":"PBKDF2withHmacSHA512","mEncryptedKey":{"mCipher":"AES/GCM/NoPadding","mCipherText":%s,"mParameters":%s,"mToken":"AES"},"mIterations":%d,"mSalt":%s}`,
		int8JSON(sealAAD(pwKey, mkNonce, master, "AES")), params(mkNonce), append(declared, iter)[0], int8JSON(salt))
	key, _ := json.Marshal(fmt.Sprintf(`{"mCipher":"AES/GCM/NoPadding","mCipherText":%s,"mParameters":%s,"mToken":"HmacSHA1"}`,
		int8JSON(sealAAD(master, tokNonce, rfcSecret, "HmacSHA1")), params(tokNonce)))
	uuid := "703a00f0-d429-4ec8-8c5d-131f92ef4d47"
	entries := [][2]string{{uuid, `{"key":` + string(key) + `}`}, {uuid + "-token", token}, {"masterKey", mk}}
	out := append([]byte(nil), javaHashMapMagic...)
	out = append(out, 0x05, 0x07, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 0x03, 0x00, 0x02)
	out = append(out, "F\x00\x0aloadFactorI\x00\x09threshold\x78\x70"...)
	out = append(out, 0x3f, 0x40, 0, 0, 0, 0, 0, 0x18, 0x77, 0x08, 0, 0, 0, 0x20)
	out = binary.BigEndian.AppendUint32(out, uint32(len(entries)))
	for _, e := range entries {
		for _, s := range e {
			out = append(out, 0x74)
			out = binary.BigEndian.AppendUint16(out, uint16(len(s)))
			out = append(out, s...)
		}
	}
	return append(out, 0x78)
}

const testProton = `{"version":1,"entries":[{"id":"1","content":{"uri":"otpauth://totp/Test:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Test&algorithm=SHA1&digits=6&period=30","entry_type":"Totp","name":"alice"},"note":null}]}`

// lowProtonCost lowers Proton's Argon2 cost for tests that run the
// reader many times; files built afterwards use it.
func lowProtonCost(t testing.TB) {
	oldT, oldM := protonArgon2Time, protonArgon2Memory
	protonArgon2Time, protonArgon2Memory = 1, 64
	t.Cleanup(func() { protonArgon2Time, protonArgon2Memory = oldT, oldM })
}

// protonFile builds a password-protected Proton Authenticator export as
// proton_import_parser.dart reads it.
func protonFile(t testing.TB, pw, plain string) []byte {
	t.Helper()
	salt, nonce := fill(protonSaltSize, 18), fill(protonNonceSize, 19)
	key := argon2.IDKey([]byte(pw), salt, protonArgon2Time, protonArgon2Memory, 1, 32)
	b, _ := aes.NewCipher(key)
	g, _ := cipher.NewGCM(b)
	sealed := append(append([]byte(nil), nonce...), g.Seal(nil, nonce, []byte(plain), []byte(protonAAD))...)
	out, _ := json.Marshal(map[string]any{"version": 1, "salt": base64.StdEncoding.EncodeToString(salt), "content": base64.StdEncoding.EncodeToString(sealed)})
	return out
}

const testEnteText = "otpauth://totp/Test:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Test\n"

// enteFile builds an encrypted Ente Auth export as export_widget.dart
// writes it (with the Argon2 cost given, tiny in tests): one secretstream
// message, pushed as libsodium does (the AEAD view of secretstreamPull).
func enteFile(t testing.TB, pw string, memLimit, opsLimit int, text string, tag byte) []byte {
	t.Helper()
	salt, header := fill(enteSaltSize, 20), fill(enteHeaderSize, 21)
	key := argon2.IDKey([]byte(pw), salt, uint32(opsLimit), uint32(memLimit>>10), 1, 32)
	k, _ := chacha20.HChaCha20(key, header[:16])
	nonce := make([]byte, chacha20.NonceSize)
	nonce[0] = 1
	copy(nonce[4:], header[16:])
	aead, _ := chacha20poly1305.New(k)
	block := make([]byte, 64)
	block[0] = tag
	ct := aead.Seal(nil, nonce, append(block, text...), nil)
	msg := append([]byte{ct[0]}, ct[64:]...)
	out, _ := json.Marshal(map[string]any{"version": 1,
		"kdfParams":       map[string]any{"memLimit": memLimit, "opsLimit": opsLimit, "salt": base64.StdEncoding.EncodeToString(salt)},
		"encryptedData":   base64.StdEncoding.EncodeToString(msg),
		"encryptionNonce": base64.StdEncoding.EncodeToString(header)})
	return out
}

// decodeWith decodes one input, answering any password prompt with pw;
// asked reports whether there was one.
func decodeWith(name string, data []byte, pw string) (res Result, asked bool, err error) {
	res, err = Decode([]Input{{Name: name, Data: data}}, Options{Password: func(string, string) ([]byte, error) {
		asked = true
		return []byte(pw), nil
	}})
	return res, asked, err
}

// checkDecode decodes one input to exactly want, asking for the password
// pw, and for none when pw is empty.
func checkDecode(t *testing.T, name string, data []byte, pw string, want []otpmigrate.Account) {
	t.Helper()
	res, asked, err := decodeWith(name, data, pw)
	if err != nil {
		t.Fatal(err)
	}
	if asked != (pw != "") {
		t.Errorf("password asked: %v", asked)
	}
	checkAccounts(t, res.Accounts, want)
}
