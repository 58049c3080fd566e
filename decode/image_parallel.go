package decode

import (
	"runtime"
	"sync"
)

type scanResult struct {
	texts []string
	err   error
}

// scanImages scans every image input for QR codes on all cores, before
// the inputs are decoded in order: a folder of photos takes a fraction of
// the time. The result for input i is at index i (nil for non-images).
func scanImages(inputs []Input, progress func(done, total int)) []*scanResult {
	out := make([]*scanResult, len(inputs))
	var todo []int
	for i, in := range inputs {
		if len(in.Data) <= MaxInputSize && !isAge(in.Data) && isImage(in.Data) {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return out
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
				r := &scanResult{}
				r.texts, r.err = ScanImage(inputs[i].Data)
				out[i] = r
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
		if progress != nil {
			progress(n, len(todo))
		}
	}
	wg.Wait()
	return out
}
