package term

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestWatch checks the frames code --watch writes: the alternate screen,
// each frame drawn over the last from the top left with every line cleared
// to its end, and the screen cleared and left when ctx is done.
func TestWatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ticks := make(chan time.Time)
	frames := []string{"A 1\nB 2\n", "A 3\n"}
	n := 0
	var out bytes.Buffer
	done := make(chan error)
	go func() {
		done <- Watch(ctx, &out, ticks, func() []byte {
			f := frames[n]
			n++
			if n == len(frames) {
				// Ctrl-C after the last frame.
				cancel()
			}
			return []byte(f)
		})
	}()
	ticks <- time.Unix(1, 0)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := EnterScreen +
		HomeCursor + "A 1" + ClearLine + "\r\n" + "B 2" + ClearLine + "\r\n" + ClearLine + ClearBelow +
		HomeCursor + "A 3" + ClearLine + "\r\n" + ClearLine + ClearBelow +
		LeaveScreen
	if got := out.String(); got != want {
		t.Errorf("wrote\n%q\nwant\n%q", got, want)
	}
}

func TestNextKey(t *testing.T) {
	for in, want := range map[string]bool{"\n": true, "x \n": true, "q": false, "xyz": false, "": false, "\x03": false} {
		if got := NextKey(strings.NewReader(in)); got != want {
			t.Errorf("NextKey(%q) = %v", in, got)
		}
	}
	var buf bytes.Buffer
	CRLFWriter{&buf}.Write([]byte("a\nb\n"))
	if buf.String() != "a\r\nb\r\n" {
		t.Errorf("CRLFWriter wrote %q", buf.String())
	}
}
