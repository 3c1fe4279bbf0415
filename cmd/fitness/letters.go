package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fitness/internal/docs"
	"fitness/internal/fitness"
)

// regulatorNames are the regulators' names by Rules.Regulator.
var regulatorNames = map[string]string{
	"HCPC": "Health and Care Professions Council",
	"SWE":  "Social Work England",
}

// letterhead returns the letterhead of letters issued under rules r, sent
// from the address mail comes from (empty when mail is off). The address is
// that of the demo regulator; a deployment changes it here.
func letterhead(r fitness.Rules, from string) docs.Letterhead {
	name := regulatorNames[r.Regulator]
	if name == "" {
		name = r.Regulator
	}
	return docs.Letterhead{
		Team: "Fitness to Practise team",
		Regulator: docs.Regulator{
			Name:             name,
			Address:          []string{"Fitness to Practise Department", "1 Regulator Row", "London SE1 1AA"},
			Email:            from,
			InformationPower: "article 25 of the Health Professions Order 2001",
		},
	}
}

// newLetterIssuer returns the issuer of letters: the document templates,
// printed with Chromium when it is installed and in pure Go otherwise.
// The jobs runner closes it (and any browser it started) when it stops.
func newLetterIssuer(r fitness.Rules, from string, logger *slog.Logger, opts ...docs.Option) (*docs.Issuer, error) {
	renderer, err := docs.New(append([]docs.Option{docs.WithLogger(logger)}, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("letter templates: %w", err)
	}
	return docs.NewIssuer(renderer, letterhead(r, from)), nil
}

// kickLetters returns the hook that asks the jobs to make requested letters
// at once; it does not wait for the job to be queued.
func kickLetters(kick func(context.Context) error, logger *slog.Logger) func() {
	return func() {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := kick(ctx); err != nil {
				logger.Warn("letters requested; they wait for the next interval", "error", err)
			}
		}()
	}
}
