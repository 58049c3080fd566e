package appformat

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
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
	if len(key) != KeySize {
		return nil, errors.New("key is not 32 bytes")
	}
	return GCMOpenAAD(key, nonce, sealed, nil)
}

// GCMOpenAAD is [GCMOpen] with additional authenticated data, and any AES
// key length: FreeOTP's key is as long as the salt its file gives.
func GCMOpenAAD(key, nonce, sealed, aad []byte) ([]byte, error) {
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

// ErrBadPadding is returned by [CBCOpen] when the plaintext does not end
// in PKCS#7 padding: without a MAC, the usual sign of a wrong key.
var ErrBadPadding = errors.New("bad padding")

// CBCSeal pads plain with PKCS#7 (always at least one byte) and encrypts
// it with AES-CBC under key and iv.
func CBCSeal(key, iv, plain []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	if len(iv) != aes.BlockSize {
		return nil, fmt.Errorf("IV of %d bytes", len(iv))
	}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	ct := make([]byte, len(plain)+pad)
	copy(ct, plain)
	for i := len(plain); i < len(ct); i++ {
		ct[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, ct)
	return ct, nil
}

// CBCOpen decrypts AES-CBC ciphertext and removes its PKCS#7 padding.
// The lengths come from files, so they are checked here rather than left
// to CryptBlocks, which panics. The padding is checked in the same steps
// whatever its value, and any fault is the one [ErrBadPadding], so that
// no caller can tell one bad padding from another.
func CBCOpen(key, iv, ct []byte) ([]byte, error) {
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 || len(iv) != aes.BlockSize {
		return nil, errors.New("malformed CBC ciphertext")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	n := int(plain[len(plain)-1])
	good := subtle.ConstantTimeLessOrEq(1, n) & subtle.ConstantTimeLessOrEq(n, aes.BlockSize)
	for i := 1; i <= aes.BlockSize; i++ {
		inPad := subtle.ConstantTimeLessOrEq(i, n)
		same := subtle.ConstantTimeByteEq(plain[len(plain)-i], byte(n))
		good &= subtle.ConstantTimeSelect(inPad, same, 1)
	}
	if good != 1 {
		return nil, ErrBadPadding
	}
	return plain[:len(plain)-n], nil
}
