//go:build unix

package safefile

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

func lock(name string, waiting func()) (func(), error) {
	for {
		// O_NOFOLLOW: a link planted in the lock's place is refused.
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|unix.O_NOFOLLOW, Mode)
		if err != nil {
			return nil, unwrapPath(err)
		}
		fd := int(f.Fd())
		err = unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if errors.Is(err, unix.EWOULDBLOCK) {
			if waiting != nil {
				waiting()
				waiting = nil
			}
			for err = unix.Flock(fd, unix.LOCK_EX); errors.Is(err, unix.EINTR); {
				err = unix.Flock(fd, unix.LOCK_EX)
			}
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		// The holder before us may have removed the file we waited on:
		// then our lock is on a file nobody else will find. Lock the one
		// at the name now.
		var held, now unix.Stat_t
		if unix.Fstat(fd, &held) != nil || unix.Lstat(name, &now) != nil || held.Dev != now.Dev || held.Ino != now.Ino {
			f.Close()
			continue
		}
		return func() {
			os.Remove(name) // before the close that releases the lock
			f.Close()
		}, nil
	}
}
