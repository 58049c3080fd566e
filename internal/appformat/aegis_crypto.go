package appformat

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/scrypt"
)

// The vault crypto, as Aegis's VaultFileCredentials and PasswordSlot do it
// (docs/vault.md in beemdevelopment/Aegis): a random master key encrypts
// the db with AES-256-GCM; each password slot holds the master key
// encrypted with AES-256-GCM under a key derived from the password by
// scrypt. Tags are kept apart from their ciphertexts, all binary fields are
// hex but the db, which is base64.

// ErrAegisSlotKey is returned by [AegisPasswordSlot.Open] when the slot's
// key does not authenticate: a wrong password, or a modified slot.
var ErrAegisSlotKey = errors.New("password slot does not open")

// RandomUUID returns a random (version 4) UUID, as the apps give entries
// and slots.
func RandomUUID(r io.Reader) (string, error) {
	b, err := RandomBytes(r, 16)
	if err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:]), nil
}

// SealAegis encrypts a db (its JSON) with a new master key and makes one
// password slot for it with scrypt work factor n (0 means [AegisScryptN];
// only tests lower it). It returns the header and the db as the vault
// holds it (base64). Randomness comes from r.
func SealAegis(r io.Reader, db, password []byte, n int) (AegisHeader, string, error) {
	if n == 0 {
		n = AegisScryptN
	}
	fail := func(err error) (AegisHeader, string, error) { return AegisHeader{}, "", err }
	master, err := RandomBytes(r, KeySize)
	if err != nil {
		return fail(err)
	}
	salt, err := RandomBytes(r, 32)
	if err != nil {
		return fail(err)
	}
	slotKey, err := AegisSlotKey(password, salt, int64(n), AegisScryptR, AegisScryptP)
	if err != nil {
		return fail(err)
	}
	slotNonce, wrapped, err := GCMSeal(r, slotKey, master)
	if err != nil {
		return fail(err)
	}
	dbNonce, sealed, err := GCMSeal(r, master, db)
	if err != nil {
		return fail(err)
	}
	id, err := RandomUUID(r)
	if err != nil {
		return fail(err)
	}
	split := func(b []byte) (body, tag []byte) { return b[:len(b)-TagSize], b[len(b)-TagSize:] }
	wkey, wtag := split(wrapped)
	body, tag := split(sealed)
	slot := AegisSlot{Type: AegisSlotPassword, UUID: id, Key: hex.EncodeToString(wkey),
		KeyParams: AegisParams{Nonce: hex.EncodeToString(slotNonce), Tag: hex.EncodeToString(wtag)},
		N:         int64(n), R: AegisScryptR, P: AegisScryptP, Salt: hex.EncodeToString(salt), Repaired: true}
	h := AegisHeader{Slots: []AegisSlot{slot},
		Params: &AegisParams{Nonce: hex.EncodeToString(dbNonce), Tag: hex.EncodeToString(tag)}}
	return h, base64.StdEncoding.EncodeToString(body), nil
}

// AegisSlotKey derives a password slot's key with scrypt. The caller
// checks n, r and p against its own cost limits first: they come from a
// file.
func AegisSlotKey(password, salt []byte, n, r, p int64) ([]byte, error) {
	k, err := scrypt.Key(password, salt, int(n), int(r), int(p), KeySize)
	if err != nil {
		return nil, fmt.Errorf("scrypt: %v", err)
	}
	return k, nil
}

// AegisPasswordSlot is a password slot's binary fields, decoded and checked
// for size.
type AegisPasswordSlot struct {
	Sealed  []byte // the master key's ciphertext and tag
	Nonce   []byte
	Salt    []byte
	N, R, P int64
}

// ParseAegisSlot decodes a password slot's fields.
func ParseAegisSlot(s AegisSlot) (AegisPasswordSlot, error) {
	key, e1 := hex.DecodeString(s.Key)
	nonce, e2 := hex.DecodeString(s.KeyParams.Nonce)
	tag, e3 := hex.DecodeString(s.KeyParams.Tag)
	salt, e4 := hex.DecodeString(s.Salt)
	if e1 != nil || e2 != nil || e3 != nil || e4 != nil || len(key) != KeySize || len(nonce) != NonceSize || len(tag) != TagSize || len(salt) == 0 || len(salt) > 1024 {
		return AegisPasswordSlot{}, errors.New("slot key, nonce, tag or salt is malformed")
	}
	return AegisPasswordSlot{Sealed: append(key, tag...), Nonce: nonce, Salt: salt, N: s.N, R: s.R, P: s.P}, nil
}

// Open derives the slot key from password and unwraps the master key;
// [ErrAegisSlotKey] when it does not authenticate.
func (s AegisPasswordSlot) Open(password []byte) ([]byte, error) {
	k, err := AegisSlotKey(password, s.Salt, s.N, s.R, s.P)
	if err != nil {
		return nil, err
	}
	master, err := GCMOpen(k, s.Nonce, s.Sealed)
	if err != nil {
		return nil, ErrAegisSlotKey
	}
	return master, nil
}

// AegisSealedDB is an encrypted db's nonce and ciphertext with its tag, decoded
// and checked for size.
type AegisSealedDB struct {
	Nonce, Sealed []byte
}

// ParseAegisDB decodes an encrypted db (base64) and its header params.
func ParseAegisDB(params *AegisParams, db string) (AegisSealedDB, error) {
	if params == nil {
		return AegisSealedDB{}, errors.New("db is encrypted but the header has no nonce and tag")
	}
	nonce, err1 := hex.DecodeString(params.Nonce)
	tag, err2 := hex.DecodeString(params.Tag)
	if err1 != nil || err2 != nil || len(nonce) != NonceSize || len(tag) != TagSize {
		return AegisSealedDB{}, errors.New("header nonce or tag is malformed")
	}
	ct, err := base64.StdEncoding.DecodeString(db)
	if err != nil {
		return AegisSealedDB{}, errors.New("db is not valid base64")
	}
	return AegisSealedDB{Nonce: nonce, Sealed: append(ct, tag...)}, nil
}

// Open decrypts the db with the master key.
func (d AegisSealedDB) Open(master []byte) ([]byte, error) {
	return GCMOpen(master, d.Nonce, d.Sealed)
}
