package fitness

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Registrant CSV columns. The header row is required; column order is free
// and names are matched case-insensitively.
const (
	ColNumber          = "registration_number"
	ColGivenNames      = "given_names"
	ColFamilyName      = "family_name"
	ColProfession      = "profession"
	ColStatus          = "status"
	ColRegisteredSince = "registered_since"
	ColTown            = "town"
)

// RegistrantCSVColumns lists the columns of a registrant CSV file in the
// order a template file shows them.
var RegistrantCSVColumns = []string{
	ColNumber, ColGivenNames, ColFamilyName, ColProfession, ColStatus, ColRegisteredSince, ColTown,
}

// registrantCSVRequired are the columns a file must have. Profession may be
// left out: it is then inferred from the registration-number prefix.
var registrantCSVRequired = []string{ColNumber, ColGivenNames, ColFamilyName, ColStatus, ColRegisteredSince}

// maxNameLen is the longest name or town accepted, in characters.
const maxNameLen = 200

// ImportProblem is one thing wrong with an import file. Line is the line as
// a spreadsheet user sees it (the header is line 1); Field is the column
// name, or "" when the problem is with the whole line.
type ImportProblem struct {
	Line   int
	Field  string
	Reason string
}

// String formats the problem for a person: `line 12, status: "retired" is
// not a status; use one of …`.
func (p ImportProblem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Reason)
	}
	return fmt.Sprintf("line %d, %s: %s", p.Line, p.Field, p.Reason)
}

// ImportError is returned when an import is refused; it lists every problem
// found. Unwrap gives a *Error with Code, so ErrorCode works on it.
type ImportError struct {
	Code     string // EInvalid for a bad file, EConflict for numbers already stored
	Problems []ImportProblem
}

// Error implements the error interface.
func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", e.Unwrap().Error())
	for i, p := range e.Problems {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-3)
			break
		}
		b.WriteString("; " + p.String())
	}
	return b.String()
}

// Unwrap returns the summary as a *Error.
func (e *ImportError) Unwrap() error {
	n := len(e.Problems)
	s := "s"
	if n == 1 {
		s = ""
	}
	return Errorf(e.Code, "The file has %d problem%s; nothing was imported", n, s)
}

// ParseRegistrantCSV reads a registrant CSV file. It reports every bad row
// and field, not just the first; rows holds the rows that parsed cleanly,
// and a caller imports them only when problems is empty. A UTF-8 byte order
// mark and CRLF line ends are accepted. Registration numbers are upper-cased;
// a blank profession is inferred from the number's prefix.
func ParseRegistrantCSV(r io.Reader, professions []Profession) ([]RegistrantImportRow, []ImportProblem) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	p := &csvParser{profs: professions, seen: map[string]int{}}
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, []ImportProblem{{Line: 1, Reason: "the file is empty; the first line must name the columns: " + strings.Join(RegistrantCSVColumns, ", ")}}
		}
		return nil, []ImportProblem{p.syntaxProblem(err)}
	}
	if !p.readHeader(header, p.row(cr, header)) {
		return nil, p.problems
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// After a syntax error the rest of the file cannot be trusted.
			p.problems = append(p.problems, p.syntaxProblem(err))
			break
		}
		p.readRow(rec, p.row(cr, rec))
	}
	return p.rows, p.problems
}

// row returns the spreadsheet row number of the record just read: its first
// line in the file, less the extra lines taken by earlier cells that hold
// line breaks (a spreadsheet shows such a record as one row).
func (p *csvParser) row(cr *csv.Reader, rec []string) int {
	start, _ := cr.FieldPos(0)
	row := start - p.extra
	last := len(rec) - 1
	end, _ := cr.FieldPos(last)
	end += strings.Count(rec[last], "\n")
	p.extra += end - start
	return row
}

func (p *csvParser) syntaxProblem(err error) ImportProblem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		why := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			why = `a " is inside a value that does not start with "`
		case errors.Is(pe.Err, csv.ErrQuote):
			why = `a value in quotes has a stray " or no closing "`
		}
		return ImportProblem{Line: pe.StartLine - p.extra, Reason: "this is not valid CSV: " + why + "; this line and the rest of the file were not read"}
	}
	return ImportProblem{Line: 1, Reason: "the file could not be read: " + err.Error()}
}

// csvParser holds the state of one parse.
type csvParser struct {
	profs    []Profession
	cols     []string       // column name of each position
	seen     map[string]int // registration number → first line
	extra    int            // lines taken by line breaks inside cells so far
	rows     []RegistrantImportRow
	problems []ImportProblem
}

func (p *csvParser) add(line int, field, format string, args ...any) {
	p.problems = append(p.problems, ImportProblem{Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
}

// readHeader records the column names and reports unknown, repeated and
// missing columns; it reports whether rows can be read.
func (p *csvParser) readHeader(header []string, line int) bool {
	known := map[string]bool{}
	for _, c := range RegistrantCSVColumns {
		known[c] = true
	}
	at := map[string]bool{}
	ok := true
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		p.cols = append(p.cols, name)
		switch {
		case name == "":
			p.add(line, "", "column %d has no name; name every column: %s", i+1, strings.Join(RegistrantCSVColumns, ", "))
			ok = false
		case !known[name]:
			p.add(line, "", "%q is not a column we know; use %s", strings.TrimSpace(h), strings.Join(RegistrantCSVColumns, ", "))
			ok = false
		case at[name]:
			p.add(line, name, "the column appears more than once")
			ok = false
		}
		at[name] = true
	}
	for _, c := range registrantCSVRequired {
		if !at[c] {
			p.add(line, "", "the %s column is missing", c)
			ok = false
		}
	}
	return ok
}

// readRow checks one data row and keeps it when it has no problem.
func (p *csvParser) readRow(rec []string, line int) {
	if len(rec) != len(p.cols) {
		p.add(line, "", "has %d values but the header has %d columns", len(rec), len(p.cols))
		return
	}
	v := map[string]string{}
	for i, c := range p.cols {
		v[c] = strings.TrimSpace(rec[i])
	}
	before := len(p.problems)
	reg := Registrant{
		GivenNames: p.name(line, ColGivenNames, v[ColGivenNames], true),
		FamilyName: p.name(line, ColFamilyName, v[ColFamilyName], true),
		Town:       p.name(line, ColTown, v[ColTown], false),
	}
	reg.Number, reg.ProfessionCode = p.number(line, v[ColNumber], v[ColProfession])
	reg.Status = p.status(line, v[ColStatus])
	reg.RegisteredSince = p.date(line, v[ColRegisteredSince])
	if len(p.problems) == before {
		p.rows = append(p.rows, RegistrantImportRow{Line: line, Registrant: reg})
	}
}

func (p *csvParser) name(line int, field, s string, required bool) string {
	switch {
	case s == "" && required:
		p.add(line, field, "is blank; enter a value")
	case !utf8.ValidString(s):
		p.add(line, field, "is not valid UTF-8 text; save the file as CSV UTF-8")
	case utf8.RuneCountInString(s) > maxNameLen:
		p.add(line, field, "is longer than %d characters", maxNameLen)
	}
	return s
}

// number checks the registration number and the profession, inferring the
// profession from the number's prefix when it is blank.
func (p *csvParser) number(line int, num, prof string) (string, string) {
	num = strings.ToUpper(num)
	if num == "" {
		p.add(line, ColNumber, "is blank; enter a registration number such as SW012345")
		return "", ""
	}
	prefix, ok := SplitRegistrationNumber(num)
	if !ok {
		p.add(line, ColNumber, "%q is not a registration number; use the profession prefix then digits, such as SW012345", num)
		return num, ""
	}
	if first, dup := p.seen[num]; dup {
		p.add(line, ColNumber, "%s is also on line %d; each registration number may appear once", num, first)
	} else {
		p.seen[num] = line
	}
	if prof == "" {
		pr, ok := p.profession(prefix)
		if !ok {
			p.add(line, ColNumber, "the prefix %s is not a profession's; use one of %s, or fill in the profession column", prefix, p.prefixes())
			return num, ""
		}
		return num, pr.Code
	}
	pr, ok := p.profession(prof)
	if !ok {
		p.add(line, ColProfession, "%q is not a profession; use a code or prefix, one of %s", prof, p.prefixes())
		return num, ""
	}
	if pr.Prefix != prefix {
		p.add(line, ColNumber, "%s does not start with %s, the prefix of %s", num, pr.Prefix, pr.Name)
	}
	return num, pr.Code
}

// profession finds a profession by code or prefix, ignoring case.
func (p *csvParser) profession(s string) (Profession, bool) {
	for _, pr := range p.profs {
		if strings.EqualFold(pr.Code, s) || strings.EqualFold(pr.Prefix, s) {
			return pr, true
		}
	}
	return Profession{}, false
}

func (p *csvParser) prefixes() string {
	ps := make([]string, len(p.profs))
	for i, pr := range p.profs {
		ps[i] = pr.Prefix
	}
	return strings.Join(ps, ", ")
}

func (p *csvParser) status(line int, s string) RegistrantStatus {
	if s == "" {
		p.add(line, ColStatus, "is blank; use one of %s", statusList())
		return ""
	}
	st, ok := ParseRegistrantStatus(s)
	if !ok {
		p.add(line, ColStatus, "%q is not a status; use one of %s", s, statusList())
	}
	return st
}

func statusList() string {
	ss := make([]string, len(RegistrantStatuses))
	for i, s := range RegistrantStatuses {
		ss[i] = string(s)
	}
	return strings.Join(ss, ", ")
}

func (p *csvParser) date(line int, s string) time.Time {
	if s == "" {
		p.add(line, ColRegisteredSince, "is blank; enter a date as YYYY-MM-DD, such as 2019-04-01")
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p.add(line, ColRegisteredSince, "%q is not a date as YYYY-MM-DD, such as 2019-04-01", s)
		return time.Time{}
	}
	if t.Year() < 1900 {
		p.add(line, ColRegisteredSince, "%s is before 1900", s)
	}
	return t
}

// ParseRegistrantStatus reads a status written as its code ("struck_off")
// or its label ("Struck off"), ignoring case and surrounding space.
func ParseRegistrantStatus(s string) (RegistrantStatus, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer(" ", "_", "-", "_").Replace(k)
	for _, st := range RegistrantStatuses {
		if string(st) == k {
			return st, true
		}
	}
	return RegistrantStatus(s), false
}

// SplitRegistrationNumber checks that number is letters then digits (such
// as SW012345), at most 20 characters, and returns the letter prefix upper-cased.
func SplitRegistrationNumber(number string) (prefix string, ok bool) {
	if len(number) > 20 {
		return "", false
	}
	i := 0
	for i < len(number) && isASCIILetter(number[i]) {
		i++
	}
	if i == 0 || i == len(number) {
		return "", false
	}
	for j := i; j < len(number); j++ {
		if number[j] < '0' || number[j] > '9' {
			return "", false
		}
	}
	return strings.ToUpper(number[:i]), true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
