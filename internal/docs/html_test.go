package docs

import (
	"bytes"
	"flag"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"fitness/internal/fitness"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// MustNew returns a Renderer made with opts, closed when the test ends.
func MustNew(tb testing.TB, opts ...Option) *Renderer {
	tb.Helper()
	r, err := New(opts...)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	tb.Cleanup(func() {
		if err := r.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return r
}

// MustHTML renders l to HTML.
func MustHTML(tb testing.TB, r *Renderer, l Letter) []byte {
	tb.Helper()
	b, err := r.HTML(l)
	if err != nil {
		tb.Fatalf("HTML(%s): %v", l.Kind, err)
	}
	return b
}

var tags = regexp.MustCompile(`<[^>]*>`)

// visibleText returns the text of an HTML letter with tags removed,
// entities decoded and white space collapsed.
func visibleText(page []byte) string {
	body := page
	if i := bytes.Index(page, []byte("<body>")); i >= 0 {
		body = page[i:]
	}
	return normalize(html.UnescapeString(tags.ReplaceAllString(string(body), " ")))
}

// normalize collapses white space, so facts match across line breaks.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// missing returns the facts not in text.
func missing(text string, facts []string) []string {
	var out []string
	for _, f := range facts {
		if !strings.Contains(text, normalize(f)) {
			out = append(out, f)
		}
	}
	return out
}

func TestHTMLEveryKind(t *testing.T) {
	r := MustNew(t, PureGo())
	cases := testCases(t)
	seen := map[Kind]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := visibleText(MustHTML(t, r, c.letter))
			if m := missing(text, c.facts); len(m) > 0 {
				t.Errorf("HTML text lacks %q\ntext: %s", m, text)
			}
		})
		seen[c.letter.Kind] = true
	}
	for _, k := range Kinds() {
		if !seen[k] {
			t.Errorf("no test case renders %s", k)
		}
	}
}

func TestHTMLIsStandalone(t *testing.T) {
	r := MustNew(t, PureGo())
	for _, c := range testCases(t) {
		page := string(MustHTML(t, r, c.letter))
		for _, bad := range []string{"<link", "<script", "src=", "url("} {
			if strings.Contains(page, bad) {
				t.Errorf("%s: HTML has %q: letters must not load anything", c.name, bad)
			}
		}
		if !strings.Contains(page, `<meta charset="utf-8">`) || !strings.Contains(page, `lang="en-GB"`) {
			t.Errorf("%s: HTML lacks its charset or language", c.name)
		}
	}
}

func TestHTMLEscapesFacts(t *testing.T) {
	r := MustNew(t, PureGo())
	l := testCases(t)[0].letter
	l.Concern.Summary = `<script>alert("x")</script> & more`
	page := string(MustHTML(t, r, l))
	if strings.Contains(page, "<script>alert") {
		t.Fatal("a fact was written into the HTML unescaped")
	}
	if !strings.Contains(visibleText([]byte(page)), `<script>alert("x")</script> & more`) {
		t.Error("the escaped fact does not read as written")
	}
}

// TestNoInference: a notice of no case to answer for a registrant who did
// not respond says the panel drew no inference from it; one who responded
// gets no such sentence.
func TestNoInference(t *testing.T) {
	r := MustNew(t, PureGo())
	const sentence = "You did not send a response to the allegation. You did not have to, and the panel drew no inference from the fact that you did not respond."
	l := baseLetter(KindNoticeOfDecision, RoleRegistrant)
	l.Decision = icpDecision(OutcomeNoCaseToAnswer, false)
	if text := visibleText(MustHTML(t, r, l)); !strings.Contains(text, sentence) {
		t.Errorf("notice lacks the no-inference sentence\ntext: %s", text)
	}
	l.Decision.RegistrantResponded = true
	if text := visibleText(MustHTML(t, r, l)); strings.Contains(text, "no inference") {
		t.Errorf("notice to a registrant who responded mentions inference\ntext: %s", text)
	}
}

func TestValidate(t *testing.T) {
	find := func(name string) Letter { // a fresh copy: tests change slices
		for _, c := range testCases(t) {
			if c.name == name {
				return c.letter
			}
		}
		t.Fatalf("no test case %q", name)
		return Letter{}
	}
	tests := []struct {
		name   string
		letter func() Letter
		fields []string
	}{
		{"unknown kind", func() Letter { l := find("acknowledgement"); l.Kind = "memo"; return l }, []string{"Kind"}},
		{"art 25 to the registrant", func() Letter {
			l := find("art 25 demand")
			l.To.Role = RoleRegistrant
			return l
		}, []string{"To.Role"}},
		{"invitation without period", func() Letter {
			l := find("invitation to respond")
			l.Response = TimeLimit{}
			l.Allegation.Ground = ""
			return l
		}, []string{"Allegation.Ground", "Response.Due", "Response.Period"}},
		{"decision with a hearing outcome", func() Letter {
			l := find("case to answer")
			l.Decision.Outcome = OutcomeWellFounded
			l.Decision.Findings[0].Outcome = OutcomeProved
			return l
		}, []string{"Decision.Findings[0].Outcome", "Decision.Outcome"}},
		{"triage closure with an unexplained other reason", func() Letter {
			l := find("triage closure")
			l.Closure.Reasons = []Reason{{Code: "other"}, {Code: "nonsense"}}
			return l
		}, []string{"Closure.Reasons[0].Detail", "Closure.Reasons[1].Code"}},
		{"review of a caution", func() Letter {
			l := find("review notice")
			l.Order.Kind = OrderCaution
			l.Hearing.Mode = ModeInPerson
			return l
		}, []string{"Hearing.Venue", "Order.Kind"}},
		{"sanction without appeal window", func() Letter {
			l := find("hearing decision")
			l.Decision.Challenge = TimeLimit{}
			return l
		}, []string{"Decision.Challenge.Due", "Decision.Challenge.Period"}},
		{"empty", func() Letter { return Letter{Kind: KindAcknowledgement} }, []string{
			"Concern.ReceivedOn", "Date", "From.Name", "Reference", "Registrant.Name", "Regulator.Name", "To.Name", "To.Role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.letter().Validate()
			if code := fitness.ErrorCode(err); code != fitness.EInvalid {
				t.Fatalf("Validate: code %q (%v), want %q", code, err, fitness.EInvalid)
			}
			var got []string
			for f := range fitness.ErrorFields(err) {
				got = append(got, f)
			}
			slices.Sort(got)
			if diff := cmp.Diff(tt.fields, got); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
	for _, c := range testCases(t) {
		if err := c.letter.Validate(); err != nil {
			t.Errorf("%s: Validate: %v", c.name, err)
		}
	}
}

func TestHTMLRefusesInvalidLetter(t *testing.T) {
	r := MustNew(t, PureGo())
	if _, err := r.HTML(Letter{Kind: KindOrderNotice}); fitness.ErrorCode(err) != fitness.EInvalid {
		t.Errorf("HTML of an empty letter: %v, want an invalid error", err)
	}
}

// TestGoldenHTML pins the HTML of one letter; run with -update to accept a
// change.
func TestGoldenHTML(t *testing.T) {
	r := MustNew(t, PureGo())
	l := baseLetter(KindNoticeOfDecision, RoleRegistrant)
	l.Decision = icpDecision(OutcomeNoCaseToAnswer, false)
	got := MustHTML(t, r, l)
	path := filepath.Join("testdata", "notice_of_decision.golden.html")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("HTML differs from %s (-want +got); run go test -update if the change is meant:\n%s", path, diff)
	}
}

func TestKinds(t *testing.T) {
	for _, k := range Kinds() {
		if _, ok := checksFor(k); !ok {
			t.Errorf("%s has no checks", k)
		}
		if k.Label() == string(k) {
			t.Errorf("%s has no label", k)
		}
	}
}

// TestKindsMatchProcess: every kind names a document the HCPC process
// table issues, so the later wiring can map effects to letters.
func TestKindsMatchProcess(t *testing.T) {
	issued := map[string]bool{}
	for _, a := range fitness.HCPCProcess().Actions {
		for _, e := range a.Effects {
			if e.Kind == fitness.EffectIssueDocument {
				issued[e.Document] = true
			}
		}
	}
	for _, k := range Kinds() {
		if !issued[string(k)] {
			t.Errorf("no action of the process table issues %q", k)
		}
	}
}

func TestHash(t *testing.T) {
	const want = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
	if got := Hash([]byte("hello")); got != want {
		t.Errorf("Hash(hello) = %s, want %s", got, want)
	}
}
