package decode

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/otpmigrate/otpmigrate"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20"
	"golang.org/x/crypto/chacha20poly1305"
)

const enteFormat = "Ente Auth export"

// Ente Auth's encrypted export (ente-io/ente mobile/apps/auth/lib/models/
// export/ente.dart, written by ui/settings/data/export_widget.dart, read
// by ui/settings/data/import/encrypted_ente_import.dart) is JSON {version
// 1, kdfParams {memLimit, opsLimit, salt}, encryptedData,
// encryptionNonce}: the key is libsodium's crypto_pwhash (Argon2id v1.3,
// opsLimit passes, memLimit bytes, one lane) of the password, and the data
// is one libsodium secretstream XChaCha20-Poly1305 message (the "nonce" is
// the stream header) holding the otpauth URIs, one per line. The plain
// export is that text, which the text reader reads.
//
// deriveSensitiveKey writes memLimit 1 GiB and opsLimit 4, halving the
// memory and doubling the passes on phones that lack it; the costs come
// from the file, so they are capped before any work at that: at most
// 1 GiB and 4 GiB·passes.
const (
	enteVersion      = 1
	enteMaxMemLimit  = 1 << 30
	enteMaxWork      = 4 << 30 // memLimit · opsLimit
	enteSaltSize     = 16      // crypto_pwhash_SALTBYTES
	enteHeaderSize   = 24      // crypto_secretstream_xchacha20poly1305_HEADERBYTES
	enteTagMessage   = 0       // crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
	enteTagFinal     = 3       // crypto_secretstream_xchacha20poly1305_TAG_FINAL
	enteStreamABytes = 17      // a tag byte and a Poly1305 MAC
)

// enteWorkCap is enteMaxWork; fuzz tests lower it.
var enteWorkCap int64 = enteMaxWork

type enteExport struct {
	Version   *int `json:"version"`
	KDFParams *struct {
		MemLimit int64  `json:"memLimit"`
		OpsLimit int64  `json:"opsLimit"`
		Salt     string `json:"salt"`
	} `json:"kdfParams"`
	EncryptedData   string `json:"encryptedData"`
	EncryptionNonce string `json:"encryptionNonce"`
}

func isEnteExport(top map[string]json.RawMessage) bool {
	return has(top, "kdfParams") && has(top, "encryptedData")
}

func readEnte(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	fail := func(format string, args ...any) ([]otpmigrate.Account, []string, error) {
		return nil, nil, appError(name, "", fmt.Errorf("%s: "+format, append([]any{enteFormat}, args...)...), "")
	}
	var e enteExport
	if err := json.Unmarshal(data, &e); err != nil {
		return fail("%v", jsonError(err))
	}
	if e.Version == nil || *e.Version != enteVersion {
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s version other than %d", ErrUnsupportedBackup, enteFormat, enteVersion),
			"update otpmigrate, or export again from Ente Auth")
	}
	if e.KDFParams == nil {
		return fail("kdfParams are missing")
	}
	kp := e.KDFParams
	// libsodium's own bounds: at least 8 KiB and one pass.
	if kp.MemLimit < 8<<10 || kp.OpsLimit < 1 || kp.MemLimit > enteMaxMemLimit || kp.OpsLimit > enteWorkCap || kp.MemLimit*kp.OpsLimit > enteWorkCap {
		return nil, nil, appError(name, "", fmt.Errorf("%s: Argon2 cost memLimit=%d, opsLimit=%d is outside what otpmigrate accepts (memory at most 1 GiB, memory·passes at most %d GiB)",
			enteFormat, kp.MemLimit, kp.OpsLimit, enteWorkCap>>30), "Ente Auth writes memLimit=1073741824, opsLimit=4; this file was not written by Ente Auth or was modified")
	}
	salt, err := base64.StdEncoding.DecodeString(kp.Salt)
	if err != nil || len(salt) != enteSaltSize {
		return fail("the salt is not %d bytes of base64", enteSaltSize)
	}
	header, err := base64.StdEncoding.DecodeString(e.EncryptionNonce)
	if err != nil || len(header) != enteHeaderSize {
		return fail("encryptionNonce is not %d bytes of base64", enteHeaderSize)
	}
	ct, err := base64.StdEncoding.DecodeString(e.EncryptedData)
	if err != nil {
		return fail("encryptedData is not valid base64")
	}
	if len(ct) < enteStreamABytes {
		return fail("encryptedData is too short: the file is truncated")
	}
	pw, err := password(name, enteFormat, opts)
	if err != nil {
		return nil, nil, err
	}
	key := argon2.IDKey(pw, salt, uint32(kp.OpsLimit), uint32(kp.MemLimit>>10), 1, 32)
	plain, tag, err := secretstreamPull(key, header, ct)
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%w for %s (or the file is damaged)", ErrWrongPassword, enteFormat),
			"give the password set when the export was made in Ente Auth")
	}
	// Ente's encryptData writes one message tagged MESSAGE (0); FINAL
	// (3) ends a stream too. PUSH or REKEY would mean more messages.
	if tag != enteTagMessage && tag != enteTagFinal {
		return fail("the encrypted data is not a single message, as Ente Auth writes it")
	}
	items, warns, err := decodeText(Input{Name: name, Data: plain})
	if err != nil {
		return nil, nil, err
	}
	var accounts []otpmigrate.Account
	for _, it := range items {
		if it.part != nil {
			return fail("holds a Google Authenticator export, not Ente's otpauth URIs")
		}
		accounts = append(accounts, it.accounts...)
	}
	return accounts, warns, nil
}

// secretstreamPull decrypts the first message of a libsodium
// crypto_secretstream_xchacha20poly1305 stream (libsodium
// src/libsodium/crypto_secretstream/xchacha20poly1305/secretstream_xchacha20poly1305.c,
// _init_pull and _pull): the state key is HChaCha20 of the key and the
// header's first 16 bytes, the nonce a counter of 1 and the header's last
// 8 bytes. A message is the encrypted tag byte, the ciphertext and a MAC
// computed exactly as ChaCha20-Poly1305 (IETF) computes it over the
// encryption of a 64-byte block (the tag then 63 zeros) followed by the
// message: so the message is opened by that AEAD, given the block's
// ciphertext, whose bytes after the first are the keystream.
func secretstreamPull(key, header, in []byte) (plain []byte, tag byte, err error) {
	if len(key) != 32 || len(header) != enteHeaderSize || len(in) < enteStreamABytes {
		return nil, 0, errors.New("malformed secretstream")
	}
	k, err := chacha20.HChaCha20(key, header[:16])
	if err != nil {
		return nil, 0, err
	}
	nonce := make([]byte, chacha20.NonceSize)
	nonce[0] = 1
	copy(nonce[4:], header[16:])
	stream, err := chacha20.NewUnauthenticatedCipher(k, nonce)
	if err != nil {
		return nil, 0, err
	}
	stream.SetCounter(1)
	block := make([]byte, 64)
	stream.XORKeyStream(block, block)
	block[0] = in[0]
	mlen := len(in) - enteStreamABytes
	sealed := make([]byte, 0, 64+mlen+16)
	sealed = append(append(append(sealed, block...), in[1:1+mlen]...), in[1+mlen:]...)
	aead, err := chacha20poly1305.New(k)
	if err != nil {
		return nil, 0, err
	}
	out, err := aead.Open(nil, nonce, sealed, nil)
	if err != nil {
		return nil, 0, err
	}
	for _, c := range out[1:64] {
		if c != 0 {
			return nil, 0, errors.New("malformed secretstream block")
		}
	}
	return out[64:], out[0], nil
}
