package synth

import "testing"

func TestLargeTmp(t *testing.T) {
	sc, _ := ScaleNamed("large")
	_, st := mustSeed(t, sc, 1, 2)
	t.Logf("%s", st)
}
