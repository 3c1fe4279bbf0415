package synth

import (
	"sort"
	"testing"
	"time"
)

func TestFunnelTmp(t *testing.T) {
	sc, _ := ScaleNamed("hcpc")
	sc.Registrants = 50000
	start := time.Now()
	m, st := mustSeed(t, sc, 1, 2)
	t.Logf("%s in %s", st, time.Since(start))
	stages := map[string]int{}
	for _, c := range m.cases {
		stages[string(c.Stage)]++
	}
	var keys []string
	for k := range stages { keys = append(keys, k) }
	sort.Strings(keys)
	for _, k := range keys { t.Logf("%-30s %6d %5.1f%%", k, stages[k], 100*float64(stages[k])/float64(len(m.cases))) }
}
