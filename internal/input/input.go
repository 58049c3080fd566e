// Package input turns the command line's input arguments into
// [decode.Input]s: "-" is standard input, an otpauth or otpauth-migration
// URL is taken literally, a folder contributes every image in it
// (recursively), and anything else is a file. Every read is capped at
// [decode.MaxInputSize].
//
// Errors name the file and never its content; an argument that is a URL is
// named by its position, since it holds a secret.
package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/internal/capped"
)

// Error is a failure to read an input: Op names it (`read "shot.png"`).
type Error struct {
	Op     string
	Err    error
	Advice string
}

func (e *Error) Error() string { return e.Op + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }

// Hint is one concrete thing to do about the error, or "".
func (e *Error) Hint() string { return e.Advice }

var errTooLarge = fmt.Errorf("input is larger than %d MiB", decode.MaxInputSize>>20)

// Read reads args. stdin is read for "-", which the caller must have let
// through at most once.
func Read(args []string, stdin io.Reader) ([]decode.Input, error) {
	var inputs []decode.Input
	for i, arg := range args {
		lower := strings.ToLower(strings.TrimSpace(arg))
		switch {
		case arg == "-":
			data, err := ReadCapped(stdin)
			if err != nil {
				return nil, &Error{Op: "read standard input", Err: err}
			}
			inputs = append(inputs, decode.Input{Name: "standard input", Data: data})
		case strings.HasPrefix(lower, "otpauth://") || strings.HasPrefix(lower, "otpauth-migration://"),
			(strings.Contains(arg, "://") || strings.HasPrefix(lower, "otpauth")) && !pathExists(arg):
			// Named by position: the text itself is a secret. Other
			// links and mistyped URLs go to the decoder too, which says
			// what they are without quoting them, as an error about a
			// missing file would.
			inputs = append(inputs, decode.Input{Name: fmt.Sprintf("argument %d", i+1), Data: []byte(arg)})
		default:
			more, err := readPath(arg)
			if err != nil {
				return nil, err
			}
			inputs = append(inputs, more...)
		}
	}
	return inputs, nil
}

// pathExists reports whether an input path names something readable; it
// follows links (os.Stat), unlike the check of outputs, which must not.
func pathExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// readPath returns a file, or a folder's images, as inputs read only when
// the decoder comes to them ([decode.Input.Open]): a folder of a thousand
// screenshots is not held in memory at once.
func readPath(path string) ([]decode.Input, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, &Error{Op: fmt.Sprintf("read %q", path), Err: PlainErr(err), Advice: "check the path; to decode a URL, put it in single quotes"}
	}
	if !st.IsDir() {
		return []decode.Input{deferredFile(path)}, nil
	}
	var inputs []decode.Input
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return &Error{Op: fmt.Sprintf("read %q", p), Err: PlainErr(err)}
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		// A folder of screenshots holds other files too; only images
		// are taken from it, recognised by their first bytes.
		head, err := readHead(p)
		if err != nil {
			return err
		}
		if decode.IsImage(head) {
			inputs = append(inputs, deferredFile(p))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		return nil, &Error{Op: fmt.Sprintf("read %q", path), Err: errors.New("folder holds no images"),
			Advice: "give the screenshots' folder, or the files themselves"}
	}
	return inputs, nil
}

// deferredFile is read when decode comes to it; a failure to read it is
// returned by decode.Decode as the same *Error as when read up front.
func deferredFile(path string) decode.Input {
	return decode.Input{Name: path, Open: func() ([]byte, error) { return ReadFile(path) }}
}

// readHead returns the first bytes of a file, enough to tell an image.
func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Op: fmt.Sprintf("read %q", path), Err: PlainErr(err)}
	}
	defer f.Close()
	head := make([]byte, 64)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, &Error{Op: fmt.Sprintf("read %q", path), Err: PlainErr(err)}
	}
	return head[:n], nil
}

// ReadFile reads one input file, capped.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Op: fmt.Sprintf("read %q", path), Err: PlainErr(err)}
	}
	defer f.Close()
	data, err := ReadCapped(f)
	if err != nil {
		return nil, &Error{Op: fmt.Sprintf("read %q", path), Err: PlainErr(err)}
	}
	return data, nil
}

// ReadCapped reads all of r, up to [decode.MaxInputSize].
func ReadCapped(r io.Reader) ([]byte, error) {
	return capped.ReadAll(r, decode.MaxInputSize, errTooLarge)
}

// PlainErr drops the path from an *fs.PathError: the caller names the file.
func PlainErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
