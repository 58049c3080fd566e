package appformat

import (
	"crypto/aes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Bitwarden's password-protected JSON export (bitwarden/clients,
// libs/tools/export/vault-export/vault-export-core/src/services/
// base-vault-export.service.ts, buildPasswordExport) wraps the plain JSON
// export: a key is derived from the password and the salt with the
// account's KDF, stretched by HKDF-Expand-SHA256 into an encryption key
// ("enc") and a MAC key ("mac") (libs/common/src/key-management/crypto/
// key-generation/default-key-generation.service.ts, stretchKey), and both
// a random GUID (the password check) and the export are encrypted as
// EncStrings of type 2: AES-256-CBC with PKCS#7 padding, then HMAC-SHA256
// over IV and ciphertext, written "2.iv|ciphertext|mac" in base64.
// The importer (libs/importer/src/importers/bitwarden/
// bitwarden-password-protected-importer.ts) tells a wrong password by the
// GUID failing to decrypt.
const (
	BitwardenKDFPBKDF2   = 0
	BitwardenKDFArgon2id = 1

	// BitwardenPBKDF2Iterations is Bitwarden's default PBKDF2-SHA256 cost;
	// accounts may raise it to BitwardenMaxPBKDF2Iterations
	// (libs/key-management/src/models/kdf-config.ts, PBKDF2KdfConfig).
	BitwardenPBKDF2Iterations    = 600_000
	BitwardenMaxPBKDF2Iterations = 2_000_000
	// Bitwarden's Argon2id defaults and maxima (Argon2KdfConfig): memory
	// in MiB.
	BitwardenArgon2Iterations     = 3
	BitwardenArgon2Memory         = 64
	BitwardenArgon2Parallelism    = 4
	BitwardenMaxArgon2Iterations  = 10
	BitwardenMaxArgon2Memory      = 1024
	BitwardenMaxArgon2Parallelism = 16
	// BitwardenSaltSize is the random salt Bitwarden draws; the file holds
	// its base64, and the KDF takes that base64 text as the salt.
	BitwardenSaltSize = 16

	bitwardenEncType = "2"
)

// BitwardenProtected is the whole password-protected file.
type BitwardenProtected struct {
	Encrypted         bool   `json:"encrypted"`
	PasswordProtected bool   `json:"passwordProtected"`
	Salt              string `json:"salt"`
	KDFType           int    `json:"kdfType"`
	// int64: a reader checks these against caps before any work.
	KDFIterations  int64  `json:"kdfIterations"`
	KDFMemory      *int64 `json:"kdfMemory,omitempty"`
	KDFParallelism *int64 `json:"kdfParallelism,omitempty"`
	KeyValidation  string `json:"encKeyValidation_DO_NOT_EDIT"`
	Data           string `json:"data"`
}

// BitwardenExport is the plain JSON export of an individual vault
// (libs/tools/export/vault-export/vault-export-core/src/types/
// bitwarden-json-export-types.ts).
type BitwardenExport struct {
	Encrypted bool              `json:"encrypted"`
	Folders   []json.RawMessage `json:"folders"`
	Items     []BitwardenItem   `json:"items"`
}

// BitwardenItem is one cipher; otpmigrate writes logins only (type 1).
type BitwardenItem struct {
	ID             string          `json:"id"`
	OrganizationID *string         `json:"organizationId"`
	FolderID       *string         `json:"folderId"`
	Type           int             `json:"type"`
	Reprompt       int             `json:"reprompt"`
	Name           string          `json:"name"`
	Notes          *string         `json:"notes"`
	Favorite       bool            `json:"favorite"`
	Login          *BitwardenLogin `json:"login"`
	CollectionIDs  json.RawMessage `json:"collectionIds"`
}

// BitwardenLogin is a login item's login; TOTP is an otpauth:// URI, a
// steam:// URI or a bare base32 secret.
type BitwardenLogin struct {
	URIs     []json.RawMessage `json:"uris"`
	Username *string           `json:"username"`
	Password *string           `json:"password"`
	TOTP     string            `json:"totp"`
}

// BitwardenKDF holds a file's KDF parameters.
type BitwardenKDF struct {
	Type                            int
	Iterations, Memory, Parallelism int64 // Memory in MiB (Argon2id only)
}

// CheckBitwardenKDF refuses parameters Bitwarden itself would not write:
// the caps are its own maxima, checked before any work.
func CheckBitwardenKDF(k BitwardenKDF) error {
	switch k.Type {
	case BitwardenKDFPBKDF2:
		if k.Iterations < 1 || k.Iterations > BitwardenMaxPBKDF2Iterations {
			return fmt.Errorf("PBKDF2 iterations %d outside 1 to %d (Bitwarden's maximum)", k.Iterations, BitwardenMaxPBKDF2Iterations)
		}
	case BitwardenKDFArgon2id:
		if k.Iterations < 1 || k.Iterations > BitwardenMaxArgon2Iterations ||
			k.Memory < 1 || k.Memory > BitwardenMaxArgon2Memory ||
			k.Parallelism < 1 || k.Parallelism > BitwardenMaxArgon2Parallelism {
			return fmt.Errorf("Argon2id iterations %d, memory %d MiB, parallelism %d outside Bitwarden's limits (%d, %d MiB, %d)",
				k.Iterations, k.Memory, k.Parallelism, BitwardenMaxArgon2Iterations, BitwardenMaxArgon2Memory, BitwardenMaxArgon2Parallelism)
		}
	default:
		return fmt.Errorf("unknown KDF type %d (Bitwarden has 0, PBKDF2, and 1, Argon2id)", k.Type)
	}
	return nil
}

// BitwardenKeys derives the stretched encryption and MAC keys. The caller
// checks k with CheckBitwardenKDF first.
func BitwardenKeys(password []byte, salt string, k BitwardenKDF) (enc, mac []byte, err error) {
	var master []byte
	switch k.Type {
	case BitwardenKDFPBKDF2:
		if master, err = pbkdf2.Key(sha256.New, string(password), []byte(salt), int(k.Iterations), 32); err != nil {
			return nil, nil, err
		}
	case BitwardenKDFArgon2id:
		// The SDK hashes the salt first (bitwarden/sdk-internal,
		// crates/bitwarden-crypto/src/keys/kdf.rs, derive_kdf_key).
		s := sha256.Sum256([]byte(salt))
		master = argon2.IDKey(password, s[:], uint32(k.Iterations), uint32(k.Memory)*1024, uint8(k.Parallelism), 32)
	default:
		return nil, nil, fmt.Errorf("unknown KDF type %d", k.Type)
	}
	if enc, err = hkdf.Expand(sha256.New, master, "enc", 32); err != nil {
		return nil, nil, err
	}
	if mac, err = hkdf.Expand(sha256.New, master, "mac", 32); err != nil {
		return nil, nil, err
	}
	return enc, mac, nil
}

// BitwardenEncrypt makes a type 2 EncString of plain; the IV is read
// from r.
func BitwardenEncrypt(r io.Reader, enc, mac, plain []byte) (string, error) {
	iv, err := RandomBytes(r, aes.BlockSize)
	if err != nil {
		return "", err
	}
	ct, err := CBCSeal(enc, iv, plain)
	if err != nil {
		return "", err
	}
	b64 := base64.StdEncoding.EncodeToString
	return bitwardenEncType + "." + b64(iv) + "|" + b64(ct) + "|" + b64(bitwardenMAC(mac, iv, ct)), nil
}

// ErrBitwardenMAC is returned by BitwardenDecrypt when the MAC does not
// match: a wrong key, or a changed EncString.
var ErrBitwardenMAC = errors.New("MAC does not match")

// BitwardenDecrypt opens a type 2 EncString. Its MAC is checked before
// anything is decrypted.
func BitwardenDecrypt(enc, mac []byte, s string) ([]byte, error) {
	typ, rest, ok := strings.Cut(s, ".")
	if !ok {
		return nil, errors.New("encrypted field has no type")
	}
	if typ != bitwardenEncType {
		return nil, fmt.Errorf("encrypted field of type %.8q, want 2 (AES-CBC with HMAC)", typ)
	}
	parts := strings.Split(rest, "|")
	if len(parts) != 3 {
		return nil, errors.New("encrypted field is not the three parts iv|data|mac")
	}
	var raw [3][]byte
	for i, p := range parts {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return nil, fmt.Errorf("encrypted field part %d is not valid base64", i+1)
		}
		raw[i] = b
	}
	iv, ct, tag := raw[0], raw[1], raw[2]
	if len(iv) != aes.BlockSize || len(ct) == 0 || len(ct)%aes.BlockSize != 0 || len(tag) != sha256.Size {
		return nil, errors.New("encrypted field has a malformed iv, data or mac")
	}
	if !hmac.Equal(tag, bitwardenMAC(mac, iv, ct)) {
		return nil, ErrBitwardenMAC
	}
	return CBCOpen(enc, iv, ct)
}

func bitwardenMAC(key, iv, ct []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(iv)
	h.Write(ct)
	return h.Sum(nil)
}
