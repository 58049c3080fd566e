package zipcrypt

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// The archives in testdata were made with Info-ZIP zip 3.0 (zip -P pw;
// -0 stored; "-" streamed, with a data descriptor) and 7-Zip 26.02 (7zz a
// -tzip -mem=AES256 / AES128 -ppw; AE-2), from testdata/Accounts.txt.

func entry(t testing.TB, data []byte) *zip.File {
	t.Helper()
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return r.File[0]
}

func TestReadFile(t *testing.T) {
	want, err := os.ReadFile("testdata/Accounts.txt")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/*.zip")
	if len(files) != 5 {
		t.Fatalf("%d archives", len(files))
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f := entry(t, data)
			got, err := ReadFile(f, []byte("pw"), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("content %q", got)
			}
			if _, err := ReadFile(f, []byte("wrong"), 1<<20); !errors.Is(err, ErrPassword) {
				t.Errorf("wrong password: %v", err)
			}
			if _, err := ReadFile(f, []byte("pw"), 10); err == nil || !strings.Contains(err.Error(), "more than 10") {
				t.Errorf("size cap: %v", err)
			}
			// Every changed byte of the entry's data is an error, never
			// other content.
			start, _ := f.DataOffset()
			for i := start; i < start+int64(f.CompressedSize64); i++ {
				if got, err := ReadFile(entry(t, flip(data, i)), []byte("pw"), 1<<20); err == nil && !bytes.Equal(got, want) {
					t.Errorf("byte %d changed: other content without an error", i)
				}
			}
		})
	}
}

func flip(b []byte, i int64) []byte {
	out := bytes.Clone(b)
	out[i] ^= 0x40
	return out
}

// TestAuthenticatorPlus opens Aegis's test file of Authenticator Plus
// (traditional encryption, deflate, data descriptor).
func TestAuthenticatorPlus(t *testing.T) {
	dir := filepath.Join(testtool.SharedFixtures(t, "../.."), "aegis", "importers")
	data, err := os.ReadFile(filepath.Join(dir, "authenticator_plus.zip"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(entry(t, data), []byte("testtesttest"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(got), "otpauth://"); n != 7 {
		t.Errorf("%d URIs", n)
	}
}

func FuzzReadFile(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.zip")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		for _, zf := range r.File {
			if got, err := ReadFile(zf, []byte("pw"), 1<<16); err == nil && len(got) > 1<<16 {
				t.Fatalf("%d bytes, above the cap", len(got))
			}
		}
	})
}
