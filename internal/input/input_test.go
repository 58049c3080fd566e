package input

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate/decode"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	pics := filepath.Join(dir, "pics")
	os.MkdirAll(filepath.Join(pics, "sub"), 0o700)
	png := []byte("\x89PNG\r\n\x1a\n rest")
	os.WriteFile(filepath.Join(pics, "sub", "a.png"), png, 0o600)
	os.WriteFile(filepath.Join(pics, "notes.txt"), []byte("not a picture"), 0o600)
	os.WriteFile(filepath.Join(pics, ".hidden.png"), png, 0o600)
	text := filepath.Join(dir, "export.txt")
	os.WriteFile(text, []byte("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n"), 0o600)

	got, err := Read([]string{"-", "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP", text, pics}, strings.NewReader("from stdin"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range got {
		names = append(names, in.Name)
	}
	want := []string{"standard input", "argument 2", text, filepath.Join(pics, "sub", "a.png")}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("inputs %q, want %q", names, want)
	}
	if string(got[0].Data) != "from stdin" || !strings.HasPrefix(string(got[1].Data), "otpauth://") {
		t.Errorf("data %q %q", got[0].Data, got[1].Data)
	}

	_, err = Read([]string{filepath.Join(dir, "missing.png")}, nil)
	var ie *Error
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "missing.png") || !strings.Contains(ie.Hint(), "single quotes") {
		t.Errorf("missing file: %v", err)
	}
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o700)
	if _, err := Read([]string{empty}, nil); err == nil || !strings.Contains(err.Error(), "folder holds no images") {
		t.Errorf("empty folder: %v", err)
	}
	if _, err := Read([]string{"-"}, strings.NewReader(strings.Repeat("x", decode.MaxInputSize+1))); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("oversized standard input: %v", err)
	}
}
