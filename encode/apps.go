package encode

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/otpmigrate/otpmigrate"
)

// ErrEmptyPassword is returned when an encrypted backup is asked for with
// an empty password.
var ErrEmptyPassword = errors.New("empty password")

func randReader(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}

func randomBytes(r io.Reader, n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("read random bytes: %v", err)
	}
	return b, nil
}

// gcmSeal encrypts with AES-256-GCM and a random 12-byte nonce; it
// returns the nonce and ciphertext||tag.
func gcmSeal(r io.Reader, key, plain []byte) (nonce, sealed []byte, err error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, nil, err
	}
	if nonce, err = randomBytes(r, aead.NonceSize()); err != nil {
		return nil, nil, err
	}
	return nonce, aead.Seal(nil, nonce, plain, nil), nil
}

// uuid4 returns a random (version 4) UUID, as the apps give entries.
func uuid4(r io.Reader) (string, error) {
	b, err := randomBytes(r, 16)
	if err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:]), nil
}

// checkAccounts validates accounts before they are written, naming a bad
// one by position and issuer, never by name or secret.
func checkAccounts(accounts []otpmigrate.Account) error {
	for i, a := range accounts {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("account %d (%q): %v", i+1, a.Issuer, err)
		}
	}
	return nil
}
