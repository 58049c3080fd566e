package decode

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // registered decoders: inputs are recognised by content
	_ "image/jpeg"
	_ "image/png"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/multi/qrcode"
	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

// MaxImagePixels refuses images whose header declares more pixels, before
// any pixel is decoded: a small file can declare a huge canvas.
const MaxImagePixels = 50_000_000

// ErrNoQRCode is returned (wrapped) by [ScanImage] when no QR code is found.
var ErrNoQRCode = errors.New("no QR code found in image")

// ScanImage returns the texts of the QR codes in an encoded image, in
// reading order.
func ScanImage(data []byte) ([]string, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("image is damaged or in an unsupported format")
	}
	if cfg.Width*cfg.Height > MaxImagePixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("image is %d×%d pixels, more than the %d megapixels allowed", cfg.Width, cfg.Height, MaxImagePixels/1_000_000)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("image is damaged or in an unsupported format")
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return nil, errors.New("image is damaged or in an unsupported format")
	}
	results, err := qrcode.NewQRCodeMultiReader().DecodeMultiple(bmp, nil)
	if err != nil || len(results) == 0 {
		return nil, &Error{Err: ErrNoQRCode,
			Hint: "crop the screenshot to the QR code, photograph the screen straight on, or use a higher resolution"}
	}
	texts := make([]string, len(results))
	for i, r := range results {
		texts[i] = r.GetText()
	}
	return texts, nil
}
