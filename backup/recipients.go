package backup

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/edwards25519"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/hkdf"
)

// ParseRecipient parses one public key: an age X25519 key (age1…), an age
// post-quantum hybrid key (age1pq1…), or an SSH public key in
// authorized_keys form (ssh-ed25519 … or ssh-rsa …, the comment optional).
// The error never quotes s.
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		r, err := age.ParseHybridRecipient(s)
		if err != nil {
			return nil, errors.New("malformed age post-quantum recipient")
		}
		return r, nil
	case strings.HasPrefix(s, "age1") && strings.Count(s, "1") > 1:
		// age1tag1…, age1yubikey1…: tags and plugins run other programs
		// or have other properties; none is supported here.
		return nil, errors.New("age plugin and tag recipients are not supported")
	case strings.HasPrefix(s, "age1"):
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, errors.New("malformed age recipient")
		}
		return r, nil
	case strings.HasPrefix(s, "ssh-ed25519 "), strings.HasPrefix(s, "ssh-rsa "):
		return parseSSHRecipient(s)
	case strings.HasPrefix(s, "AGE-SECRET-KEY-"):
		return nil, errors.New("this is a private key (identity), not a recipient; give its public key (age-keygen -y)")
	case strings.HasPrefix(s, "ssh-"), strings.HasPrefix(s, "ecdsa-"), strings.HasPrefix(s, "sk-"):
		return nil, errors.New("unsupported SSH key type (want ssh-ed25519 or ssh-rsa)")
	}
	return nil, errors.New("unknown recipient type (want age1…, ssh-ed25519 or ssh-rsa)")
}

// ParseRecipients reads a recipients file as age -R does: one recipient per
// line, blank lines and lines starting with "#" ignored. Errors name the
// line, never its content.
func ParseRecipients(r io.Reader) ([]age.Recipient, error) {
	const lineLengthLimit = 8 << 10 // as age and sshd
	var recs []age.Recipient
	lr := &io.LimitedReader{R: r, N: MaxSize + 1}
	sc := bufio.NewScanner(lr)
	sc.Buffer(nil, lineLengthLimit)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("line %d: not UTF-8 text", n)
		}
		rec, err := ParseRecipient(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d is too long", n+1)
		}
		return nil, err
	}
	if lr.N == 0 {
		return nil, ErrTooLarge
	}
	if len(recs) == 0 {
		return nil, errors.New("no recipients found")
	}
	return recs, nil
}

// ParseIdentities reads the private keys that open a backup: an age
// identities file as age -i reads it (AGE-SECRET-KEY-1…, AGE-SECRET-KEY-PQ-1…,
// one per line, blank lines and "#" comments ignored), or an unencrypted
// OpenSSH private key (ssh-ed25519 or ssh-rsa, as ssh-keygen writes them).
// A passphrase-protected SSH key gives [ErrEncryptedSSHKey]: decrypt such a
// backup with age -d -i and give the output to otpmigrate. Errors never
// include key material.
func ParseIdentities(r io.Reader) ([]age.Identity, error) {
	data, err := readCapped(r)
	if err != nil {
		return nil, err
	}
	if i := bytes.Index(data, []byte("-----BEGIN ")); i >= 0 && len(bytes.TrimSpace(data[:i])) == 0 {
		id, err := parseSSHIdentity(data)
		if err != nil {
			return nil, err
		}
		return []age.Identity{id}, nil
	}
	// age's messages name the line and never the key.
	return age.ParseIdentities(bytes.NewReader(data))
}

// The SSH recipient types below follow the age specification
// (age-encryption.org/v1, "ssh-ed25519" and "ssh-rsa" stanzas) as
// filippo.io/age/agessh implements them. agessh cannot be used: it imports
// golang.org/x/crypto/ssh, which links the net package, and otpmigrate
// promises a binary without it. The tests check these recipients against
// agessh's identities and the age command.

const (
	sshEd25519Label = "age-encryption.org/v1/ssh-ed25519"
	sshRSALabel     = "age-encryption.org/v1/ssh-rsa"
)

type sshEd25519Recipient struct {
	wire   []byte // the SSH wire encoding of the public key
	theirs []byte // the key as a Curve25519 point
}

type sshRSARecipient struct {
	wire []byte
	pub  *rsa.PublicKey
}

func parseSSHRecipient(s string) (age.Recipient, error) {
	fields := strings.Fields(s)
	if len(fields) < 2 {
		return nil, errors.New("malformed SSH public key")
	}
	wire, err := base64.StdEncoding.DecodeString(fields[1])
	if err != nil {
		return nil, errors.New("malformed SSH public key")
	}
	in := cryptobyte.String(wire)
	var typ cryptobyte.String
	if !readString(&in, &typ) || string(typ) != fields[0] {
		return nil, errors.New("malformed SSH public key")
	}
	switch string(typ) {
	case "ssh-ed25519":
		var key cryptobyte.String
		if !readString(&in, &key) || !in.Empty() || len(key) != 32 {
			return nil, errors.New("malformed SSH ed25519 public key")
		}
		p, err := new(edwards25519.Point).SetBytes(key)
		if err != nil {
			return nil, errors.New("malformed SSH ed25519 public key")
		}
		return &sshEd25519Recipient{wire: wire, theirs: p.BytesMontgomery()}, nil
	case "ssh-rsa":
		var e, n cryptobyte.String
		if !readString(&in, &e) || !readString(&in, &n) || !in.Empty() {
			return nil, errors.New("malformed SSH RSA public key")
		}
		E, N := new(big.Int).SetBytes(e), new(big.Int).SetBytes(n)
		if len(e) == 0 || e[0]&0x80 != 0 || len(n) == 0 || n[0]&0x80 != 0 || !E.IsInt64() || E.Int64() < 3 || E.Int64() > 1<<31-1 {
			return nil, errors.New("malformed SSH RSA public key")
		}
		if N.BitLen() < 2048 {
			return nil, errors.New("SSH RSA key is shorter than 2048 bits")
		}
		if N.BitLen() > 16384 {
			return nil, errors.New("SSH RSA key is longer than 16384 bits")
		}
		// The tag hashes the key's canonical encoding, as agessh does (it
		// re-marshals the parsed key): an mpint with needless leading zero
		// bytes would otherwise give a tag that age's identities never match.
		return &sshRSARecipient{wire: sshRSAWire(E, N), pub: &rsa.PublicKey{N: N, E: int(E.Int64())}}, nil
	}
	return nil, errors.New("unsupported SSH key type")
}

// sshRSAWire is the SSH wire encoding of an RSA public key (RFC 4253
// section 6.6), with e and n as minimal positive mpints (RFC 4251 section 5).
func sshRSAWire(e, n *big.Int) []byte {
	str := func(out, v []byte) []byte {
		return append(binary.BigEndian.AppendUint32(out, uint32(len(v))), v...)
	}
	mpint := func(out []byte, x *big.Int) []byte {
		v := x.Bytes()
		if len(v) > 0 && v[0]&0x80 != 0 {
			v = append([]byte{0}, v...)
		}
		return str(out, v)
	}
	return mpint(mpint(str(nil, []byte("ssh-rsa")), e), n)
}

// sshTag is the 4-byte key ID that lets an identity find its stanza.
func sshTag(wire []byte) string {
	h := sha256.Sum256(wire)
	return b64(h[:4])
}

func b64(b []byte) string { return base64.RawStdEncoding.EncodeToString(b) }

func (r *sshEd25519Recipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	ephemeral := make([]byte, curve25519.ScalarSize)
	if _, err := rand.Read(ephemeral); err != nil {
		return nil, err
	}
	ours, err := curve25519.X25519(ephemeral, curve25519.Basepoint)
	if err != nil {
		return nil, err
	}
	shared, err := curve25519.X25519(ephemeral, r.theirs)
	if err != nil {
		return nil, err
	}
	tweak := make([]byte, curve25519.ScalarSize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, nil, r.wire, []byte(sshEd25519Label)), tweak); err != nil {
		return nil, err
	}
	// The tweak binds the stanza to the whole SSH key, not only its
	// Curve25519 form. X25519 with an all-zero output cannot happen here:
	// shared is not a low-order point (X25519 above checked).
	shared, err = curve25519.X25519(tweak, shared)
	if err != nil {
		return nil, err
	}
	salt := append(append([]byte{}, ours...), r.theirs...)
	key := make([]byte, chacha20poly1305.KeySize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, shared, salt, []byte(sshEd25519Label)), key); err != nil {
		return nil, err
	}
	body, err := aeadSeal(key, fileKey)
	if err != nil {
		return nil, err
	}
	return []*age.Stanza{{Type: "ssh-ed25519", Args: []string{sshTag(r.wire), b64(ours)}, Body: body}}, nil
}

func (r *sshRSARecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	body, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, r.pub, fileKey, []byte(sshRSALabel))
	if err != nil {
		return nil, err
	}
	return []*age.Stanza{{Type: "ssh-rsa", Args: []string{sshTag(r.wire)}, Body: body}}, nil
}

// aeadSeal encrypts a file key under a one-time wrapping key; the all-zero
// nonce is safe because each key is used once, as in age.
func aeadSeal(key, plaintext []byte) ([]byte, error) {
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return nil, err
	}
	return aead.Seal(nil, make([]byte, chacha20poly1305.NonceSize), plaintext, nil), nil
}

// readString reads an SSH wire-format string (uint32 length, then bytes).
func readString(in *cryptobyte.String, out *cryptobyte.String) bool {
	var n uint32
	var b []byte
	if !in.ReadUint32(&n) || uint64(n) > uint64(len(*in)) || !in.ReadBytes(&b, int(n)) {
		return false
	}
	*out = b
	return true
}
