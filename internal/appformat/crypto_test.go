package appformat

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"testing"
)

// cbcRaw encrypts already padded blocks, so that tests can give CBCOpen
// any padding, good or bad.
func cbcRaw(t *testing.T, key, iv, padded []byte) []byte {
	t.Helper()
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	ct := make([]byte, len(padded))
	cipher.NewCBCEncrypter(b, iv).CryptBlocks(ct, padded)
	return ct
}

func TestCBCRoundTrip(t *testing.T) {
	key, iv := bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{9}, 16)
	for n := range 40 {
		plain := bytes.Repeat([]byte{'a'}, n)
		ct, err := CBCSeal(key, iv, plain)
		if err != nil {
			t.Fatal(err)
		}
		if want := (n/16 + 1) * 16; len(ct) != want {
			t.Errorf("%d bytes sealed to %d, want %d", n, len(ct), want)
		}
		got, err := CBCOpen(key, iv, ct)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("%d bytes: got %q, %v", n, got, err)
		}
	}
}

func TestCBCOpenRefusesBadPadding(t *testing.T) {
	key, iv := bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{9}, 16)
	block := func(tail ...byte) []byte {
		return append(bytes.Repeat([]byte{'x'}, 32-len(tail)), tail...)
	}
	for name, padded := range map[string][]byte{
		"zero":             block(0),
		"seventeen":        block(17),
		"255":              block(255),
		"one byte short":   block(1, 3, 3),
		"mixed":            block(2, 4, 4, 4),
		"first of sixteen": append(bytes.Repeat([]byte{'x'}, 16), append([]byte{15}, bytes.Repeat([]byte{16}, 15)...)...),
	} {
		if got, err := CBCOpen(key, iv, cbcRaw(t, key, iv, padded)); !errors.Is(err, ErrBadPadding) {
			t.Errorf("%s: got %q, %v, want ErrBadPadding", name, got, err)
		}
	}
	// Good padding of every length opens.
	for n := 1; n <= 16; n++ {
		padded := block(bytes.Repeat([]byte{byte(n)}, n)...)
		got, err := CBCOpen(key, iv, cbcRaw(t, key, iv, padded))
		if err != nil || len(got) != 32-n {
			t.Errorf("padding %d: %d bytes, %v", n, len(got), err)
		}
	}
}

func TestCBCOpenMalformed(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	for name, c := range map[string]struct{ iv, ct []byte }{
		"empty":      {make([]byte, 16), nil},
		"partial":    {make([]byte, 16), make([]byte, 17)},
		"short iv":   {make([]byte, 8), make([]byte, 16)},
		"missing iv": {nil, make([]byte, 16)},
	} {
		if _, err := CBCOpen(key, c.iv, c.ct); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
	if _, err := CBCOpen(make([]byte, 5), make([]byte, 16), make([]byte, 16)); err == nil {
		t.Error("a 5-byte key opened")
	}
}

func TestGCMKeyLengths(t *testing.T) {
	nonce, aad := bytes.Repeat([]byte{1}, 12), []byte("name")
	for _, n := range []int{16, 24, 32} {
		key := bytes.Repeat([]byte{7}, n)
		b, _ := aes.NewCipher(key)
		g, _ := cipher.NewGCM(b)
		sealed := g.Seal(nil, nonce, []byte("secret"), aad)
		if got, err := GCMOpenAAD(key, nonce, sealed, aad); err != nil || string(got) != "secret" {
			t.Errorf("AES-%d with AAD: %q, %v", 8*n, got, err)
		}
		if _, err := GCMOpenAAD(key, nonce, sealed, nil); err == nil {
			t.Errorf("AES-%d opened without its AAD", 8*n)
		}
		// GCMOpen is for the apps whose keys are always AES-256.
		plainSealed := g.Seal(nil, nonce, []byte("secret"), nil)
		if _, err := GCMOpen(key, nonce, plainSealed); (err == nil) != (n == KeySize) {
			t.Errorf("GCMOpen with a %d-byte key: %v", n, err)
		}
	}
	key := bytes.Repeat([]byte{7}, 32)
	for name, c := range map[string]struct{ nonce, sealed []byte }{
		"no nonce":     {nil, make([]byte, 32)},
		"long nonce":   {make([]byte, 65), make([]byte, 32)},
		"short sealed": {nonce, make([]byte, 15)},
	} {
		if _, err := GCMOpenAAD(key, c.nonce, c.sealed, nil); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
}
