// Package safefile writes files that hold secrets so that nothing is lost:
// the new content goes to a temporary file in the same folder, created 0600,
// is synced, and is renamed over the target only when complete. A crash at
// any moment leaves either the old file or the new one, whole.
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
	if !replace {
		if _, err := os.Lstat(path); err == nil {
			return ErrExists
		}
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
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create temporary file: %v", unwrapPath(err))
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
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
func (p *Pending) Commit(replace bool) error {
	if replace {
		if err := os.Rename(p.tmp, p.path); err != nil {
			return unwrapPath(err)
		}
		syncDir(filepath.Dir(p.path))
		return nil
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
		if err := os.Rename(p.tmp, p.path); err != nil {
			return unwrapPath(err)
		}
	} else {
		os.Remove(p.tmp)
	}
	syncDir(filepath.Dir(p.path))
	return nil
}

// TempName is the temporary file's path, to read the file back before it
// is committed.
func (p *Pending) TempName() string { return p.tmp }

// Abort removes the temporary file of an uncommitted Pending.
func (p *Pending) Abort() { os.Remove(p.tmp) }

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
