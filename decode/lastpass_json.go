package decode

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/otpmigrate/otpmigrate"
)

const lastPassJSONFormat = "LastPass Authenticator export"

// LastPass Authenticator's JSON export ("Export accounts to file") is
// {version 3, accounts, folders}: each account has the names the user set
// (issuerName, userName) and the ones it was added with
// (originalIssuerName, originalUserName), the base32 secret, timeStep,
// digits, algorithm, isFavorite and folderData {folderId, position}; the
// folders list their ids and names (0 is "Other accounts"). Accounts are
// TOTP. Source: stratumauth/app Stratum.Core/src/Converter/
// LastPassBackupConverter.cs (version 3 only; SHA1, SHA256, SHA512) and
// its test file Stratum.Test/data/lastpass.json. The QR code export
// (lpaauth-migration://) is lastpass.go's.
type lastPassExport struct {
	Version  *int              `json:"version"`
	Accounts []lastPassJSONAcc `json:"accounts"`
	Folders  []struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	} `json:"folders"`
}

type lastPassJSONAcc struct {
	IssuerName         string `json:"issuerName"`
	OriginalIssuerName string `json:"originalIssuerName"`
	UserName           string `json:"userName"`
	OriginalUserName   string `json:"originalUserName"`
	Secret             string `json:"secret"`
	TimeStep           *int   `json:"timeStep"`
	Digits             *int   `json:"digits"`
	Algorithm          string `json:"algorithm"`
	IsFavorite         bool   `json:"isFavorite"`
	FolderData         *struct {
		FolderID int `json:"folderId"`
	} `json:"folderData"`
}

// isLastPassExport reports whether a JSON object is LastPass's export:
// accounts with issuerName or originalIssuerName and a timeStep.
func isLastPassExport(top map[string]json.RawMessage) bool {
	var accounts []map[string]json.RawMessage
	if !has(top, "version") || json.Unmarshal(top["accounts"], &accounts) != nil || len(accounts) == 0 {
		return false
	}
	a := accounts[0]
	return (has(a, "issuerName") || has(a, "originalIssuerName")) && has(a, "timeStep")
}

func readLastPassJSON(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	var e lastPassExport
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", lastPassJSONFormat, jsonError(err)), "")
	}
	if e.Version == nil || *e.Version != lastPassVersion {
		return nil, nil, appError(name, "", fmt.Errorf("%w: %s version other than %d", ErrUnsupportedBackup, lastPassJSONFormat, lastPassVersion),
			"update otpmigrate, or export the accounts as QR codes from LastPass Authenticator")
	}
	if len(e.Accounts) == 0 {
		return nil, nil, appError(name, "", fmt.Errorf("%s holds no accounts", lastPassJSONFormat), "")
	}
	if len(e.Accounts) > maxAppEntries {
		return nil, nil, appError(name, "", fmt.Errorf("%s has %d entries, more than %d", lastPassJSONFormat, len(e.Accounts), maxAppEntries), "")
	}
	folders := map[int]string{}
	for _, f := range e.Folders {
		folders[f.ID] = f.Name
	}
	drop := dropped{}
	accounts := make([]otpmigrate.Account, 0, len(e.Accounts))
	for i, la := range e.Accounts {
		// The names the user edited win over the original ones.
		issuer, user := la.IssuerName, la.UserName
		if strings.TrimSpace(issuer) == "" {
			issuer = la.OriginalIssuerName
		}
		if strings.TrimSpace(user) == "" {
			user = la.OriginalUserName
		}
		where := entryWhere(i, issuer)
		secret, err := otpmigrate.DecodeSecret(la.Secret)
		if err != nil {
			return nil, nil, appError(name, where, err, "")
		}
		a := otpmigrate.NewTOTP(issuer, user, secret)
		if la.Algorithm != "" {
			if a.Algorithm, err = otpmigrate.ParseAlgorithm(la.Algorithm); err != nil {
				return nil, nil, appError(name, where, err, "")
			}
		}
		if la.Digits != nil {
			a.Digits = *la.Digits
		}
		if la.TimeStep != nil {
			a.Period = *la.TimeStep
		}
		drop.add("favourites", la.IsFavorite)
		// Folder 0 is "Other accounts", where every account starts.
		if la.FolderData != nil && la.FolderData.FolderID != 0 {
			if _, ok := folders[la.FolderData.FolderID]; ok {
				drop.add("folders", true)
			}
		}
		accounts = append(accounts, a)
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	return accounts, drop.warning(name, lastPassJSONFormat), nil
}
