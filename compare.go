package otpmigrate

import (
	"fmt"
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
// of accounts, however many share a secret.
func Compare(old, new []Account, opts CompareOptions) Comparison {
	matches := make([]Match, len(old))
	paired := make([]bool, len(new))
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
	// then same label, then any with the secret and type. Each pass
	// looks the old account up, as it is and as expected, in an index of
	// the new ones.
	passes := []struct {
		key func(a Account) string
		mix bool // also the type of one candidate with the label of the other
	}{
		{func(a Account) string { return a.Type.String() + "|" + settingsKey(a) + "|" + a.identity() }, false},
		{func(a Account) string { return a.Type.String() + "|" + a.identity() }, true},
		{matchKey, false},
	}
	for _, pass := range passes {
		idx := newIndex(new, paired, pass.key)
		for i, a := range old {
			if matches[i].New >= 0 {
				continue
			}
			candidates := []Account{a}
			if held[i] && !expected[i].Equal(a) {
				candidates = append(candidates, expected[i])
			}
			for _, c := range lookups(candidates, pass.key, pass.mix) {
				if j, ok := idx.take(c); ok {
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

// lookups returns the keys to look the candidates up by, the old account's
// own first, without repeats. With mix (the label pass), the type of
// either candidate also goes with the label of the other: an app may
// change the type and the label at once.
func lookups(candidates []Account, key func(Account) string, mix bool) []string {
	var keys []string
	add := func(k string) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, c := range candidates {
		add(key(c))
	}
	if mix && len(candidates) == 2 {
		mixed := candidates[0]
		mixed.Type = candidates[1].Type
		add(key(mixed))
		mixed = candidates[1]
		mixed.Type = candidates[0].Type
		add(key(mixed))
	}
	return keys
}

// index finds unpaired new accounts by a key. Each list is consumed from
// the front, skipping accounts another pass or key already paired, so that
// a pass takes time linear in the number of accounts even when many share
// one secret.
type index struct {
	lists  map[string][]int
	paired []bool
}

func newIndex(new []Account, paired []bool, key func(Account) string) index {
	idx := index{lists: make(map[string][]int, len(new)), paired: paired}
	for j, a := range new {
		if !paired[j] {
			k := key(a)
			idx.lists[k] = append(idx.lists[k], j)
		}
	}
	return idx
}

// take returns the first unpaired account under k and marks it paired.
func (idx index) take(k string) (int, bool) {
	l := idx.lists[k]
	for len(l) > 0 && idx.paired[l[0]] {
		l = l[1:]
	}
	if len(l) == 0 {
		idx.lists[k] = nil
		return 0, false
	}
	j := l[0]
	idx.lists[k] = l[1:]
	idx.paired[j] = true
	return j, true
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

// settingsKey, with the type and [Account.identity] (the key Merge uses),
// makes a key equal for two accounts exactly when they are Equal; its
// fields are numbers, so it cannot run into the identity after it.
func settingsKey(a Account) string {
	return fmt.Sprintf("%d|%d|%d|%d", a.Algorithm, a.Digits, a.Period, a.Counter)
}

// matchKey is equal for two accounts exactly when they have the same type
// and secret.
func matchKey(a Account) string {
	return a.Type.String() + "|" + strconv.Itoa(len(a.Secret)) + "|" + string(a.Secret)
}
