package decode

import (
	"image"
	"image/color"
	"runtime"
	"sync"
)

// scanWork is qrscan's working size: bigger pictures are scanned on a
// box-downscaled copy of at most this many pixels. scanFloor is what the
// scan of a small picture holds at most: it tries copies upscaled 2, 3
// and 4 times (a 300 kpx picture has a 4.8 MP copy), inverted and filtered
// ones, and gozxing's matrices of each; measured, a code-less 500×500
// picture allocates 34 MB in all, less at any one time.
const (
	scanWork  = 4_000_000
	scanFloor = 24 << 20
)

// DefaultMemoryBudget is the default of [Options.MemoryBudget]: 512 MiB
// holds the largest image allowed ([MaxImagePixels] of 16-bit colour,
// about 470 MiB) alone, or eight 12 MP photos at once.
const DefaultMemoryBudget = 512 << 20

type scanResult struct {
	texts []string
	err   error
	// image: the input was scanned as an image; texts and err are the
	// result. Otherwise data holds what a deferred input ([Input.Open])
	// read, for decoding as another format, or openErr why it could not
	// be read.
	image   bool
	data    []byte
	openErr error
}

// scanImages scans every image input for QR codes on all cores, before
// the inputs are decoded in order: a folder of photos takes a fraction of
// the time. The result for input i is at index i (nil for inputs that are
// not images and were not deferred).
//
// Deferred inputs are read by the worker that scans them and dropped once
// scanned, so memory does not grow with the number of files; the decoded
// pixels in flight are bounded by the budget.
func scanImages(inputs []Input, opts Options) []*scanResult {
	out := make([]*scanResult, len(inputs))
	var todo []int
	for i, in := range inputs {
		if in.deferred() || (len(in.Data) <= MaxInputSize && !isAge(in.Data) && isImage(in.Data)) {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return out
	}
	size := opts.MemoryBudget
	if size <= 0 {
		size = DefaultMemoryBudget
	}
	budget := newMemBudget(size)
	if opts.budgetSeen != nil {
		defer func() { opts.budgetSeen(budget) }()
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	jobs := make(chan int)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = scanOne(inputs[i], budget)
				done <- struct{}{}
			}
		}()
	}
	go func() {
		for _, i := range todo {
			jobs <- i
		}
		close(jobs)
	}()
	for n := 1; n <= len(todo); n++ {
		<-done
		if opts.Progress != nil {
			opts.Progress(n, len(todo))
		}
	}
	wg.Wait()
	return out
}

func scanOne(in Input, budget *memBudget) *scanResult {
	r := &scanResult{}
	data := in.Data
	if in.deferred() {
		var err error
		if data, err = in.Open(); err != nil {
			r.openErr = err
			return r
		}
		if len(data) > MaxInputSize || isAge(data) || !isImage(data) {
			r.data = data
			return r
		}
	}
	r.image = true
	r.texts, r.err = scanImage(data, budget)
	return r
}

// decodeCost estimates the bytes an image holds while it is decoded and
// scanned: the decoder's own pixels (by its colour model; none when direct,
// a PNG decoded straight to grey), the grey copy, and the scan's working
// copies, made from at most 4 MP (scanWork) and at least scanFloor.
func decodeCost(cfg image.Config, direct bool) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	var bpp int64
	if !direct {
		bpp = decoderBytes(cfg.ColorModel)
	}
	return px*(bpp+1) + max(8*min(px, scanWork), scanFloor)
}

// decoderBytes is the bytes a pixel of the image a registered decoder
// returns for this colour model.
func decoderBytes(m color.Model) int64 {
	var bpp int64
	switch m {
	case color.GrayModel, color.AlphaModel:
		bpp = 1
	case color.Gray16Model, color.Alpha16Model:
		bpp = 2
	case color.YCbCrModel:
		bpp = 3 // 4:4:4 at most; phone JPEGs are 4:2:0, half that
	case color.RGBA64Model, color.NRGBA64Model:
		bpp = 8
	default:
		if _, ok := m.(color.Palette); ok {
			bpp = 1
		} else {
			bpp = 4 // RGBA, NRGBA, CMYK, NYCbCrA
		}
	}
	return bpp
}

// memBudget is a weighted semaphore of bytes. Requests are admitted in
// arrival order, so a big image is not overtaken for ever by small ones;
// one larger than the whole budget waits for it to be free and runs alone.
type memBudget struct {
	mu          sync.Mutex
	cond        sync.Cond
	size, used  int64
	next, admit uint64 // tickets: next to hand out, next to admit
	// for tests: the most bytes and images admitted at once, and how many
	// images were admitted in all
	peak, holders, peakHolders, admits int64
}

func newMemBudget(size int64) *memBudget {
	b := &memBudget{size: size}
	b.cond.L = &b.mu
	return b
}

func (b *memBudget) acquire(n int64) {
	if b == nil {
		return
	}
	n = min(n, b.size)
	b.mu.Lock()
	t := b.next
	b.next++
	for t != b.admit || b.used+n > b.size {
		b.cond.Wait()
	}
	b.admit++
	b.used += n
	b.peak = max(b.peak, b.used)
	b.holders++
	b.peakHolders = max(b.peakHolders, b.holders)
	b.admits++
	b.cond.Broadcast() // the next ticket may fit too
	b.mu.Unlock()
}

func (b *memBudget) release(n int64) {
	if b == nil {
		return
	}
	n = min(n, b.size)
	// A big image's pixels are garbage now. Left to the collector's
	// pace (GOGC), they would stay until the heap doubled and the next
	// image's would come on top; collected before the next image is let
	// in, the peak stays near the budget. Marking costs little: pixel
	// buffers hold no pointers.
	if n >= b.size/8 {
		runtime.GC()
	}
	b.mu.Lock()
	b.used -= n
	b.holders--
	b.cond.Broadcast()
	b.mu.Unlock()
}
