package otpmigrate

import (
	"slices"
	"strconv"
)

// Status says what [Compare] found for one account.
type Status uint8

const (
	// Same: the old account is on the new side with every setting.
	Same Status = iota + 1
	// Expected: the new side holds what the destination app makes of
	// the old account ([CompareOptions.Expect]), which differs from it.
	Expected
	// Changed: an account with the old one's secret and type is on the
	// new side, but its label or settings differ.
	Changed
	// Missing: no account on the new side has the old one's secret and
	// type.
	Missing
	// Extra: an account on the new side matches no old account.
	Extra
)

// String returns the status as written in reports: "same", "expected",
// "changed", "missing" or "extra".
func (s Status) String() string {
	switch s {
	case Same:
		return "same"
	case Expected:
		return "expected"
	case Changed:
		return "changed"
	case Missing:
		return "missing"
	case Extra:
		return "extra"
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// Match is one line of a [Comparison]: an old account and what became of
// it, or a new account that matches none.
type Match struct {
	Status Status
	// Old and New are positions (from 0) in the lists given to Compare,
	// or -1: Old is -1 for Extra, New is -1 for Missing.
	Old, New int
	// Differences say how the new account differs from the old one, as
	// [Differences] (old first): "digits 8 vs 6". Set for Changed and
	// Expected.
	Differences []string
	// Unexpected, for Changed with [CompareOptions.Expect], says how the
	// new account differs from what the destination app was expected to
	// make of the old one.
	Unexpected []string
	// CodesDiffer, for Changed and Expected, reports that the new
	// account makes other codes than the old one (its type, algorithm,
	// digits, period or counter differ), not just shows another label.
	CodesDiffer bool
	// NotHeld is set for Missing with [CompareOptions.Expect] when the
	// destination app cannot hold the account at all.
	NotHeld bool
}

// Comparison is the result of [Compare]: one Match per old account, in the
// old accounts' order, then one per extra new account, in their order.
type Comparison struct {
	Matches []Match
}

// OK reports whether every old account is on the new side unchanged, or
// changed only as the destination app was expected to change it. Extra
// accounts on the new side do not matter.
func (c Comparison) OK() bool {
	for _, m := range c.Matches {
		if m.Status == Changed || m.Status == Missing {
			return false
		}
	}
	return true
}

// Count returns how many matches have status s.
func (c Comparison) Count(s Status) int {
	n := 0
	for _, m := range c.Matches {
		if m.Status == s {
			n++
		}
	}
	return n
}

// ExpectedLosses counts the accounts that arrived as the destination app
// was expected to hold them but make other codes than the old ones: they
// are on the new side, yet will not sign in.
func (c Comparison) ExpectedLosses() int {
	n := 0
	for _, m := range c.Matches {
		if m.Status == Expected && m.CodesDiffer {
			n++
		}
	}
	return n
}

// CompareOptions adjust [Compare].
type CompareOptions struct {
	// Expect, when set, returns what the destination app the new side
	// went through makes of an old account, and false when the app
	// cannot hold it at all. A new account equal to that is Expected,
	// not Changed.
	Expect func(Account) (Account, bool)
}

// Compare matches the accounts of an old and a new list (the old phone and
// the new app's export, say) by secret and type, and reports each old
// account as Same, Expected, Changed or Missing, and each new account that
// matched none as Extra. Accounts that share a secret and type on one side
// (the same key under two labels, or a conflict) are paired identical ones
// first, then by label, then in order. It takes time linear in the number
// of accounts, unless very many of them share one secret.
func Compare(old, new []Account, opts CompareOptions) Comparison {
	byKey := make(map[string][]int, len(new)) // unpaired new accounts by secret and type
	for j, a := range new {
		k := matchKey(a)
		byKey[k] = append(byKey[k], j)
	}
	matches := make([]Match, len(old))
	paired := make([]bool, len(new))
	take := func(k string, j int) {
		byKey[k] = slices.DeleteFunc(byKey[k], func(x int) bool { return x == j })
		paired[j] = true
	}
	expected := make([]Account, len(old))
	held := make([]bool, len(old))
	for i, a := range old {
		expected[i], held[i] = a, true
		if opts.Expect != nil {
			expected[i], held[i] = opts.Expect(a)
		}
		matches[i] = Match{Status: Missing, Old: i, New: -1}
	}
	// Three passes, so that an identical account is never taken by a
	// mere namesake of another old account: identical (or as expected),
	// then same label, then any with the secret and type.
	passes := []func(i, j int) bool{
		func(i, j int) bool { return new[j].Equal(old[i]) || held[i] && new[j].Equal(expected[i]) },
		func(i, j int) bool {
			return new[j].Issuer == old[i].Issuer && new[j].Name == old[i].Name ||
				held[i] && new[j].Issuer == expected[i].Issuer && new[j].Name == expected[i].Name
		},
		func(i, j int) bool { return true },
	}
	for _, fits := range passes {
		for i, a := range old {
			if matches[i].New >= 0 {
				continue
			}
			keys := []string{matchKey(a)}
			if held[i] && expected[i].Type != a.Type {
				// The app changes the type (Steam to TOTP, say).
				keys = append(keys, matchKey(expected[i]))
			}
			for _, k := range keys {
				if j, ok := first(byKey[k], func(j int) bool { return fits(i, j) }); ok {
					take(k, j)
					matches[i] = describeMatch(i, j, old[i], new[j], expected[i], held[i], opts.Expect != nil)
					break
				}
			}
		}
	}
	for i := range matches {
		if matches[i].Status == Missing && opts.Expect != nil && !held[i] {
			matches[i].NotHeld = true
		}
	}
	for j := range new {
		if !paired[j] {
			matches = append(matches, Match{Status: Extra, Old: -1, New: j})
		}
	}
	return Comparison{Matches: matches}
}

func describeMatch(i, j int, old, new, expected Account, held, expecting bool) Match {
	m := Match{Old: i, New: j, CodesDiffer: !sameCodes(old, new)}
	switch {
	case new.Equal(old):
		m.Status = Same
	case expecting && held && new.Equal(expected):
		m.Status = Expected
		m.Differences = Differences(old, new)
	default:
		m.Status = Changed
		m.Differences = Differences(old, new)
		if expecting && held && !expected.Equal(old) {
			m.Unexpected = Differences(expected, new)
		}
	}
	return m
}

// sameCodes reports whether a and b, of the same secret, make the same
// codes.
func sameCodes(a, b Account) bool {
	return a.Type == b.Type && a.Algorithm == b.Algorithm && a.Digits == b.Digits && a.Period == b.Period && a.Counter == b.Counter
}

func first(js []int, fits func(int) bool) (int, bool) {
	for _, j := range js {
		if fits(j) {
			return j, true
		}
	}
	return 0, false
}

// matchKey is equal for two accounts exactly when they have the same type
// and secret.
func matchKey(a Account) string {
	return a.Type.String() + "|" + string(a.Secret)
}
