package docs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"time"
	_ "time/tzdata" // Europe/London must load on hosts without zoneinfo
)

// Engine names how a Renderer makes PDFs.
type Engine string

// PDF engines.
const (
	EngineChromium Engine = "chromium" // headless Chromium: tagged PDF, same layout as the HTML
	EngineGo       Engine = "go"       // pure Go: a plain letter laid out from the same HTML
)

// DefaultChromium is where Debian installs Chromium.
const DefaultChromium = "/usr/bin/chromium"

// Renderer renders letters to HTML and PDF. It is safe for concurrent use.
// Call Close to stop its browser, if it started one.
type Renderer struct {
	templates *templates
	log       *slog.Logger
	fonts     fonts
	browser   *browser // nil when PDFs are made in pure Go

	mu     sync.Mutex
	engine Engine
}

// config is what the options set.
type config struct {
	chromium   string // path; "" to look in the usual places
	pureGo     bool
	timeout    time.Duration
	loc        *time.Location
	log        *slog.Logger
	fontFiles  [2]string // regular and bold TrueType fonts; "" to search
	coreFont   bool
	fontSearch [][2]string
}

// Option configures a Renderer.
type Option func(*config)

// WithChromium sets the Chromium binary. By default the Renderer uses
// /usr/bin/chromium, or "chromium" on the PATH, when either exists.
func WithChromium(path string) Option { return func(c *config) { c.chromium = path } }

// PureGo makes PDFs with the pure-Go renderer even when Chromium is
// installed.
func PureGo() Option { return func(c *config) { c.pureGo = true } }

// WithTimeout limits the time Chromium may take to start and to print one
// document (default 30 seconds).
func WithTimeout(d time.Duration) Option { return func(c *config) { c.timeout = d } }

// WithLocation sets the time zone dates and times are shown in (default
// Europe/London).
func WithLocation(loc *time.Location) Option { return func(c *config) { c.loc = loc } }

// WithLogger sets where the Renderer reports falling back from Chromium to
// pure Go (default: nowhere).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.log = l } }

// WithFonts sets the regular and bold TrueType fonts of the pure-Go
// renderer. By default it uses Liberation Sans or DejaVu Sans when
// installed, and otherwise a built-in font limited to Windows-1252.
func WithFonts(regular, bold string) Option {
	return func(c *config) { c.fontFiles = [2]string{regular, bold} }
}

// CoreFont makes the pure-Go renderer use its built-in font (Helvetica,
// Windows-1252 only; other letters lose their accents) even when a
// TrueType font is installed.
func CoreFont() Option { return func(c *config) { c.coreFont = true } }

// New parses and checks every template (rendering each kind with sample
// letters), loads the fonts of the pure-Go renderer, and finds Chromium.
// The browser itself starts with the first PDF.
func New(opts ...Option) (*Renderer, error) {
	c := config{timeout: 30 * time.Second, fontSearch: systemFonts()}
	for _, o := range opts {
		o(&c)
	}
	if c.loc == nil {
		loc, err := time.LoadLocation("Europe/London")
		if err != nil {
			return nil, fmt.Errorf("docs: load time zone: %w", err)
		}
		c.loc = loc
	}
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	r := &Renderer{log: c.log, engine: EngineGo}
	t, err := parseTemplates(c.loc)
	if err != nil {
		return nil, err
	}
	r.templates = t
	if err := r.checkTemplates(); err != nil {
		return nil, err
	}
	if r.fonts, err = loadFonts(c); err != nil {
		return nil, err
	}
	if path := findChromium(c); path != "" {
		r.browser = &browser{path: path, timeout: c.timeout, log: c.log}
		r.engine = EngineChromium
	}
	return r, nil
}

// findChromium returns the Chromium binary to use, or "" for pure Go.
func findChromium(c config) string {
	if c.pureGo {
		return ""
	}
	if c.chromium != "" {
		return c.chromium
	}
	if _, err := os.Stat(DefaultChromium); err == nil {
		return DefaultChromium
	}
	path, _ := exec.LookPath("chromium")
	return path
}

// Engine returns how the Renderer makes PDFs now: Chromium, or pure Go
// when no browser was found, one was refused by an option, or it failed
// to start.
func (r *Renderer) Engine() Engine {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.engine
}

// HTML renders the letter as a standalone HTML document (UTF-8, styles
// inline, no external resources). It returns a *fitness.Error with code
// EInvalid when the letter lacks a fact its kind states.
func (r *Renderer) HTML(l Letter) ([]byte, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	return r.templates.render(l)
}

// PDF renders the letter as an A4 PDF: with Chromium when the Renderer has
// one (a tagged PDF), otherwise in pure Go. If Chromium fails to start,
// the Renderer logs it and uses pure Go from then on. An error printing one
// document (a timeout, the browser crashing) is returned, not hidden.
func (r *Renderer) PDF(ctx context.Context, l Letter) ([]byte, error) {
	page, err := r.HTML(l)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.Engine() == EngineChromium {
		b, err := r.browser.print(ctx, page, l.Reference)
		if err == nil {
			return b, nil
		}
		if !isStartError(err) {
			return nil, fmt.Errorf("docs: print %s %s with chromium: %w", l.Kind, l.Reference, err)
		}
		r.mu.Lock()
		r.engine = EngineGo
		r.mu.Unlock()
		r.log.Warn("chromium did not start; making PDFs in pure Go", "chromium", r.browser.path, "err", err)
	}
	return r.plainPDF(page, l)
}

// Close stops the browser, if one was started, and removes its profile.
func (r *Renderer) Close() error {
	if r.browser == nil {
		return nil
	}
	return r.browser.close()
}

// Hash returns the SHA-256 of b in lower-case hex: the content hash under
// which a rendered document is stored.
func Hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// plainPDF lays page out with the pure-Go renderer.
func (r *Renderer) plainPDF(page []byte, l Letter) ([]byte, error) {
	title, blocks, err := layoutBlocks(bytes.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("docs: read html of %s %s: %w", l.Kind, l.Reference, err)
	}
	b, err := writePlainPDF(blocks, r.fonts, pdfMeta{
		title: title, author: l.Regulator.Name,
		reference: l.Reference, date: l.Date,
	})
	if err != nil {
		return nil, fmt.Errorf("docs: write pdf of %s %s: %w", l.Kind, l.Reference, err)
	}
	return b, nil
}
