package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// A very long target name still gives a temporary name a file system takes.
func TestTempNameLongTarget(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("é", 120) + ".png" // 244 bytes
	if err := Write(filepath.Join(dir, long), []byte("x"), false); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, long)
}

// resetPending undoes RemovePending for the tests that follow.
func resetPending(t *testing.T) {
	t.Cleanup(func() {
		pending.Lock()
		pending.closed = false
		pending.Unlock()
	})
}

// RemovePending, as a signal handler calls it, removes every uncommitted
// temporary file, and no write starts or commits after it.
func TestRemovePending(t *testing.T) {
	resetPending(t)
	dir := t.TempDir()
	var ps []*Pending
	for _, name := range []string{"a.png", "b.png", "sheet.html"} {
		p, err := Prepare(filepath.Join(dir, name), []byte("secret"))
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if err := ps[0].Commit(false); err != nil {
		t.Fatal(err)
	}
	if n := RemovePending(); n != 2 {
		t.Errorf("RemovePending removed %d files, want 2", n)
	}
	assertOnly(t, dir, "a.png")
	if err := ps[1].Commit(true); !errors.Is(err, ErrInterrupted) {
		t.Errorf("commit after RemovePending: %v, want ErrInterrupted", err)
	}
	if _, err := Prepare(filepath.Join(dir, "c.png"), []byte("secret")); !errors.Is(err, ErrInterrupted) {
		t.Errorf("prepare after RemovePending: %v, want ErrInterrupted", err)
	}
	assertOnly(t, dir, "a.png")
}

// RemoveStale removes the temporary files of processes that are gone, and
// nothing else; the first write into a folder runs it.
func TestRemoveStale(t *testing.T) {
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	deadPID := dead.ProcessState.Pid()
	dir := t.TempDir()
	name := func(base string, pid int) string {
		return fmt.Sprintf(".%s.otpmigrate-%d-0123456789abcdef.tmp", base, pid)
	}
	keep := []string{
		name("live.png", os.Getppid()),  // a running process's
		name("mine.png", os.Getpid()),   // ours
		".x.png.tmp-123456",             // not ours by name
		".x.png.otpmigrate-1-short.tmp", // not ours by name
		"2fa.age",
	}
	for _, n := range append([]string{name("dead.png", deadPID), name("sheet.html", deadPID)}, keep...) {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("secret"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, name("folder", deadPID)), 0o700); err != nil {
		t.Fatal(err)
	}
	keep = append(keep, name("folder", deadPID))
	// Writing a file there cleans up first.
	if err := Write(filepath.Join(dir, "new.png"), []byte("x"), false); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, append(keep, "new.png")...)
}
