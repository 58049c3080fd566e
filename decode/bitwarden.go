package decode

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/otpmigrate/otpmigrate"
)

const bitwardenFormat = "Bitwarden export"

// A Bitwarden export holds whole password-manager items; otpmigrate reads
// only the TOTP field of each: an otpauth:// URI, a steam://SECRET URI,
// or a bare base32 secret.

type bitwardenExport struct {
	Encrypted         bool `json:"encrypted"`
	PasswordProtected bool `json:"passwordProtected"`
	Items             []struct {
		Name   string          `json:"name"`
		Notes  string          `json:"notes"`
		Folder json.RawMessage `json:"folderId"`
		Fields json.RawMessage `json:"fields"`
		Login  *struct {
			Username string          `json:"username"`
			Password string          `json:"password"`
			URIs     json.RawMessage `json:"uris"`
			TOTP     string          `json:"totp"`
		} `json:"login"`
	} `json:"items"`
}

func readBitwardenJSON(name string, data []byte, opts Options) ([]otpmigrate.Account, []string, error) {
	var ex bitwardenExport
	if err := json.Unmarshal(data, &ex); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", bitwardenFormat, jsonError(err)), "")
	}
	if ex.PasswordProtected {
		plain, err := openBitwarden(name, data, opts)
		if err != nil {
			return nil, nil, err
		}
		ex = bitwardenExport{}
		if err := json.Unmarshal(plain, &ex); err != nil {
			return nil, nil, appError(name, "", fmt.Errorf("%s: the decrypted data: %v", bitwardenFormat, jsonError(err)), "")
		}
		if ex.Encrypted || ex.PasswordProtected {
			return nil, nil, appError(name, "", fmt.Errorf("%s: the decrypted data is encrypted again", bitwardenFormat), "")
		}
	}
	if ex.Encrypted {
		// Encrypted with the account's own key, which never leaves
		// Bitwarden: only that account can open it.
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s encrypted for one Bitwarden account (\"account restricted\")", ErrUnsupportedBackup, bitwardenFormat),
			"export from Bitwarden again as .json (encrypted, \"password protected\"), or as plain .json or .csv; delete that file once done")
	}
	if ex.Items == nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s has no items", bitwardenFormat), "")
	}
	if len(ex.Items) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d items, more than %d", bitwardenFormat, len(ex.Items), maxAppEntries), "")
	}
	var items []bitwardenItem
	drop := dropped{}
	for _, it := range ex.Items {
		if it.Login == nil || strings.TrimSpace(it.Login.TOTP) == "" {
			items = append(items, bitwardenItem{})
			continue
		}
		items = append(items, bitwardenItem{name: it.Name, username: it.Login.Username, totp: it.Login.TOTP})
		drop.add("passwords", it.Login.Password != "")
		drop.add("URIs", nonEmptyJSON(it.Login.URIs))
		drop.add("notes", it.Notes != "")
		drop.add("custom fields", nonEmptyJSON(it.Fields))
		drop.add("folders", nonEmptyJSON(it.Folder))
	}
	return bitwardenAccounts(name, bitwardenFormat, items, drop)
}

type bitwardenItem struct{ name, username, totp string }

// unclosedQuote reports whether data ends inside a quoted field, and the
// line where that field opened, following encoding/csv with LazyQuotes: a
// field is quoted when it starts with '"', "" inside it is a quote, and a
// '"' ends it only before a comma, a line end or the end of the data.
func unclosedQuote(data []byte) (line int, open bool) {
	line, fieldStart, quoteLine := 1, true, 0
	inQuote := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inQuote {
			switch {
			case c == '\n':
				line++
			case c == '"' && i+1 < len(data) && data[i+1] == '"':
				i++
			case c == '"' && (i+1 == len(data) || data[i+1] == ',' || data[i+1] == '\n' || data[i+1] == '\r'):
				inQuote, fieldStart = false, false
			}
			continue
		}
		switch c {
		case '"':
			if fieldStart {
				inQuote, quoteLine = true, line
			}
			fieldStart = false
		case ',':
			fieldStart = true
		case '\n':
			line++
			fieldStart = true
		default:
			fieldStart = false
		}
	}
	return quoteLine, inQuote
}

// isBitwardenCSV reports whether data starts with the header line of a
// Bitwarden CSV export.
func isBitwardenCSV(data []byte) bool {
	line, _, _ := bytes.Cut(data[:min(len(data), 4096)], []byte("\n"))
	fields := strings.Split(strings.TrimSpace(string(line)), ",")
	var totp, name bool
	for _, f := range fields {
		switch strings.Trim(f, `" `) {
		case "login_totp":
			totp = true
		case "name":
			name = true
		}
	}
	return totp && name
}

func readBitwardenCSV(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	// The reader below is lenient about stray quotes, and so reads an
	// unclosed one as a field running to the end of the file: every
	// account after it would be lost without a word.
	if line, open := unclosedQuote(data); open {
		return nil, nil, appError(name, fmt.Sprintf("line %d", line), fmt.Errorf("%s: malformed CSV: a quoted field opened here is never closed", bitwardenFormat),
			"the file was cut short or edited: export it from Bitwarden again")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return nil, nil, appError(name, "line 1", fmt.Errorf("%s: malformed CSV header", bitwardenFormat), "")
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var items []bitwardenItem
	drop := dropped{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, nil, appError(name, fmt.Sprintf("line %d", line), fmt.Errorf("%s: malformed CSV", bitwardenFormat), "")
		}
		if len(items) >= maxAppEntries {
			return nil, nil, appError(name, "", fmt.Errorf("%s has more than %d items", bitwardenFormat, maxAppEntries), "")
		}
		totp := get(rec, "login_totp")
		if strings.TrimSpace(totp) == "" {
			items = append(items, bitwardenItem{})
			continue
		}
		items = append(items, bitwardenItem{name: get(rec, "name"), username: get(rec, "login_username"), totp: totp})
		drop.add("passwords", get(rec, "login_password") != "")
		drop.add("URIs", get(rec, "login_uri") != "")
		drop.add("notes", get(rec, "notes") != "")
		drop.add("custom fields", get(rec, "fields") != "")
		drop.add("folders", get(rec, "folder") != "")
	}
	return bitwardenAccounts(name, bitwardenFormat, items, drop)
}

// bitwardenAccounts turns the TOTP fields of items into accounts. Items
// without one are counted and left out.
func bitwardenAccounts(name, format string, items []bitwardenItem, drop dropped) ([]otpmigrate.Account, []string, error) {
	var accounts []otpmigrate.Account
	without := 0
	for i, it := range items {
		if it.totp == "" {
			without++
			continue
		}
		a, err := totpField(it)
		if err != nil {
			return nil, nil, appError(name, entryWhere(i, it.name), err, "")
		}
		accounts = append(accounts, a)
	}
	trimLabels(accounts)
	for i, a := range accounts {
		if err := a.Validate(); err != nil {
			return nil, nil, appError(name, fmt.Sprintf("account %d (%q)", i+1, truncateASCII(a.Issuer, 64)), err, "")
		}
	}
	var warns []string
	if without > 0 {
		warns = append(warns, fmt.Sprintf("%q: %s: %d item(s) without a TOTP field left out", name, format, without))
	}
	if len(accounts) == 0 {
		return nil, nil, appError(name, "", fmt.Errorf("%s has no item with a TOTP field", format), "")
	}
	return accounts, append(warns, drop.warning(name, format)...), nil
}

// totpField reads the TOTP field of a password manager's item: an
// otpauth:// URI, a steam:// URI (Bitwarden's), or a bare base32 secret
// with TOTP defaults. The item's name and username fill in what the URI
// leaves out.
func totpField(it bitwardenItem) (otpmigrate.Account, error) {
	totp := strings.TrimSpace(it.totp)
	lower := strings.ToLower(totp)
	var a otpmigrate.Account
	switch {
	case strings.HasPrefix(lower, "otpauth://"):
		var err error
		if a, err = otpmigrate.Parse(totp); err != nil {
			return a, err
		}
		if a.Issuer == "" && a.Name != it.name {
			a.Issuer = it.name
		}
		if a.Name == "" {
			a.Name = it.username
		}
	case strings.HasPrefix(lower, "steam://"):
		secret, err := otpmigrate.DecodeSecret(totp[len("steam://"):])
		if err != nil {
			return a, err
		}
		// A steam:// URI holds only the secret. With a username, the
		// item's name is the service, as Bitwarden shows it; without,
		// the name is all there is to name the account.
		a = otpmigrate.Account{Type: otpmigrate.Steam, Issuer: "Steam", Name: it.username, Secret: secret,
			Algorithm: otpmigrate.SHA1, Digits: otpmigrate.SteamDigits, Period: otpmigrate.DefaultPeriod}
		if a.Name == "" {
			a.Name = it.name
		} else if strings.TrimSpace(it.name) != "" {
			a.Issuer = it.name
		}
	default:
		secret, err := otpmigrate.DecodeSecret(totp)
		if err != nil {
			return a, errors.New("TOTP field is neither an otpauth:// or steam:// URI nor a base32 secret")
		}
		a = otpmigrate.NewTOTP(it.name, it.username, secret)
	}
	return a, nil
}
