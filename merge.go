package otpmigrate

import (
	"fmt"
	"strconv"
	"strings"
)

// Merged is the result of [Merge].
type Merged struct {
	// Accounts holds the accounts kept: every one of the first list, then
	// the new ones in their order.
	Accounts []Account
	// Added counts the accounts of the second list that were kept.
	Added int
	// Duplicates counts the accounts of the second list left out because
	// an identical account ([Account.Equal]) came before.
	Duplicates int
	// Conflicts lists each kept account of the second list that has the
	// secret, issuer and name of an earlier account but other settings.
	Conflicts []Conflict
}

// A Conflict is two accounts with the same secret, issuer and name but
// different settings (type, algorithm, digits, period or counter). They are
// not duplicates: a site that moved to eight digits, or a corrected copy,
// looks like this, and dropping either could lose the one that works, so
// both are kept and the user is told.
type Conflict struct {
	// Earlier and Later are positions (from 0) in [Merged.Accounts];
	// Earlier is the first account of the group, Later the kept one that
	// differs from it.
	Earlier, Later int
	// Issuer is the accounts' issuer, to name them by; it may be empty.
	Issuer string
	// Differences say how Later differs from Earlier, as from
	// [Differences]: "digits 8 vs 6".
	Differences []string
}

// String describes the conflict for a warning, naming the accounts by
// position (from 1) and issuer only: names are often email addresses.
func (c Conflict) String() string {
	who := fmt.Sprintf("accounts %d and %d", c.Earlier+1, c.Later+1)
	if c.Issuer != "" {
		who += fmt.Sprintf(" (%q)", c.Issuer)
	}
	return fmt.Sprintf("%s have the same secret and label but %s; both kept, as either may be the one the site uses",
		who, strings.Join(c.Differences, ", "))
}

// Merge returns kept followed by each account of more that is not already
// there. An account identical to an earlier one is left out; one with the
// same secret, issuer and name as an earlier one but other settings is
// kept and reported as a [Conflict]. kept itself is taken as it is.
//
// Merge takes time linear in the number of accounts: a map keyed by
// secret and label finds the earlier accounts an account could match.
func Merge(kept, more []Account) Merged {
	m := Merged{Accounts: make([]Account, 0, len(kept)+len(more))}
	// The position of the first account with each secret and label, and
	// those of the others, which are rare.
	first := make(map[string]int, len(kept)+len(more))
	others := map[int][]int{}
	add := func(k string, a Account) int {
		pos := len(m.Accounts)
		if f, ok := first[k]; ok {
			others[f] = append(others[f], pos)
		} else {
			first[k] = pos
		}
		m.Accounts = append(m.Accounts, a)
		return pos
	}
	for _, a := range kept {
		add(identityKey(a), a)
	}
next:
	for _, a := range more {
		k := identityKey(a)
		f, ok := first[k]
		if !ok {
			add(k, a)
			m.Added++
			continue
		}
		if settingsEqual(m.Accounts[f], a) {
			m.Duplicates++
			continue
		}
		for _, i := range others[f] {
			if settingsEqual(m.Accounts[i], a) {
				m.Duplicates++
				continue next
			}
		}
		pos := add(k, a)
		m.Added++
		m.Conflicts = append(m.Conflicts, Conflict{Earlier: f, Later: pos, Issuer: a.Issuer,
			Differences: Differences(a, m.Accounts[f])})
	}
	return m
}

// Dedup returns accounts with every account identical to an earlier one
// left out, keeping the first one's position, and the number left out.
// Accounts that share a secret and label but differ in settings are all
// kept; use [Merge] to learn of them.
func Dedup(accounts []Account) ([]Account, int) {
	m := Merge(nil, accounts)
	return m.Accounts, m.Duplicates
}

// Differences lists how a differs from b in everything but the secret, for
// a user to read: "digits 8 vs 6", "issuer "GitHub" vs "Github"". The period
// is compared only when both accounts have one, and the counter only
// when both are HOTP. It is empty when a and b differ at most in their
// secret. Names may be email addresses: show the result only in normal
// output, not in errors or logs.
func Differences(a, b Account) []string {
	var d []string
	if a.Type != b.Type {
		d = append(d, fmt.Sprintf("type %s vs %s", a.Type, b.Type))
	}
	if a.Issuer != b.Issuer {
		d = append(d, fmt.Sprintf("issuer %q vs %q", a.Issuer, b.Issuer))
	}
	if a.Name != b.Name {
		d = append(d, fmt.Sprintf("name %q vs %q", a.Name, b.Name))
	}
	if a.Algorithm != b.Algorithm {
		d = append(d, fmt.Sprintf("algorithm %s vs %s", a.Algorithm, b.Algorithm))
	}
	if a.Digits != b.Digits {
		d = append(d, fmt.Sprintf("digits %d vs %d", a.Digits, b.Digits))
	}
	if a.Period != b.Period && a.Type != HOTP && b.Type != HOTP {
		d = append(d, fmt.Sprintf("period %d s vs %d s", a.Period, b.Period))
	}
	if a.Counter != b.Counter && a.Type == HOTP && b.Type == HOTP {
		d = append(d, fmt.Sprintf("counter %d vs %d", a.Counter, b.Counter))
	}
	return d
}

// identity is a map key that is equal for two accounts exactly when they
// have the same secret, issuer and name; the lengths keep "a:b"+"c" apart from "a"+"b:c".
func (a Account) identity() string {
	b := make([]byte, 0, 24+len(a.Issuer)+len(a.Name)+len(a.Secret))
	b = strconv.AppendInt(b, int64(len(a.Issuer)), 10)
	b = append(b, '|')
	b = strconv.AppendInt(b, int64(len(a.Name)), 10)
	b = append(b, '|')
	b = append(b, a.Issuer...)
	b = append(b, a.Name...)
	b = append(b, a.Secret...)
	return string(b)
}

// identityKey and settingsEqual are what Merge calls per account; they are
// variables so that a test can count the calls and so check that merging
// stays linear.
var (
	identityKey   = Account.identity
	settingsEqual = Account.Equal
)
