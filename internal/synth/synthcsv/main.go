// Command synthcsv writes a synthetic registrant CSV file (fictional people)
// for import tests and timings:
//
//	go run ./internal/synth/synthcsv -n 300000 -seed 1 > /tmp/registrants.csv
package main

import (
	"flag"
	"fmt"
	"os"

	"fitness/internal/synth"
)

func main() {
	n := flag.Int("n", 1000, "number of registrants")
	seed := flag.Int64("seed", 1, "random seed; the same seed gives the same file")
	flag.Parse()
	if err := synth.WriteSyntheticRegistrantCSV(os.Stdout, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "synthcsv:", err)
		os.Exit(1)
	}
}
