package fitness

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const csvHeader = "registration_number,given_names,family_name,profession,status,registered_since,town\n"

func mustDate(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseRegistrantCSVGood(t *testing.T) {
	in := "\ufeffFamily_Name , Registration_Number,given_names,status,registered_since,town,profession\r\n" +
		"Ó Súilleabháin,sw012345,Seán,registered,2019-04-01,Cork,\r\n" +
		"\"Okafor\",PA100200,\"Siobhán Mary\",Struck off,2001-12-31,,paramedic\r\n" +
		"\r\n" +
		"Jones,ph000001,Ffion,SUSPENDED,2010-01-02,Bangor,ph\r\n"
	rows, problems := ParseRegistrantCSV(strings.NewReader(in), HCPCProfessions())
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	want := []RegistrantImportRow{
		{Line: 2, Registrant: Registrant{Number: "SW012345", ProfessionCode: "social-worker", GivenNames: "Seán", FamilyName: "Ó Súilleabháin", Status: StatusRegistered, RegisteredSince: mustDate(t, "2019-04-01"), Town: "Cork"}},
		{Line: 3, Registrant: Registrant{Number: "PA100200", ProfessionCode: "paramedic", GivenNames: "Siobhán Mary", FamilyName: "Okafor", Status: StatusStruckOff, RegisteredSince: mustDate(t, "2001-12-31")}},
		{Line: 5, Registrant: Registrant{Number: "PH000001", ProfessionCode: "physiotherapist", GivenNames: "Ffion", FamilyName: "Jones", Status: StatusSuspended, RegisteredSince: mustDate(t, "2010-01-02"), Town: "Bangor"}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestParseRegistrantCSVProfessionColumnOptional(t *testing.T) {
	in := "registration_number,given_names,family_name,status,registered_since\nOT123,Dafydd,Evans,lapsed,2015-06-30\n"
	rows, problems := ParseRegistrantCSV(strings.NewReader(in), HCPCProfessions())
	if len(problems) != 0 || len(rows) != 1 || rows[0].Registrant.ProfessionCode != "occupational-therapist" {
		t.Fatalf("rows %+v, problems %v", rows, problems)
	}
}

func TestParseRegistrantCSVReportsEveryProblem(t *testing.T) {
	in := csvHeader +
		"SW000001,Sean,Murphy,,registered,2019-04-01,Leeds\n" + // line 2: fine
		"SW000002,,Murphy,,retired,2019-13-01,Leeds\n" + // 3: blank given, bad status, bad date
		"PA000003,Ffion,Jones,social-worker,registered,2019-04-01,\n" + // 4: prefix mismatch
		"SW000001,Dafydd,Evans,,registered,2019-04-01,\n" + // 5: duplicate of line 2
		"SW000004,Rhys,Evans,,registered\n" + // 6: column count
		"XX000005,Rhys,Evans,,registered,2019-04-01,\n" + // 7: unknown prefix
		"12345,Rhys,Evans,nurse,,01/02/2019,\n" + // 8: bad number, unknown profession, blank status, bad date
		"\"SW000006\",\"Ann\nMarie\",Byrne,,registered,2019-04-01,\n" + // 9-10: one spreadsheet row (9)
		"SW000007,Ann,,,registered,1899-12-31,\n" // 11 in the file, row 10 in a spreadsheet
	rows, problems := ParseRegistrantCSV(strings.NewReader(in), HCPCProfessions())
	statuses := "registered, suspended, struck_off, lapsed, voluntarily_removed, deceased"
	prefixes := "AS, BS, CH, CS, DT, HAD, OT, ODP, OR, PA, PH, PYL, PO, RA, SW, SL"
	want := []ImportProblem{
		{3, "given_names", "is blank; enter a value"},
		{3, "status", `"retired" is not a status; use one of ` + statuses},
		{3, "registered_since", `"2019-13-01" is not a date as YYYY-MM-DD, such as 2019-04-01`},
		{4, "registration_number", "PA000003 does not start with SW, the prefix of Social worker in England"},
		{5, "registration_number", "SW000001 is also on line 2; each registration number may appear once"},
		{6, "", "has 5 values but the header has 7 columns"},
		{7, "registration_number", "the prefix XX is not a profession's; use one of " + prefixes + ", or fill in the profession column"},
		{8, "registration_number", `"12345" is not a registration number; use the profession prefix then digits, such as SW012345`},
		{8, "status", "is blank; use one of " + statuses},
		{8, "registered_since", `"01/02/2019" is not a date as YYYY-MM-DD, such as 2019-04-01`},
		{10, "family_name", "is blank; enter a value"},
		{10, "registered_since", "1899-12-31 is before 1900"},
	}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if diff := cmp.Diff([]int{2, 9}, lines); diff != "" {
		t.Errorf("good rows (-want +got):\n%s", diff)
	}
}

func TestParseRegistrantCSVUnknownProfession(t *testing.T) {
	in := csvHeader + "SW000001,Sean,Murphy,nurse,registered,2019-04-01,Leeds\n"
	_, problems := ParseRegistrantCSV(strings.NewReader(in), HCPCProfessions())
	if len(problems) != 1 || problems[0].Field != "profession" || !strings.HasPrefix(problems[0].Reason, `"nurse" is not a profession`) {
		t.Fatalf("problems = %v", problems)
	}
}

func TestParseRegistrantCSVHeaderProblems(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []ImportProblem
	}{
		{"empty", "", []ImportProblem{{1, "", "the file is empty; the first line must name the columns: registration_number, given_names, family_name, profession, status, registered_since, town"}}},
		{"missing and unknown", "registration_number,givenname,family_name,family_name\n", []ImportProblem{
			{1, "", `"givenname" is not a column we know; use registration_number, given_names, family_name, profession, status, registered_since, town`},
			{1, "family_name", "the column appears more than once"},
			{1, "", "the given_names column is missing"},
			{1, "", "the status column is missing"},
			{1, "", "the registered_since column is missing"},
		}},
		{"bad quoting", "registration_number,given_names,family_name,status,registered_since\nSW1,A\"b,C,registered,2019-01-01\n", []ImportProblem{
			{2, "", `this is not valid CSV: a " is inside a value that does not start with "; this line and the rest of the file were not read`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems := ParseRegistrantCSV(strings.NewReader(tt.in), HCPCProfessions())
			if len(rows) != 0 {
				t.Errorf("rows = %v; want none", rows)
			}
			if diff := cmp.Diff(tt.want, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestImportProblemString(t *testing.T) {
	p := ImportProblem{Line: 12, Field: "status", Reason: `"retired" is not a status`}
	if got, want := p.String(), `line 12, status: "retired" is not a status`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	p = ImportProblem{Line: 3, Reason: "has 2 values but the header has 7 columns"}
	if got, want := p.String(), "line 3: has 2 values but the header has 7 columns"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	err := &ImportError{Code: EConflict, Problems: []ImportProblem{p}}
	if ErrorCode(err) != EConflict || ErrorMessage(err) != "The file has 1 problem; nothing was imported" {
		t.Errorf("code %q message %q", ErrorCode(err), ErrorMessage(err))
	}
}

func TestSplitRegistrationNumber(t *testing.T) {
	tests := []struct {
		in     string
		prefix string
		ok     bool
	}{
		{"SW012345", "SW", true},
		{"pyl1", "PYL", true},
		{"SW", "", false},
		{"012345", "", false},
		{"SW01A", "", false},
		{"S W1", "", false},
		{"SW123456789012345678901", "", false},
	}
	for _, tt := range tests {
		prefix, ok := SplitRegistrationNumber(tt.in)
		if prefix != tt.prefix || ok != tt.ok {
			t.Errorf("SplitRegistrationNumber(%q) = %q, %v; want %q, %v", tt.in, prefix, ok, tt.prefix, tt.ok)
		}
	}
}

// FuzzParseRegistrantCSV checks that the parser never panics, that every
// row it accepts is valid, and that problems and rows never share a line.
func FuzzParseRegistrantCSV(f *testing.F) {
	f.Add([]byte(csvHeader + "SW000001,Sean,Murphy,,registered,2019-04-01,Leeds\n"))
	f.Add([]byte("\ufeff" + strings.ReplaceAll(csvHeader, "\n", "\r\n") + "\"PA1\",\"Ann\r\nMarie\",Ó Súilleabháin,pa,Struck off,2001-01-01,\r\n"))
	f.Add([]byte(csvHeader + "SW1,a,b,,retired,2019-13-01,\nSW1,a,b\n\"x"))
	f.Add([]byte("status\n\n\n"))
	profs := HCPCProfessions()
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, problems := ParseRegistrantCSV(bytes.NewReader(data), profs)
		bad := map[int]bool{}
		for _, p := range problems {
			if p.Line < 1 || p.Reason == "" {
				t.Fatalf("bad problem %+v", p)
			}
			bad[p.Line] = true
		}
		seen := map[string]bool{}
		for _, r := range rows {
			g := r.Registrant
			if bad[r.Line] || r.Line < 2 {
				t.Fatalf("row on line %d also has a problem or is the header", r.Line)
			}
			if _, ok := SplitRegistrationNumber(g.Number); !ok || seen[g.Number] {
				t.Fatalf("accepted bad or repeated number %q", g.Number)
			}
			seen[g.Number] = true
			if !g.Status.Valid() || g.FamilyName == "" || g.GivenNames == "" || g.ProfessionCode == "" || g.RegisteredSince.IsZero() {
				t.Fatalf("accepted incomplete row %+v", r)
			}
		}
	})
}
