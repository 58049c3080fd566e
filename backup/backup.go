package backup

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/internal/capped"
)

// Size caps for untrusted input.
const (
	// MaxSize caps a backup, encrypted or not: 1,000 accounts take about
	// 100 KiB, and age itself caps key files at the same 16 MiB.
	MaxSize = 16 << 20
	// MaxLineLength caps one line of the plaintext.
	MaxLineLength = 64 << 10
)

// DefaultWorkFactor is the scrypt work factor (log2 N) of passphrase
// backups: age's own default, about a second on a current laptop.
const DefaultWorkFactor = 18

// DefaultMaxWorkFactor is the highest scrypt work factor [Open] accepts
// unless told otherwise: 2^20 takes 1 GiB of memory and a few seconds,
// four times what age writes, and is the N otpmigrate accepts from an
// Aegis vault (decode.MaxScryptN). age itself accepts up to 2^22, which
// costs 4 GiB and about 20 s even for a wrong passphrase, so a file from a
// stranger could make every attempt that expensive.
const DefaultMaxWorkFactor = 20

// MaxWorkFactorLimit is the highest value [Keys.MaxWorkFactor] may raise
// the cap to: age's own limit for scrypt recipients.
const MaxWorkFactorLimit = 30

// WorkFactorError is returned by [Open] for a passphrase backup whose scrypt
// work factor is above the cap, before the passphrase is asked for or any
// scrypt work is done.
type WorkFactorError struct {
	WorkFactor int // log2 N of the file
	Max        int // the cap in force
}

func (e *WorkFactorError) Error() string {
	return fmt.Sprintf("its scrypt work factor 2^%d (%s of memory) is above the cap of 2^%d (%s)",
		e.WorkFactor, scryptMemory(e.WorkFactor), e.Max, scryptMemory(e.Max))
}

// scryptMemory is what scrypt with r=8 (age's) needs at work factor logN:
// 128·r·N bytes.
func scryptMemory(logN int) string {
	if logN >= 20 {
		return fmt.Sprintf("%d GiB", 1<<(logN-20))
	}
	if logN >= 10 {
		return fmt.Sprintf("%d MiB", 1<<(logN-10))
	}
	return fmt.Sprintf("%d KiB", 1<<logN)
}

// Errors returned (wrapped) by [Open] and [Sealed.Verify]; see the package
// documentation.
var (
	// ErrNotAge: the input is not an age file at all.
	ErrNotAge = errors.New("not an age-encrypted file")
	// ErrWrongPassphrase: a passphrase backup, and the passphrase given
	// does not open it.
	ErrWrongPassphrase error = &hinted{"wrong passphrase", "type the passphrase used when the backup was made"}
	// ErrNoIdentity: a backup encrypted to public keys, and none of the
	// private keys given (if any) matches.
	ErrNoIdentity error = &hinted{"no matching private key", "give the private key that matches one of the backup's recipients with -i FILE (as for age -d -i)"}
	// ErrNeedPassphrase: a passphrase backup, and [Keys] has no passphrase.
	ErrNeedPassphrase = errors.New("it is encrypted with a passphrase")
	// ErrTruncated: the file ends too early (in the header, or between
	// chunks). A cut inside the last chunk looks like ErrCorrupt.
	ErrTruncated error = &hinted{"file is cut short", "use another copy of the backup"}
	// ErrCorrupt: authentication failed, or the header is malformed.
	ErrCorrupt error = &hinted{"file is damaged or was tampered with", "use another copy of the backup"}
	// ErrNotBackup: it decrypts, but holds neither a backup nor a list of
	// otpauth URIs.
	ErrNotBackup error = &hinted{"age file holds something other than a list of accounts", "see what it holds with: age -d FILE"}
	// ErrMalformed: it decrypts to a backup whose content does not parse
	// (it was edited, or made by another program).
	ErrMalformed = errors.New("backup content is malformed")
	// ErrUnsupported: a later format or age version than this one reads.
	ErrUnsupported = errors.New("unsupported backup")
	// ErrTooLarge: the file, or what it decrypts to, exceeds [MaxSize].
	ErrTooLarge = fmt.Errorf("file is larger than %d MiB", MaxSize>>20)
)

// hinted is a sentinel error that knows one concrete thing to do about it.
type hinted struct{ msg, hint string }

func (e *hinted) Error() string { return e.msg }

// Hint is what a user can do about the error.
func (e *hinted) Hint() string { return e.hint }

// SealOptions adjust [Seal].
type SealOptions struct {
	// Created is the date written in the header; the zero value leaves it
	// out. Callers pass time.Now(); tests pass a fixed time.
	Created time.Time
	// Armor writes ASCII armor (PEM-like text) instead of binary.
	Armor bool
}

// NewPassphraseRecipient returns the recipient for a passphrase backup.
// workFactor is the scrypt work factor (log2 N); 0 means
// [DefaultWorkFactor]. Only tests should pass anything else.
func NewPassphraseRecipient(passphrase []byte, workFactor int) (age.Recipient, error) {
	if len(passphrase) == 0 {
		return nil, errors.New("passphrase is empty")
	}
	r, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return nil, err
	}
	if workFactor == 0 {
		workFactor = DefaultWorkFactor
	}
	if workFactor < 1 || workFactor > 30 {
		return nil, fmt.Errorf("scrypt work factor %d is outside 1 to 30", workFactor)
	}
	r.SetWorkFactor(workFactor)
	return r, nil
}

// Sealed is what [Seal] wrote, kept in memory so that [Sealed.Verify] can
// check a written copy. It holds the file key: do not keep it longer than
// the check needs.
type Sealed struct {
	fileKey   []byte
	plaintext []byte
	armored   bool
	accounts  int
}

// Seal encrypts a backup of accounts to recipients and writes it to w. Each
// account must be valid. A passphrase recipient ([NewPassphraseRecipient])
// must be the only one.
func Seal(w io.Writer, accounts []otpmigrate.Account, recipients []age.Recipient, opts SealOptions) (*Sealed, error) {
	if len(recipients) == 0 {
		return nil, errors.New("no passphrase or recipient given")
	}
	for i, a := range accounts {
		if err := a.Validate(); err != nil {
			return nil, fmt.Errorf("account %d: %v", i+1, err)
		}
	}
	plaintext := MarshalText(accounts, opts.Created)
	if len(plaintext) > MaxSize {
		return nil, fmt.Errorf("%d accounts make a backup larger than %d MiB", len(accounts), MaxSize>>20)
	}
	s := &Sealed{plaintext: plaintext, armored: opts.Armor, accounts: len(accounts)}
	// Wrap the first recipient to learn the file key, so that Verify can
	// decrypt the written copy without the passphrase's scrypt or the
	// private keys we do not have.
	wrapped := slices.Clone(recipients)
	wrapped[0] = &keyCatcher{r: recipients[0], key: &s.fileKey}
	out := w
	var aw io.WriteCloser
	if opts.Armor {
		aw = armor.NewWriter(w)
		out = aw
	}
	ew, err := age.Encrypt(out, wrapped...)
	if err != nil {
		return nil, fmt.Errorf("encrypt: %v", err)
	}
	if _, err := ew.Write(plaintext); err != nil {
		return nil, err
	}
	if err := ew.Close(); err != nil {
		return nil, err
	}
	if aw != nil {
		if err := aw.Close(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Accounts returns the number of accounts sealed.
func (s *Sealed) Accounts() int { return s.accounts }

// Verify reads a written copy of the backup from r and checks that it
// decrypts, with the file key of the sealing, to exactly the plaintext that
// was sealed. Every byte of the header and the payload is authenticated by
// that; what the file key alone cannot check is that a recipient stanza
// unwraps to it, so for a passphrase backup pass the passphrase's identity
// ([NewPassphraseIdentity]) and Verify unwraps it too (one more scrypt run).
func (s *Sealed) Verify(r io.Reader, identities ...age.Identity) error {
	data, err := readCapped(r)
	if err != nil {
		return err
	}
	src := io.Reader(bytes.NewReader(data))
	if s.armored {
		if !isArmored(data) {
			return fmt.Errorf("%w: written copy is not armored", ErrCorrupt)
		}
		src = armor.NewReader(src)
		if data, err = readCapped(src); err != nil {
			return classify(err, nil)
		}
		src = bytes.NewReader(data)
	}
	if len(identities) > 0 {
		hdr, err := age.ExtractHeader(bytes.NewReader(data))
		if err != nil {
			return classify(err, nil)
		}
		key, err := age.DecryptHeader(hdr, identities...)
		if err != nil {
			return classify(err, &lazyPassphrase{tried: true})
		}
		if subtle.ConstantTimeCompare(key, s.fileKey) != 1 {
			return fmt.Errorf("%w: written copy has another file key", ErrCorrupt)
		}
	}
	dr, err := age.Decrypt(src, age.NewInjectedFileKeyIdentity(s.fileKey))
	if err != nil {
		return classify(err, nil)
	}
	got, err := readCapped(dr)
	if err != nil {
		return classify(err, nil)
	}
	if !bytes.Equal(got, s.plaintext) {
		return fmt.Errorf("%w: written copy decrypts to something else", ErrCorrupt)
	}
	return nil
}

// keyCatcher passes a recipient through and remembers the file key.
type keyCatcher struct {
	r   age.Recipient
	key *[]byte
}

func (k *keyCatcher) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	*k.key = slices.Clone(fileKey)
	return k.r.Wrap(fileKey)
}

// WrapWithLabels keeps the inner recipient's labels, which stop a
// passphrase from being mixed with other recipients.
func (k *keyCatcher) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	*k.key = slices.Clone(fileKey)
	if l, ok := k.r.(age.RecipientWithLabels); ok {
		return l.WrapWithLabels(fileKey)
	}
	s, err := k.r.Wrap(fileKey)
	return s, nil, err
}

// NewPassphraseIdentity returns the identity that opens a passphrase backup,
// accepting scrypt work factors up to [DefaultMaxWorkFactor].
func NewPassphraseIdentity(passphrase []byte) (age.Identity, error) {
	if len(passphrase) == 0 {
		return nil, errors.New("passphrase is empty")
	}
	id, err := age.NewScryptIdentity(string(passphrase))
	if err != nil {
		return nil, err
	}
	id.SetMaxWorkFactor(DefaultMaxWorkFactor)
	return id, nil
}

// Keys are what [Open] may use to decrypt a backup.
type Keys struct {
	// Passphrase is called when the backup is passphrase-encrypted, and
	// only then. Nil means no passphrase is available.
	Passphrase func() ([]byte, error)
	// Identities are private keys, e.g. from [ParseIdentities].
	Identities []age.Identity
	// MaxWorkFactor caps the scrypt work factor accepted, from 1 to
	// [MaxWorkFactorLimit]; 0 means [DefaultMaxWorkFactor]. A file above
	// the cap fails with [*WorkFactorError].
	MaxWorkFactor int
}

// Open reads a backup (binary or armored) from r and decrypts it with keys.
// It reads at most [MaxSize] bytes. Errors wrap the sentinels listed in the
// package documentation.
func Open(r io.Reader, keys Keys) ([]otpmigrate.Account, Info, error) {
	var info Info
	data, err := readCapped(r)
	if err != nil {
		return nil, info, err
	}
	if isArmored(data) {
		info.Armored = true
		if data, err = readCapped(armor.NewReader(bytes.NewReader(data))); err != nil {
			return nil, info, classify(err, nil)
		}
	}
	if !bytes.HasPrefix(data, []byte("age-encryption.org/")) {
		if len(data) < len("age-encryption.org/") && bytes.HasPrefix([]byte("age-encryption.org/"), data) && len(data) > 0 {
			return nil, info, ErrTruncated
		}
		return nil, info, ErrNotAge
	}
	if !bytes.HasPrefix(data, []byte("age-encryption.org/v1\n")) {
		if bytes.HasPrefix([]byte("age-encryption.org/v1\n"), data) {
			return nil, info, ErrTruncated
		}
		return nil, info, fmt.Errorf("%w: not age version 1", ErrUnsupported)
	}
	ids := slices.Clone(keys.Identities)
	pp := &lazyPassphrase{get: keys.Passphrase, maxWork: keys.MaxWorkFactor}
	ids = append(ids, pp)
	dr, err := age.Decrypt(bytes.NewReader(data), ids...)
	info.Passphrase = pp.scrypt
	if err != nil {
		return nil, info, classify(err, pp)
	}
	text, err := readCapped(dr)
	if err != nil {
		return nil, info, classify(err, pp)
	}
	accounts, tinfo, err := ParseText(text)
	tinfo.Passphrase, tinfo.Armored = info.Passphrase, info.Armored
	if err != nil {
		return nil, tinfo, err
	}
	return accounts, tinfo, nil
}

// lazyPassphrase is an identity that asks for the passphrase only when the
// file has an scrypt stanza, so that opening a key-encrypted backup never
// prompts.
type lazyPassphrase struct {
	get     func() ([]byte, error)
	maxWork int
	scrypt  bool  // the file is passphrase-encrypted
	err     error // from get
	tried   bool  // a passphrase was tried
}

func (l *lazyPassphrase) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	max := l.maxWork
	if max <= 0 {
		max = DefaultMaxWorkFactor
	}
	max = min(max, MaxWorkFactorLimit)
	for _, s := range stanzas {
		if s.Type != "scrypt" {
			continue
		}
		l.scrypt = true
		// Checked here, before the prompt: age checks too, but only once
		// it has the passphrase. Malformed arguments are left to age.
		if len(s.Args) == 2 {
			if n, err := strconv.Atoi(s.Args[1]); err == nil && n > max {
				l.err = &WorkFactorError{WorkFactor: n, Max: max}
				return nil, l.err
			}
		}
	}
	if !l.scrypt || l.get == nil {
		return nil, fmt.Errorf("%w: no passphrase", age.ErrIncorrectIdentity)
	}
	p, err := l.get()
	if err != nil {
		l.err = err
		return nil, err
	}
	id, err := NewPassphraseIdentity(p)
	if err != nil {
		l.err = err
		return nil, err
	}
	id.(*age.ScryptIdentity).SetMaxWorkFactor(max)
	l.tried = true
	return id.Unwrap(stanzas)
}

// classify maps age's errors, which are mostly not exported, to this
// package's sentinels. age's own text is left out: it may quote header
// lines, and what matters to a user is which of these it is.
func classify(err error, pp *lazyPassphrase) error {
	var nm *age.NoIdentityMatchError
	switch {
	case pp != nil && pp.err != nil:
		return pp.err
	case errors.Is(err, ErrTooLarge):
		return err
	case errors.As(err, &nm):
		if pp != nil && pp.tried && slices.Contains(nm.StanzaTypes, "scrypt") {
			return ErrWrongPassphrase
		}
		if slices.Contains(nm.StanzaTypes, "scrypt") {
			return ErrNeedPassphrase
		}
		return fmt.Errorf("%w: it is encrypted to %s", ErrNoIdentity, describeStanzas(nm.StanzaTypes))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ErrTruncated
	}
	return ErrCorrupt
}

func describeStanzas(types []string) string {
	seen := map[string]bool{}
	var names []string
	for _, t := range types {
		name := t
		switch t {
		case "X25519":
			name = "age X25519 keys"
		case "mlkem768x25519":
			name = "age post-quantum keys"
		case "ssh-ed25519":
			name = "SSH ed25519 keys"
		case "ssh-rsa":
			name = "SSH RSA keys"
		default:
			name = fmt.Sprintf("%q stanzas", t)
			if len(t) > 40 {
				name = "unknown stanzas"
			}
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

func isArmored(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte(armor.Header))
}

// readCapped reads all of r, failing with ErrTooLarge past MaxSize.
func readCapped(r io.Reader) ([]byte, error) { return capped.ReadAll(r, MaxSize, ErrTooLarge) }
