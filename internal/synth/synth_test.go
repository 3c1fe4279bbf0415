package synth

import (
	"bytes"
	"testing"

	"fitness/internal/fitness"
)

func TestDeterministic(t *testing.T) {
	a, b := New(7), New(7)
	for i := 0; i < 100; i++ {
		if x, y := a.GivenNames()+" "+a.FamilyName(), b.GivenNames()+" "+b.FamilyName(); x != y {
			t.Fatalf("draw %d: %q != %q", i, x, y)
		}
	}
	var x, y bytes.Buffer
	if err := WriteSyntheticRegistrantCSV(&x, 50, 3); err != nil {
		t.Fatal(err)
	}
	if err := WriteSyntheticRegistrantCSV(&y, 50, 3); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("same seed gave different files")
	}
}

func TestSyntheticCSVImportsCleanly(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSyntheticRegistrantCSV(&buf, 5000, 1); err != nil {
		t.Fatal(err)
	}
	rows, problems := fitness.ParseRegistrantCSV(&buf, fitness.HCPCProfessions())
	if len(problems) != 0 {
		t.Fatalf("%d problems, first %v", len(problems), problems[0])
	}
	if len(rows) != 5000 {
		t.Fatalf("%d rows; want 5000", len(rows))
	}
	accented := 0
	for _, r := range rows {
		for _, c := range r.Registrant.GivenNames + r.Registrant.FamilyName {
			if c > 127 {
				accented++
				break
			}
		}
	}
	if accented == 0 {
		t.Error("no accented names generated")
	}
}
