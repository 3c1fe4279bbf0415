package docs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// fonts are the TrueType fonts of the pure-Go renderer, read from the
// system at start-up (third-party font files are not part of the project).
// With no regular font the renderer falls back to the built-in Helvetica.
type fonts struct {
	regular, bold []byte
}

// systemFonts are the regular and bold fonts looked for, best first:
// Debian's fonts-liberation and fonts-dejavu-core.
func systemFonts() [][2]string {
	return [][2]string{
		{"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"},
		{"/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"},
		{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"},
	}
}

// loadFonts reads the fonts the options ask for: the given files (an
// error if missing), else the first installed system font, else none.
func loadFonts(c config) (fonts, error) {
	if c.coreFont {
		return fonts{}, nil
	}
	if c.fontFiles[0] != "" {
		return readFonts(c.fontFiles)
	}
	for _, pair := range c.fontSearch {
		f, err := readFonts(pair)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return f, err
	}
	return fonts{}, nil
}

// readFonts reads a regular and a bold font; a missing bold font is
// replaced by the regular one.
func readFonts(pair [2]string) (fonts, error) {
	regular, err := os.ReadFile(pair[0])
	if err != nil {
		return fonts{}, fmt.Errorf("docs: read font: %w", err)
	}
	bold := regular
	if pair[1] != "" {
		if b, err := os.ReadFile(pair[1]); err == nil {
			bold = b
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fonts{}, fmt.Errorf("docs: read bold font: %w", err)
		}
	}
	return fonts{regular: regular, bold: bold}, nil
}

// register adds the fonts to pdf and returns the family to use and the
// function that prepares text for it.
func (f fonts) register(pdf *fpdf.Fpdf) (family string, text func(string) string) {
	if f.regular == nil {
		cp1252 := pdf.UnicodeTranslatorFromDescriptor("cp1252")
		return "Helvetica", func(s string) string { return cp1252(toCP1252(s)) }
	}
	pdf.AddUTF8FontFromBytes("Sans", "", f.regular)
	pdf.AddUTF8FontFromBytes("Sans", "B", f.bold)
	return "Sans", func(s string) string { return s }
}

// toCP1252 keeps the letters Windows-1252 has (so "Seán" and "Ó" stay as
// they are) and transliterates the rest: letters lose accents it lacks
// ("ŵ" becomes "w"), a few symbols become look-alikes, and anything else
// becomes "?".
func toCP1252(s string) string {
	var b strings.Builder
	for _, r := range s {
		if inCP1252(r) {
			b.WriteRune(r)
			continue
		}
		b.WriteString(transliterate(r))
	}
	return b.String()
}

func inCP1252(r rune) bool {
	if r < 0x80 {
		return true
	}
	_, ok := charmap.Windows1252.EncodeRune(r)
	return ok
}

// transliterate returns r in Windows-1252 letters.
func transliterate(r rune) string {
	switch r {
	case 'ł':
		return "l"
	case 'Ł':
		return "L"
	case 'đ':
		return "d"
	case 'Đ':
		return "D"
	case 'ı':
		return "i"
	case '‐', '‑', '‒', '−':
		return "-"
	case '≤':
		return "<="
	case '≥':
		return ">="
	case '→':
		return "->"
	case '\u2009', '\u202f':
		return " "
	}
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if inCP1252(d) && !unicode.Is(unicode.Mn, d) {
			b.WriteRune(d)
		}
	}
	if b.Len() == 0 {
		return "?"
	}
	return b.String()
}
