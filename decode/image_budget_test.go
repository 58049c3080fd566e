package decode

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"runtime"
	"sync"
	"testing"
	"weak"

	"github.com/otpmigrate/otpmigrate/internal/synth"
)

// code16 is a 16-bit colour PNG of side×side pixels holding text's code.
func code16(t testing.TB, text string, side int) []byte {
	m, err := synth.GoQRCode(text)
	if err != nil {
		t.Fatal(err)
	}
	return synth.PNG(synth.Code16(m, side))
}

// TestDecodeCostCoversAllocation checks the budget's estimate against what
// scanning an image really allocates (all of it, freed or not), for the
// decoder's main pixel types.
func TestDecodeCostCoversAllocation(t *testing.T) {
	const text = "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP"
	p16 := code16(t, text, 1500)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"16-bit colour PNG", p16},
		{"8-bit colour PNG", synth.PNG(toRGBA(t, p16))},
		{"colour JPEG", synth.JPEG(toRGBA(t, p16), 90)},
	} {
		cfg, err := imageConfig(tc.data)
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		got, err := ScanImage(tc.data)
		runtime.ReadMemStats(&after)
		if err != nil || len(got) != 1 || got[0] != text {
			t.Fatalf("%s: read %q, %v", tc.name, got, err)
		}
		alloc := int64(after.TotalAlloc - before.TotalAlloc)
		if cost := decodeCost(cfg, isDirectPNG(tc.data)); alloc > cost {
			t.Errorf("%s: scanning allocated %d bytes, more than the %d estimated", tc.name, alloc, cost)
		}
		// Decoded straight to grey, the 16-bit file never takes the 8
		// bytes a pixel of image/png's NRGBA64, nor a third of them.
		if px := int64(cfg.Width * cfg.Height); tc.name == "16-bit colour PNG" && alloc > 8*px/3 {
			t.Errorf("%s: scanning allocated %d bytes, %.1f a pixel", tc.name, alloc, float64(alloc)/float64(px))
		}
	}
}

// TestMemoryBudget checks that the images scanned at once hold no more
// than the budget, with more workers than images, and that an image
// bigger than the whole budget is still scanned (alone).
func TestMemoryBudget(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(8))
	var inputs []Input
	var want []string
	for i := range 8 {
		text := fmt.Sprintf("otpauth://totp/n%d?secret=JBSWY3DPEHPK3PXP", i)
		inputs = append(inputs, Input{Name: fmt.Sprint(i), Data: code16(t, text, 400)})
		want = append(want, text)
	}
	cfg, err := imageConfig(inputs[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	cost := decodeCost(cfg, isDirectPNG(inputs[0].Data))
	for _, tc := range []struct {
		budget      int64
		wantHolders int64
	}{{2*cost + cost/2, 2}, {1, 1}} {
		var seen *memBudget
		res, err := Decode(inputs, Options{MemoryBudget: tc.budget, budgetSeen: func(b *memBudget) { seen = b }})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Accounts) != len(want) {
			t.Fatalf("budget %d: read %d accounts, want %d", tc.budget, len(res.Accounts), len(want))
		}
		if seen.peak > tc.budget || seen.peakHolders > tc.wantHolders || seen.admits != 8 || seen.used != 0 {
			t.Errorf("budget %d (%d per image): peak %d bytes and %d images at once, %d admitted, %d left in use",
				tc.budget, cost, seen.peak, seen.peakHolders, seen.admits, seen.used)
		}
	}
}

func toRGBA(t testing.TB, data []byte) image.Image {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewRGBA(img.Bounds())
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			out.Set(x, y, color.RGBAModel.Convert(img.At(x, y)))
		}
	}
	return out
}

// TestDeferredInputsStream checks that the bytes of deferred inputs are
// read when their turn comes and not held after: however many files were
// read, only a few are still in memory when the next one is.
func TestDeferredInputsStream(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	const n = 48
	var (
		mu       sync.Mutex
		read     []weak.Pointer[byte]
		maxAlive int
	)
	var inputs []Input
	for i := range n {
		text := fmt.Sprintf("otpauth://totp/n%d?secret=JBSWY3DPEHPK3PXP", i)
		inputs = append(inputs, Input{Name: fmt.Sprint(i), Open: func() ([]byte, error) {
			data, err := synth.GoQRCodePNG(text)
			if err != nil {
				return nil, err
			}
			runtime.GC()
			mu.Lock()
			defer mu.Unlock()
			alive := 0
			for _, p := range read {
				if p.Value() != nil {
					alive++
				}
			}
			maxAlive = max(maxAlive, alive)
			read = append(read, weak.Make(&data[0]))
			return data, nil
		}})
	}
	// Not an image: read once, then decoded as text in its turn.
	inputs = append(inputs, Input{Name: "text", Open: func() ([]byte, error) {
		return []byte("otpauth://totp/text?secret=JBSWY3DPEHPK3PXP"), nil
	}})
	res, err := Decode(inputs, Options{})
	if err != nil || len(res.Accounts) != n+1 {
		t.Fatalf("read %d accounts, %v", len(res.Accounts), err)
	}
	// Two workers each hold one file; a goroutine stopped mid-scan may
	// keep a few more alive a little longer (its innermost frame is
	// scanned conservatively), but not a number growing with the files.
	if maxAlive > n/4 {
		t.Errorf("%d files read earlier were still held when another was read", maxAlive)
	}
	failing := []Input{inputs[0], {Name: "gone", Open: func() ([]byte, error) { return nil, errors.New("read failed") }}}
	if _, err := Decode(failing, Options{}); err == nil || err.Error() != "read failed" {
		t.Errorf("Open's error: got %v, want it as is", err)
	}
}
