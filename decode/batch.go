package decode

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/otpmigrate/otpmigrate"
)

// Part is one decoded migration QR code and the input it came from.
type Part struct {
	Source  string // input and position, for messages: "shot.png: QR code 2"
	Payload Payload
}

// Incomplete describes a multi-part export of which some parts were not
// given.
type Incomplete struct {
	BatchID int32
	Size    int32
	Have    []int32 // 0-based indexes present, ascending
	Sources []string
}

// Missing returns the 0-based indexes of the parts not given.
func (in Incomplete) Missing() []int32 {
	var out []int32
	have := map[int32]bool{}
	for _, h := range in.Have {
		have[h] = true
	}
	for i := int32(0); i < in.Size; i++ {
		if !have[i] {
			out = append(out, i)
		}
	}
	return out
}

// String says what is there and what is missing, counting parts from 1 as
// the app's "QR code 1 of 2" does:
// "export 1217841385: have part 1 of 2, missing part 2".
func (in Incomplete) String() string {
	return fmt.Sprintf("export %d: have %s of %d, missing %s",
		in.BatchID, partList(in.Have), in.Size, partList(in.Missing()))
}

// partList counts from 1 and writes runs of three or more as ranges, so
// that an export missing most of its parts still makes a short message:
// "part 2", "parts 1, 3", "parts 2-40".
func partList(idx []int32) string {
	var s []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		switch {
		case j-i >= 2:
			s = append(s, fmt.Sprintf("%d-%d", idx[i]+1, idx[j]+1))
		case j > i:
			s = append(s, fmt.Sprint(idx[i]+1), fmt.Sprint(idx[j]+1))
		default:
			s = append(s, fmt.Sprint(idx[i]+1))
		}
		i = j + 1
	}
	word := "part "
	if len(idx) > 1 {
		word = "parts "
	}
	return word + strings.Join(s, ", ")
}

// ErrConflictingParts is returned (wrapped) when two different codes claim
// the same part of one export.
var ErrConflictingParts = errors.New("conflicting parts")

// Assemble joins migration parts into the accounts they hold, in input
// order, with each multi-part export put together in index order where its
// first part appeared. A part given twice counts once. Exports missing parts
// are returned in incomplete, and their accounts are left out unless
// allowPartial is set. Two different payloads claiming the same part of one
// export (same batch ID, size and index) fail with [ErrConflictingParts]:
// they come from two exports, and joining them would mix accounts from
// both, or leave some out, without a word.
func Assemble(parts []Part, allowPartial bool) (accounts []otpmigrate.Account, incomplete []Incomplete, err error) {
	bySlot, incomplete, err := assembleBySlot(parts, allowPartial)
	if err != nil {
		return nil, nil, err
	}
	for i := range parts {
		accounts = append(accounts, bySlot[i]...)
	}
	return accounts, incomplete, nil
}

// assembleBySlot does the work of [Assemble] and returns each export's
// accounts keyed by the index of its first part, so that [Decode] can put
// them where that part appeared among other inputs.
func assembleBySlot(parts []Part, allowPartial bool) (map[int][]otpmigrate.Account, []Incomplete, error) {
	type group struct {
		first int
		parts map[int32]Payload
		src   map[int32]string // the first source of each part
		srcs  []string
		size  int32
		id    int32
	}
	var order []*group
	groups := map[string]*group{}
	for i, p := range parts {
		pl := p.Payload
		key := fmt.Sprintf("%d/%d", pl.BatchID, pl.BatchSize)
		if pl.BatchSize <= 1 {
			// A single-code export is whole; exports made at different
			// times may share an ID, so never merge these.
			key = fmt.Sprintf("single#%d", i)
		}
		g := groups[key]
		if g == nil {
			g = &group{first: i, parts: map[int32]Payload{}, src: map[int32]string{}, size: pl.BatchSize, id: pl.BatchID}
			groups[key] = g
			order = append(order, g)
		}
		prev, seen := g.parts[pl.BatchIndex]
		switch {
		case !seen:
			g.parts[pl.BatchIndex] = pl
			g.src[pl.BatchIndex] = p.Source
			g.srcs = append(g.srcs, p.Source)
		case !sameParts(prev, pl):
			return nil, nil, fmt.Errorf("%w: %q and %q both claim to be part %d of %d of export %d, with different accounts",
				ErrConflictingParts, g.src[pl.BatchIndex], p.Source, pl.BatchIndex+1, pl.BatchSize, pl.BatchID)
		}
	}
	out := map[int][]otpmigrate.Account{}
	var incomplete []Incomplete
	for _, g := range order {
		idx := make([]int32, 0, len(g.parts))
		for k := range g.parts {
			idx = append(idx, k)
		}
		sort.Slice(idx, func(a, b int) bool { return idx[a] < idx[b] })
		if g.size > 1 && int32(len(idx)) < g.size {
			incomplete = append(incomplete, Incomplete{BatchID: g.id, Size: g.size, Have: idx, Sources: g.srcs})
			if !allowPartial {
				continue
			}
		}
		for _, k := range idx {
			out[g.first] = append(out[g.first], g.parts[k].Accounts...)
		}
	}
	return out, incomplete, nil
}

// sameParts reports whether two parts hold the same accounts in the same
// order: the same code scanned twice.
func sameParts(a, b Payload) bool {
	if len(a.Accounts) != len(b.Accounts) {
		return false
	}
	for i := range a.Accounts {
		if !a.Accounts[i].Equal(b.Accounts[i]) {
			return false
		}
	}
	return true
}
