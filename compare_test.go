package otpmigrate

import (
	"fmt"
	"slices"
	"testing"
)

func TestCompare(t *testing.T) {
	gh := NewTOTP("GitHub", "alice", []byte("github secret"))
	bank := NewTOTP("Bank", "bob", []byte("bank secret"))
	mail := NewHOTP("Mail", "carol", []byte("mail secret"), 7)
	with := func(a Account, f func(*Account)) Account { f(&a); return a }
	gh8 := with(gh, func(a *Account) { a.Digits = 8 })
	ghRenamed := with(gh, func(a *Account) { a.Issuer = "GitHub.com" })
	ghNewSecret := with(gh, func(a *Account) { a.Secret = []byte("another secret") })
	bankAsHOTP := NewHOTP("Bank", "bob", []byte("bank secret"), 0)
	bank60 := with(bank, func(a *Account) { a.Period = 60 })
	steam := Account{Type: Steam, Issuer: "Steam", Name: "gaben", Secret: []byte("steam secret"), Algorithm: SHA1, Digits: 5, Period: 30}
	steamAsTOTP := with(steam, func(a *Account) { a.Type = TOTP })
	// A destination that holds only 30 s periods and no Steam type, and
	// no HOTP at all (made up for the test).
	expect := func(a Account) (Account, bool) {
		switch a.Type {
		case HOTP:
			return a, false
		case Steam:
			a.Type = TOTP
		}
		a.Period = 30
		return a, true
	}

	type m = Match
	tests := []struct {
		name     string
		old, new []Account
		expect   func(Account) (Account, bool)
		want     []Match
		ok       bool
	}{
		{name: "all there", old: []Account{gh, bank, mail}, new: []Account{mail, gh, bank},
			want: []Match{{Status: Same, Old: 0, New: 1}, {Status: Same, Old: 1, New: 2}, {Status: Same, Old: 2, New: 0}}, ok: true},
		{name: "extra is fine", old: []Account{gh}, new: []Account{bank, gh},
			want: []Match{{Status: Same, Old: 0, New: 1}, {Status: Extra, Old: -1, New: 0}}, ok: true},
		{name: "missing", old: []Account{gh, bank}, new: []Account{gh},
			want: []Match{{Status: Same, Old: 0, New: 0}, {Status: Missing, Old: 1, New: -1}}},
		{name: "changed digits", old: []Account{gh8}, new: []Account{gh},
			want: []Match{{Status: Changed, Old: 0, New: 0, Differences: []string{"digits 8 vs 6"}, CodesDiffer: true}}},
		{name: "changed label", old: []Account{gh}, new: []Account{ghRenamed},
			want: []Match{{Status: Changed, Old: 0, New: 0, Differences: []string{`issuer "GitHub" vs "GitHub.com"`}}}},
		{name: "changed secret is missing and extra", old: []Account{gh}, new: []Account{ghNewSecret},
			want: []Match{{Status: Missing, Old: 0, New: -1}, {Status: Extra, Old: -1, New: 0}}},
		{name: "changed type is missing and extra", old: []Account{bank}, new: []Account{bankAsHOTP},
			want: []Match{{Status: Missing, Old: 0, New: -1}, {Status: Extra, Old: -1, New: 0}}},
		{name: "empty new side", old: []Account{gh}, want: []Match{{Status: Missing, Old: 0, New: -1}}},
		{name: "nothing old", new: []Account{gh}, want: []Match{{Status: Extra, Old: -1, New: 0}}, ok: true},
		// One secret under two labels on both sides: each pairs with its
		// own, whatever the order.
		{name: "same secret, two labels", old: []Account{gh, ghRenamed}, new: []Account{ghRenamed, gh},
			want: []Match{{Status: Same, Old: 0, New: 1}, {Status: Same, Old: 1, New: 0}}, ok: true},
		// Three labels of one secret, one of them with changed digits on
		// the new side: each pairs with its own label.
		{name: "same secret, three labels", old: []Account{gh, ghRenamed, with(gh, func(a *Account) { a.Name = "bob" })},
			new: []Account{with(gh, func(a *Account) { a.Name = "bob"; a.Digits = 8 }), ghRenamed, gh},
			want: []Match{{Status: Same, Old: 0, New: 2}, {Status: Same, Old: 1, New: 1},
				{Status: Changed, Old: 2, New: 0, Differences: []string{"digits 6 vs 8"}, CodesDiffer: true}}},
		// Both labels of one secret changed on the new side: each still
		// pairs with its own label, not with the first of the secret.
		{name: "same secret, two labels, both changed", old: []Account{gh, ghRenamed},
			new: []Account{with(ghRenamed, func(a *Account) { a.Digits = 8 }), gh8},
			want: []Match{{Status: Changed, Old: 0, New: 1, Differences: []string{"digits 6 vs 8"}, CodesDiffer: true},
				{Status: Changed, Old: 1, New: 0, Differences: []string{"digits 6 vs 8"}, CodesDiffer: true}}},
		// A conflict kept on the old side: the identical one is found even
		// when the 8-digit one comes first in the old list.
		{name: "conflict, one arrived", old: []Account{gh8, gh}, new: []Account{gh},
			want: []Match{{Status: Missing, Old: 0, New: -1}, {Status: Same, Old: 1, New: 0}}},

		{name: "expected losses", old: []Account{bank60, steam, gh}, new: []Account{bank, steamAsTOTP, gh}, expect: expect,
			want: []Match{
				{Status: Expected, Old: 0, New: 0, Differences: []string{"period 60 s vs 30 s"}, CodesDiffer: true},
				{Status: Expected, Old: 1, New: 1, Differences: []string{"type steam vs totp"}, CodesDiffer: true},
				{Status: Same, Old: 2, New: 2},
			}, ok: true},
		{name: "better than expected", old: []Account{bank60}, new: []Account{bank60}, expect: expect,
			want: []Match{{Status: Same, Old: 0, New: 0}}, ok: true},
		{name: "unexpected change still caught", old: []Account{bank60, gh8}, new: []Account{with(bank, func(a *Account) { a.Digits = 7 }), gh}, expect: expect,
			want: []Match{
				{Status: Changed, Old: 0, New: 0, Differences: []string{"digits 6 vs 7", "period 60 s vs 30 s"}, Unexpected: []string{"digits 6 vs 7"}, CodesDiffer: true},
				{Status: Changed, Old: 1, New: 1, Differences: []string{"digits 8 vs 6"}, CodesDiffer: true},
			}},
		{name: "not held is still missing", old: []Account{mail}, expect: expect,
			want: []Match{{Status: Missing, Old: 0, New: -1, NotHeld: true}}},
		{name: "without expect a loss is a change", old: []Account{bank60}, new: []Account{bank},
			want: []Match{{Status: Changed, Old: 0, New: 0, Differences: []string{"period 60 s vs 30 s"}, CodesDiffer: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compare(tt.old, tt.new, CompareOptions{Expect: tt.expect})
			if !slices.EqualFunc(c.Matches, tt.want, func(a, b m) bool {
				return a.Status == b.Status && a.Old == b.Old && a.New == b.New && a.NotHeld == b.NotHeld && a.CodesDiffer == b.CodesDiffer &&
					slices.Equal(a.Differences, b.Differences) && slices.Equal(a.Unexpected, b.Unexpected)
			}) {
				t.Errorf("Compare =\n%+v\nwant\n%+v", c.Matches, tt.want)
			}
			if c.OK() != tt.ok {
				t.Errorf("OK = %v, want %v", c.OK(), tt.ok)
			}
		})
	}
}

func TestCompareCount(t *testing.T) {
	c := Comparison{Matches: []Match{{Status: Same}, {Status: Missing}, {Status: Same}, {Status: Extra}}}
	if c.Count(Same) != 2 || c.Count(Missing) != 1 || c.Count(Changed) != 0 {
		t.Errorf("Count wrong")
	}
	c.Matches = append(c.Matches, Match{Status: Expected, CodesDiffer: true}, Match{Status: Expected})
	if c.ExpectedLosses() != 1 {
		t.Errorf("ExpectedLosses = %d", c.ExpectedLosses())
	}
	if Status(9).String() != "status(9)" || Expected.String() != "expected" {
		t.Errorf("String wrong")
	}
}

// BenchmarkCompare compares n accounts that all share one secret (a
// hostile input, or a site that reuses one), half of them renamed on the
// new side; the time per account should not grow with n.
func BenchmarkCompare(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		old := make([]Account, n)
		new := make([]Account, n)
		for i := range n {
			old[i] = NewTOTP("Same", fmt.Sprintf("user %d", i), hello)
			new[n-1-i] = old[i]
			if i%2 == 1 {
				new[n-1-i].Name += " renamed"
			}
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				c := Compare(old, new, CompareOptions{})
				if c.Count(Same) != n/2 || c.Count(Changed) != n/2 {
					b.Fatalf("same %d, changed %d", c.Count(Same), c.Count(Changed))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/account")
		})
	}
}
