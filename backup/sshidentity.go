package backup

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/curve25519"
	"golang.org/x/crypto/hkdf"
)

// ErrEncryptedSSHKey is returned by [ParseIdentities] for an SSH private key
// protected by a passphrase, which this package does not read.
var ErrEncryptedSSHKey = errors.New("SSH private key is protected by a passphrase, which otpmigrate does not read")

// parseSSHIdentity reads an unencrypted OpenSSH private key
// ("-----BEGIN OPENSSH PRIVATE KEY-----", the format ssh-keygen writes) of
// type ssh-ed25519 or ssh-rsa. Like the recipients, this follows the age
// specification by hand because agessh would link the net package.
// Errors never include key material.
func parseSSHIdentity(pemBytes []byte) (age.Identity, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return nil, errors.New("malformed SSH private key")
	}
	if block.Type != "OPENSSH PRIVATE KEY" {
		return nil, fmt.Errorf("unsupported SSH private key format %q (convert it with ssh-keygen -p -f KEY)", block.Type)
	}
	in := cryptobyte.String(block.Bytes)
	const magic = "openssh-key-v1\x00"
	var cipher, kdf, kdfOpts, pub, priv cryptobyte.String
	var n uint32
	if !bytes.HasPrefix(block.Bytes, []byte(magic)) || !in.Skip(len(magic)) ||
		!readString(&in, &cipher) || !readString(&in, &kdf) || !readString(&in, &kdfOpts) ||
		!in.ReadUint32(&n) || n != 1 || !readString(&in, &pub) || !readString(&in, &priv) || !in.Empty() {
		return nil, errors.New("malformed SSH private key")
	}
	if string(cipher) != "none" || string(kdf) != "none" {
		return nil, ErrEncryptedSSHKey
	}
	var check1, check2 uint32
	var typ cryptobyte.String
	if !priv.ReadUint32(&check1) || !priv.ReadUint32(&check2) || check1 != check2 || !readString(&priv, &typ) {
		return nil, errors.New("malformed SSH private key")
	}
	switch string(typ) {
	case "ssh-ed25519":
		var edPub, edPriv cryptobyte.String
		if !readString(&priv, &edPub) || !readString(&priv, &edPriv) || len(edPub) != 32 || len(edPriv) != 64 ||
			!bytes.Equal(edPriv[32:], edPub) {
			return nil, errors.New("malformed SSH ed25519 private key")
		}
		r, err := parseSSHRecipient("ssh-ed25519 " + base64.StdEncoding.EncodeToString(pub))
		if err != nil {
			return nil, err
		}
		rec := r.(*sshEd25519Recipient)
		// The Curve25519 check below cannot see the sign bit of the
		// Edwards point, which the stanza tag covers: compare the keys.
		if !bytes.Equal(rec.wire[len(rec.wire)-len(edPub):], edPub) {
			return nil, errors.New("malformed SSH ed25519 private key: it does not match its public key")
		}
		h := sha512.Sum512(edPriv[:32])
		id := &sshEd25519Identity{wire: rec.wire, secret: h[:curve25519.ScalarSize]}
		ours, err := curve25519.X25519(id.secret, curve25519.Basepoint)
		if err != nil || !bytes.Equal(ours, rec.theirs) {
			return nil, errors.New("malformed SSH ed25519 private key: it does not match its public key")
		}
		id.ours = ours
		return id, nil
	case "ssh-rsa":
		var nB, eB, dB, iqmp, pB, qB cryptobyte.String
		if !readString(&priv, &nB) || !readString(&priv, &eB) || !readString(&priv, &dB) ||
			!readString(&priv, &iqmp) || !readString(&priv, &pB) || !readString(&priv, &qB) {
			return nil, errors.New("malformed SSH RSA private key")
		}
		r, err := parseSSHRecipient("ssh-rsa " + base64.StdEncoding.EncodeToString(pub))
		if err != nil {
			return nil, err
		}
		rec := r.(*sshRSARecipient)
		k := &rsa.PrivateKey{
			PublicKey: *rec.pub,
			D:         new(big.Int).SetBytes(dB),
			Primes:    []*big.Int{new(big.Int).SetBytes(pB), new(big.Int).SetBytes(qB)},
		}
		if new(big.Int).SetBytes(nB).Cmp(rec.pub.N) != 0 || new(big.Int).SetBytes(eB).Int64() != int64(rec.pub.E) {
			return nil, errors.New("malformed SSH RSA private key: it does not match its public key")
		}
		if err := k.Validate(); err != nil {
			return nil, errors.New("malformed SSH RSA private key")
		}
		k.Precompute()
		return &sshRSAIdentity{wire: rec.wire, key: k}, nil
	}
	return nil, errors.New("unsupported SSH key type (want ssh-ed25519 or ssh-rsa)")
}

type sshEd25519Identity struct {
	wire   []byte
	secret []byte // X25519 scalar derived from the ed25519 seed
	ours   []byte // its public point
}

type sshRSAIdentity struct {
	wire []byte
	key  *rsa.PrivateKey
}

func (i *sshEd25519Identity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	return unwrapEach(i.unwrap, stanzas)
}

func (i *sshEd25519Identity) unwrap(s *age.Stanza) ([]byte, error) {
	if s.Type != "ssh-ed25519" {
		return nil, age.ErrIncorrectIdentity
	}
	if len(s.Args) != 2 {
		return nil, errors.New("invalid ssh-ed25519 recipient stanza")
	}
	if s.Args[0] != sshTag(i.wire) {
		return nil, age.ErrIncorrectIdentity
	}
	share, err := base64.RawStdEncoding.Strict().DecodeString(s.Args[1])
	if err != nil || len(share) != curve25519.PointSize {
		return nil, errors.New("invalid ssh-ed25519 recipient stanza")
	}
	shared, err := curve25519.X25519(i.secret, share)
	if err != nil {
		return nil, errors.New("invalid ssh-ed25519 recipient stanza")
	}
	tweak := make([]byte, curve25519.ScalarSize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, nil, i.wire, []byte(sshEd25519Label)), tweak); err != nil {
		return nil, err
	}
	if shared, err = curve25519.X25519(tweak, shared); err != nil {
		return nil, errors.New("invalid ssh-ed25519 recipient stanza")
	}
	salt := append(append([]byte{}, share...), i.ours...)
	key := make([]byte, chacha20poly1305.KeySize)
	if _, err := io.ReadFull(hkdf.New(sha256.New, shared, salt, []byte(sshEd25519Label)), key); err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return nil, err
	}
	fileKey, err := aead.Open(nil, make([]byte, chacha20poly1305.NonceSize), s.Body, nil)
	if err != nil {
		// The tag is only 4 bytes: another key may share it.
		return nil, age.ErrIncorrectIdentity
	}
	return fileKey, nil
}

func (i *sshRSAIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	return unwrapEach(i.unwrap, stanzas)
}

func (i *sshRSAIdentity) unwrap(s *age.Stanza) ([]byte, error) {
	if s.Type != "ssh-rsa" {
		return nil, age.ErrIncorrectIdentity
	}
	if len(s.Args) != 1 {
		return nil, errors.New("invalid ssh-rsa recipient stanza")
	}
	if s.Args[0] != sshTag(i.wire) {
		return nil, age.ErrIncorrectIdentity
	}
	fileKey, err := rsa.DecryptOAEP(sha256.New(), rand.Reader, i.key, s.Body, []byte(sshRSALabel))
	if err != nil {
		return nil, age.ErrIncorrectIdentity
	}
	return fileKey, nil
}

// unwrapEach tries each stanza, as age's identities do: a stanza for
// someone else is skipped, any other error is final.
func unwrapEach(unwrap func(*age.Stanza) ([]byte, error), stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		key, err := unwrap(s)
		if errors.Is(err, age.ErrIncorrectIdentity) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return key, nil
	}
	return nil, age.ErrIncorrectIdentity
}
