package web

import (
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

func TestFormDate(t *testing.T) {
	tests := []struct {
		name           string
		d, m, y        string
		required       bool
		want           time.Time
		ok             bool
		wantErr        string
		wantAnchorPart string
	}{
		{"valid", "27", "3", "2026", true, time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC), true, "", ""},
		{"padded", " 07 ", "03", "2026", true, time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC), true, "", ""},
		{"empty required", "", "", "", true, time.Time{}, false, "Enter the date received", "day"},
		{"empty optional", "", "", "", false, time.Time{}, true, "", ""},
		{"missing month", "27", "", "2026", true, time.Time{}, false, "The date received must include a month", "month"},
		{"missing year", "27", "3", "", true, time.Time{}, false, "The date received must include a year", "year"},
		{"not real", "31", "2", "2026", true, time.Time{}, false, "The date received must be a real date", "day"},
		{"letters", "x", "2", "2026", true, time.Time{}, false, "The date received must be a real date", "day"},
		{"short year", "1", "2", "26", true, time.Time{}, false, "The date received must be a real date", "day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewForm(url.Values{"received-day": {tt.d}, "received-month": {tt.m}, "received-year": {tt.y}})
			got, ok := f.Date("received", "the date received", tt.required)
			if !got.Equal(tt.want) || ok != tt.ok {
				t.Errorf("Date() = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
			if msg := f.Error("received"); msg != tt.wantErr {
				t.Errorf("error = %q; want %q", msg, tt.wantErr)
			}
			if tt.wantErr != "" {
				if href := f.Summary()[0].Href; href != "#received-"+tt.wantAnchorPart {
					t.Errorf("summary link = %q; want #received-%s", href, tt.wantAnchorPart)
				}
			}
		})
	}
}

func TestFormSummaryOrderAndDomainErrors(t *testing.T) {
	f := NewForm(url.Values{"summary": {"  typed text  "}})
	f.Order = []string{"source", "summary"}
	err := fitness.FieldErrors{"summary": "Enter a summary", "zeta": "Zeta is wrong", "source": "Select a source"}.Err()
	if !f.SetError(err) {
		t.Fatal("SetError did not take an EInvalid error")
	}
	want := []ErrorLink{
		{"Select a source", "#source"},
		{"Enter a summary", "#summary"},
		{"Zeta is wrong", "#zeta"},
	}
	if diff := cmp.Diff(want, f.Summary()); diff != "" {
		t.Errorf("Summary() (-want +got):\n%s", diff)
	}
	if f.Raw("summary") != "  typed text  " || f.Value("summary") != "typed text" {
		t.Errorf("typed value not kept: raw %q, value %q", f.Raw("summary"), f.Value("summary"))
	}
	if f.SetError(fitness.Errorf(fitness.EConflict, "stale")) {
		t.Error("SetError took a conflict error; it is for the caller")
	}
	g := NewForm(nil)
	if !g.SetError(fitness.Errorf(fitness.EInvalid, "Something is wrong")) || g.Message != "Something is wrong" {
		t.Errorf("EInvalid without fields: message %q", g.Message)
	}
}
