package encode

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/otpmigrate/otpmigrate"
)

// SheetOptions adjust [NewSheet].
type SheetOptions struct {
	// Date is printed in the header: when the sheet was made. The caller
	// passes it (time.Now() in the command), so that output is
	// reproducible in tests.
	Date time.Time
	// Level is the error-correction level of the codes; 0 means
	// [DefaultLevel].
	Level Level
	// URL is the text of each account's code; nil means
	// [otpmigrate.Account.URL]. An app that reads another form (see
	// target.Profile.URL) gets its own.
	URL func(otpmigrate.Account) string
}

// Sheet is a printable page of accounts: per account its QR code, issuer,
// name, the secret for typing in, and its settings.
type Sheet struct {
	// Codes holds each account's QR code, in the order of the accounts:
	// the exact codes the page draws, so that a caller can check them.
	Codes    []*QR
	accounts []otpmigrate.Account
	opts     SheetOptions
}

// NewSheet encodes the QR code of every account.
func NewSheet(accounts []otpmigrate.Account, opts SheetOptions) (*Sheet, error) {
	s := &Sheet{accounts: accounts, opts: opts, Codes: make([]*QR, len(accounts))}
	for i, a := range accounts {
		var q *QR
		var err error
		if opts.URL == nil {
			q, err = NewAccountQR(a, opts.Level)
		} else if err = a.Validate(); err == nil {
			q, err = NewQR(opts.URL(a), opts.Level)
		}
		if err != nil {
			return nil, &accountError{i, err}
		}
		s.Codes[i] = q
	}
	return s, nil
}

type accountError struct {
	index int
	err   error
}

func (e *accountError) Error() string {
	return "account " + strconv.Itoa(e.index+1) + ": " + e.err.Error()
}

//go:embed sheet.html.tmpl
var sheetSource string

var sheetTemplate = template.Must(template.New("sheet").Parse(sheetSource))

type sheetAccount struct {
	Number       int
	Issuer, Name string
	SecretGroups string
	Type         string
	Params       []string
	QR           template.HTML
}

// WriteHTML writes the sheet as one HTML file that needs nothing else: the
// codes are inline SVG, the style is inline, there is no script, font or
// link to anything outside. Its print style keeps each account on one page.
func (s *Sheet) WriteHTML(w io.Writer) error {
	data := struct {
		Date     string
		Count    int
		Accounts []sheetAccount
	}{Date: s.opts.Date.Format("2006-01-02"), Count: len(s.accounts)}
	for i, a := range s.accounts {
		var svg bytes.Buffer
		if err := s.Codes[i].WriteSVG(&svg); err != nil {
			return err
		}
		data.Accounts = append(data.Accounts, sheetAccount{
			Number:       i + 1,
			Issuer:       a.Issuer,
			Name:         a.Name,
			SecretGroups: groupsOfFour(otpmigrate.EncodeSecret(a.Secret)),
			Type:         strings.ToUpper(a.Type.String()),
			Params:       params(a),
			// WriteSVG writes only numbers and fixed markup: no text
			// from the account reaches it unescaped.
			QR: template.HTML(svg.String()),
		})
	}
	return sheetTemplate.Execute(w, data)
}

// groupsOfFour spaces a base32 secret for typing: "GEZD GNBV GY3T".
func groupsOfFour(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

func params(a otpmigrate.Account) []string {
	p := []string{a.Algorithm.String(), strconv.Itoa(a.Digits) + " digits"}
	if a.Type == otpmigrate.HOTP {
		p = append(p, "counter "+strconv.FormatUint(a.Counter, 10))
	} else {
		p = append(p, strconv.Itoa(a.Period)+" s")
	}
	return p
}
