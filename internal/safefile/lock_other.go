//go:build !unix && !windows

package safefile

// lock does nothing where there is no file locking.
func lock(name string, waiting func()) (func(), error) { return func() {}, nil }
