package decode

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkScanImage times reading one file into QR texts, decoding the
// file included, on bench/perfgen's pictures (make them with
// `go run ./bench/perfgen`; bench/perf.sh does). For profiles:
//
//	go test ./decode -run - -bench ScanImage/photo12mp -cpuprofile cpu.out
func BenchmarkScanImage(b *testing.B) {
	for _, name := range []string{"screenshot.png", "photo12mp.jpg", "nocode-noise.jpg", "png16/0.png"} {
		b.Run(name, func(b *testing.B) {
			data, err := os.ReadFile(filepath.Join("..", "bench", "perf", name))
			if err != nil {
				b.Skipf("no bench picture (run go run ./bench/perfgen): %v", err)
			}
			b.ReportAllocs()
			for b.Loop() {
				texts, err := ScanImage(data)
				if err != nil && name != "nocode-noise.jpg" {
					b.Fatal(err)
				}
				_ = texts
			}
		})
	}
}
