package decode

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // registered decoders: inputs are recognised by content
	_ "image/jpeg"
	_ "image/png"

	"github.com/otpmigrate/otpmigrate/decode/internal/qrscan"
	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

// MaxImagePixels refuses images whose header declares more pixels, before
// any pixel is decoded: a small file can declare a huge canvas. 50 MP is
// above every phone camera people photograph a screen with.
const MaxImagePixels = 50_000_000

// ErrNoQRCode is returned (wrapped) by [ScanImage] when no QR code is found.
var ErrNoQRCode = errors.New("no QR code found in image")

var errDamaged = errors.New("image is damaged or in an unsupported format")

// ScanImage returns the texts of the QR codes in an encoded image (PNG,
// JPEG, GIF, BMP, TIFF, WebP), in reading order: rows top to bottom, left to
// right within a row. A code holding bytes that are not UTF-8 is returned as
// those bytes, so the text is not valid UTF-8.
//
// The image's header is checked against [MaxImagePixels] before its pixels
// are decoded. When no code is found the error wraps [ErrNoQRCode] and is a
// [*Error] with a hint.
func ScanImage(data []byte) ([]string, error) { return scanImage(data, nil) }

// scanImage is [ScanImage] drawing the decoded image's memory from budget
// (nil: unbounded) from before its pixels are decoded until the scan is done.
func scanImage(data []byte, budget *memBudget) ([]string, error) {
	cfg, err := imageConfig(data)
	if err != nil {
		return nil, err
	}
	direct := isDirectPNG(data)
	cost := decodeCost(cfg, direct)
	budget.acquire(cost)
	defer budget.release(cost)
	var g qrscan.Gray
	ok := false
	if direct {
		if g, ok, err = pngGray(data); err != nil {
			return nil, err
		}
	}
	if !ok {
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, errDamaged
		}
		g = toGray(img)
	}
	codes := qrscan.Scan(g)
	if len(codes) == 0 {
		return nil, &Error{Err: ErrNoQRCode,
			Advice: "crop the picture to the QR code, photograph the screen straight on and in focus, or take a screenshot instead of a photo"}
	}
	// The codes are read where the camera stored them; only their order
	// depends on which way is up, so their positions are turned rather
	// than the pixels (a 12 MP copy).
	if o := jpegOrientation(data); o > 1 {
		for i := range codes {
			codes[i].X, codes[i].Y = orientPoint(codes[i].X, codes[i].Y, float64(g.W), float64(g.H), o)
		}
		qrscan.InReadingOrder(codes)
	}
	texts := make([]string, len(codes))
	for i, c := range codes {
		texts[i] = c.Text
	}
	return texts, nil
}

// imageConfig reads an image's header, refusing oversized canvases before
// any pixel is decoded.
func imageConfig(data []byte) (image.Config, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, errDamaged
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return cfg, &Error{Err: fmt.Errorf("image is %d×%d pixels, more than the %d megapixels allowed", cfg.Width, cfg.Height, MaxImagePixels/1_000_000),
			Advice: "scale the picture down or crop it to the QR code"}
	}
	return cfg, nil
}

// toGray converts to 8-bit luma (BT.601, as JPEG's Y). Transparent pixels
// count as white: a QR code drawn on a transparent background is dark on
// light in every viewer. The common types are read directly: going through
// At() per pixel costs more than decoding the QR code.
func toGray(img image.Image) qrscan.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.YCbCr:
		return qrscan.Gray{W: w, H: h, Stride: m.YStride, Pix: m.Y[m.YOffset(b.Min.X, b.Min.Y):]}
	case *image.Gray:
		return qrscan.Gray{W: w, H: h, Stride: m.Stride, Pix: m.Pix[m.PixOffset(b.Min.X, b.Min.Y):]}
	}
	g := qrscan.Gray{W: w, H: h, Stride: w, Pix: make([]byte, w*h)}
	switch m := img.(type) {
	case *image.Gray16:
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				g.Pix[y*w+x] = row[2*x] // high byte
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				p := row[4*x : 4*x+4]
				l := luma(uint32(p[0]), uint32(p[1]), uint32(p[2]))
				a := uint32(p[3])
				g.Pix[y*w+x] = byte((l*a + 255*(255-a)) / 255)
			}
		}
	case *image.RGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				p := row[4*x : 4*x+4]
				// Premultiplied: luma of the colour over white is
				// luma(premultiplied) + (255 - alpha).
				g.Pix[y*w+x] = byte(luma(uint32(p[0]), uint32(p[1]), uint32(p[2])) + 255 - uint32(p[3]))
			}
		}
	case *image.RGBA64:
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				p := row[8*x : 8*x+8] // big-endian 16-bit, premultiplied: use high bytes
				g.Pix[y*w+x] = byte(luma(uint32(p[0]), uint32(p[2]), uint32(p[4])) + 255 - uint32(p[6]))
			}
		}
	case *image.NRGBA64:
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				p := row[8*x : 8*x+8]
				l, a := luma(uint32(p[0]), uint32(p[2]), uint32(p[4])), uint32(p[6])
				g.Pix[y*w+x] = byte((l*a + 255*(255-a)) / 255)
			}
		}
	case *image.Paletted:
		var lut [256]byte
		for i, c := range m.Palette {
			lut[i] = grayOnWhite(c)
		}
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				g.Pix[y*w+x] = lut[row[x]]
			}
		}
	default:
		// 16-bit RGBA/NRGBA PNGs, CMYK JPEGs, TIFFs and the rest.
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				g.Pix[y*w+x] = grayOnWhite(img.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	return g
}

func luma(r, g, b uint32) uint32 { return (19595*r + 38470*g + 7471*b + 1<<15) >> 16 }

func grayOnWhite(c color.Color) byte {
	r, g, b, a := c.RGBA() // premultiplied, 16-bit
	l := luma(r, g, b) + 0xffff - a
	return byte(l >> 8)
}
