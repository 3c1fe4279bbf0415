package docs

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// requireTools says whether missing browser and PDF tools fail the tests
// (CI) rather than skip them.
func requireTools() bool { return os.Getenv("FITNESS_TEST_REQUIRE_BROWSER") == "1" }

// needChromium skips the test when Chromium is not installed, or fails it
// when FITNESS_TEST_REQUIRE_BROWSER=1.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(DefaultChromium); err == nil {
		return
	}
	if requireTools() {
		t.Fatalf("chromium is not installed at %s and FITNESS_TEST_REQUIRE_BROWSER=1", DefaultChromium)
	}
	t.Skip("browser test skipped: chromium not installed")
}

// needPoppler returns the path of a poppler tool (pdftotext, pdfinfo),
// skipping the test when it is absent, or failing it when
// FITNESS_TEST_REQUIRE_BROWSER=1.
func needPoppler(t *testing.T, tool string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err == nil {
		return path
	}
	if requireTools() {
		t.Fatalf("%s is not installed (apt-get install poppler-utils) and FITNESS_TEST_REQUIRE_BROWSER=1", tool)
	}
	t.Skipf("PDF text test skipped: %s not installed (apt-get install poppler-utils)", tool)
	return ""
}

// MustPoppler runs a poppler tool on pdf and returns its output.
func MustPoppler(t *testing.T, tool string, pdf []byte, args ...string) string {
	t.Helper()
	path := needPoppler(t, tool)
	f, err := os.CreateTemp(t.TempDir(), "letter-*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(pdf); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	args = append(args, f.Name())
	if tool == "pdftotext" {
		args = append(args, "-") // to standard output
	}
	cmd := exec.Command(path, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, stderr.String())
	}
	return string(out)
}

// MustPDF renders l to PDF.
func MustPDF(t *testing.T, r *Renderer, l Letter) []byte {
	t.Helper()
	b, err := r.PDF(context.Background(), l)
	if err != nil {
		t.Fatalf("PDF(%s): %v", l.Kind, err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("PDF(%s) does not start with %%PDF-", l.Kind)
	}
	return b
}

// checkPDFs renders every test letter with r and checks that the text
// pdftotext extracts holds the letter's facts.
func checkPDFs(t *testing.T, r *Renderer) {
	for _, c := range testCases(t) {
		t.Run(c.name, func(t *testing.T) {
			pdf := MustPDF(t, r, c.letter)
			text := normalize(MustPoppler(t, "pdftotext", pdf, "-enc", "UTF-8"))
			if m := missing(text, c.facts); len(m) > 0 {
				t.Errorf("PDF text lacks %q\ntext: %s", m, text)
			}
		})
	}
}

func TestPDFGoTrueType(t *testing.T) {
	r := MustNew(t, PureGo())
	if r.fonts.regular == nil {
		if requireTools() {
			t.Fatal("no TrueType font installed (apt-get install fonts-liberation) and FITNESS_TEST_REQUIRE_BROWSER=1")
		}
		t.Skip("TrueType font test skipped: no Liberation or DejaVu font installed")
	}
	if r.Engine() != EngineGo {
		t.Fatalf("Engine() = %s with PureGo", r.Engine())
	}
	checkPDFs(t, r)
}

// TestPDFGoCoreFont: with no TrueType font the built-in font still keeps
// the accents Windows-1252 has.
func TestPDFGoCoreFont(t *testing.T) {
	checkPDFs(t, MustNew(t, PureGo(), CoreFont()))
}

func TestPDFChromium(t *testing.T) {
	needChromium(t)
	r := MustNew(t)
	if r.Engine() != EngineChromium {
		t.Fatalf("Engine() = %s with chromium installed", r.Engine())
	}
	checkPDFs(t, r)
	if r.Engine() != EngineChromium {
		t.Fatalf("the renderer fell back to %s", r.Engine())
	}
	t.Run("concurrent", func(t *testing.T) { checkConcurrent(t, r) })
	info := MustPoppler(t, "pdfinfo", MustPDF(t, r, testCases(t)[0].letter))
	for _, want := range []string{"Tagged:          yes", "(A4)", "Title:           We have received your concern (" + testRef + ")"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

// checkConcurrent prints several letters at once with one browser.
func checkConcurrent(t *testing.T, r *Renderer) {
	cases := testCases(t)[:4]
	errs := make(chan error, len(cases))
	for _, c := range cases {
		go func() {
			_, err := r.PDF(context.Background(), c.letter)
			errs <- err
		}()
	}
	for range cases {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestPDFChromiumMissing: a Chromium that cannot start gives way to pure Go.
func TestPDFChromiumMissing(t *testing.T) {
	r := MustNew(t, WithChromium("/nonexistent/chromium"))
	if r.Engine() != EngineChromium {
		t.Fatalf("Engine() = %s before the first PDF", r.Engine())
	}
	MustPDF(t, r, testCases(t)[0].letter)
	if r.Engine() != EngineGo {
		t.Errorf("Engine() = %s after chromium failed to start, want %s", r.Engine(), EngineGo)
	}
}

func TestPDFCancelled(t *testing.T) {
	r := MustNew(t, PureGo())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.PDF(ctx, testCases(t)[0].letter); err == nil {
		t.Error("PDF with a cancelled context succeeded")
	}
}

// TestPDFGoDeterministic: the pure-Go renderer gives the same bytes, so
// the same hash, for the same letter.
func TestPDFGoDeterministic(t *testing.T) {
	r := MustNew(t, PureGo())
	l := testCases(t)[0].letter
	a, b := MustPDF(t, r, l), MustPDF(t, r, l)
	if Hash(a) != Hash(b) {
		t.Error("two renderings of one letter differ")
	}
	l.Reference = "FTP-2026-00124"
	if Hash(MustPDF(t, r, l)) == Hash(a) {
		t.Error("letters with different references have the same hash")
	}
}

func TestToCP1252(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Seán Ó Dálaigh", "Seán Ó Dálaigh"},
		{"Gwenllïan ap Rhŷs ŵ", "Gwenllïan ap Rhys w"},
		{"Łukasz Wałęsa", "Lukasz Walesa"},
		{"‘quoted’ – “dash” …", "‘quoted’ – “dash” …"},
		{"日本", "??"},
	}
	for _, tt := range tests {
		if got := toCP1252(tt.in); got != tt.want {
			t.Errorf("toCP1252(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
