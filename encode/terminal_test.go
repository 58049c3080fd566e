package encode_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/decode"
	"github.com/otpmigrate/otpmigrate/encode"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

func terminalOutput(t *testing.T, a otpmigrate.Account, i, n int) (*encode.QR, string) {
	t.Helper()
	q, err := encode.NewAccountQR(a, encode.DefaultTerminalLevel)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := encode.WriteTerminalQR(&buf, q, encode.TerminalCaption(a, i, n), 80); err != nil {
		t.Fatal(err)
	}
	return q, buf.String()
}

func TestTerminalGolden(t *testing.T) {
	_, out := terminalOutput(t, sampleAccounts()[0], 3, 12)
	golden(t, "terminal-github.golden", []byte(out))

	// The README's picture: the first of three codes as export --terminal
	// shows it, on a dark theme.
	a := sampleAccounts()[0]
	q, _ := encode.NewAccountQR(a, encode.DefaultTerminalLevel)
	var screen bytes.Buffer
	encode.WriteTerminalQR(&screen, q, encode.TerminalCaption(a, 1, 3)+"   Enter: next, q: quit", 80)
	var pic bytes.Buffer
	png.Encode(&pic, renderScreen(t, screen.String(), color.RGBA{0x1e, 0x1e, 0x1e, 0xff}, color.RGBA{0xd0, 0xd0, 0xd0, 0xff}))
	writeDoc(t, "terminal-qr.png", pic.Bytes())
}

// TestTerminalFits checks the promise of the package doc: a typical
// otpauth:// code and its caption fit an 80x24 terminal.
func TestTerminalFits(t *testing.T) {
	q, out := terminalOutput(t, sampleAccounts()[0], 3, 12)
	lines := strings.Split(out, "\n")
	if len(lines) > 24 {
		t.Errorf("%d lines for a %d-module code, more than 24", len(lines), q.Size())
	}
	if last := lines[len(lines)-1]; last != "3 of 12  GitHub: alice@example.com" {
		t.Errorf("caption %q", last)
	}
	for i, l := range lines[:len(lines)-1] {
		if n := strings.Count(l, "▀"); n != q.Size() || n > 80 {
			t.Errorf("line %d has %d cells, want %d", i+1, n, q.Size())
		}
	}
}

func TestTerminalCaption(t *testing.T) {
	a := otpmigrate.NewTOTP("Evil\x1b[2J", "x\ny", rfcSecret)
	if got := encode.TerminalCaption(a, 1, 2); got != "1 of 2  Evil [2J: x y" {
		t.Errorf("control characters not replaced: %q", got)
	}
	q, _ := encode.NewQR("x", encode.LevelLow)
	var buf bytes.Buffer
	encode.WriteTerminalQR(&buf, q, strings.Repeat("é", 200), 80)
	lines := strings.Split(buf.String(), "\n")
	if last := lines[len(lines)-1]; len([]rune(last)) != 80 || !strings.HasSuffix(last, "…") {
		t.Errorf("long caption not cut to 80 columns: %d runes", len([]rune(last)))
	}
}

// TestTerminalScans plays the terminal output back on a simulated screen
// with a dark and a light theme, and reads the code from the picture: the
// colours must be explicit for both to work.
func TestTerminalScans(t *testing.T) {
	themes := []struct {
		name   string
		bg, fg color.Color
	}{
		{"dark", color.RGBA{0x1e, 0x1e, 0x1e, 0xff}, color.RGBA{0xd0, 0xd0, 0xd0, 0xff}},
		{"light", color.White, color.Black},
	}
	for _, a := range roundTripAccounts() {
		_, out := terminalOutput(t, a, 1, 1)
		for _, th := range themes {
			img := renderScreen(t, out, th.bg, th.fg)
			var buf bytes.Buffer
			png.Encode(&buf, img)
			texts, err := decode.ScanImage(buf.Bytes())
			if err != nil || len(texts) != 1 {
				t.Fatalf("%s theme, %s: %v (%d codes)", th.name, a.Label(), err, len(texts))
			}
			if texts[0] != a.URL() {
				t.Errorf("%s theme: read %q, want %q", th.name, texts[0], a.URL())
			}
		}
	}
}

// renderScreen is a small terminal emulator for what WriteTerminalQR
// writes: 256-colour SGR sequences, "▀" and ASCII text, 8×16 pixel cells.
func renderScreen(t *testing.T, out string, bg, fg color.Color) *image.RGBA {
	const cw, ch = 8, 16
	lines := strings.Split(out, "\n")
	width := 0
	for _, l := range lines {
		width = max(width, len([]rune(stripSGR(l))))
	}
	img := image.NewRGBA(image.Rect(0, 0, (width+4)*cw, (len(lines)+2)*ch))
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	palette := map[string]color.Color{"16": color.Black, "231": color.White}
	for row, l := range lines {
		curFg, curBg := fg, bg
		col := 0
		rs := []rune(l)
		for i := 0; i < len(rs); i++ {
			if rs[i] == 0x1b {
				end := i + 2
				for end < len(rs) && rs[end] != 'm' {
					end++
				}
				params := strings.Split(string(rs[i+2:end]), ";")
				for p := 0; p < len(params); p++ {
					switch params[p] {
					case "0":
						curFg, curBg = fg, bg
					case "38", "48":
						c, ok := palette[params[p+2]]
						if !ok {
							t.Fatalf("unexpected colour %q", params[p+2])
						}
						if params[p] == "38" {
							curFg = c
						} else {
							curBg = c
						}
						p += 2
					default:
						t.Fatalf("unexpected SGR parameter %q", params[p])
					}
				}
				i = end
				continue
			}
			x, y := (col+2)*cw, (row+1)*ch
			draw.Draw(img, image.Rect(x, y, x+cw, y+ch), image.NewUniform(curBg), image.Point{}, draw.Src)
			if rs[i] == '▀' {
				draw.Draw(img, image.Rect(x, y, x+cw, y+ch/2), image.NewUniform(curFg), image.Point{}, draw.Src)
			} else {
				d := font.Drawer{Dst: img, Src: image.NewUniform(curFg), Face: basicfont.Face7x13, Dot: fixed.P(x, y+12)}
				d.DrawString(string(rs[i]))
			}
			col++
		}
	}
	return img
}

func stripSGR(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// FuzzTerminalCaption checks that nothing from an account's issuer or name
// reaches the terminal as a control sequence.
func FuzzTerminalCaption(f *testing.F) {
	f.Add("GitHub", "alice@example.com")
	f.Add("Evil\x1b[2J", "\u202egnp.exe")
	f.Add("\x9b31m", "\xff\xfe")
	f.Fuzz(func(t *testing.T, issuer, name string) {
		a := otpmigrate.NewTOTP(issuer, name, rfcSecret)
		q, err := encode.NewQR("x", encode.LevelLow)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := encode.WriteTerminalQR(&buf, q, encode.TerminalCaption(a, 1, 1), 80); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		caption := out[strings.LastIndexByte(out, '\n')+1:]
		for _, r := range caption {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("control character %U in caption %q", r, caption)
			}
		}
		if n := len([]rune(caption)); n > 80 {
			t.Fatalf("caption of %d columns", n)
		}
	})
}
