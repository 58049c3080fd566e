package appformat

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"fmt"
	"io"
)

// Both apps use AES-256-GCM with a 12-byte nonce and a 16-byte tag.
const (
	NonceSize = 12
	TagSize   = 16
	KeySize   = 32
)

// RandomBytes reads n bytes from r.
func RandomBytes(r io.Reader, n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("read random bytes: %v", err)
	}
	return b, nil
}

// GCMSeal encrypts with AES-256-GCM and a random nonce read from r; it
// returns the nonce and ciphertext||tag.
func GCMSeal(r io.Reader, key, plain []byte) (nonce, sealed []byte, err error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, nil, err
	}
	if nonce, err = RandomBytes(r, aead.NonceSize()); err != nil {
		return nil, nil, err
	}
	return nonce, aead.Seal(nil, nonce, plain, nil), nil
}

// GCMOpen decrypts AES-256-GCM ciphertext||tag with no additional data.
// Every length comes from a file, so each is checked rather than trusted
// to the cipher package, which panics on some.
func GCMOpen(key, nonce, sealed []byte) ([]byte, error) {
	return GCMOpenAAD(key, nonce, sealed, nil)
}

// GCMOpenAAD is [GCMOpen] with additional authenticated data.
func GCMOpenAAD(key, nonce, sealed, aad []byte) ([]byte, error) {
	if len(key) != KeySize {
		return nil, errors.New("key is not 32 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	if len(nonce) == 0 || len(nonce) > 64 {
		return nil, fmt.Errorf("nonce of %d bytes", len(nonce))
	}
	aead, err := cipher.NewGCMWithNonceSize(block, len(nonce))
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.Overhead() {
		return nil, errors.New("ciphertext is shorter than its tag")
	}
	return aead.Open(nil, nonce, sealed, aad)
}
