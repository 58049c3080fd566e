package otpmigrate

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestMerge(t *testing.T) {
	a, b := totp("A", "x"), totp("B", "x")
	digits8 := a
	digits8.Digits = 8
	sha256 := a
	sha256.Algorithm, sha256.Period = SHA256, 60
	otherSecret := a
	otherSecret.Secret = []byte("another secret")
	asHOTP := NewHOTP("A", "x", hello, 0)
	counter5, counter9 := NewHOTP("C", "", hello, 5), NewHOTP("C", "", hello, 9)
	// Labels that would run together without the lengths in the key.
	colon1, colon2 := totp("A:x", ""), totp("", "A:x")

	tests := []struct {
		name        string
		kept, more  []Account
		want        []Account
		added, dups int
		conflicts   []Conflict
	}{
		{name: "nothing"},
		{name: "identical copies merged", more: []Account{a, b, a, b, a}, want: []Account{a, b}, added: 2, dups: 3},
		{name: "kept as given, even its copies", kept: []Account{a, a}, more: []Account{a}, want: []Account{a, a}, dups: 1},
		{name: "labels kept apart", more: []Account{colon1, colon2}, want: []Account{colon1, colon2}, added: 2},
		{name: "other secret is another account", more: []Account{a, otherSecret}, want: []Account{a, otherSecret}, added: 2},
		{name: "digits differ: both kept", more: []Account{a, b, digits8, digits8},
			want: []Account{a, b, digits8}, added: 3, dups: 1,
			conflicts: []Conflict{{Earlier: 0, Later: 2, Issuer: "A", Differences: []string{"digits 8 vs 6"}}}},
		{name: "conflict with a kept account", kept: []Account{a}, more: []Account{sha256, a},
			want: []Account{a, sha256}, added: 1, dups: 1,
			conflicts: []Conflict{{Earlier: 0, Later: 1, Issuer: "A", Differences: []string{"algorithm SHA256 vs SHA1", "period 60 s vs 30 s"}}}},
		{name: "three variants, each against the first", more: []Account{a, digits8, asHOTP, digits8, asHOTP},
			want: []Account{a, digits8, asHOTP}, added: 3, dups: 2,
			conflicts: []Conflict{
				{Earlier: 0, Later: 1, Issuer: "A", Differences: []string{"digits 8 vs 6"}},
				{Earlier: 0, Later: 2, Issuer: "A", Differences: []string{"type hotp vs totp"}},
			}},
		{name: "HOTP counters differ", kept: []Account{counter5}, more: []Account{counter9},
			want: []Account{counter5, counter9}, added: 1,
			conflicts: []Conflict{{Earlier: 0, Later: 1, Issuer: "C", Differences: []string{"counter 9 vs 5"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Merge(tt.kept, tt.more)
			if !slices.EqualFunc(m.Accounts, tt.want, Account.Equal) || m.Added != tt.added || m.Duplicates != tt.dups {
				t.Errorf("Merge = %v, added %d, duplicates %d; want %v, %d, %d", m.Accounts, m.Added, m.Duplicates, tt.want, tt.added, tt.dups)
			}
			if !slices.EqualFunc(m.Conflicts, tt.conflicts, func(x, y Conflict) bool {
				return x.Earlier == y.Earlier && x.Later == y.Later && x.Issuer == y.Issuer && slices.Equal(x.Differences, y.Differences)
			}) {
				t.Errorf("conflicts = %+v, want %+v", m.Conflicts, tt.conflicts)
			}
			got, dups := Dedup(append(slices.Clone(tt.kept), tt.more...))
			if len(tt.kept) < 2 && (!slices.EqualFunc(got, tt.want, Account.Equal) || dups != tt.dups) {
				t.Errorf("Dedup = %v, %d", got, dups)
			}
		})
	}
}

func TestConflictString(t *testing.T) {
	c := Conflict{Earlier: 0, Later: 4, Issuer: "GitHub", Differences: []string{"digits 8 vs 6", "period 60 s vs 30 s"}}
	want := `accounts 1 and 5 ("GitHub") have the same secret and label but digits 8 vs 6, period 60 s vs 30 s; both kept, as either may be the one the site uses`
	if got := c.String(); got != want {
		t.Errorf("String = %s\nwant %s", got, want)
	}
	c.Issuer = ""
	if got := c.String(); !strings.HasPrefix(got, "accounts 1 and 5 have") {
		t.Errorf("String without issuer = %s", got)
	}
}

func TestDifferences(t *testing.T) {
	a := totp("GitHub", "alice")
	with := func(f func(*Account)) Account { b := a; f(&b); return b }
	tests := []struct {
		b    Account
		want []string
	}{
		{a, nil},
		{with(func(b *Account) { b.Secret = []byte("other") }), nil},
		{with(func(b *Account) { b.Issuer, b.Name = "Github", "bob" }), []string{`issuer "GitHub" vs "Github"`, `name "alice" vs "bob"`}},
		{with(func(b *Account) { b.Algorithm, b.Digits, b.Period = SHA512, 8, 60 }),
			[]string{"algorithm SHA1 vs SHA512", "digits 6 vs 8", "period 30 s vs 60 s"}},
		// The period and counter of different types are not compared.
		{NewHOTP("GitHub", "alice", hello, 3), []string{"type totp vs hotp"}},
	}
	for _, tt := range tests {
		if got := Differences(a, tt.b); !slices.Equal(got, tt.want) {
			t.Errorf("Differences(a, %v) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

// TestMergeLinear counts the work Merge does per account, since a timed
// test would be flaky: backup once compared every new account with every
// one before it (100,000 accounts took a minute). Merge must compute one
// key per account and compare settings only among accounts of one secret
// and label.
func TestMergeLinear(t *testing.T) {
	var keys, compares int
	defer func(k func(Account) string, e func(Account, Account) bool) { identityKey, settingsEqual = k, e }(identityKey, settingsEqual)
	identityKey = func(a Account) string { keys++; return a.identity() }
	settingsEqual = func(a, b Account) bool { compares++; return a.Equal(b) }

	const n = 2000
	kept := make([]Account, n)
	for i := range kept {
		kept[i] = NewTOTP(fmt.Sprintf("Service %d", i), "user@example.com", []byte(fmt.Sprintf("secret %d", i)))
	}
	more := make([]Account, 0, 2*n)
	for i := range n {
		// One copy of a kept account and one new account each.
		more = append(more, kept[i], NewTOTP(fmt.Sprintf("New %d", i), "", []byte(fmt.Sprintf("secret %d", i))))
	}
	m := Merge(kept, more)
	if m.Added != n || m.Duplicates != n || len(m.Conflicts) != 0 {
		t.Fatalf("Merge: added %d, duplicates %d, %d conflicts; want %d, %d, 0", m.Added, m.Duplicates, len(m.Conflicts), n, n)
	}
	total := len(kept) + len(more)
	if keys > total || compares > total {
		t.Errorf("merging %d accounts computed %d keys and made %d comparisons; want at most one each per account", total, keys, compares)
	}
}

// BenchmarkMerge merges n new accounts, half of them already there, into n
// kept ones; the time per account should not grow with n.
func BenchmarkMerge(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		kept := make([]Account, n)
		more := make([]Account, n)
		for i := range n {
			kept[i] = NewTOTP(fmt.Sprintf("Service %d", i), "user@example.com", []byte(fmt.Sprintf("secret %09d", i)))
			more[i] = kept[i]
			if i%2 == 1 {
				more[i].Secret = []byte(fmt.Sprintf("new secret %09d", i))
			}
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Merge(kept, more)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2*n), "ns/account")
		})
	}
}
