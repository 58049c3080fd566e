package decode

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ncruces/go-sqlite3"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/testtool"
)

// sqliteFile makes a database with the given statements and returns its
// bytes, as a copy from a phone would be.
func sqliteFile(t testing.TB, stmts ...string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "db")
	conn, err := sqlite3.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if err := conn.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The tables as the apps create them (see the fixtures in
// ../shared/testdata-public/aegis/importers).
const (
	gaTable = `CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0,
		type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, original_name TEXT DEFAULT NULL)`
	msTable = "CREATE TABLE `accounts` (`_id` INTEGER PRIMARY KEY AUTOINCREMENT, `name` TEXT NOT NULL, `username` TEXT NOT NULL, " +
		"`oath_secret_key` TEXT NOT NULL, `account_type` INTEGER NOT NULL, `encrypted_oath_secret_key` TEXT NOT NULL)"
	authProTable = `CREATE TABLE "authenticator" ("type" integer, "icon" varchar, "issuer" varchar(32), "username" varchar(40),
		"secret" varchar primary key not null, "pin" varchar, "algorithm" integer, "digits" integer, "period" integer, "counter" integer, "ranking" integer)`
)

func testGADB(t testing.TB) []byte {
	return sqliteFile(t, gaTable,
		`INSERT INTO accounts (email, secret, counter, type, issuer) VALUES ('Test:alice', 'GEZDGNBVGY3TQOJQ', 0, 0, 'Test')`,
		`INSERT INTO accounts (email, secret, counter, type, issuer) VALUES ('bob', 'gezd gnbv gy3t qojq', 7, 1, NULL)`)
}

func TestSQLiteDatabases(t *testing.T) {
	s, _ := otpmigrate.DecodeSecret("GEZDGNBVGY3TQOJQ")
	ms8 := otpmigrate.NewTOTP("Microsoft", "carol@outlook.com", []byte("1234567890"))
	ms8.Digits = 8
	tests := []struct {
		name string
		db   []byte
		want []otpmigrate.Account
		warn string
	}{
		{"google authenticator", testGADB(t), []otpmigrate.Account{otpmigrate.NewTOTP("Test", "alice", s), otpmigrate.NewHOTP("", "bob", s, 7)}, ""},
		{"microsoft authenticator", sqliteFile(t, msTable,
			`INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES ('Test', 'alice', 'GEZDGNBVGY3TQOJQ', 0, '')`,
			`INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES ('Microsoft', 'carol@outlook.com', 'MTIzNDU2Nzg5MA==', 1, '')`,
			`INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES ('Contoso', 'dave@contoso.com', '', 2, '')`,
			`INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES ('Sealed', 'erin', '', 0, 'AAAA')`),
			[]otpmigrate.Account{otpmigrate.NewTOTP("Test", "alice", s), ms8},
			`entry 3 ("Contoso"): work or school accounts hold no secret`},
		{"authenticator pro", sqliteFile(t, authProTable,
			`INSERT INTO authenticator VALUES (2, NULL, 'Test', 'alice', 'GEZDGNBVGY3TQOJQ', NULL, 1, 8, 60, 0, 0)`,
			`INSERT INTO authenticator VALUES (1, NULL, 'Counter', NULL, 'GEZDGNBVGY3TQOJR', NULL, 0, 6, 30, 5, 1)`),
			[]otpmigrate.Account{{Type: otpmigrate.TOTP, Issuer: "Test", Name: "alice", Secret: s, Algorithm: otpmigrate.SHA256, Digits: 8, Period: 60},
				otpmigrate.NewHOTP("Counter", "", append(append([]byte{}, s[:9]...), s[9]+1), 5)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Decode([]Input{{Name: "db", Data: tt.db}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkAccounts(t, res.Accounts, tt.want)
			if w := strings.Join(res.Warnings, "\n"); !strings.Contains(w, tt.warn) || (tt.warn == "") != (w == "") {
				t.Errorf("warnings %q, want %q", res.Warnings, tt.warn)
			}
		})
	}
}

func TestSQLiteErrors(t *testing.T) {
	tests := []struct {
		name string
		db   []byte
		is   error
		want string
	}{
		{"google authenticator 5.20 encrypted", sqliteFile(t, gaTable, `ALTER TABLE accounts ADD COLUMN isencrypted INTEGER`,
			`INSERT INTO accounts (email, secret, type, issuer, isencrypted) VALUES ('a', 'AAAA', 0, 'X', 1)`),
			ErrUnsupportedBackup, "Google Authenticator database of version 5.20 or later"},
		{"unknown database", sqliteFile(t, `CREATE TABLE notes (body TEXT)`), ErrUnsupportedBackup, "no app otpmigrate knows (tables: notes)"},
		// A view can be made to run for ever; only tables are read.
		{"hostile view", sqliteFile(t, `CREATE VIEW accounts AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c)
			SELECT 'a' AS email, 'GEZDGNBV' AS secret, 0 AS type FROM c`), ErrUnsupportedBackup, "(tables: )"},
		{"bad secret", sqliteFile(t, gaTable, `INSERT INTO accounts (email, secret, type, issuer) VALUES ('a', '!!', 0, 'X')`), nil, `entry 1 ("X")`},
		{"bad type", sqliteFile(t, gaTable, `INSERT INTO accounts (email, secret, type, issuer) VALUES ('a', 'GEZDGNBV', 9, 'X')`), nil, "unknown Google Authenticator database type 9"},
		{"empty", sqliteFile(t, gaTable), nil, "holds no accounts"},
		{"header only", []byte(sqliteHeader + "garbage"), nil, "SQLite database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]Input{{Name: "db", Data: tt.db}}, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			var de *Error
			if errors.As(err, &de) && tt.is == ErrUnsupportedBackup && de.Hint() == "" {
				t.Errorf("no hint")
			}
		})
	}
}

// TestSQLiteDamage cuts and changes a database: each result is an error
// or the original accounts, never a panic or other accounts.
func TestSQLiteDamage(t *testing.T) {
	data := testGADB(t)
	want, err := Decode([]Input{{Name: "db", Data: data}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	same := func(got Result) bool {
		if len(got.Accounts) != len(want.Accounts) {
			return false
		}
		for i := range got.Accounts {
			if !got.Accounts[i].Equal(want.Accounts[i]) {
				return false
			}
		}
		return true
	}
	for n := 16; n < len(data); n += 97 {
		if res, err := Decode([]Input{{Name: "db", Data: data[:n]}}, Options{}); err == nil {
			t.Errorf("cut to %d of %d bytes: no error, %d accounts", n, len(data), len(res.Accounts))
		}
	}
	for i := 16; i < len(data); i += 7 {
		if res, err := Decode([]Input{{Name: "db", Data: flip(data, i)}}, Options{}); err == nil && !same(res) && len(res.Accounts) > 0 {
			// A changed byte inside a secret or a label is data SQLite
			// does not checksum: note it, it is not a failure.
			t.Logf("byte %d changed: other accounts", i)
		}
	}
}

func FuzzSQLite(f *testing.F) {
	f.Add(testGADB(f))
	f.Add(sqliteFile(f, msTable, `INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES ('M', 'c', 'MTIzNDU2Nzg5MA==', 1, '')`))
	fuzzSeeds(f, "importers/google_authenticator.sqlite", "importers/microsoft_authenticator.sqlite", "importers/stratum_internal.db")
	fuzzReader(f, func(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
		if len(data) < len(sqliteHeader) || string(data[:len(sqliteHeader)]) != sqliteHeader {
			return nil, nil, nil
		}
		return readSQLite(name, data, opts)
	})
}

// TestSQLiteFixturesCut: every cut of the apps' real databases is an
// error, including cuts in their unused last pages.
func TestSQLiteFixturesCut(t *testing.T) {
	dir := filepath.Join(testtool.SharedFixtures(t, ".."), "aegis", "importers")
	for _, f := range []string{"google_authenticator.sqlite", "microsoft_authenticator.sqlite", "stratum_internal.db"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for n := 1; n < len(data); n += 173 {
			if res, err := Decode([]Input{{Name: f, Data: data[:n]}}, Options{}); err == nil {
				t.Errorf("%s cut to %d of %d bytes: no error, %d accounts", f, n, len(data), len(res.Accounts))
			}
		}
	}
}

// TestSQLiteReadOnly: even with query_only turned off again, nothing can
// be written through the VFS, and the bytes given are not changed.
func TestSQLiteReadOnly(t *testing.T) {
	data := testGADB(t)
	orig := append([]byte(nil), data...)
	db, err := openSQLite(data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	for _, stmt := range []string{"PRAGMA query_only = OFF; CREATE TABLE x(a)", "PRAGMA query_only = OFF; DELETE FROM accounts",
		"PRAGMA query_only = OFF; PRAGMA journal_mode = WAL; INSERT INTO accounts (email, secret) VALUES ('a', 'b')"} {
		if err := db.conn.Exec(stmt); err == nil {
			t.Errorf("%s: no error", stmt)
		}
	}
	if string(data) != string(orig) {
		t.Error("the bytes given were changed")
	}
}
