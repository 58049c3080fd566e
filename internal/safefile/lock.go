package safefile

import (
	"path/filepath"
)

// LockName is the lock file of path: ".NAME.lock" beside it. It is empty
// and says nothing the name of path does not.
func LockName(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
}

// Lock takes an exclusive advisory lock for rewriting path, waiting for
// another holder to release it; waiting, when not nil, is called once
// before the wait. Writers that read path, change it and write it back
// hold the lock across all three, so that none loses another's change.
//
// The lock is on [LockName] (flock on Unix, LockFileEx on Windows), which
// network file systems such as NFS honour too. The operating system
// releases it when the holder exits in any way, so a holder that died
// never blocks anyone; a lock file left behind is simply reused. unlock
// removes the lock file on Unix (a waiter that then holds a removed file
// notices and locks the new one), and leaves it on Windows.
func Lock(path string, waiting func()) (unlock func(), err error) {
	return lock(LockName(path), waiting)
}
