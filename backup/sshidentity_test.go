package backup

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"golang.org/x/crypto/ssh"
)

func sshPEM(t testing.TB, key crypto.PrivateKey, passphrase string) []byte {
	t.Helper()
	var block *pem.Block
	var err error
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(key, "test@example")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(key, "test@example", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block)
}

// TestSSHIdentities opens backups sealed to SSH keys, by our recipients and
// by agessh's, with the private keys read by ParseIdentities.
func TestSSHIdentities(t *testing.T) {
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaPriv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	accounts := shapes()[:4]
	for _, tt := range []struct {
		name string
		priv crypto.PrivateKey
		pub  crypto.PublicKey
	}{
		{"ed25519", edPriv, edPriv.Public()},
		{"rsa", rsaPriv, &rsaPriv.PublicKey},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ids, err := ParseIdentities(bytes.NewReader(sshPEM(t, tt.priv, "")))
			if err != nil {
				t.Fatal(err)
			}
			sp, _ := ssh.NewPublicKey(tt.pub)
			theirs, err := agessh.ParseRecipient(string(ssh.MarshalAuthorizedKey(sp)))
			if err != nil {
				t.Fatal(err)
			}
			for name, rec := range map[string]age.Recipient{"ours": mustSSHRecipient(t, tt.pub), "agessh": theirs} {
				data := seal(t, accounts, []age.Recipient{rec}, SealOptions{Created: created})
				got, _, err := Open(bytes.NewReader(data), Keys{Identities: ids})
				if err != nil {
					t.Fatalf("%s recipient: %v", name, err)
				}
				sameAccounts(t, got, accounts)
				other, _ := ParseIdentities(bytes.NewReader(sshPEM(t, otherPriv, "")))
				if _, _, err := Open(bytes.NewReader(data), Keys{Identities: other}); !errors.Is(err, ErrNoIdentity) {
					t.Errorf("%s recipient, another key: %v, want ErrNoIdentity", name, err)
				}
			}
		})
	}
}

func TestSSHIdentityErrors(t *testing.T) {
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	good := sshPEM(t, edPriv, "")
	block, _ := pem.Decode(good)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"encrypted", sshPEM(t, edPriv, "key passphrase"), "protected by a passphrase"},
		{"pkcs1", pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{1, 2}}), "unsupported SSH private key format"},
		{"cut", pem.EncodeToMemory(&pem.Block{Type: block.Type, Bytes: block.Bytes[:len(block.Bytes)/2]}), "malformed"},
		{"not pem", []byte("-----BEGIN nothing"), "malformed"},
	}
	for _, tt := range tests {
		_, err := ParseIdentities(bytes.NewReader(tt.data))
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	// Every single-bit change of the key is refused or gives a key that
	// does not open a backup made for the original.
	data := seal(t, shapes()[:1], []age.Recipient{mustSSHRecipient(t, edPriv.Public())}, SealOptions{})
	// Both the lowest and the highest bit: the highest bit of an ed25519
	// public key is the sign that its Curve25519 form drops.
	for _, bit := range []byte{0x01, 0x80} {
		for i := range block.Bytes {
			b := bytes.Clone(block.Bytes)
			b[i] ^= bit
			ids, err := ParseIdentities(bytes.NewReader(pem.EncodeToMemory(&pem.Block{Type: block.Type, Bytes: b})))
			if err != nil {
				continue
			}
			// Bytes that do not matter (the checkints, comment, padding) may
			// change; the key must still be the same key.
			if _, _, err := Open(bytes.NewReader(data), Keys{Identities: ids}); err != nil {
				t.Errorf("byte %d changed by %#x, key parses but does not open: %v", i, bit, err)
			}
		}
	}
}

// FuzzParseIdentities: key files are the user's own, but a damaged one
// must give an error, not a panic.
func FuzzParseIdentities(f *testing.F) {
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaPriv, _ := rsa.GenerateKey(rand.Reader, 2048)
	for _, k := range []crypto.PrivateKey{edPriv, rsaPriv} {
		block, err := ssh.MarshalPrivateKey(k, "")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(pem.EncodeToMemory(block))
	}
	f.Add([]byte("# key\n" + fuzzKey + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ids, err := ParseIdentities(bytes.NewReader(data))
		if err == nil && len(ids) == 0 {
			t.Fatal("no identities and no error")
		}
	})
}

// FuzzParseRecipients: a recipients file (-R) comes from someone else, and
// the SSH public keys in it are parsed by hand here. Nothing may panic,
// errors never quote the file, and every recipient that parses wraps a file
// key or says why not.
func FuzzParseRecipients(f *testing.F) {
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	rsaPriv, _ := rsa.GenerateKey(rand.Reader, 2048)
	x, _ := age.GenerateX25519Identity()
	var file bytes.Buffer
	file.WriteString("# team\n\n" + x.Recipient().String() + "\r\n")
	for _, pub := range []crypto.PublicKey{edPub, &rsaPriv.PublicKey} {
		sp, err := ssh.NewPublicKey(pub)
		if err != nil {
			f.Fatal(err)
		}
		line := ssh.MarshalAuthorizedKey(sp)
		f.Add(line)
		file.Write(line)
	}
	f.Add(file.Bytes())
	f.Add([]byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ParseRecipients(bytes.NewReader(data))
		if err != nil {
			if len(data) >= 16 && strings.Contains(err.Error(), string(data)) {
				t.Fatalf("error quotes the file: %v", err)
			}
			return
		}
		if len(recs) == 0 {
			t.Fatal("no recipients and no error")
		}
		for _, r := range recs {
			if _, err := r.Wrap(make([]byte, 16)); err != nil && strings.Contains(err.Error(), string(data)) {
				t.Fatalf("Wrap error quotes the file: %v", err)
			}
		}
	})
}

// FuzzOpenSSH feeds arbitrary bytes to Open with SSH identities, so that
// the hand-written ssh-ed25519 and ssh-rsa stanza readers meet malformed
// stanzas (FuzzOpen has only an age key). It must never panic, and
// whatever opens must be valid accounts.
func FuzzOpenSSH(f *testing.F) {
	_, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	rsaPriv, _ := rsa.GenerateKey(rand.Reader, 2048)
	var ids []age.Identity
	var recs []age.Recipient
	for _, k := range []crypto.PrivateKey{edPriv, rsaPriv} {
		id, err := ParseIdentities(bytes.NewReader(sshPEM(f, k, "")))
		if err != nil {
			f.Fatal(err)
		}
		ids = append(ids, id...)
	}
	recs = append(recs, mustSSHRecipient(f, edPriv.Public()), mustSSHRecipient(f, &rsaPriv.PublicKey))
	accounts := shapes()[:2]
	for _, r := range recs {
		f.Add(seal(f, accounts, []age.Recipient{r}, SealOptions{Created: created}))
	}
	f.Add(seal(f, accounts, recs, SealOptions{Created: created}))
	keys := Keys{Identities: ids}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, _, err := Open(bytes.NewReader(data), keys)
		if err != nil {
			return
		}
		for i, a := range got {
			if err := a.Validate(); err != nil {
				t.Fatalf("account %d opened but is invalid: %v", i, err)
			}
		}
	})
}
