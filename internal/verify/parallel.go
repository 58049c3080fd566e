package verify

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/otpmigrate/otpmigrate"
)

// ItemError is the failure of one item of [AccountPNGs]: making it
// (Check false) or reading it back (Check true).
type ItemError struct {
	Index int
	Check bool
	Err   error
}

func (e *ItemError) Error() string { return e.Err.Error() }
func (e *ItemError) Unwrap() error { return e.Err }

// AccountPNGs makes and checks one PNG per account on every core: render
// returns the bytes that will be written for account i, and those very
// bytes are read back with [AccountPNG] before they are returned. Reading
// back is most of an export's time, and accounts are independent.
//
// On failure it returns the *ItemError of the first account, in order,
// that failed, as a loop over the accounts would.
func AccountPNGs(accounts []otpmigrate.Account, render func(i int) ([]byte, error)) ([][]byte, error) {
	out := make([][]byte, len(accounts))
	err := forEach(len(accounts), func(i int) error {
		png, err := render(i)
		if err != nil {
			return &ItemError{Index: i, Err: err}
		}
		if err := AccountPNG(png, accounts[i]); err != nil {
			return &ItemError{Index: i, Check: true, Err: err}
		}
		out[i] = png
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// forEach calls f(i) for every i in [0, n) on GOMAXPROCS goroutines and
// returns the error of the lowest i that failed. Once some i failed, the
// higher ones not yet started are skipped: their result cannot matter.
func forEach(n int, f func(i int) error) error {
	var (
		next   atomic.Int64
		mu     sync.Mutex
		failed = n // lowest failed index
		first  error
		wg     sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				mu.Lock()
				stop := i >= failed
				mu.Unlock()
				if stop || i >= n {
					return
				}
				if err := f(i); err != nil {
					mu.Lock()
					if i < failed {
						failed, first = i, err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return first
}
