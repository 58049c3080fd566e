package decode

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/otpmigrate/otpmigrate"
)

// Size caps for untrusted input.
const (
	// MaxInputSize caps one input: a 12 MP phone photo is under 10 MiB and
	// the largest app backups are a few hundred KiB.
	MaxInputSize = 64 << 20
	// MaxLineLength caps one line of a text input; a migration URI of ten
	// accounts is under 1 KiB.
	MaxLineLength = 64 << 10
)

// Input is one thing to decode: a file's bytes, standard input, or a URI
// given on the command line. Name identifies it in messages and must not be
// the content itself (it could be a secret).
type Input struct {
	Name string
	Data []byte
	// Open, when Data is nil, reads the input when its turn comes: the
	// files of a folder are read one per core at a time and an image's
	// bytes are dropped once it is scanned, so memory does not grow with
	// the number of files. Its error is returned as is, so it should name
	// the input.
	Open func() ([]byte, error)
}

func (in Input) deferred() bool { return in.Data == nil && in.Open != nil }

// Options adjust [Decode].
type Options struct {
	// AllowPartial returns the accounts of multi-part exports of which
	// some parts are missing, instead of failing.
	AllowPartial bool
	// Password is asked for the password of an encrypted app backup. It
	// gets the input's name and the format, e.g. "Aegis vault". When nil,
	// encrypted backups fail with a message saying a password is needed.
	Password func(input, format string) ([]byte, error)
	// OpenAge opens an age-encrypted otpmigrate backup. decode does not
	// import the backup package, so the caller supplies it; when nil, age
	// files are refused with a message.
	OpenAge func(in Input) ([]otpmigrate.Account, error)
	// AssumeAndOTP reads binary inputs that nothing else recognises as
	// andOTP encrypted backups. andOTP's backups carry no marker: the new
	// format is recognised by its iteration count, but the old one
	// (andOTP before 0.6.3, 2019) has nothing to recognise it by, so the
	// user must say what it is. Without it such inputs fail with
	// [ErrUnknownFormat] and no password is asked.
	AssumeAndOTP bool
	// Progress, when set, is told how many of the image inputs have been
	// scanned for QR codes. Images are scanned in parallel; Progress is
	// called from Decode's goroutine only.
	Progress func(done, total int)
	// MemoryBudget bounds, in bytes, the decoded pixels of the images
	// scanned at once across all cores (0: [DefaultMemoryBudget]). Each
	// image's share is estimated from its header before any pixel is
	// decoded; an image bigger than the budget is scanned alone.
	MemoryBudget int64

	budgetSeen func(*memBudget) // tests: the budget once scanning is done
}

// Result is what [Decode] found.
type Result struct {
	Accounts   []otpmigrate.Account
	Incomplete []Incomplete // exports with missing parts
	Duplicates int          // accounts given more than once, left out
	// Conflicts are accounts with the same secret and label but other
	// settings; both of each pair are in Accounts, and Warnings says so.
	Conflicts []otpmigrate.Conflict
	Warnings  []string // for the user; never holds secrets
}

// Error is a decoding failure of one input. It names the input (and where in
// it), never the content.
type Error struct {
	Input string // the input's name
	Where string // "line 3", "QR code 2"; may be empty
	Err   error
	// Advice is one concrete thing to try; may be empty.
	Advice string
}

// Hint returns the error's advice, or that of the error it wraps.
func (e *Error) Hint() string {
	if e.Advice != "" {
		return e.Advice
	}
	var h interface{ Hint() string }
	if errors.As(e.Err, &h) {
		return h.Hint()
	}
	return ""
}

func (e *Error) Error() string {
	if e.Where != "" {
		return fmt.Sprintf("%q: %s: %v", e.Input, e.Where, e.Err)
	}
	return fmt.Sprintf("%q: %v", e.Input, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrIncomplete is returned (wrapped) by [Decode] when an export misses
// parts and [Options.AllowPartial] is not set.
var ErrIncomplete = errors.New("incomplete export")

// IncompleteError is the error [Decode] returns for exports that miss
// parts; it matches [ErrIncomplete] with errors.Is.
type IncompleteError struct {
	Parts []Incomplete
}

func (e *IncompleteError) Error() string {
	msgs := make([]string, len(e.Parts))
	for i, in := range e.Parts {
		msgs[i] = in.String()
	}
	return ErrIncomplete.Error() + ": " + strings.Join(msgs, "; ")
}

// Is makes errors.Is(err, ErrIncomplete) true.
func (e *IncompleteError) Is(target error) bool { return target == ErrIncomplete }

// Hint says what to do about the missing parts.
func (e *IncompleteError) Hint() string {
	return `give every QR code of the export (the app numbers them "1 of N"), or pass --allow-partial`
}

// ErrUnknownFormat is returned (wrapped) for binary input that is none of
// the formats otpmigrate reads. Nothing was decrypted and no password was
// asked.
var ErrUnknownFormat = errors.New("not a format otpmigrate reads")

// triedFormats lists, for the message of [ErrUnknownFormat], what an
// unknown binary input was checked against.
const triedFormats = "PNG, JPEG, GIF, BMP, TIFF and WebP images, age files, " +
	"backups of Aegis, 2FAS, andOTP, Authenticator Pro, Authenticator Plus, Authy, Battle.net, Bitwarden, Duo, " +
	"Ente, FreeOTP, FreeOTP+, KeePass, LastPass, Proton, Raivo, Steam and TOTP Authenticator, " +
	"SQLite databases, otpauth text"

// Decode reads every input, recognising each by content: an image (PNG,
// JPEG, GIF, BMP, TIFF, WebP) is scanned for QR codes, an age file goes to
// [Options.OpenAge], an app backup to its reader, and anything else must be
// text holding otpauth:// or otpauth-migration:// URIs. Multi-part exports
// are joined across inputs and the same account given twice is returned
// once; two with the same secret and label but other settings are both
// returned, with a warning. The first input that fails stops decoding.
func Decode(inputs []Input, opts Options) (Result, error) {
	var res Result
	var parts []Part
	// Accounts and migration parts keep their relative input order: a
	// placeholder part with no accounts marks where direct accounts go.
	type slot struct {
		accounts []otpmigrate.Account
		part     int // index into parts, or -1
	}
	var slots []slot
	scans := scanImages(inputs, opts)
	for i, in := range inputs {
		if s := scans[i]; s != nil && !s.image {
			if s.openErr != nil {
				return Result{}, s.openErr
			}
			in.Data = s.data
			scans[i] = nil
		}
		items, warns, err := decodeInput(in, opts, scans[i])
		if err != nil {
			return Result{}, err
		}
		res.Warnings = append(res.Warnings, warns...)
		for _, it := range items {
			if it.part != nil {
				parts = append(parts, *it.part)
				slots = append(slots, slot{part: len(parts) - 1})
			} else {
				slots = append(slots, slot{accounts: it.accounts, part: -1})
			}
		}
	}
	// Assemble multi-part exports, then put each export's accounts in the
	// slot of its first part.
	assembled, incomplete, err := assembleBySlot(parts, opts.AllowPartial)
	if err != nil {
		return Result{}, err
	}
	res.Incomplete = incomplete
	var all []otpmigrate.Account
	for _, s := range slots {
		if s.part < 0 {
			all = append(all, s.accounts...)
		} else {
			all = append(all, assembled[s.part]...)
		}
	}
	m := otpmigrate.Merge(nil, all)
	res.Accounts, res.Duplicates, res.Conflicts = m.Accounts, m.Duplicates, m.Conflicts
	for _, c := range m.Conflicts {
		res.Warnings = append(res.Warnings, c.String())
	}
	if len(incomplete) > 0 && !opts.AllowPartial {
		return res, &IncompleteError{Parts: incomplete}
	}
	return res, nil
}

// scannedImage classifies the texts read from an image input.
func scannedImage(in Input, scan *scanResult) ([]item, []string, error) {
	if err := scan.err; err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Input = in.Name
			return nil, nil, e
		}
		return nil, nil, &Error{Input: in.Name, Err: err}
	}
	return decodeQRTexts(in, scan.texts)
}

// item is what one input yields: either accounts or one migration part.
type item struct {
	accounts []otpmigrate.Account
	part     *Part
}

func decodeInput(in Input, opts Options, scan *scanResult) ([]item, []string, error) {
	fail := func(where string, err error, hint string) ([]item, []string, error) {
		return nil, nil, &Error{Input: in.Name, Where: where, Err: err, Advice: hint}
	}
	if scan != nil && scan.image {
		return scannedImage(in, scan)
	}
	if len(in.Data) > MaxInputSize {
		return fail("", fmt.Errorf("input is larger than %d MiB", MaxInputSize>>20), "")
	}
	if len(bytes.TrimSpace(in.Data)) == 0 {
		return fail("", errors.New("input is empty"), "")
	}
	switch {
	case isAge(in.Data):
		if opts.OpenAge == nil {
			return fail("", errors.New("input is an age-encrypted file"), "")
		}
		acc, err := opts.OpenAge(in)
		if err != nil {
			return nil, nil, err
		}
		return []item{{accounts: acc}}, nil, nil
	case isImage(in.Data):
		scan = &scanResult{image: true}
		scan.texts, scan.err = ScanImage(in.Data)
		return scannedImage(in, scan)
	case isHEIF(in.Data):
		return fail("", fmt.Errorf("a HEIC or AVIF photo (%s), which otpmigrate cannot read", heifBrand(in.Data)),
			"convert it to JPEG or PNG: on the iPhone choose Settings, Camera, Formats, Most Compatible; on a Mac run sips -s format jpeg IN.heic --out OUT.jpg; elsewhere ImageMagick's magick (or convert) IN.heic OUT.jpg")
	case isISOMedia(in.Data):
		return fail("", fmt.Errorf("%w: an MP4, QuickTime or other ISO media file (brand %q), not a still image", ErrUnknownFormat, heifBrand(in.Data)),
			"take a screenshot of the QR code instead (PNG or JPEG)")
	}
	if acc, warns, ok, err := decodeApp(in, opts); ok || err != nil {
		if err != nil {
			return nil, nil, err
		}
		return []item{{accounts: acc}}, warns, nil
	}
	in.Data = utf8Text(in.Data)
	if !utf8.Valid(in.Data) {
		return fail("", fmt.Errorf("%w: binary data (tried %s)", ErrUnknownFormat, triedFormats),
			"give a screenshot of the export QR code, a text file of otpauth URLs or an app backup; an andOTP encrypted backup made before andOTP 0.6.3 has no marker: add --andotp")
	}
	if i := bytes.IndexByte(in.Data, 0); i >= 0 {
		return fail("", fmt.Errorf("%w: text with a NUL byte at offset %d (tried %s)", ErrUnknownFormat, i, triedFormats),
			"if it is a text file of otpauth URLs, remove the NUL byte (the file may be damaged)")
	}
	return decodeText(in)
}

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte("\xff\xd8\xff")
	gifMagic  = []byte("GIF8")
	bmpMagic  = []byte("BM")
	tiffLE    = []byte("II*\x00")
	tiffBE    = []byte("MM\x00*")
)

func isImage(b []byte) bool {
	return bytes.HasPrefix(b, pngMagic) || bytes.HasPrefix(b, jpegMagic) || bytes.HasPrefix(b, gifMagic) ||
		(bytes.HasPrefix(b, bmpMagic) && len(b) > 26) || bytes.HasPrefix(b, tiffLE) || bytes.HasPrefix(b, tiffBE) ||
		(len(b) > 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP")
}

// isoBrands returns the brands of an ISO base media file's leading ftyp box
// (ISO/IEC 14496-12 4.3): major brand, then compatible brands.
func isoBrands(b []byte) []string {
	if len(b) < 16 || string(b[4:8]) != "ftyp" {
		return nil
	}
	size := int(binary.BigEndian.Uint32(b))
	if size < 16 || size > len(b) {
		size = min(len(b), 16)
	}
	size = min(size, 256) // no ftyp box lists more than a few brands
	brands := []string{string(b[8:12])}
	for i := 16; i+4 <= size; i += 4 {
		brands = append(brands, string(b[i:i+4]))
	}
	return brands
}

// heifBrands are the ftyp brands of HEIF images (HEIC, AVIF): ISO/IEC
// 23008-12 Annex B and the AV1 Image File Format (AVIF) specification.
// iPhones write heic with mif1 since iOS 11.
var heifBrands = map[string]bool{
	"heic": true, "heix": true, "heim": true, "heis": true, "hevc": true, "hevx": true, "hevm": true, "hevs": true,
	"mif1": true, "mif2": true, "msf1": true, "avif": true, "avis": true, "avio": true,
}

func isHEIF(b []byte) bool {
	for _, br := range isoBrands(b) {
		if heifBrands[br] {
			return true
		}
	}
	return false
}

func isISOMedia(b []byte) bool { return isoBrands(b) != nil }

// heifBrand names the major brand for a message, as printable ASCII.
func heifBrand(b []byte) string { return truncateASCII(isoBrands(b)[0], 4) }

func isAge(b []byte) bool {
	return bytes.HasPrefix(b, []byte("age-encryption.org/")) ||
		bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("-----BEGIN AGE ENCRYPTED FILE-----"))
}

// decodeQRTexts classifies the texts of the QR codes found in one image.
// Codes that are not authenticator codes (a link next to the export, say)
// are skipped with a warning as long as one code is.
func decodeQRTexts(in Input, texts []string) ([]item, []string, error) {
	var items []item
	var warns []string
	var firstErr error
	for i, t := range texts {
		where := fmt.Sprintf("QR code %d", i+1)
		if len(texts) == 1 {
			where = ""
		}
		it, err := classify(t, in.Name, where)
		if err != nil {
			var sl secretlessError
			if errors.As(err, &sl) {
				if firstErr == nil {
					firstErr = sl.s.inputError(in.Name, where)
				}
				if len(texts) > 1 {
					warns = append(warns, fmt.Sprintf("%q: QR code %d is %s, which holds no secret; skipped", in.Name, i+1, sl.s.what))
				}
				continue
			}
			if errors.Is(err, errNotOTP) {
				if firstErr == nil {
					firstErr = &Error{Input: in.Name, Where: where, Err: fmt.Errorf("found a QR code, but it holds %s, not an otpauth or otpauth-migration URI", describe(t))}
				}
				if len(texts) > 1 {
					warns = append(warns, fmt.Sprintf("%q: QR code %d holds %s, not an otpauth or otpauth-migration URI; skipped", in.Name, i+1, describe(t)))
				}
				continue
			}
			return nil, nil, &Error{Input: in.Name, Where: where, Err: err}
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, nil, firstErr
	}
	return items, warns, nil
}

var errNotOTP = errors.New("not an otpauth or otpauth-migration URI")

// classify decodes one URI text into an item. It returns errNotOTP when the
// text is some other thing entirely.
func classify(t, input, where string) (item, error) {
	t = strings.TrimSpace(t)
	lower := strings.ToLower(t)
	switch {
	case strings.HasPrefix(lower, migrationPrefix):
		p, err := ParseMigrationURI(t)
		if err != nil {
			return item{}, err
		}
		src := input
		if where != "" {
			src += ": " + where
		}
		return item{part: &Part{Source: src, Payload: p}}, nil
	case strings.HasPrefix(lower, lastPassPrefix):
		accounts, err := parseLastPassURI(t)
		if err != nil {
			return item{}, err
		}
		return item{accounts: accounts}, nil
	case strings.HasPrefix(lower, "otpauth://"):
		a, err := otpmigrate.Parse(t)
		if err != nil {
			return item{}, err
		}
		return item{accounts: []otpmigrate.Account{a}}, nil
	}
	if sl, ok := findSecretless(t); ok {
		return item{}, secretlessError{sl}
	}
	return item{}, errNotOTP
}

// describe says what a non-OTP text is, without quoting it: it may hold
// secrets of another kind.
func describe(t string) string {
	t = strings.TrimSpace(t)
	lower := strings.ToLower(t)
	scheme, _, hasScheme := strings.Cut(lower, "://")
	switch {
	case !utf8.ValidString(t):
		return "binary data"
	case strings.HasPrefix(lower, lastPassPrefix):
		return "a LastPass Authenticator export (lpaauth-migration://)"
	case strings.HasPrefix(lower, "otpauth-migration:"), strings.HasPrefix(lower, "otpauth:"):
		return "a malformed otpauth URI (the \"//\" after the scheme is missing)"
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		return fmt.Sprintf("an %q link", scheme)
	case strings.HasPrefix(lower, "steam://"):
		return "a steam:// URI"
	case hasScheme && isScheme(strings.SplitN(t, "://", 2)[0]):
		return fmt.Sprintf("a %q URI", scheme)
	case t == "":
		return "no text"
	}
	return "plain text"
}

// isScheme reports whether s looks like a URI scheme that is safe to quote:
// RFC 3986's syntax, lower case and short. Anything else before a "://"
// (a secret, a data= parameter) must not be shown.
func isScheme(s string) bool {
	if s == "" || len(s) > 20 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// IsImage reports whether data starts like an image format [ScanImage]
// reads.
func IsImage(data []byte) bool { return isImage(data) }
