package safefile

import (
	"io"
	"os"
)

// CheckError is returned by [WriteChecked] when the check of the written
// file failed; nothing was put in place.
type CheckError struct{ Err error }

func (e *CheckError) Error() string { return e.Err.Error() }

func (e *CheckError) Unwrap() error { return e.Err }

// WriteChecked is the one write, check, commit sequence of every output:
// what fill writes goes to a synced temporary file beside path, check (if
// not nil) reads that file back by its name, and only then is the file
// moved into place. A failed check (a [*CheckError]) or write leaves no
// file behind and an existing one untouched. An existing file is replaced
// only when replace is set; otherwise [ErrExists].
func WriteChecked(path string, replace bool, fill func(w io.Writer) error, check func(tmp string) error) error {
	if err := CheckTarget(path, replace); err != nil {
		return err
	}
	p, err := PrepareFunc(path, fill)
	if err != nil {
		return err
	}
	if check != nil {
		if err := check(p.TempName()); err != nil {
			p.Abort()
			return &CheckError{err}
		}
	}
	if err := p.Commit(replace); err != nil {
		p.Abort()
		return err
	}
	return nil
}

// File is one file of a set that [WriteAll] writes.
type File struct {
	Path string
	Data []byte
}

// FileError names the file of a set that failed.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// TestHookWriteAll, when set, is called by [WriteAll] once every file is
// prepared (with 0) and after each file is put in place (with how many
// are). Only tests set it, to interrupt a write at a known point.
var TestHookWriteAll func(committed int)

// WriteAll writes files into dir, all or nothing: an existing file stops
// everything before the first write (unless replace), every file is
// complete on disk before the first one is put in place, and a failure
// midway removes the files already placed, and dir if it was made here.
// Errors about one file are [*FileError]s; [ErrExists] is wrapped in one.
func WriteAll(dir string, files []File, replace bool) (err error) {
	for _, f := range files {
		if err := CheckTarget(f.Path, replace); err != nil {
			return &FileError{f.Path, err}
		}
	}
	_, statErr := os.Lstat(dir)
	made := statErr != nil
	if err := MkdirPrivate(dir); err != nil {
		return &FileError{dir, err}
	}
	if made {
		trackUndo(dir, true)
	}
	pending := make([]*Pending, 0, len(files))
	var placed []string
	defer func() {
		if err != nil {
			for _, p := range pending {
				p.Abort()
			}
		}
		for _, p := range placed {
			if err != nil {
				os.Remove(p)
			}
			trackUndo(p, false)
		}
		if made {
			if err != nil {
				os.Remove(dir)
			}
			trackUndo(dir, false)
		}
	}()
	for _, f := range files {
		p, err := Prepare(f.Path, f.Data)
		if err != nil {
			return &FileError{f.Path, err}
		}
		pending = append(pending, p)
	}
	if TestHookWriteAll != nil {
		TestHookWriteAll(0)
	}
	for i, f := range files {
		// Only files that did not exist before are removed again, on a
		// failure here or an interrupt.
		if err := pending[i].commitTracked(replace, !replace); err != nil {
			return &FileError{f.Path, err}
		}
		if !replace {
			placed = append(placed, f.Path)
		}
		if TestHookWriteAll != nil {
			TestHookWriteAll(i + 1)
		}
	}
	return nil
}
