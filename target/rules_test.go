package target_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/otpmigrate/otpmigrate"
	"github.com/otpmigrate/otpmigrate/target"
)

// TestRulesTextMatchesLimits ties the words of each profile's digits and
// period rules (what `otpmigrate targets` and docs/targets.md show) to the
// limits Adapt enforces, so that editing one without the other fails.
// Parenthesised remarks ("older releases; 86400 s now") are commentary and
// are left out.
func TestRulesTextMatchesLimits(t *testing.T) {
	var digits []int
	for d := otpmigrate.MinDigits; d <= otpmigrate.MaxDigits; d++ {
		digits = append(digits, d)
	}
	periods := []int{1, 4, 5, 10, 15, 20, 30, 45, 60, 61, 90, 120, 3600, 65535, 65536, 86400, 2147483, 2147484}
	for _, p := range target.All() {
		for _, r := range p.Rules {
			var domain []int
			var field func(*otpmigrate.Account, int)
			switch r.Field {
			case "digits":
				domain, field = digits, func(a *otpmigrate.Account, n int) { a.Digits = n }
			case "period":
				domain, field = periods, func(a *otpmigrate.Account, n int) { a.Period = n }
			default:
				continue
			}
			said := textSet(t, r.Holds, domain)
			var held []int
			for _, n := range domain {
				a := otpmigrate.NewTOTP("GitHub", "alice@example.com", secret)
				field(&a, n)
				_, changes, ok := p.Adapt(a)
				if ok && !slices.ContainsFunc(changes, func(c target.Change) bool { return c.Field == r.Field }) {
					held = append(held, n)
				}
			}
			if !slices.Equal(said, held) {
				t.Errorf("%s: %s rule %q says %v, Adapt holds %v", p.Name, r.Field, r.Holds, said, held)
			}
		}
	}
}

var (
	parenthesised = regexp.MustCompile(`\([^)]*\)`)
	numberRange   = regexp.MustCompile(`^(\d+)(?: s)? to (\d+)(?: s)?$`)
	upTo          = regexp.MustCompile(`^up to (\d+)(?: s)?$`)
	orMore        = regexp.MustCompile(`^(\d+)(?: s)? or more$`)
	number        = regexp.MustCompile(`\d+`)
)

// textSet reads a rule's Holds words as the members of domain they allow:
// "any", "up to N", "A to B", "N s or more", or a list such as
// "10, 30, 60 or 90 s" or "30 s only".
func textSet(t *testing.T, holds string, domain []int) []int {
	t.Helper()
	// Dropping remarks also drops the "(Android) " the combined 2FAS
	// profile puts before each rule.
	s := strings.TrimSpace(parenthesised.ReplaceAllString(holds, ""))
	lo, hi := 0, int(^uint(0)>>1)
	var list []int
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("rule %q: %v", holds, err)
		}
		return n
	}
	switch {
	case s == "any":
	case upTo.MatchString(s):
		hi = atoi(upTo.FindStringSubmatch(s)[1])
	case numberRange.MatchString(s):
		m := numberRange.FindStringSubmatch(s)
		lo, hi = atoi(m[1]), atoi(m[2])
	case orMore.MatchString(s):
		lo = atoi(orMore.FindStringSubmatch(s)[1])
	default:
		for _, n := range number.FindAllString(s, -1) {
			list = append(list, atoi(n))
		}
		if len(list) == 0 {
			t.Fatalf("rule %q: no numbers to check", holds)
		}
	}
	var set []int
	for _, n := range domain {
		if list != nil && slices.Contains(list, n) || list == nil && n >= lo && n <= hi {
			set = append(set, n)
		}
	}
	return set
}
