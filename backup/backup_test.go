package backup

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"github.com/otpmigrate/otpmigrate"
	"golang.org/x/crypto/ssh"
)

// testWorkFactor keeps scrypt fast in tests; the shipped default is
// DefaultWorkFactor.
const testWorkFactor = 4

var created = time.Date(2026, 11, 30, 3, 46, 12, 0, time.UTC)

var rfcSecret = []byte("12345678901234567890")

// shapes has one account of every kind a backup must keep.
func shapes() []otpmigrate.Account {
	var as []otpmigrate.Account
	for _, alg := range []otpmigrate.Algorithm{otpmigrate.SHA1, otpmigrate.SHA256, otpmigrate.SHA512, otpmigrate.MD5} {
		for _, digits := range []int{5, 6, 7, 8, 10} {
			for _, period := range []int{1, 15, 30, 60, 86400} {
				a := otpmigrate.NewTOTP("Example", "alice@example.com", rfcSecret)
				a.Algorithm, a.Digits, a.Period = alg, digits, period
				a.Name = a.Name + "-" + alg.String() + "-" + string(rune('0'+digits%10))
				a.Issuer = "Example " + string(rune('A'+period%26))
				as = append(as, a)
			}
			h := otpmigrate.NewHOTP("Counter", "dave", rfcSecret, uint64(digits)*1e15)
			h.Algorithm, h.Digits = alg, digits
			as = append(as, h)
		}
	}
	as = append(as,
		otpmigrate.NewHOTP("", "zero counter", rfcSecret, 0),
		otpmigrate.NewHOTP("Max", "max counter", rfcSecret, 1<<64-1),
		otpmigrate.Account{Type: otpmigrate.Steam, Issuer: "Steam", Name: "gaben", Secret: rfcSecret,
			Algorithm: otpmigrate.SHA1, Digits: otpmigrate.SteamDigits, Period: 30},
		otpmigrate.NewTOTP("", "no issuer", []byte{0}),
		otpmigrate.NewTOTP("Bänk Ünïcode", "zoë@exämple.com", rfcSecret),
		otpmigrate.NewTOTP("日本銀行", "山田 太郎", rfcSecret),
		otpmigrate.NewTOTP("Emoji 🔐", "🙂", rfcSecret),
		otpmigrate.NewTOTP("Colon:Issuer", "name:with:colons", rfcSecret),
		otpmigrate.NewTOTP("Odd&Chars?=#%+", "a b+c/d", rfcSecret),
		otpmigrate.NewTOTP("Long", strings.Repeat("n", otpmigrate.MaxLabelLength), bytes.Repeat([]byte{0xa5}, otpmigrate.MaxSecretLength)),
	)
	return as
}

func passphraseRecipient(t testing.TB, p string) age.Recipient {
	t.Helper()
	r, err := NewPassphraseRecipient([]byte(p), testWorkFactor)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func passphraseKeys(p string) Keys {
	return Keys{Passphrase: func() ([]byte, error) { return []byte(p), nil }}
}

func seal(t testing.TB, accounts []otpmigrate.Account, recipients []age.Recipient, opts SealOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	s, err := Seal(&buf, accounts, recipients, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatalf("Verify of a fresh backup: %v", err)
	}
	return buf.Bytes()
}

func sameAccounts(t *testing.T, got, want []otpmigrate.Account) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d accounts, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("account %d: got %s, want %s", i, got[i], want[i])
		}
	}
}

func TestRoundTrip(t *testing.T) {
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	pq, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	edPub, edPriv, _ := ed25519.GenerateKey(rand.Reader)
	edID, err := agessh.NewEd25519Identity(edPriv)
	if err != nil {
		t.Fatal(err)
	}
	edRec := mustSSHRecipient(t, edPub)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaID, err := agessh.NewRSAIdentity(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	rsaRec := mustSSHRecipient(t, &rsaKey.PublicKey)

	tests := []struct {
		name       string
		recipients []age.Recipient
		keys       Keys
		passphrase bool
	}{
		{"passphrase", []age.Recipient{passphraseRecipient(t, "correct horse battery staple")}, passphraseKeys("correct horse battery staple"), true},
		{"x25519", []age.Recipient{x.Recipient()}, Keys{Identities: []age.Identity{x}}, false},
		{"hybrid", []age.Recipient{pq.Recipient()}, Keys{Identities: []age.Identity{pq}}, false},
		{"ssh-ed25519", []age.Recipient{edRec}, Keys{Identities: []age.Identity{edID}}, false},
		{"ssh-rsa", []age.Recipient{rsaRec}, Keys{Identities: []age.Identity{rsaID}}, false},
		{"several, second key", []age.Recipient{x.Recipient(), edRec, rsaRec}, Keys{Identities: []age.Identity{rsaID}}, false},
	}
	want := shapes()
	for _, tt := range tests {
		for _, armored := range []bool{false, true} {
			name := tt.name
			if armored {
				name += " armored"
			}
			t.Run(name, func(t *testing.T) {
				data := seal(t, want, tt.recipients, SealOptions{Created: created, Armor: armored})
				if armored != bytes.HasPrefix(data, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
					t.Fatalf("armor %v, but file starts %q", armored, data[:20])
				}
				got, info, err := Open(bytes.NewReader(data), tt.keys)
				if err != nil {
					t.Fatal(err)
				}
				sameAccounts(t, got, want)
				wantInfo := Info{Version: 1, Created: created, Passphrase: tt.passphrase, Armored: armored}
				if info != wantInfo {
					t.Errorf("info %+v, want %+v", info, wantInfo)
				}
			})
		}
	}
}

func mustSSHRecipient(t testing.TB, pub any) age.Recipient {
	t.Helper()
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRecipient(string(ssh.MarshalAuthorizedKey(sp)) + " user@host")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSSHStanzasMatchAgessh checks the hand-written SSH recipients against
// agessh's own: both must write stanzas of the same type and tag, and each
// must be opened by agessh's identity (done in TestRoundTrip, and here for
// a key written with needless leading zeros, whose tag agessh computes on
// the canonical encoding).
func TestSSHStanzasMatchAgessh(t *testing.T) {
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	sp, _ := ssh.NewPublicKey(edPub)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaID, err := agessh.NewRSAIdentity(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	// ssh-rsa with e and n as mpints padded by two zero bytes: valid wire
	// format, but not how ssh-keygen writes it.
	str := func(out, v []byte) []byte {
		return append(binary.BigEndian.AppendUint32(out, uint32(len(v))), v...)
	}
	padded := str(nil, []byte("ssh-rsa"))
	padded = str(padded, append([]byte{0, 0}, big.NewInt(int64(rsaKey.E)).Bytes()...))
	padded = str(padded, append([]byte{0, 0}, rsaKey.N.Bytes()...))
	for _, tt := range []struct {
		name string
		line string
		id   age.Identity
	}{
		{"ed25519", string(bytes.TrimSpace(ssh.MarshalAuthorizedKey(sp))), nil},
		{"rsa padded mpints", "ssh-rsa " + base64.StdEncoding.EncodeToString(padded), rsaID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ours, err := ParseRecipient(tt.line)
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := agessh.ParseRecipient(tt.line)
			if err != nil {
				t.Fatal(err)
			}
			key := make([]byte, 16)
			a, err := ours.Wrap(key)
			if err != nil {
				t.Fatal(err)
			}
			b, err := theirs.Wrap(key)
			if err != nil {
				t.Fatal(err)
			}
			if a[0].Type != b[0].Type || a[0].Args[0] != b[0].Args[0] || len(a[0].Body) != len(b[0].Body) {
				t.Errorf("stanza %s %v (%d bytes), agessh writes %s %v (%d bytes)", a[0].Type, a[0].Args, len(a[0].Body), b[0].Type, b[0].Args, len(b[0].Body))
			}
			if tt.id != nil {
				got, err := tt.id.Unwrap(a)
				if err != nil || !bytes.Equal(got, key) {
					t.Errorf("agessh identity unwraps our stanza to %x, %v", got, err)
				}
			}
		})
	}
}

func TestParseRecipientErrors(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	rsaSmall, _ := rsa.GenerateKey(rand.Reader, 1024)
	small, _ := ssh.NewPublicKey(&rsaSmall.PublicKey)
	tests := []struct{ in, want string }{
		{"", "unknown recipient type"},
		{"age1nope", "malformed age recipient"},
		{x.String(), "private key"},
		{"age1yubikey1qwerty", "plugin"},
		{"ssh-ed25519 AAAA", "malformed SSH"},
		{"ssh-ed25519 !!!!", "malformed SSH"},
		{"ssh-dss AAAAB3NzaC1kc3MAAACBAP", "unsupported SSH key type"},
		{string(ssh.MarshalAuthorizedKey(small)), "shorter than 2048"},
		{"github:alice", "unknown recipient type"},
	}
	for _, tt := range tests {
		_, err := ParseRecipient(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseRecipient(%.20q): %v, want %q", tt.in, err, tt.want)
		}
		if err != nil && len(tt.in) > 8 && strings.Contains(err.Error(), tt.in) {
			t.Errorf("error quotes the input: %v", err)
		}
	}
}

func TestParseRecipientsFile(t *testing.T) {
	a, _ := age.GenerateX25519Identity()
	b, _ := age.GenerateX25519Identity()
	file := "# admins\n\n" + a.Recipient().String() + "\r\n" + b.Recipient().String() + "\n"
	recs, err := ParseRecipients(strings.NewReader(file))
	if err != nil || len(recs) != 2 {
		t.Fatalf("got %d, %v", len(recs), err)
	}
	_, err = ParseRecipients(strings.NewReader("# only\n" + a.String() + "\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") || strings.Contains(err.Error(), "AGE-SECRET") {
		t.Errorf("identity in recipients file: %v", err)
	}
	if _, err := ParseRecipients(strings.NewReader("# none\n")); err == nil {
		t.Error("empty recipients file accepted")
	}
}

func TestOpenErrors(t *testing.T) {
	accounts := shapes()[:2]
	x, _ := age.GenerateX25519Identity()
	other, _ := age.GenerateX25519Identity()
	byPass := seal(t, accounts, []age.Recipient{passphraseRecipient(t, "right passphrase")}, SealOptions{Created: created})
	byKey := seal(t, accounts, []age.Recipient{x.Recipient()}, SealOptions{Created: created})
	notBackup := ageEncrypt(t, []byte("dear diary\n"), x.Recipient())
	binary := ageEncrypt(t, []byte{0, 1, 2, 0xff}, x.Recipient())
	newer := ageEncrypt(t, []byte("# otpmigrate backup v2\n# accounts: 0\n"), x.Recipient())
	badCount := ageEncrypt(t, []byte("# otpmigrate backup v1\n# accounts: 3\n"+accounts[0].URL()+"\n"), x.Recipient())
	badLine := ageEncrypt(t, []byte("# otpmigrate backup v1\n# accounts: 1\notpauth://totp/A:b?secret=!!\n"), x.Recipient())
	empty := ageEncrypt(t, nil, x.Recipient())
	asked := false
	askedKeys := Keys{Identities: []age.Identity{x}, Passphrase: func() ([]byte, error) { asked = true; return []byte("x"), nil }}
	failing := Keys{Passphrase: func() ([]byte, error) { return nil, errors.New("no terminal") }}

	tests := []struct {
		name string
		data []byte
		keys Keys
		want error
	}{
		{"wrong passphrase", byPass, passphraseKeys("wrong passphrase"), ErrWrongPassphrase},
		{"no passphrase", byPass, Keys{Identities: []age.Identity{x}}, ErrNeedPassphrase},
		{"wrong key", byKey, Keys{Identities: []age.Identity{other}}, ErrNoIdentity},
		{"passphrase for key file", byKey, passphraseKeys("right passphrase"), ErrNoIdentity},
		{"not age", []byte("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n"), passphraseKeys("p"), ErrNotAge},
		{"png", []byte("\x89PNG\r\n\x1a\n"), passphraseKeys("p"), ErrNotAge},
		{"empty input", nil, passphraseKeys("p"), ErrNotAge},
		{"age v2", []byte("age-encryption.org/v2\n-> x\n"), passphraseKeys("p"), ErrUnsupported},
		{"header only", []byte("age-encryption.org/v1\n"), passphraseKeys("p"), ErrTruncated},
		{"half header line", []byte("age-encry"), passphraseKeys("p"), ErrTruncated},
		{"not a backup", notBackup, Keys{Identities: []age.Identity{x}}, ErrNotBackup},
		{"binary inside", binary, Keys{Identities: []age.Identity{x}}, ErrNotBackup},
		{"empty inside", empty, Keys{Identities: []age.Identity{x}}, ErrNotBackup},
		{"newer version", newer, Keys{Identities: []age.Identity{x}}, ErrUnsupported},
		{"count mismatch", badCount, Keys{Identities: []age.Identity{x}}, ErrMalformed},
		{"bad uri", badLine, Keys{Identities: []age.Identity{x}}, ErrMalformed},
		{"trailing data", append(append([]byte{}, byKey...), 'x'), Keys{Identities: []age.Identity{x}}, ErrCorrupt},
		{"key file never asks", byKey, askedKeys, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Open(bytes.NewReader(tt.data), tt.keys)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Open: %v, want %v", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "secret=") {
				t.Errorf("error leaks a URI: %v", err)
			}
		})
	}
	if asked {
		t.Error("Open asked for a passphrase for a key-encrypted backup")
	}
	if _, _, err := Open(bytes.NewReader(byPass), failing); err == nil || err.Error() != "no terminal" {
		t.Errorf("passphrase source error: got %v", err)
	}
}

func ageEncrypt(t testing.TB, plaintext []byte, r ...age.Recipient) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r...)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plaintext)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFlipEveryByte requires every single-bit change of a small backup to
// be refused, for both kinds of backup and for armor.
func TestFlipEveryByte(t *testing.T) {
	accounts := []otpmigrate.Account{otpmigrate.NewTOTP("A", "b", rfcSecret)}
	x, _ := age.GenerateX25519Identity()
	cases := []struct {
		name string
		data []byte
		keys Keys
	}{
		{"passphrase", seal(t, accounts, []age.Recipient{passphraseRecipient(t, "p")}, SealOptions{Created: created}), passphraseKeys("p")},
		{"x25519", seal(t, accounts, []age.Recipient{x.Recipient()}, SealOptions{Created: created}), Keys{Identities: []age.Identity{x}}},
		{"armored", seal(t, accounts, []age.Recipient{x.Recipient()}, SealOptions{Created: created, Armor: true}), Keys{Identities: []age.Identity{x}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, _, err := Open(bytes.NewReader(c.data), c.keys); err != nil {
				t.Fatal(err)
			}
			for i := range c.data {
				for _, mask := range []byte{0x01, 0x80} {
					d := bytes.Clone(c.data)
					d[i] ^= mask
					if c.name == "armored" && isArmorWhitespace(c.data[i], d[i]) {
						continue
					}
					got, _, err := Open(bytes.NewReader(d), c.keys)
					if err == nil {
						t.Fatalf("byte %d ^ %#x: opened, %d accounts", i, mask, len(got))
					}
				}
			}
		})
	}
}

// isArmorWhitespace reports a change that armor legitimately ignores:
// line endings (\n vs \r\n is allowed around the armor).
func isArmorWhitespace(was, is byte) bool {
	return strings.ContainsRune(" \t\r\n", rune(was)) && strings.ContainsRune(" \t\r\n", rune(is))
}

// TestTruncated cuts a backup at every length: each must fail, and cuts at
// the header or between chunks must say the file is cut short.
func TestTruncated(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	data := seal(t, shapes()[:3], []age.Recipient{x.Recipient()}, SealOptions{Created: created})
	hdrEnd := bytes.Index(data, []byte("\n--- ")) + 1
	for n := 0; n < len(data); n++ {
		_, _, err := Open(bytes.NewReader(data[:n]), Keys{Identities: []age.Identity{x}})
		switch {
		case err == nil:
			t.Fatalf("cut at %d of %d: opened", n, len(data))
		case n > 0 && n <= hdrEnd && !errors.Is(err, ErrTruncated):
			t.Errorf("cut at %d (in the header): %v, want ErrTruncated", n, err)
		case n > hdrEnd && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrCorrupt):
			// A cut inside the last chunk cannot be told from tampering.
			t.Errorf("cut at %d: %v, want ErrTruncated or ErrCorrupt", n, err)
		}
	}
}

func TestVerifyDetectsChanges(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	var buf bytes.Buffer
	s, err := Seal(&buf, shapes()[:2], []age.Recipient{x.Recipient()}, SealOptions{Created: created})
	if err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	other := seal(t, shapes()[:2], []age.Recipient{x.Recipient()}, SealOptions{Created: created})
	for name, data := range map[string][]byte{
		"flipped":   append(bytes.Clone(good[:len(good)-1]), good[len(good)-1]^1),
		"truncated": good[:len(good)-10],
		"other":     other,
		"empty":     nil,
	} {
		if err := s.Verify(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: Verify passed", name)
		}
	}
	// A passphrase backup is also checked with the passphrase itself.
	buf.Reset()
	s, err = Seal(&buf, shapes()[:2], []age.Recipient{passphraseRecipient(t, "p")}, SealOptions{})
	if err != nil {
		t.Fatal(err)
	}
	right, _ := NewPassphraseIdentity([]byte("p"))
	wrong, _ := NewPassphraseIdentity([]byte("q"))
	if err := s.Verify(bytes.NewReader(buf.Bytes()), right); err != nil {
		t.Errorf("Verify with the passphrase: %v", err)
	}
	if err := s.Verify(bytes.NewReader(buf.Bytes()), wrong); !errors.Is(err, ErrNoIdentity) && !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("Verify with another passphrase: %v", err)
	}
}

func TestPlainList(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	text := "# my codes\n\n  otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP  \r\notpauth://hotp/C:d?secret=JBSWY3DPEHPK3PXP&counter=3\n"
	got, info, err := Open(bytes.NewReader(ageEncrypt(t, []byte(text), x.Recipient())), Keys{Identities: []age.Identity{x}})
	if err != nil {
		t.Fatal(err)
	}
	if !info.Plain || info.Version != 0 || len(got) != 2 || got[1].Counter != 3 {
		t.Errorf("got %d accounts, info %+v", len(got), info)
	}
}

func TestTooLarge(t *testing.T) {
	big := io.MultiReader(strings.NewReader("age-encryption.org/v1\n"), io.LimitReader(zeros{}, MaxSize))
	if _, _, err := Open(big, passphraseKeys("p")); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Open of %d MiB: %v", MaxSize>>20, err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestMarshalTextGolden(t *testing.T) {
	as := []otpmigrate.Account{
		otpmigrate.NewTOTP("GitHub", "alice@example.com", rfcSecret),
		otpmigrate.NewHOTP("", "alice", rfcSecret, 7),
	}
	got := MarshalText(as, created)
	want := "# otpmigrate backup v1\n# created: 2026-11-30T03:46:12Z\n# accounts: 2\n" +
		"otpauth://totp/GitHub:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub\n" +
		"otpauth://hotp/alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=7\n"
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	back, info, err := ParseText(got)
	if err != nil || len(back) != 2 || !info.Created.Equal(created) {
		t.Errorf("ParseText: %d accounts, %+v, %v", len(back), info, err)
	}
}

// TestWorkFactorCap: a passphrase backup whose scrypt work factor is above
// the cap is refused before the passphrase is asked for (and so before any
// scrypt run), and the error names the file's factor and the cap in force,
// the default or the caller's. The default is 2^20, not age's 2^22: a
// stranger's file at 2^22 costs 4 GiB and 20 s per attempt.
func TestWorkFactorCap(t *testing.T) {
	data := seal(t, shapes()[:1], []age.Recipient{passphraseRecipient(t, "p")}, SealOptions{Created: created})
	stanza := regexp.MustCompile(`(?m)^(-> scrypt \S+) 4$`)
	if !stanza.Match(data) {
		t.Fatalf("no scrypt stanza with work factor %d in the header", testWorkFactor)
	}
	withFactor := func(n int) []byte {
		return stanza.ReplaceAll(data, []byte(fmt.Sprintf("$1 %d", n)))
	}
	if DefaultMaxWorkFactor != 20 {
		t.Errorf("DefaultMaxWorkFactor = %d, want 20 (1 GiB, as for Aegis vaults)", DefaultMaxWorkFactor)
	}
	tests := []struct {
		name string
		data []byte
		max  int
		want string
	}{
		{"age's cap", withFactor(22), 0, "its scrypt work factor 2^22 (4 GiB of memory) is above the cap of 2^20 (1 GiB)"},
		{"above the default cap", withFactor(DefaultMaxWorkFactor + 1), 0, fmt.Sprintf("cap of 2^%d", DefaultMaxWorkFactor)},
		{"above a caller's cap", data, testWorkFactor - 1, fmt.Sprintf("cap of 2^%d", testWorkFactor-1)},
		{"above age's limit", withFactor(31), 40, "cap of 2^30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked := false
			keys := Keys{MaxWorkFactor: tt.max, Passphrase: func() ([]byte, error) { asked = true; return []byte("p"), nil }}
			_, _, err := Open(bytes.NewReader(tt.data), keys)
			var we *WorkFactorError
			if !errors.As(err, &we) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open: %v, want a WorkFactorError naming %q", err, tt.want)
			}
			if asked {
				t.Error("the passphrase was asked for a file that is refused anyway")
			}
		})
	}
	// At the cap it opens. (Raising the cap above the default is not
	// tried here: it would cost gigabytes.)
	keys := passphraseKeys("p")
	keys.MaxWorkFactor = testWorkFactor
	if _, _, err := Open(bytes.NewReader(data), keys); err != nil {
		t.Errorf("work factor at the cap: %v", err)
	}
}

// TestDefaultWorkFactorIsAges: tests lower the scrypt work factor, but a
// backup made with the default has age's own, in the stanza that age -d
// reads.
func TestDefaultWorkFactorIsAges(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: opens a backup at age's full scrypt cost (about 10 s here)")
	}
	key := make([]byte, 16)
	theirs, err := age.NewScryptRecipient("p")
	if err != nil {
		t.Fatal(err)
	}
	want, err := theirs.Wrap(key)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := NewPassphraseRecipient([]byte("p"), 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ours.Wrap(key)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Args) != 2 || got[0].Args[1] != want[0].Args[1] || want[0].Args[1] != fmt.Sprint(DefaultWorkFactor) {
		t.Errorf("default stanza %v, age writes %v, DefaultWorkFactor %d", got[0].Args, want[0].Args, DefaultWorkFactor)
	}
}
