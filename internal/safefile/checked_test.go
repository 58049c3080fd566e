package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteAllCleansUp makes the second of three writes fail and checks
// that the first file and the folder made for them are gone again.
func TestWriteAllCleansUp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	files := []File{
		{filepath.Join(dir, "a.png"), []byte("a")},
		{filepath.Join(dir, "missing", "b.png"), []byte("b")},
		{filepath.Join(dir, "c.png"), []byte("c")},
	}
	if err := WriteAll(dir, files, false); err == nil {
		t.Fatal("write into a missing folder succeeded")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("folder left behind: %v", err)
	}

	// In a folder that existed before, only the new files go.
	existing := t.TempDir()
	os.WriteFile(filepath.Join(existing, "keep.txt"), []byte("x"), 0o600)
	files[0].Path = filepath.Join(existing, "a.png")
	files[1].Path = filepath.Join(existing, "missing", "b.png")
	err := WriteAll(existing, files, false)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != files[1].Path {
		t.Fatalf("err = %v, want one about %q", err, files[1].Path)
	}
	entries, _ := os.ReadDir(existing)
	if len(entries) != 1 || entries[0].Name() != "keep.txt" {
		t.Errorf("folder holds %v, want only keep.txt", entries)
	}
	// An existing file stops everything before the first write.
	taken := filepath.Join(existing, "keep.txt")
	if err := WriteAll(existing, []File{{filepath.Join(existing, "new.png"), nil}, {taken, nil}}, false); !errors.Is(err, ErrExists) {
		t.Errorf("err = %v, want ErrExists", err)
	}
	if _, err := os.Lstat(filepath.Join(existing, "new.png")); err == nil {
		t.Error("a file was written before the refusal")
	}
}

// TestWriteAllForceKeepsOld: with replace, a write that fails halfway
// replaces none of the existing files.
func TestWriteAllForceKeepsOld(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "a.png")
	os.WriteFile(old, []byte("old"), 0o600)
	files := []File{
		{old, []byte("new")},
		{filepath.Join(dir, "missing", "b.png"), []byte("b")},
	}
	if err := WriteAll(dir, files, true); err == nil {
		t.Fatal("write into a missing folder succeeded")
	}
	if got, _ := os.ReadFile(old); string(got) != "old" {
		t.Errorf("existing file now holds %q, want the old content", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %v, want only a.png", entries)
	}
}

// TestWriteChecked: a failed check leaves the old file and no temporary
// file; the check sees the complete new content.
func TestWriteChecked(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	os.WriteFile(path, []byte("old"), 0o600)
	fill := func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }
	if err := WriteChecked(path, false, fill, nil); !errors.Is(err, ErrExists) {
		t.Errorf("err = %v, want ErrExists", err)
	}
	bad := errors.New("bad")
	var seen string
	err := WriteChecked(path, true, fill, func(tmp string) error {
		b, _ := os.ReadFile(tmp)
		seen = string(b)
		return bad
	})
	var ce *CheckError
	if !errors.As(err, &ce) || !errors.Is(err, bad) {
		t.Errorf("err = %v, want a CheckError", err)
	}
	if seen != "new" {
		t.Errorf("check saw %q", seen)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("file holds %q after a failed check", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %v", entries)
	}
	if err := WriteChecked(path, true, fill, func(string) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("file holds %q", got)
	}
}
