package encode_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/otpmigrate/otpmigrate/encode"
)

// The benchmarks export 1,000 accounts per operation; accounts/s is
// reported next to ns/op, and -benchmem gives the allocations.

const benchAccounts = 1000

func BenchmarkPNGExport(b *testing.B) {
	accounts := manyAccounts(benchAccounts)
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range accounts {
			var buf bytes.Buffer
			if err := encode.WriteAccountPNG(&buf, a, 0, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(benchAccounts*b.N)/b.Elapsed().Seconds(), "accounts/s")
}

func BenchmarkSheet(b *testing.B) {
	accounts := manyAccounts(benchAccounts)
	b.ReportAllocs()
	for b.Loop() {
		s, err := encode.NewSheet(accounts, encode.SheetOptions{Date: sheetDate})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.WriteHTML(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchAccounts*b.N)/b.Elapsed().Seconds(), "accounts/s")
}

// BenchmarkMigrationExport includes drawing each code as a PNG, as export
// --google-authenticator does.
func BenchmarkMigrationExport(b *testing.B) {
	accounts := manyAccounts(benchAccounts)
	b.ReportAllocs()
	for b.Loop() {
		codes, err := encode.MigrationCodes(accounts, encode.MigrationOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range codes {
			q, err := encode.NewQR(c.URI, 0)
			if err != nil {
				b.Fatal(err)
			}
			if err := q.WritePNG(io.Discard, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(benchAccounts*b.N)/b.Elapsed().Seconds(), "accounts/s")
}
