package appformat

import "encoding/json"

// An Aegis vault (docs/vault.md in the Aegis repository) is JSON: a header
// and a db, which is an object when the vault is plain and the base64 of its
// AES-256-GCM encryption otherwise. The master key that encrypts the db is
// wrapped once per slot; password slots derive their wrapping key with
// scrypt.
const (
	// AegisVaultVersion is the only vault version there is.
	AegisVaultVersion = 1
	// AegisDBVersion is the db version current Aegis writes (3: groups by
	// UUID, notes and favourites), and the newest one known.
	AegisDBVersion = 3
	// AegisSlotPassword is the type of a password (scrypt) slot; 0 is a
	// raw key and 2 a key in the phone's keystore.
	AegisSlotPassword = 1

	// The scrypt parameters Aegis uses for its password slots: the most
	// Android's memory limits allow.
	AegisScryptN = 1 << 15
	AegisScryptR = 8
	AegisScryptP = 1
)

// AegisVault is the whole file.
type AegisVault struct {
	Version int         `json:"version"`
	Header  AegisHeader `json:"header"`
	// DB is an AegisDB object, or a JSON string: the base64 of the
	// encrypted AegisDB.
	DB json.RawMessage `json:"db"`
}

// AegisHeader is null slots and params in a plain vault.
type AegisHeader struct {
	Slots []AegisSlot `json:"slots"`
	// Params are the nonce and tag of the encrypted db.
	Params *AegisParams `json:"params"`
}

// AegisParams are a GCM nonce and tag, in hex.
type AegisParams struct {
	Nonce string `json:"nonce"`
	Tag   string `json:"tag"`
}

// AegisSlot holds the master key, encrypted (Key, hex, without its tag).
type AegisSlot struct {
	Type      int         `json:"type"`
	UUID      string      `json:"uuid"`
	Key       string      `json:"key"`
	KeyParams AegisParams `json:"key_params"`
	// N, R and P are scrypt's; int64 so that a reader can check a
	// product of them from a file without overflow.
	N        int64  `json:"n"`
	R        int64  `json:"r"`
	P        int64  `json:"p"`
	Salt     string `json:"salt"`
	Repaired bool   `json:"repaired"`
	IsBackup bool   `json:"is_backup"`
}

// AegisDB is the content of the vault.
type AegisDB struct {
	Version int          `json:"version"`
	Entries []AegisEntry `json:"entries"`
	Groups  []AegisGroup `json:"groups"`
}

// AegisGroup is a group of db version 3.
type AegisGroup struct {
	UUID string `json:"uuid"`
	Name string `json:"name"`
}

// AegisEntry is one account.
type AegisEntry struct {
	Type     string          `json:"type"`
	UUID     string          `json:"uuid"`
	Name     string          `json:"name"`
	Issuer   string          `json:"issuer"`
	Note     string          `json:"note"`
	Favorite bool            `json:"favorite"`
	Archived bool            `json:"archived,omitempty"`
	Icon     json.RawMessage `json:"icon"`
	IconMime *string         `json:"icon_mime"`
	IconHash *string         `json:"icon_hash"`
	Info     AegisInfo       `json:"info"`
	// Group is the group name of db version 2.
	Group json.RawMessage `json:"group,omitempty"`
	// Groups are the group UUIDs of db version 3.
	Groups json.RawMessage `json:"groups"`
}

// AegisInfo is an entry's code: a TOTP or Steam entry has a period, an HOTP
// entry a counter.
type AegisInfo struct {
	Secret  string  `json:"secret"`
	Algo    string  `json:"algo"`
	Digits  int     `json:"digits"`
	Period  int     `json:"period,omitempty"`
	Counter *uint64 `json:"counter,omitempty"`
	// PIN is mOTP's and Yandex's.
	PIN string `json:"pin,omitempty"`
}
