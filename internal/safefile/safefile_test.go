package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out")
	if err := Write(p, []byte("one"), false); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != Mode {
		t.Errorf("mode %v, want %v", st.Mode().Perm(), Mode)
	}
	if err := Write(p, []byte("two"), false); !errors.Is(err, ErrExists) {
		t.Errorf("second write without replace: %v, want ErrExists", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "one" {
		t.Errorf("refused write changed the file to %q", got)
	}
	if err := Write(p, []byte("two"), true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "two" {
		t.Errorf("replace wrote %q", got)
	}
	assertOnly(t, dir, "out")
}

// A failure while filling leaves the old file whole and no temporary file.
func TestWriteFuncFailure(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out")
	if err := Write(p, []byte("old"), false); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFunc(p, true, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the fill error", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("failed write left %q, want the old content", got)
	}
	assertOnly(t, dir, "out")
}

func TestMkdirPrivate(t *testing.T) {
	d := filepath.Join(t.TempDir(), "a", "b")
	if err := MkdirPrivate(d); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(d)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != DirMode {
		t.Errorf("mode %v, want %v", st.Mode().Perm(), DirMode)
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(names) {
		var got []string
		for _, e := range ents {
			got = append(got, e.Name())
		}
		t.Errorf("folder holds %q, want %q", got, names)
	}
}

// A Pending file is not in place until committed, and an abort leaves the
// old file and no temporary file.
func TestPending(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out")
	if err := Write(p, []byte("old"), false); err != nil {
		t.Fatal(err)
	}
	pend, err := Prepare(p, []byte("new"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(pend.TempName()); string(got) != "new" {
		t.Errorf("temporary file holds %q", got)
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("target changed before commit: %q", got)
	}
	if err := pend.Commit(false); !errors.Is(err, ErrExists) {
		t.Errorf("commit without replace: %v, want ErrExists", err)
	}
	pend.Abort()
	assertOnly(t, dir, "out")
	pend, err = Prepare(p, []byte("new"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pend.Commit(true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "new" {
		t.Errorf("after commit: %q", got)
	}
	assertOnly(t, dir, "out")
}
