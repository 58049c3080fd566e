package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/otpmigrate/otpmigrate/internal/input"
	"github.com/otpmigrate/otpmigrate/internal/safefile"
)

// exists reports whether an output path is taken. It does not follow links
// (os.Lstat): a dangling link counts as taken, so that a write never goes
// through a link planted where the output should be.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// existsError is the refusal to replace a file without --force.
func existsError(path string) error {
	return &opError{op: fmt.Sprintf("write %q", path), err: safefile.ErrExists,
		hint: "choose another output path, or pass --force to replace it"}
}

// notRegularError is the refusal to replace something that is not a
// regular file: a device, a named pipe, a link or a folder.
func notRegularError(path string, err error) error {
	return &opError{op: fmt.Sprintf("write %q", path), err: err,
		hint: "otpmigrate replaces only regular files: give another output path (for a link, the path of the file it points to)"}
}

// checkOutput refuses, before any work or prompt, an output path that is
// taken (unless replace) or that holds something other than a regular
// file. Other errors (a folder that cannot be read, say) are left for the
// write to report.
func checkOutput(path string, replace bool) error {
	err := safefile.CheckTarget(path, replace)
	switch {
	case errors.Is(err, safefile.ErrExists):
		return existsError(path)
	case errors.Is(err, safefile.ErrNotRegular):
		return notRegularError(path, err)
	}
	return nil
}

// testOnlyFilled, when set, runs once an output's temporary file is
// written, before it is checked and put in place: tests interrupt there.
var testOnlyFilled func()

// writeChecked writes one output file: complete in a temporary file, read
// back there by check (if not nil), and only then put in place. A failed
// check replaces nothing; hint says what to do about it.
func writeChecked(path string, replace bool, fill func(io.Writer) error, check func(tmp string) error, hint string) error {
	if testOnlyFilled != nil {
		f := fill
		fill = func(w io.Writer) error {
			err := f(w)
			testOnlyFilled()
			return err
		}
	}
	err := safefile.WriteChecked(path, replace, fill, check)
	var ce *safefile.CheckError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, safefile.ErrExists):
		return existsError(path)
	case errors.Is(err, safefile.ErrNotRegular):
		return notRegularError(path, err)
	case errors.As(err, &ce):
		return &opError{op: fmt.Sprintf("check %q", path), err: fmt.Errorf("the written file does not read back: %v", input.PlainErr(ce.Err)), hint: hint}
	}
	return &opError{op: fmt.Sprintf("write %q", path), err: input.PlainErr(err)}
}

// writeData is [writeChecked] for bytes already checked in memory.
func writeData(path string, replace bool, data []byte) error {
	return writeChecked(path, replace, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, nil, "")
}

// writeAll writes a folder of files, all or nothing (see
// [safefile.WriteAll]).
func writeAll(dir string, files []safefile.File, replace bool) error {
	err := safefile.WriteAll(dir, files, replace)
	var fe *safefile.FileError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe) && errors.Is(err, safefile.ErrExists):
		return existsError(fe.Path)
	case errors.As(err, &fe) && errors.Is(err, safefile.ErrNotRegular):
		return notRegularError(fe.Path, fe.Err)
	case errors.As(err, &fe) && fe.Path == dir:
		return &opError{op: fmt.Sprintf("create folder %q", dir), err: fe.Err}
	case errors.As(err, &fe):
		return &opError{op: fmt.Sprintf("write %q", fe.Path), err: fe.Err}
	}
	return err
}
