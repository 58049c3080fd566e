// Package synth makes synthetic authenticator export images for tests and
// the benchmark: migration URIs of random accounts, rendered as QR codes and
// then distorted the way screenshots and phone photos are.
package synth

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"net/url"
	"os/exec"
	"strings"

	pb "github.com/otpmigrate/otpmigrate/internal/migrationpb"
	qrcode "github.com/skip2/go-qrcode"
	"google.golang.org/protobuf/proto"
)

// ExportURI builds an otpauth-migration URI of n random accounts, as
// Google Authenticator writes it.
func ExportURI(r *rand.Rand, n int) string {
	m := &pb.MigrationPayload{Version: 1, BatchSize: 1, BatchIndex: proto.Int32(0), BatchId: r.Int32()}
	issuers := []string{"GitHub", "Google", "Example Bank", "Dropbox", "AWS", "Proton", "Mastodon", "Discord"}
	for i := 0; i < n; i++ {
		secret := make([]byte, 20)
		for k := range secret {
			secret[k] = byte(r.IntN(256))
		}
		iss := issuers[r.IntN(len(issuers))]
		m.OtpParameters = append(m.OtpParameters, &pb.MigrationPayload_OtpParameters{
			Secret: secret, Name: fmt.Sprintf("%s:user%d@example.com", iss, r.IntN(10000)), Issuer: iss,
			Algorithm: pb.MigrationPayload_ALGORITHM_SHA1, Digits: pb.MigrationPayload_DIGIT_COUNT_SIX,
			Type: pb.MigrationPayload_OTP_TYPE_TOTP})
	}
	b, err := proto.Marshal(m)
	if err != nil {
		panic(err) // a fixed message always marshals
	}
	return "otpauth-migration://offline?data=" + url.QueryEscape(base64.StdEncoding.EncodeToString(b))
}

// Modules is a QR code's module matrix without quiet zone; true is dark.
type Modules [][]bool

// GoQRCode encodes text with github.com/skip2/go-qrcode at level M.
func GoQRCode(text string) (Modules, error) { return GoQRCodeLevel(text, 'M') }

// GoQRCodeLevel encodes text with github.com/skip2/go-qrcode at error
// correction level L, M, Q or H.
func GoQRCodeLevel(text string, level byte) (Modules, error) {
	l := map[byte]qrcode.RecoveryLevel{'L': qrcode.Low, 'M': qrcode.Medium, 'Q': qrcode.High, 'H': qrcode.Highest}[level]
	q, err := qrcode.New(text, l)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = true
	return q.Bitmap(), nil
}

// QREncode encodes text with Debian's qrencode at level M.
func QREncode(text string) (Modules, error) { return QREncodeLevel(text, 'M') }

// QREncodeLevel encodes text with Debian's qrencode at error correction
// level L, M, Q or H.
func QREncodeLevel(text string, level byte) (Modules, error) {
	cmd := exec.Command("qrencode", "-t", "PNG", "-l", string(level), "-s", "1", "-m", "0", "-o", "-")
	cmd.Stdin = bytes.NewReader([]byte(text))
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	m := make(Modules, b.Dy())
	for y := range m {
		m[y] = make([]bool, b.Dx())
		for x := range m[y] {
			r, _, _, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			m[y][x] = r < 0x8000
		}
	}
	return m, nil
}

// Canvas is a float grey image, 0 black to 1 white.
type Canvas struct {
	W, H int
	Pix  []float64
}

// NewCanvas returns a canvas filled with v.
func NewCanvas(w, h int, v float64) *Canvas {
	c := &Canvas{W: w, H: h, Pix: make([]float64, w*h)}
	for i := range c.Pix {
		c.Pix[i] = v
	}
	return c
}

// Quad maps module space (0..n in x and y, n the code's side including the
// quiet zone) to four image corners: top-left, top-right, bottom-right,
// bottom-left.
type Quad [4][2]float64

// Square is an axis-aligned placement at (x, y) with side s, rotated by deg
// degrees about its centre.
func Square(x, y, s, deg float64) Quad {
	cx, cy := x+s/2, y+s/2
	a := deg * math.Pi / 180
	var q Quad
	for i, p := range [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		dx, dy := p[0]*s/2, p[1]*s/2
		q[i] = [2]float64{cx + dx*math.Cos(a) - dy*math.Sin(a), cy + dx*math.Sin(a) + dy*math.Cos(a)}
	}
	return q
}

// Draw renders m with quiet modules of quiet zone into quad on c, dark
// modules at level dark and light ones at light, 3×3 supersampled.
func (c *Canvas) Draw(m Modules, quiet int, q Quad, dark, light float64) {
	n := float64(len(m) + 2*quiet)
	h := homography(q, n)
	inv := invert3(h)
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range q {
		minX, minY = math.Min(minX, p[0]), math.Min(minY, p[1])
		maxX, maxY = math.Max(maxX, p[0]), math.Max(maxY, p[1])
	}
	for y := max(0, int(minY)); y < min(c.H, int(maxY)+1); y++ {
		for x := max(0, int(minX)); x < min(c.W, int(maxX)+1); x++ {
			var sum float64
			inside := 0
			for sy := 0; sy < 3; sy++ {
				for sx := 0; sx < 3; sx++ {
					u, v := project(inv, float64(x)+(float64(sx)+0.5)/3, float64(y)+(float64(sy)+0.5)/3)
					if u < 0 || v < 0 || u >= n || v >= n {
						sum += c.Pix[y*c.W+x]
						continue
					}
					inside++
					mx, my := int(u)-quiet, int(v)-quiet
					if mx >= 0 && my >= 0 && mx < len(m) && my < len(m) && m[my][mx] {
						sum += dark
					} else {
						sum += light
					}
				}
			}
			if inside > 0 {
				c.Pix[y*c.W+x] = sum / 9
			}
		}
	}
}

// homography maps the square 0..n to quad q.
func homography(q Quad, n float64) [9]float64 {
	// Solve the standard square-to-quad mapping for the unit square, then
	// scale.
	x0, y0, x1, y1, x2, y2, x3, y3 := q[0][0], q[0][1], q[1][0], q[1][1], q[2][0], q[2][1], q[3][0], q[3][1]
	dx3, dy3 := x0-x1+x2-x3, y0-y1+y2-y3
	var a, b, cc, d, e, f, g, h float64
	if dx3 == 0 && dy3 == 0 {
		a, b, cc = x1-x0, x2-x1, x0
		d, e, f = y1-y0, y2-y1, y0
	} else {
		dx1, dx2, dy1, dy2 := x1-x2, x3-x2, y1-y2, y3-y2
		den := dx1*dy2 - dx2*dy1
		g = (dx3*dy2 - dx2*dy3) / den
		h = (dx1*dy3 - dx3*dy1) / den
		a, b, cc = x1-x0+g*x1, x3-x0+h*x3, x0
		d, e, f = y1-y0+g*y1, y3-y0+h*y3, y0
	}
	if dx3 == 0 && dy3 == 0 {
		// affine: columns are u and v directions
		b, e = x3-x0, y3-y0
	}
	return [9]float64{a / n, b / n, cc, d / n, e / n, f, g / n, h / n, 1}
}

func project(m [9]float64, x, y float64) (float64, float64) {
	w := m[6]*x + m[7]*y + m[8]
	return (m[0]*x + m[1]*y + m[2]) / w, (m[3]*x + m[4]*y + m[5]) / w
}

func invert3(m [9]float64) [9]float64 {
	a, b, c, d, e, f, g, h, i := m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]
	A, B, C := e*i-f*h, -(d*i - f*g), d*h-e*g
	det := a*A + b*B + c*C
	return [9]float64{
		A / det, -(b*i - c*h) / det, (b*f - c*e) / det,
		B / det, (a*i - c*g) / det, -(a*f - c*d) / det,
		C / det, -(a*h - b*g) / det, (a*e - b*d) / det,
	}
}

// Rect fills a rectangle with v.
func (c *Canvas) Rect(x0, y0, x1, y1 int, v float64) {
	for y := max(0, y0); y < min(c.H, y1); y++ {
		for x := max(0, x0); x < min(c.W, x1); x++ {
			c.Pix[y*c.W+x] = v
		}
	}
}

// Blur applies a Gaussian blur of standard deviation sigma pixels.
func (c *Canvas) Blur(sigma float64) {
	if sigma <= 0 {
		return
	}
	r := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*r+1)
	var s float64
	for i := range k {
		d := float64(i - r)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		s += k[i]
	}
	for i := range k {
		k[i] /= s
	}
	tmp := make([]float64, len(c.Pix))
	for y := 0; y < c.H; y++ {
		for x := 0; x < c.W; x++ {
			var v float64
			for i, w := range k {
				xx := min(max(x+i-r, 0), c.W-1)
				v += c.Pix[y*c.W+xx] * w
			}
			tmp[y*c.W+x] = v
		}
	}
	for y := 0; y < c.H; y++ {
		for x := 0; x < c.W; x++ {
			var v float64
			for i, w := range k {
				yy := min(max(y+i-r, 0), c.H-1)
				v += tmp[yy*c.W+x] * w
			}
			c.Pix[y*c.W+x] = v
		}
	}
}

// Noise adds Gaussian noise of standard deviation sd.
func (c *Canvas) Noise(r *rand.Rand, sd float64) {
	for i := range c.Pix {
		c.Pix[i] += r.NormFloat64() * sd
	}
}

// Glare adds a bright elliptic spot at (x, y) of radius rad and strength s.
func (c *Canvas) Glare(x, y, rad, s float64) {
	for py := 0; py < c.H; py++ {
		for px := 0; px < c.W; px++ {
			d := math.Hypot(float64(px)-x, (float64(py)-y)*1.3) / rad
			c.Pix[py*c.W+px] += s * math.Exp(-d*d)
		}
	}
}

// Map applies f to every pixel, e.g. to lower contrast or invert.
func (c *Canvas) Map(f func(x, y int, v float64) float64) {
	for y := 0; y < c.H; y++ {
		for x := 0; x < c.W; x++ {
			c.Pix[y*c.W+x] = f(x, y, c.Pix[y*c.W+x])
		}
	}
}

// Gray converts to an 8-bit image.
func (c *Canvas) Gray() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, c.W, c.H))
	for i, v := range c.Pix {
		g.Pix[i] = uint8(math.Round(math.Min(1, math.Max(0, v)) * 255))
	}
	return g
}

// RGB converts to an RGBA image tinted by a screen's colour cast.
func (c *Canvas) RGB(tint [3]float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, c.W, c.H))
	for i, v := range c.Pix {
		v = math.Min(1, math.Max(0, v))
		img.Pix[4*i] = uint8(math.Min(255, v*255*tint[0]))
		img.Pix[4*i+1] = uint8(math.Min(255, v*255*tint[1]))
		img.Pix[4*i+2] = uint8(math.Min(255, v*255*tint[2]))
		img.Pix[4*i+3] = 255
	}
	return img
}

// PNG encodes img as PNG.
func PNG(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return b.Bytes()
}

// JPEG encodes img as JPEG of quality q.
func JPEG(img image.Image, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// RandomOTPURL returns an otpauth URL with a random issuer, name, secret
// and parameters, 60 to 250 characters long.
func RandomOTPURL(r *rand.Rand) string {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alnum[r.IntN(len(alnum))]
		}
		return string(b)
	}
	secret := make([]byte, 10+r.IntN(54))
	for i := range secret {
		secret[i] = byte(r.IntN(256))
	}
	issuer := word(3 + r.IntN(20))
	v := url.Values{}
	v.Set("secret", strings.TrimRight(base32.StdEncoding.EncodeToString(secret), "="))
	v.Set("issuer", issuer)
	if r.IntN(2) == 0 {
		v.Set("digits", fmt.Sprint(6+2*r.IntN(2)))
		v.Set("algorithm", []string{"SHA1", "SHA256", "SHA512"}[r.IntN(3)])
	}
	typ := "totp"
	if r.IntN(4) == 0 {
		typ = "hotp"
		v.Set("counter", fmt.Sprint(r.IntN(1000)))
	}
	return fmt.Sprintf("otpauth://%s/%s:%s%%40example.com?%s", typ, url.PathEscape(issuer), word(3+r.IntN(20)), v.Encode())
}

// GoQRCodePNG renders text as go-qrcode's own PNG at 4 pixels per module,
// as a website showing a setup code would.
func GoQRCodePNG(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	return q.PNG(-4)
}

// Code16 is a 16-bit colour image of side×side pixels with m drawn as
// large as fits, on a light flat background: the kind of file whose
// decoding costs 8 bytes a pixel with image/png.
func Code16(m Modules, side int) *image.NRGBA64 {
	img := image.NewNRGBA64(image.Rect(0, 0, side, side))
	ppm := side / (len(m) + 8)
	for y := 0; y < side; y++ {
		my := y/ppm - 4
		for x := 0; x < side; x++ {
			mx := x/ppm - 4
			v := uint16(0xf0f0)
			if mx >= 0 && my >= 0 && mx < len(m) && my < len(m) && m[my][mx] {
				v = 0x1010
			}
			i := img.PixOffset(x, y)
			for c := 0; c < 3; c++ {
				binary.BigEndian.PutUint16(img.Pix[i+2*c:], v)
			}
			binary.BigEndian.PutUint16(img.Pix[i+6:], 0xffff)
		}
	}
	return img
}

// WithOrientation inserts an EXIF segment with orientation o (1-8) right
// after a JPEG's SOI marker, as a phone camera writes it.
func WithOrientation(jpg []byte, o uint16) []byte {
	tiff := []byte("MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00")
	binary.BigEndian.PutUint16(tiff[18:], o)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	var b bytes.Buffer
	b.Write(jpg[:2])
	b.Write([]byte{0xff, 0xe1})
	binary.Write(&b, binary.BigEndian, uint16(len(seg)+2))
	b.Write(seg)
	b.Write(jpg[2:])
	return b.Bytes()
}
