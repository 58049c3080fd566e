// Package safefile writes files that hold secrets so that nothing is lost:
// the new content goes to a temporary file in the same folder, created 0600,
// is synced, and is renamed over the target only when complete. A crash at
// any moment leaves either the old file or the new one, whole.
//
// # Temporary files
//
// Every temporary file not yet committed or aborted is recorded, so that a
// signal handler can remove them all with [RemovePending] before the
// process exits: they hold the secrets in the clear. A process killed
// outright (SIGKILL, power loss) cannot do that; its temporary files are
// named ".NAME.otpmigrate-PID-RANDOM.tmp", and the first write into a folder
// removes those whose process is no longer running ([RemoveStale]).
//
// # Targets
//
// Only a regular file is ever replaced: a symbolic link, device, named pipe,
// socket or folder in the target's place is refused with [ErrNotRegular]
// (renaming over /dev/null, as root, would otherwise put the secrets in a
// new regular file there).
//
// # Locks
//
// [Lock] serialises writers of one file that read it first (adding to a
// backup): an advisory lock on ".NAME.lock" beside it.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned (wrapped) when the target exists and replacing it
// was not allowed.
var ErrExists = errors.New("file already exists")

// ErrNotRegular is returned (wrapped, with what the target is) when
// something other than a regular file is in the target's place.
var ErrNotRegular = errors.New("not a regular file")

// ErrInterrupted is returned by writes that start or commit after
// [RemovePending]: the process is exiting.
var ErrInterrupted = errors.New("interrupted")

// Mode is the permission of every file written: only the owner may read
// secrets.
const Mode fs.FileMode = 0o600

// DirMode is the permission of folders created for secret files.
const DirMode fs.FileMode = 0o700

// Write atomically writes data to path. An existing file is replaced only
// when replace is set.
func Write(path string, data []byte, replace bool) error {
	return WriteFunc(path, replace, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc atomically writes what fill writes to path. If fill fails,
// nothing is left behind and an existing file is untouched.
func WriteFunc(path string, replace bool, fill func(w io.Writer) error) error {
	if err := CheckTarget(path, replace); err != nil {
		return err
	}
	p, err := PrepareFunc(path, fill)
	if err != nil {
		return err
	}
	if err := p.Commit(replace); err != nil {
		p.Abort()
		return err
	}
	return nil
}

// CheckTarget reports whether path may be written: it must be absent, or
// a regular file when replace is set. Callers check before any work or
// prompt; [Pending.Commit] checks again.
func CheckTarget(path string, replace bool) error {
	st, err := os.Lstat(path)
	switch {
	case err != nil:
		// Absent, or not even reachable (a file where a folder should
		// be): the write itself reports what is wrong.
		return nil
	case !replace:
		return ErrExists
	case !st.Mode().IsRegular():
		return fmt.Errorf("%w: it is %s", ErrNotRegular, describeMode(st.Mode()))
	}
	return nil
}

// describeMode names a file type for messages.
func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// Pending is a complete, synced file beside its target that is not in place
// yet. Writing several files as Pending first and committing them only when
// all are complete means a failure halfway replaces none of the old ones.
type Pending struct {
	tmp, path string
}

// Prepare writes data to a temporary file (0600, synced) beside path.
func Prepare(path string, data []byte) (*Pending, error) {
	return PrepareFunc(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// PrepareFunc writes what fill writes to a temporary file (0600, synced)
// beside path. If fill fails, nothing is left behind.
func PrepareFunc(path string, fill func(w io.Writer) error) (p *Pending, err error) {
	dir := filepath.Dir(path)
	removeStaleOnce(dir)
	f, err := createTemp(dir, filepath.Base(path))
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			f.Close()
			forget(f.Name(), true)
		}
	}()
	if err = f.Chmod(Mode); err != nil {
		return nil, err
	}
	if err = fill(f); err != nil {
		return nil, err
	}
	if err = f.Sync(); err != nil {
		return nil, err
	}
	if err = f.Close(); err != nil {
		return nil, err
	}
	return &Pending{tmp: f.Name(), path: path}, nil
}

// Commit moves the file into place. An existing file is replaced only when
// replace is set; otherwise [ErrExists], and the Pending file stays for
// [Pending.Abort].
func (p *Pending) Commit(replace bool) error { return p.commitTracked(replace, false) }

// commitTracked is Commit; with undo set, the file in place is also
// recorded for RemovePending, in the same step.
func (p *Pending) commitTracked(replace, undo bool) error {
	// Held across the rename, so that an interrupt's RemovePending sees
	// the file either pending or in place.
	pending.Lock()
	defer pending.Unlock()
	if pending.closed {
		return ErrInterrupted
	}
	if err := p.commit(replace); err != nil {
		return err
	}
	delete(pending.files, p.tmp)
	if undo {
		pending.undo[p.path] = struct{}{}
	}
	syncDir(filepath.Dir(p.path))
	return nil
}

func (p *Pending) commit(replace bool) error {
	if replace {
		if err := CheckTarget(p.path, true); err != nil {
			return err
		}
		return unwrapPath(os.Rename(p.tmp, p.path))
	}
	// Link fails if the target appeared meanwhile, so a file created by
	// someone else between a check and now is never replaced.
	if err := os.Link(p.tmp, p.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return ErrExists
		}
		// Some file systems have no hard links: fall back to rename.
		if _, statErr := os.Lstat(p.path); statErr == nil {
			return ErrExists
		}
		return unwrapPath(os.Rename(p.tmp, p.path))
	}
	os.Remove(p.tmp)
	return nil
}

// TempName is the temporary file's path, to read the file back before it
// is committed.
func (p *Pending) TempName() string { return p.tmp }

// Abort removes the temporary file of an uncommitted Pending.
func (p *Pending) Abort() { forget(p.tmp, true) }

// MkdirPrivate creates dir (and parents) with [DirMode] if missing.
func MkdirPrivate(dir string) error {
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return unwrapPath(err)
	}
	return nil
}

// syncDir makes the rename durable; failure only weakens crash safety, so
// it is not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// unwrapPath drops the *PathError wrapper: callers name the file themselves.
func unwrapPath(err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
