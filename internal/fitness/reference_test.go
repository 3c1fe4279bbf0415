package fitness

import (
	"strings"
	"testing"
)

func TestFormatReference(t *testing.T) {
	for _, tt := range []struct {
		year, n int
		want    string
	}{
		{2026, 123, "FTP-2026-00123"},
		{2026, 1, "FTP-2026-00001"},
		{2026, 99999, "FTP-2026-99999"},
		{2026, 100000, "FTP-2026-100000"},
		{2031, 1234567, "FTP-2031-1234567"},
	} {
		if got := FormatReference(tt.year, tt.n); got != tt.want {
			t.Errorf("FormatReference(%d, %d) = %q, want %q", tt.year, tt.n, got, tt.want)
		}
	}
}

func TestParseReference(t *testing.T) {
	for _, tt := range []struct {
		in      string
		year, n int // zero when invalid
	}{
		{"FTP-2026-00123", 2026, 123},
		{"  ftp-2026-00123\t", 2026, 123},
		{"Ftp-2026-00001", 2026, 1},
		{"FTP-2026-100000", 2026, 100000},
		{"FTP-2026-999999999", 2026, 999999999},
		{"", 0, 0},
		{"FTP", 0, 0},
		{"FTP-", 0, 0},
		{"FTP-2026", 0, 0},
		{"FTP-2026-", 0, 0},
		{"FTP-2026-0123", 0, 0},       // too few digits
		{"FTP-2026-000123", 0, 0},     // needless padding would not round-trip
		{"FTP-2026-00000", 0, 0},      // counters start at 1
		{"FTP-2026-1000000000", 0, 0}, // too many digits
		{"FTP-26-00123", 0, 0},
		{"FTP-0226-00123", 0, 0},
		{"FTP-2026-00l23", 0, 0},
		{"FTP-2026-+0123", 0, 0},
		{"FTP-2026--0123", 0, 0},
		{"FTP 2026 00123", 0, 0},
		{"FTP-2026-00123-1", 0, 0},
		{"XFTP-2026-00123", 0, 0},
		{"FTP-２０２６-00123", 0, 0}, // full-width digits
		{"FTP-2026-00 123", 0, 0},
	} {
		year, n, err := ParseReference(tt.in)
		if tt.year == 0 {
			if ErrorCode(err) != EInvalid {
				t.Errorf("ParseReference(%q) = %d, %d, %v; want EInvalid", tt.in, year, n, err)
			}
			continue
		}
		if err != nil || year != tt.year || n != tt.n {
			t.Errorf("ParseReference(%q) = %d, %d, %v; want %d, %d", tt.in, year, n, err, tt.year, tt.n)
		}
	}
}

// FuzzParseReference checks ParseReference never panics and that every
// reference it accepts formats back to itself, trimmed and upper-cased.
func FuzzParseReference(f *testing.F) {
	for _, s := range []string{"FTP-2026-00123", " ftp-2026-00123 ", "FTP-2026-123456", "FTP-2026-000123",
		"FTP-0000-00000", "FTP-2026-", "ftp-9999-999999999", "\u017ftp-2026-00001", "FTP-2026-00123\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		year, n, err := ParseReference(s)
		if err != nil {
			if ErrorCode(err) != EInvalid {
				t.Fatalf("ParseReference(%q): code %s", s, ErrorCode(err))
			}
			return
		}
		if got, want := FormatReference(year, n), strings.ToUpper(strings.TrimSpace(s)); got != want {
			t.Fatalf("ParseReference(%q) = %d, %d; formats as %q", s, year, n, got)
		}
		if y2, n2, err := ParseReference(FormatReference(year, n)); err != nil || y2 != year || n2 != n {
			t.Fatalf("FormatReference(%d, %d) does not parse back", year, n)
		}
	})
}
