package encode_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/otpmigrate/otpmigrate"
)

var update = flag.Bool("update", false, "rewrite golden files and the pictures under docs/")

// rfcSecret is RFC 6238's test secret "12345678901234567890", base32
// GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ: synthetic, never a real account.
var rfcSecret = []byte("12345678901234567890")

func sampleAccounts() []otpmigrate.Account {
	bank := otpmigrate.NewTOTP("Example Bank", "alice", rfcSecret)
	bank.Algorithm, bank.Digits = otpmigrate.SHA256, 8
	return []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret),
		bank,
		otpmigrate.NewHOTP("", "alice", rfcSecret, 7),
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./encode -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./encode -update and review the diff)\ngot:\n%s", path, got)
	}
}

// writeDoc writes a picture for the README under docs/ with -update.
func writeDoc(t *testing.T, name string, data []byte) {
	t.Helper()
	if !*update {
		return
	}
	if err := os.WriteFile(filepath.Join("..", "docs", name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
