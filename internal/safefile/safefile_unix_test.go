//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func unixUmask(m int) int          { return unix.Umask(m) }
func unixMkfifo(path string) error { return unix.Mkfifo(path, 0o600) }

// A second Lock waits for the first to unlock, says so once, and the lock
// file is gone afterwards. (flock conflicts between two opens of a file
// even in one process; cmd tests two processes.)
func TestLockWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "2fa.age")
	unlock, err := Lock(path, func() { t.Error("first Lock waited") })
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan struct{}, 2)
	got := make(chan time.Time, 1)
	go func() {
		u, err := Lock(path, func() { waited <- struct{}{} })
		if err != nil {
			t.Error(err)
			got <- time.Time{}
			return
		}
		at := time.Now()
		// Unlock before telling: the check below for the lock file
		// must see this holder's unlock finished, not race with it.
		u()
		got <- at
	}()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Fatal("second Lock never said it waits")
	}
	select {
	case <-got:
		t.Fatal("second Lock did not wait")
	case <-time.After(100 * time.Millisecond):
	}
	released := time.Now()
	unlock()
	if at := <-got; at.Before(released) {
		t.Error("second Lock returned before the first unlocked")
	}
	if len(waited) != 0 {
		t.Error("waiting called more than once")
	}
	if _, err := os.Lstat(LockName(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left behind: %v", err)
	}
}

// A lock file left by a holder that was killed does not block: the kernel
// released the lock with the process.
func TestLockStaleFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "2fa.age")
	if err := os.WriteFile(LockName(path), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	unlock, err := Lock(path, func() { t.Error("waited on a lock nobody holds") })
	if err != nil {
		t.Fatal(err)
	}
	unlock()
}

// A link planted where the lock file goes is not followed.
func TestLockRefusesLink(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "2fa.age")
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("keep"), 0o600)
	os.Symlink(victim, LockName(path))
	if _, err := Lock(path, nil); err == nil {
		t.Error("Lock followed a planted link")
	}
	if got, _ := os.ReadFile(victim); string(got) != "keep" {
		t.Errorf("victim changed: %q", got)
	}
}

// Temporary files are created 0600 whatever the umask, and named so that a
// later run can tell whose they are.
func TestTempFileModeAndName(t *testing.T) {
	old := unixUmask(0)
	defer unixUmask(old)
	dir := t.TempDir()
	p, err := Prepare(filepath.Join(dir, "2fa.age"), []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	st, err := os.Stat(p.TempName())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != Mode {
		t.Errorf("temporary file mode %v, want %v", st.Mode().Perm(), Mode)
	}
	m := tempName.FindStringSubmatch(filepath.Base(p.TempName()))
	if m == nil || m[1] != strconv.Itoa(os.Getpid()) || !strings.HasPrefix(filepath.Base(p.TempName()), ".2fa.age.") {
		t.Errorf("temporary name %q does not carry the target and this PID", filepath.Base(p.TempName()))
	}
}

// Only a regular file is replaced: not a named pipe, a link, a folder or a
// device.
func TestReplaceOnlyRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := unixMkfifo(fifo); err != nil {
		t.Skip("no named pipes:", err)
	}
	link := filepath.Join(dir, "link")
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("old"), 0o600)
	os.Symlink(target, link)
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	tests := []struct{ path, want string }{
		{fifo, "named pipe"},
		{link, "symbolic link"},
		{sub, "folder"},
		{os.DevNull, "character device"},
	}
	for _, tt := range tests {
		if err := CheckTarget(tt.path, true); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckTarget(%q): %v, want ErrNotRegular naming a %s", tt.path, err, tt.want)
		}
		if err := Write(tt.path, []byte("secret"), true); !errors.Is(err, ErrNotRegular) {
			t.Errorf("Write(%q): %v, want ErrNotRegular", tt.path, err)
		}
	}
	// Commit checks again: the pipe may have appeared after Prepare.
	os.Remove(fifo)
	p, err := Prepare(fifo, []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	unixMkfifo(fifo)
	if err := p.Commit(true); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Commit over a pipe: %v, want ErrNotRegular", err)
	}
	p.Abort()
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", st, err)
	}
	if got, _ := os.ReadFile(target); string(got) != "old" {
		t.Errorf("link target changed: %q", got)
	}
	assertOnly(t, dir, "fifo", "link", "target", "sub")
}
