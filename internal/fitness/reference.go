package fitness

import (
	"fmt"
	"strconv"
	"strings"
)

// referencePrefix starts every case reference.
const referencePrefix = "FTP-"

// FormatReference returns the human reference of the n-th case opened in
// year: "FTP-2026-00123". n has at least five digits, more when it needs
// them. year is four digits (1000–9999) and n at least 1.
func FormatReference(year, n int) string {
	return fmt.Sprintf("%s%04d-%05d", referencePrefix, year, n)
}

// ParseReference reads a reference written by [FormatReference], allowing
// spaces around it and lower case. Anything else is EInvalid.
func ParseReference(s string) (year, n int, err error) {
	s = strings.TrimSpace(s)
	bad := func() (int, int, error) {
		return 0, 0, Errorf(EInvalid, "Enter a case reference in the form FTP-2026-00123")
	}
	if len(s) < len(referencePrefix) || !strings.EqualFold(s[:len(referencePrefix)], referencePrefix) {
		return bad()
	}
	ys, ns, ok := strings.Cut(s[len(referencePrefix):], "-")
	if !ok || len(ys) != 4 || ys[0] == '0' || !allDigits(ys) {
		return bad()
	}
	// Five digits at least, no more leading zeros than padding needs, and
	// few enough to fit an int anywhere.
	if len(ns) < 5 || len(ns) > 9 || !allDigits(ns) || (len(ns) > 5 && ns[0] == '0') {
		return bad()
	}
	year, _ = strconv.Atoi(ys)
	n, _ = strconv.Atoi(ns)
	if n < 1 {
		return bad()
	}
	return year, n, nil
}
