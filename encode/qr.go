package encode

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"sync"

	"github.com/otpmigrate/otpmigrate"
	qrcode "github.com/skip2/go-qrcode"
)

// Level is a QR code's error-correction level: how much of the code may be
// damaged or covered and still read. Higher levels make bigger codes.
type Level uint8

// The four levels QR codes define. The zero Level means "the default of the
// output", see [DefaultLevel] and [DefaultTerminalLevel].
const (
	LevelLow      Level = iota + 1 // L: about 7% may be lost
	LevelMedium                    // M: about 15%
	LevelQuartile                  // Q: about 25%
	LevelHigh                      // H: about 30%
)

// DefaultLevel is used for images (PNG files and the printed sheet): M
// survives a smudged print or a reflection on a screen and keeps a typical
// otpauth:// code at version 5 to 7.
const DefaultLevel = LevelMedium

// DefaultTerminalLevel is used for codes drawn in a terminal: the drawing is
// sharp, and L keeps a typical otpauth:// code small enough for 80x24.
const DefaultTerminalLevel = LevelLow

// String returns the level's letter: "L", "M", "Q" or "H".
func (l Level) String() string {
	switch l {
	case LevelLow:
		return "L"
	case LevelMedium:
		return "M"
	case LevelQuartile:
		return "Q"
	case LevelHigh:
		return "H"
	}
	return fmt.Sprintf("level(%d)", uint8(l))
}

// ParseLevel reads a level as a letter (L, M, Q, H) or a word (low, medium,
// quartile, high), case-insensitively.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "l", "low":
		return LevelLow, nil
	case "m", "medium":
		return LevelMedium, nil
	case "q", "quartile":
		return LevelQuartile, nil
	case "h", "high":
		return LevelHigh, nil
	}
	return 0, fmt.Errorf("unknown error-correction level %q (want L, M, Q or H)", truncate(s, 10))
}

func (l Level) recovery(def Level) qrcode.RecoveryLevel {
	if l == 0 {
		l = def
	}
	switch l {
	case LevelLow:
		return qrcode.Low
	case LevelQuartile:
		return qrcode.High // go-qrcode's High is the standard's Q
	case LevelHigh:
		return qrcode.Highest
	}
	return qrcode.Medium
}

// quietZone is the light border, in modules, around every code this package
// draws. The QR standard asks for four; scanners often fail without it,
// above all on a dark terminal or a dark page.
const quietZone = 4

// QR is one encoded QR code: its text and its module matrix, quiet zone
// included. The same QR is drawn as PNG, SVG or terminal text, so a check of
// one drawing vouches for the others.
type QR struct {
	text    string
	modules [][]bool // [y][x], true is dark
}

// NewQR encodes text at level l (0 means [DefaultLevel]).
func NewQR(text string, l Level) (*QR, error) {
	q, err := qrcode.New(text, l.recovery(DefaultLevel))
	if err != nil {
		// go-qrcode's message is about the length only; it never quotes
		// the text, which holds a secret.
		return nil, errors.New("text is too long for a QR code")
	}
	return &QR{text: text, modules: q.Bitmap()}, nil
}

// NewAccountQR encodes a's otpauth:// URL, the form every authenticator app
// scans.
func NewAccountQR(a otpmigrate.Account, l Level) (*QR, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return NewQR(a.URL(), l)
}

// Text returns the text the code holds.
func (q *QR) Text() string { return q.text }

// Size returns the number of modules per side, quiet zone included.
func (q *QR) Size() int { return len(q.modules) }

// Dark reports whether the module at column x, row y is dark. Modules
// outside the code are light.
func (q *QR) Dark(x, y int) bool {
	if y < 0 || y >= len(q.modules) || x < 0 || x >= len(q.modules[y]) {
		return false
	}
	return q.modules[y][x]
}

// DefaultImageSize is the default width and height of PNG files, in pixels:
// large enough to scan from a laptop screen across a desk, small enough to
// fit on a phone screen that shows it to another phone.
const DefaultImageSize = 512

// minModulePixels is the fewest pixels per module an image gets, whatever
// size was asked for: below it phone cameras start to miss modules.
const minModulePixels = 4

// Image draws the code with scale pixels per module (at least 1), black on
// white.
func (q *QR) Image(scale int) *image.Paletted {
	if scale < 1 {
		scale = 1
	}
	return q.draw(q.Size()*scale, scale)
}

// draw paints whole pixels per module, centred on a white size×size canvas:
// go-qrcode's own Image scales by fractions, which makes modules of uneven
// width that cameras read less well.
func (q *QR) draw(size, scale int) *image.Paletted {
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	off := (size - q.Size()*scale) / 2
	for y, row := range q.modules {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := 0; dy < scale; dy++ {
				p := img.PixOffset(off+x*scale, off+y*scale+dy)
				for dx := 0; dx < scale; dx++ {
					img.Pix[p+dx] = 1
				}
			}
		}
	}
	return img
}

// WritePNG writes the code as a square PNG of about size pixels (0 means
// [DefaultImageSize]). The image grows when size would give fewer than
// four pixels per module, below which phone cameras start to miss modules.
func (q *QR) WritePNG(w io.Writer, size int) error {
	if size <= 0 {
		size = DefaultImageSize
	}
	scale := size / q.Size()
	if scale < minModulePixels {
		scale = minModulePixels
	}
	if size < q.Size()*scale {
		size = q.Size() * scale
	}
	enc := png.Encoder{CompressionLevel: png.DefaultCompression, BufferPool: pngBuffers}
	return enc.Encode(w, q.draw(size, scale))
}

// pngBuffers reuses the PNG encoder's compressor between images: it is
// most of the memory one encoding allocates, and exports write thousands.
var pngBuffers = &pngPool{}

type pngPool struct{ p sync.Pool }

func (p *pngPool) Get() *png.EncoderBuffer {
	b, _ := p.p.Get().(*png.EncoderBuffer)
	return b
}

func (p *pngPool) Put(b *png.EncoderBuffer) { p.p.Put(b) }

// WriteSVG writes the code as an SVG element of one path, one unit per
// module, that scales to the size its container gives it. The element has
// no script and no external reference.
func (q *QR) WriteSVG(w io.Writer) error {
	var b strings.Builder
	n := q.Size()
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range q.modules {
		// Runs of dark modules become one rectangle each: a third of the
		// size of one square per module.
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteAccountPNG writes a's otpauth:// URL as a QR code PNG: the file an
// app's "scan a QR code" reads. See [QR.WritePNG] for size.
func WriteAccountPNG(w io.Writer, a otpmigrate.Account, l Level, size int) error {
	q, err := NewAccountQR(a, l)
	if err != nil {
		return err
	}
	return q.WritePNG(w, size)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
