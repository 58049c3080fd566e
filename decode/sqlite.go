package decode

import (
	"context"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ncruces/go-sqlite3"
	"github.com/otpmigrate/otpmigrate"
)

// Apps keep their accounts in SQLite databases that a rooted phone can
// copy. github.com/ncruces/go-sqlite3 reads them without cgo and without
// linking net (it is SQLite translated from Wasm to Go; its embed package
// is no longer needed and not imported).
//
// The user's file is never opened by SQLite: decode has its bytes already,
// and SQLite reads a private copy of them in memory through a read-only,
// immutable VFS (sqlitevfs.go) that opens nothing else, so nothing can be
// written to the user's database, its journal or its -wal file. A database is hostile input: only tables (not
// views) are queried, each by the columns the reader needs, with a row
// limit, a time limit, and triggers and untrusted schema functions off.

const sqliteHeader = "SQLite format 3\x00"

// sqliteTimeout bounds every query of one database.
const sqliteTimeout = 10 * time.Second

var sqliteSeq atomic.Int64

// sqliteDB is an open, read-only, in-memory copy of a database.
type sqliteDB struct {
	conn    *sqlite3.Conn
	release func()
	cancel  context.CancelFunc
}

// sqliteSize checks the file's length against its header (sqlite.org
// fileformat2.html, "The Database Header": page size at offset 16, the
// size in pages at 28, valid when the change counter at 24 equals the one
// at 92): a copy cut short reads as a smaller, valid database otherwise.
func sqliteSize(data []byte) error {
	if len(data) < 100 {
		return errors.New("the file ends inside its header: it is truncated")
	}
	ps := int64(binary.BigEndian.Uint16(data[16:]))
	if ps == 1 {
		ps = 65536
	}
	if ps < 512 || ps&(ps-1) != 0 {
		return errors.New("the header's page size is invalid")
	}
	n := int64(len(data))
	pages := int64(binary.BigEndian.Uint32(data[28:]))
	if pages > 0 && binary.BigEndian.Uint32(data[24:]) == binary.BigEndian.Uint32(data[92:]) {
		if want := pages * ps; want != n {
			if want > n {
				return fmt.Errorf("the header says %d bytes but the file has %d: it is truncated", want, n)
			}
			return fmt.Errorf("the header says %d bytes but the file has %d", want, n)
		}
		return nil
	}
	if n%ps != 0 {
		return fmt.Errorf("the file is not whole pages of %d bytes: it is truncated", ps)
	}
	return nil
}

func openSQLite(data []byte) (*sqliteDB, error) {
	name := fmt.Sprintf("otpmigrate-%d", sqliteSeq.Add(1))
	release := roRegister(name, data)
	conn, err := sqlite3.OpenFlags("file:/"+name+"?vfs="+roVFSName+"&mode=ro&immutable=1", sqlite3.OPEN_READONLY|sqlite3.OPEN_URI)
	if err != nil {
		release()
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), sqliteTimeout)
	conn.SetInterrupt(ctx)
	db := &sqliteDB{conn: conn, release: release, cancel: cancel}
	if err := conn.Exec("PRAGMA trusted_schema = OFF; PRAGMA query_only = ON"); err != nil {
		db.close()
		return nil, err
	}
	// quick_check finds damaged pages and indexes (not a changed byte
	// inside a value: SQLite keeps no checksums of its data).
	st, _, err := conn.Prepare("PRAGMA quick_check(1)")
	if err == nil {
		if st.Step() && st.ColumnText(0) != "ok" {
			err = errors.New("the database is damaged (quick_check)")
		} else {
			err = st.Err()
		}
		st.Close()
	}
	if err != nil {
		db.close()
		return nil, err
	}
	return db, nil
}

func (db *sqliteDB) close() {
	db.conn.Close()
	db.cancel()
	db.release()
}

// tables returns the database's tables (not views) and their columns,
// lower case.
func (db *sqliteDB) tables() (map[string][]string, error) {
	st, _, err := db.conn.Prepare(`SELECT m.name, lower(p.name) FROM sqlite_schema AS m, pragma_table_info(m.name) AS p
		WHERE m.type = 'table' ORDER BY m.name LIMIT 10000`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	out := map[string][]string{}
	for st.Step() {
		t := strings.ToLower(st.ColumnText(0))
		out[t] = append(out[t], st.ColumnText(1))
	}
	return out, st.Err()
}

// sqlRow is one row by lower-case column name, each value as SQLite
// converts it to text and to an integer; NULL is absent.
type sqlRow map[string]sqlValue

type sqlValue struct {
	text string
	n    int64
}

func (r sqlRow) text(col string) string { return r[col].text }
func (r sqlRow) int(col string) int64   { return r[col].n }

func (r sqlRow) null(col string) bool {
	_, ok := r[col]
	return !ok
}

// rows reads the given columns of a table, at most maxAppEntries+1 rows;
// columns the table lacks are left out of each row. The names are the
// readers' own constants, quoted as identifiers all the same.
func (db *sqliteDB) rows(table string, have []string, cols ...string) ([]sqlRow, error) {
	var sel []string
	for _, c := range cols {
		if slices.Contains(have, c) {
			sel = append(sel, `"`+c+`"`)
		}
	}
	if len(sel) == 0 {
		return nil, errors.New("no known columns")
	}
	q := fmt.Sprintf(`SELECT %s FROM "%s" LIMIT %d`, strings.Join(sel, ", "), table, maxAppEntries+1)
	st, _, err := db.conn.Prepare(q)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var out []sqlRow
	for st.Step() {
		r := sqlRow{}
		for i := range st.ColumnCount() {
			if st.ColumnType(i) != sqlite3.NULL {
				r[strings.Trim(sel[i], `"`)] = sqlValue{text: st.ColumnText(i), n: st.ColumnInt64(i)}
			}
		}
		out = append(out, r)
	}
	return out, st.Err()
}

// readSQLite recognises an app's database by its tables.
func readSQLite(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	if err := sqliteSize(data); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("SQLite database: %v", err), "copy the database again from the phone")
	}
	db, err := openSQLite(data)
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("SQLite database does not open: %v", sqliteErr(err)), "copy the database again from the phone")
	}
	defer db.close()
	tables, err := db.tables()
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("SQLite database is damaged: %v", sqliteErr(err)), "copy the database again from the phone")
	}
	hasAll := func(table string, cols ...string) bool {
		for _, c := range cols {
			if !slices.Contains(tables[table], c) {
				return false
			}
		}
		return true
	}
	var acc []otpmigrate.Account
	var warns []string
	switch {
	case hasAll("accounts", "oath_secret_key", "account_type", "name", "username"):
		acc, warns, err = readMicrosoftAuthenticator(name, db, tables["accounts"])
	case hasAll("accounts", "email", "secret", "type"):
		acc, warns, err = readGoogleAuthenticatorDB(name, db, tables["accounts"])
	case hasAll("authenticator", "type", "issuer", "secret", "algorithm", "digits", "period"):
		acc, warns, err = readAuthProDB(name, db, tables)
	default:
		names := make([]string, 0, len(tables))
		for t := range tables {
			names = append(names, truncateASCII(t, 32))
		}
		slices.Sort(names)
		if len(names) > 8 {
			names = append(names[:8], "…")
		}
		return nil, nil, appError(name, "", fmt.Errorf("%w: an SQLite database of no app otpmigrate knows (tables: %s)", ErrUnsupportedBackup, strings.Join(names, ", ")),
			"otpmigrate reads the databases of Google Authenticator, Microsoft Authenticator and Authenticator Pro; for other apps use their own export")
	}
	if err != nil {
		return nil, nil, err
	}
	if len(data) > 19 && data[18] == 2 {
		// A database in WAL mode keeps recent changes in a separate
		// -wal file until the app checkpoints it.
		warns = append(warns, fmt.Sprintf("%q: the database uses a write-ahead log: accounts added shortly before the copy may be only in its -wal file, which is not read; force-stop the app before copying if one is missing", name))
	}
	return acc, warns, nil
}

// sqliteErr shortens an SQLite error for a message.
func sqliteErr(err error) string {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sqlite3.INTERRUPT) {
		return fmt.Sprintf("a query took more than %v", sqliteTimeout)
	}
	return truncateASCII(err.Error(), 120)
}

// readGoogleAuthenticatorDB reads the `databases` database of Google
// Authenticator up to version 5.10 (beemdevelopment/Aegis,
// app/src/main/java/com/beemdevelopment/aegis/importers/
// GoogleAuthImporter.java): an accounts table of email ("Issuer:name" or
// name), base32 secret, type 0 TOTP or 1 HOTP, counter and issuer. The app
// holds SHA1, 6 digits and 30 s only. From 5.20 the secrets are encrypted
// with a key in the phone's keystore (isencrypted), which never leaves it.
func readGoogleAuthenticatorDB(name string, db *sqliteDB, have []string) ([]otpmigrate.Account, []string, error) {
	const format = "Google Authenticator database"
	rows, err := db.rows("accounts", have, "email", "secret", "counter", "type", "issuer", "isencrypted")
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", format, sqliteErr(err)), "")
	}
	if len(rows) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has more than %d accounts", format, maxAppEntries), "")
	}
	var accounts []otpmigrate.Account
	for i, r := range rows {
		where := entryWhere(i, r.text("issuer"))
		if r.int("isencrypted") > 0 {
			return nil, nil, appError(name, where, fmt.Errorf("%w: %s of version 5.20 or later: its secrets are encrypted with a key that never leaves the phone", ErrUnsupportedBackup, format),
				"in Google Authenticator use Transfer accounts, Export accounts, and decode screenshots of its QR codes")
		}
		label := r.text("email")
		if parts := strings.Split(label, ":"); len(parts) == 2 {
			label = parts[1]
		}
		a := otpmigrate.Account{Issuer: r.text("issuer"), Name: label, Algorithm: otpmigrate.SHA1, Digits: otpmigrate.DefaultDigits}
		switch r.int("type") {
		case 0:
			a.Type, a.Period = otpmigrate.TOTP, otpmigrate.DefaultPeriod
		case 1:
			if r.int("counter") < 0 {
				return nil, nil, appError(name, where, errors.New("negative HOTP counter"), "")
			}
			a.Type, a.Counter = otpmigrate.HOTP, uint64(r.int("counter"))
		default:
			return nil, nil, appError(name, where, fmt.Errorf("unknown %s type %d", format, r.int("type")), "")
		}
		if a.Secret, err = otpmigrate.DecodeSecret(r.text("secret")); err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		accounts = append(accounts, a)
	}
	accounts, err = finish(name, accounts)
	return accounts, nil, err
}

// readMicrosoftAuthenticator reads Microsoft Authenticator's PhoneFactor
// database (Aegis, importers/MicrosoftAuthImporter.java): in the accounts
// table, account_type 0 is a third-party TOTP account (base32 secret, six
// digits), 1 a personal Microsoft account (base64 secret, eight digits),
// and 2 a work or school account, which holds no secret: it is approved
// by notification and must be added again on the new phone. Newer
// versions may keep a secret only in encrypted_oath_secret_key, encrypted
// with a key in the phone's keystore.
func readMicrosoftAuthenticator(name string, db *sqliteDB, have []string) ([]otpmigrate.Account, []string, error) {
	const format = "Microsoft Authenticator database"
	rows, err := db.rows("accounts", have, "name", "username", "oath_secret_key", "account_type", "encrypted_oath_secret_key")
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", format, sqliteErr(err)), "")
	}
	if len(rows) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has more than %d accounts", format, maxAppEntries), "")
	}
	var accounts []otpmigrate.Account
	var work, sealed []string
	for i, r := range rows {
		where := entryWhere(i, r.text("name"))
		secret := strings.TrimSpace(r.text("oath_secret_key"))
		typ := r.int("account_type")
		if typ != 0 && typ != 1 {
			work = append(work, where)
			continue
		}
		if secret == "" {
			if r.text("encrypted_oath_secret_key") != "" {
				sealed = append(sealed, where)
			} else {
				work = append(work, where)
			}
			continue
		}
		a := otpmigrate.NewTOTP(r.text("name"), r.text("username"), nil)
		if typ == 1 {
			a.Digits = 8
			a.Secret, err = decodeBase64Secret(secret)
		} else {
			a.Secret, err = otpmigrate.DecodeSecret(secret)
		}
		if err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		accounts = append(accounts, a)
	}
	var warns []string
	if len(work) > 0 {
		warns = append(warns, fmt.Sprintf("%q: %s: %s: work or school accounts hold no secret (they are approved by notification); left out: add them again on the new phone", name, format, strings.Join(work, ", ")))
	}
	if len(sealed) > 0 {
		warns = append(warns, fmt.Sprintf("%q: %s: %s: the secret is encrypted with a key that never leaves the phone; left out: add them again on the new phone, from each site's security settings", name, format, strings.Join(sealed, ", ")))
	}
	accounts, err = finish(name, accounts)
	return accounts, warns, err
}

// readAuthProDB reads Authenticator Pro's internal database
// (authenticator.db3; Aegis, importers/StratumImporter.java, SqlEntry):
// the authenticator table has the columns of the JSON backup's entries,
// so its rows go through the backup's reader.
func readAuthProDB(name string, db *sqliteDB, tables map[string][]string) ([]otpmigrate.Account, []string, error) {
	rows, err := db.rows("authenticator", tables["authenticator"], "type", "icon", "issuer", "username", "secret", "pin", "algorithm", "digits", "period", "counter")
	if err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s database: %v", authProFormat, sqliteErr(err)), "")
	}
	if len(rows) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s database has more than %d entries", authProFormat, maxAppEntries), "")
	}
	var b authProBackup
	b.Authenticators = []authProEntry{}
	for i, r := range rows {
		e := authProEntry{Type: int(r.int("type")), Issuer: r.text("issuer"), Secret: r.text("secret"),
			Algorithm: int(r.int("algorithm")), Digits: int(r.int("digits")), Period: int(r.int("period"))}
		if c := r.int("counter"); c < 0 {
			return nil, nil, appError(name, entryWhere(i, e.Issuer), errors.New("negative HOTP counter"), "")
		} else {
			e.Counter = uint64(c)
		}
		for col, p := range map[string]**string{"username": &e.Username, "icon": &e.Icon, "pin": &e.Pin} {
			if !r.null(col) {
				s := r.text(col)
				*p = &s
			}
		}
		b.Authenticators = append(b.Authenticators, e)
	}
	if slices.Contains(tables["authenticatorcategory"], "authenticatorsecret") {
		cats, err := db.rows("authenticatorcategory", tables["authenticatorcategory"], "authenticatorsecret")
		if err == nil {
			for _, c := range cats {
				b.AuthenticatorCategories = append(b.AuthenticatorCategories, struct {
					AuthenticatorSecret string `json:"AuthenticatorSecret"`
				}{c.text("authenticatorsecret")})
			}
		}
	}
	return authProAccounts(name, b)
}

// decodeBase64Secret reads a secret kept as base64 (padded or not, either
// alphabet), through base32 so that DecodeSecret's checks apply.
func decodeBase64Secret(s string) ([]byte, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) > 0 {
			return otpmigrate.DecodeSecret(base32.StdEncoding.EncodeToString(b))
		}
	}
	return nil, errors.New("secret is not valid base64")
}
