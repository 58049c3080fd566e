package decode

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"testing"
)

func twoFASKey(t testing.TB, pw string, salt []byte) []byte {
	t.Helper()
	k, err := pbkdf2.Key(sha256.New, pw, salt, twoFASIterations, 32)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
