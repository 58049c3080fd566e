package safefile

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"unicode/utf8"
)

// pending records the temporary files of this process that are neither
// committed nor aborted.
var pending = struct {
	sync.Mutex
	files map[string]struct{}
	// undo holds what a WriteAll in progress put in place that was not
	// there before: files, and the folder made for them. RemovePending
	// removes them too, so that an interrupted WriteAll leaves nothing,
	// as a failed one does.
	undo   map[string]struct{}
	closed bool // RemovePending ran: the process is exiting
}{files: map[string]struct{}{}, undo: map[string]struct{}{}}

// tempName matches the names createTemp gives; the PID says whose it is.
var tempName = regexp.MustCompile(`^\..*\.otpmigrate-([0-9]+)-[0-9a-f]{16}\.tmp$`)

// maxBaseInName caps the part of the target's name repeated in a temporary
// name, which must stay within the 255 bytes most file systems allow.
const maxBaseInName = 160

// createTemp creates ".BASE.otpmigrate-PID-RANDOM.tmp" in dir, mode 0600,
// and records it as pending.
func createTemp(dir, base string) (*os.File, error) {
	if len(base) > maxBaseInName {
		base = base[:maxBaseInName]
		for !utf8.ValidString(base) {
			base = base[:len(base)-1]
		}
	}
	pending.Lock()
	defer pending.Unlock()
	if pending.closed {
		return nil, ErrInterrupted
	}
	for range 100 {
		var r [8]byte
		rand.Read(r[:])
		name := filepath.Join(dir, fmt.Sprintf(".%s.otpmigrate-%d-%016x.tmp", base, os.Getpid(), binary.BigEndian.Uint64(r[:])))
		// O_EXCL: never open someone else's file, nor follow a link.
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, Mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create temporary file: %v", unwrapPath(err))
		}
		pending.files[name] = struct{}{}
		return f, nil
	}
	return nil, errors.New("create temporary file: too many name collisions")
}

// forget drops a temporary file from the pending set, removing it when
// remove is set.
func forget(name string, remove bool) {
	pending.Lock()
	defer pending.Unlock()
	delete(pending.files, name)
	if remove {
		os.Remove(name)
	}
}

// trackUndo records (or, with track unset, forgets) a file or folder that
// RemovePending must remove.
func trackUndo(path string, track bool) {
	pending.Lock()
	defer pending.Unlock()
	if track {
		pending.undo[path] = struct{}{}
	} else {
		delete(pending.undo, path)
	}
}

// RemovePending removes every temporary file this process has not
// committed or aborted, and what an unfinished [WriteAll] already put in
// place, and makes later writes fail with [ErrInterrupted]. A signal
// handler calls it before the process exits. It returns how many
// temporary files it removed.
func RemovePending() int {
	pending.Lock()
	defer pending.Unlock()
	pending.closed = true
	n := 0
	for name := range pending.files {
		if os.Remove(name) == nil {
			n++
		}
		delete(pending.files, name)
	}
	// Files before folders: a folder goes only once empty.
	var dirs []string
	for name := range pending.undo {
		if st, err := os.Lstat(name); err == nil && st.IsDir() {
			dirs = append(dirs, name)
			continue
		}
		os.Remove(name)
	}
	for _, d := range dirs {
		os.Remove(d)
	}
	clear(pending.undo)
	return n
}

// cleaned holds the folders RemoveStale already ran in.
var cleaned sync.Map

func removeStaleOnce(dir string) {
	if _, done := cleaned.LoadOrStore(filepath.Clean(dir), true); !done {
		RemoveStale(dir)
	}
}

// RemoveStale removes, from dir, the temporary files of otpmigrate
// processes that no longer run: what a process killed outright left. Files
// of running processes, and of PIDs that cannot be checked, are left
// alone; so are files that are not regular. It returns how many it removed.
//
// A PID is checked on this machine only: on a folder shared over the
// network, a pending file of a process running elsewhere may be removed,
// and that process then fails to commit it (its old file stays whole).
func RemoveStale(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, unwrapPath(err)
	}
	n := 0
	for _, e := range entries {
		m := tempName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			n++
		}
	}
	return n, nil
}
