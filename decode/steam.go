package decode

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/otpmigrate/otpmigrate"
)

const steamFormat = "Steam Guard file"

// A Steam Desktop Authenticator .maFile (and the Steam app's own
// Steamguard file, which nests the same objects under "accounts") holds
// the TOTP key as base64 "shared_secret" next to keys for trade
// confirmations and the revocation code, which otpmigrate does not keep.
type steamGuard struct {
	SharedSecret   string `json:"shared_secret"`
	AccountName    string `json:"account_name"`
	RevocationCode string `json:"revocation_code"`
	IdentitySecret string `json:"identity_secret"`
}

// steamAccounts reports whether raw is an object of Steam Guard objects.
func steamAccounts(raw json.RawMessage) bool {
	var m map[string]map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || len(m) == 0 {
		return false
	}
	for _, v := range m {
		if !has(v, "shared_secret") {
			return false
		}
	}
	return true
}

func readSteam(name string, data []byte, _ Options) ([]otpmigrate.Account, []string, error) {
	var guards []steamGuard
	var top struct {
		Accounts map[string]steamGuard `json:"accounts"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, nil, appError(name, "", fmt.Errorf("%s: %v", steamFormat, jsonError(err)), "")
	}
	if len(top.Accounts) > 0 {
		if len(top.Accounts) > maxAppEntries {
			return nil, nil, appError(name, "", fmt.Errorf("%s has %d accounts, more than %d", steamFormat, len(top.Accounts), maxAppEntries), "")
		}
		keys := make([]string, 0, len(top.Accounts))
		for k := range top.Accounts {
			keys = append(keys, k)
		}
		sort.Strings(keys) // map order is random; output must not be
		for _, k := range keys {
			guards = append(guards, top.Accounts[k])
		}
	} else {
		var g steamGuard
		if err := json.Unmarshal(data, &g); err != nil {
			return nil, nil, appError(name, "", fmt.Errorf("%s: %v", steamFormat, jsonError(err)), "")
		}
		guards = []steamGuard{g}
	}
	drop := dropped{}
	var accounts []otpmigrate.Account
	for i, g := range guards {
		if g.SharedSecret == "" {
			return nil, nil, appError(name, entryWhere(i, ""), fmt.Errorf("%s has no shared_secret", steamFormat), "")
		}
		secret, err := base64.StdEncoding.DecodeString(g.SharedSecret)
		if err != nil || len(secret) == 0 {
			return nil, nil, appError(name, entryWhere(i, ""), fmt.Errorf("%s: shared_secret is not valid base64", steamFormat), "")
		}
		accounts = append(accounts, otpmigrate.Account{Type: otpmigrate.Steam, Issuer: "Steam", Name: g.AccountName, Secret: secret,
			Algorithm: otpmigrate.SHA1, Digits: otpmigrate.SteamDigits, Period: otpmigrate.DefaultPeriod})
		drop.add("revocation codes", g.RevocationCode != "")
		drop.add("identity secrets (trade confirmations)", g.IdentitySecret != "")
	}
	accounts, err := finish(name, accounts)
	if err != nil {
		return nil, nil, err
	}
	warns := drop.warning(name, steamFormat)
	if len(warns) > 0 {
		warns[0] += "; keep the original file: Steam needs them to remove the authenticator and confirm trades"
	}
	return accounts, warns, nil
}
