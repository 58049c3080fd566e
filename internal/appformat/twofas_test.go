package appformat

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// TestTwoFASReference checks the reference text against a real backup.
func TestTwoFASReference(t *testing.T) {
	dir := filepath.Join(testtool.SharedFixtures(t, "../.."), "aegis", "importers")
	data, err := os.ReadFile(filepath.Join(dir, "2fas_authenticator_encrypted_v4.2fas"))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(`"reference":"`))
	if i < 0 {
		t.Fatal("no reference")
	}
	ref := string(data[i+len(`"reference":"`):])
	ref = strings.ReplaceAll(ref[:strings.IndexByte(ref, '"')], `\/`, "/")
	s, err := ParseTwoFASField(ref)
	if err != nil {
		t.Fatal(err)
	}
	key, err := TwoFASKey([]byte("test"), s.Salt, TwoFASIterations)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := GCMOpen(key, s.IV, s.Sealed)
	if err != nil {
		t.Fatal(err)
	}
	if string(plain) != TwoFASReference {
		t.Errorf("reference decrypts to a different text")
	}
}
