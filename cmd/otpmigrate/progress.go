package main

import (
	"fmt"
	"os"
	"strings"
)

// progressMin is the number of images from which scanning shows a bar:
// below it the wait is too short to need one.
const progressMin = 5

// progress returns a decode.Options.Progress that draws a bar on standard
// error while images are scanned, or nil when standard error is not a
// terminal (a script or a log gets no control characters).
func (u *ui) progress() func(done, total int) {
	f, ok := u.stderr.(*os.File)
	if !ok || u.quiet {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(done, total int) {
		if total < progressMin {
			return
		}
		const width = 30
		n := done * width / total
		fmt.Fprintf(u.stderr, "\rotpmigrate: scanning images [%s%s] %d/%d", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total)
		if done == total {
			fmt.Fprint(u.stderr, "\r\033[K") // leave the line clean for messages
		}
	}
}
