package qrscan

import (
	"testing"
)

// TestGreyReadsTiny reads codes at 1.2 px per module that every upscaled
// binarised copy misreads: those copies find one or two finders, some
// with a false third, and misplace the grid by a part of a module.
func TestGreyReadsTiny(t *testing.T) {
	for _, tc := range []struct {
		seed     uint64
		accounts int
	}{
		{14, 9}, {20, 10}, {9, 9}, {37, 10},
	} {
		img := hardImage(t, "tiny", tc.seed, tc.accounts)
		g := compact(grey(t, img.Data))
		s := &scanner{budget: sweepBudget, cheapFilters: true}
		for _, k := range []int{2, 3, 4} {
			s.try(resize(g, g.W*k, g.H*k), 1/float64(k), 1/float64(k), hybrid, true)
		}
		if len(s.codes) > 0 {
			t.Fatalf("seed %d: the binarised copies read the code; the test needs one they miss", tc.seed)
		}
		s.tryGrey(g, 1)
		if len(s.codes) != 1 || s.codes[0].Text != img.Texts[0] {
			t.Errorf("seed %d: grey read %d codes, want the code's text", tc.seed, len(s.codes))
		}
	}
}

// TestGreyScanTiny reads codes at 1.2 px per module where no binarised
// copy sees a single finder: the finders are found in the grey picture.
func TestGreyScanTiny(t *testing.T) {
	for _, tc := range []struct {
		seed     uint64
		accounts int
	}{
		{3, 11}, {12, 11},
	} {
		img := hardImage(t, "tiny", tc.seed, tc.accounts)
		g := compact(grey(t, img.Data))
		if fs := scanFinders(g); len(fs) < 3 {
			t.Errorf("seed %d: %d finders found, want the code's 3 among them", tc.seed, len(fs))
		}
		codes := Scan(g)
		if len(codes) != 1 || codes[0].Text != img.Texts[0] {
			t.Errorf("seed %d: read %d codes, want the code's text", tc.seed, len(codes))
		}
	}
}
