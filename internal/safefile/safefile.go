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
func WriteFunc(path string, replace bool, fill func(w io.Writer) error) (err error) {
	if !replace {
		if _, err := os.Lstat(path); err == nil {
			return ErrExists
		}
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file: %v", unwrapPath(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(Mode); err != nil {
		return err
	}
	if err = fill(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if !replace {
		// Link fails if the target appeared meanwhile, so a file created
		// by someone else between the check and now is never replaced.
		if err = os.Link(tmp, path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return ErrExists
			}
			// Some file systems have no hard links: fall back to rename.
			if _, statErr := os.Lstat(path); statErr == nil {
				return ErrExists
			}
			if err = os.Rename(tmp, path); err != nil {
				return unwrapPath(err)
			}
		} else {
			os.Remove(tmp)
		}
	} else if err = os.Rename(tmp, path); err != nil {
		return unwrapPath(err)
	}
	syncDir(dir)
	return nil
}

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
