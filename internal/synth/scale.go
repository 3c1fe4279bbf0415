package synth

import (
	"encoding/hex"
	"math/rand/v2"
	"slices"
	"time"
)

// Scale is the size of a synthetic data set made by [Seed]: a register,
// its employers and employments, staff, and cases with their histories
// spread over Years up to the data set's last day, plus one "largest case"
// with LargestEvents events and LargestDocuments documents.
type Scale struct {
	Name             string
	Registrants      int
	Employers        int
	Cases            int
	Years            int
	Staff            int
	LargestEvents    int // 0 for no largest case
	LargestDocuments int
}

// scales are the named sizes. hcpc is an HCPC-like regulator (ftp-process.md
// §6.1, §6.5: ~330,000 registrants, ~2,300 concerns a year); large is the
// largest regulator fitness must serve (issue 5). tiny and small are for
// tests and quick benchmarks.
var scales = []Scale{
	{Name: "tiny", Registrants: 3_000, Employers: 40, Cases: 300, Years: 4, Staff: 24, LargestEvents: 400, LargestDocuments: 30},
	{Name: "small", Registrants: 30_000, Employers: 300, Cases: 3_000, Years: 6, Staff: 60, LargestEvents: 10_000, LargestDocuments: 2_000},
	{Name: "hcpc", Registrants: 330_000, Employers: 2_500, Cases: 25_000, Years: 11, Staff: 250, LargestEvents: 10_000, LargestDocuments: 2_000},
	{Name: "large", Registrants: 1_000_000, Employers: 6_000, Cases: 100_000, Years: 15, Staff: 500, LargestEvents: 10_000, LargestDocuments: 2_000},
}

// ScaleNamed returns the scale called name: tiny, small, hcpc or large.
func ScaleNamed(name string) (Scale, bool) {
	i := slices.IndexFunc(scales, func(s Scale) bool { return s.Name == name })
	if i < 0 {
		return Scale{}, false
	}
	return scales[i], true
}

// ScaleNames lists the names of the scales, smallest first.
func ScaleNames() []string {
	out := make([]string, len(scales))
	for i, s := range scales {
		out[i] = s.Name
	}
	return out
}

// newID returns a UUIDv7 (RFC 9562) as text for a thing made at t, its
// random bits drawn from r, so that a data set's ids are the same for the
// same seed.
func newID(r *rand.Rand, t time.Time) string {
	var b [16]byte
	ms := uint64(t.UnixMilli())
	for i := 0; i < 6; i++ {
		b[i] = byte(ms >> (40 - 8*i))
	}
	x, y := r.Uint64(), r.Uint64()
	for i := 0; i < 5; i++ {
		b[6+i], b[11+i] = byte(x>>(8*i)), byte(y>>(8*i))
	}
	b[6] = 0x70 | b[6]&0x0f // version 7
	b[8] = 0x80 | b[8]&0x3f // variant 10
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// stream returns a random source for the part-th thing of kind in a data
// set made with seed: every case, registrant block and so on has its own,
// so they can be made in any order, in parallel, with the same result.
func stream(seed int64, kind, part uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^kind*0x9e3779b97f4a7c15, part*0xbf58476d1ce4e5b9+kind))
}

// Kinds of stream.
const (
	streamRegister uint64 = iota + 1
	streamEmployment
	streamStaff
	streamPlan
	streamConcern
	streamDocuments
)
