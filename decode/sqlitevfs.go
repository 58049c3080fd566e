package decode

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/util/vfsutil"
	"github.com/ncruces/go-sqlite3/vfs"
)

// roVFS is the SQLite VFS through which otpmigrate reads databases: it
// serves the bytes decode already holds, read-only and immutable, and
// refuses to open or create anything else (no journal, -wal or -shm), so
// SQLite cannot write anywhere. Temporary files of the query engine (a
// sort, say) live in memory. The memdb VFS of go-sqlite3 would serve too,
// but links the testing package into the binary.
type roVFS struct{}

const roVFSName = "otpmigrate-ro"

var (
	roVFSOnce sync.Once
	roDBsMu   sync.Mutex
	roDBs     = map[string][]byte{}
)

// roRegister serves data under name ("/name" in a URI) until the
// returned function is called.
func roRegister(name string, data []byte) func() {
	roVFSOnce.Do(func() { vfs.Register(roVFSName, roVFS{}) })
	// A database in WAL mode (header bytes 18 and 19 are 2) would make
	// SQLite look for its -wal and -shm: read the private copy as a
	// rollback-journal database, as go-sqlite3's memdb does.
	data = bytes.Clone(data)
	if len(data) >= 20 && data[18] == 2 && data[19] == 2 {
		data[18], data[19] = 1, 1
	}
	roDBsMu.Lock()
	roDBs[name] = data
	roDBsMu.Unlock()
	return func() {
		roDBsMu.Lock()
		delete(roDBs, name)
		roDBsMu.Unlock()
	}
}

func (roVFS) Open(name string, flags vfs.OpenFlag) (vfs.File, vfs.OpenFlag, error) {
	if flags&vfs.OPEN_TEMP_JOURNAL != 0 {
		return &vfsutil.SliceFile{}, flags | vfs.OPEN_MEMORY, nil
	}
	if flags&vfs.OPEN_MAIN_DB == 0 {
		return nil, flags, sqlite3.CANTOPEN
	}
	roDBsMu.Lock()
	data, ok := roDBs[strings.TrimPrefix(name, "/")]
	roDBsMu.Unlock()
	if !ok {
		return nil, flags, sqlite3.CANTOPEN
	}
	return roFile(data), flags&^(vfs.OPEN_READWRITE|vfs.OPEN_CREATE) | vfs.OPEN_READONLY, nil
}

func (roVFS) Delete(string, bool) error { return sqlite3.READONLY }

func (roVFS) Access(name string, _ vfs.AccessFlag) (bool, error) {
	roDBsMu.Lock()
	defer roDBsMu.Unlock()
	_, ok := roDBs[strings.TrimPrefix(name, "/")]
	return ok, nil
}

func (roVFS) FullPathname(name string) (string, error) { return name, nil }

// roFile is one database's bytes.
type roFile []byte

func (f roFile) ReadAt(b []byte, off int64) (int, error) {
	n := 0
	if off >= 0 && off < int64(len(f)) {
		n = copy(b, f[off:])
	}
	if n < len(b) {
		return n, io.EOF
	}
	return n, nil
}

func (roFile) WriteAt([]byte, int64) (int, error)              { return 0, sqlite3.READONLY }
func (roFile) Truncate(int64) error                            { return sqlite3.READONLY }
func (roFile) Sync(vfs.SyncFlag) error                         { return nil }
func (f roFile) Size() (int64, error)                          { return int64(len(f)), nil }
func (roFile) Lock(vfs.LockLevel) error                        { return nil }
func (roFile) Unlock(vfs.LockLevel) error                      { return nil }
func (roFile) CheckReservedLock() (bool, error)                { return false, nil }
func (roFile) SectorSize() int                                 { return 512 }
func (roFile) DeviceCharacteristics() vfs.DeviceCharacteristic { return vfs.IOCAP_IMMUTABLE }
func (roFile) Close() error                                    { return nil }
