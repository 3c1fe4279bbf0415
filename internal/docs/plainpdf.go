package docs

import (
	"bytes"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
)

// Page geometry of a plain letter, in millimetres.
const (
	pageMargin  = 20.0
	listIndent  = 7.0
	markerWidth = 5.0
	paraSpace   = 2.5
)

// pdfMeta is the document information of a plain PDF.
type pdfMeta struct {
	title, author, reference string
	date                     time.Time
}

// writePlainPDF lays the blocks out on A4 pages with a footer of the
// reference and page numbers. The output depends only on its input, so the
// same letter always gives the same bytes and hash.
func writePlainPDF(blocks []block, f fonts, m pdfMeta) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pageMargin, pageMargin, pageMargin)
	pdf.SetAutoPageBreak(true, pageMargin)
	family, text := f.register(pdf)
	pdf.SetTitle(m.title, true)
	pdf.SetAuthor(m.author, true)
	pdf.SetCreator("fitness", true)
	pdf.SetProducer("fitness", true)
	pdf.SetLang("en-GB")
	pdf.SetCreationDate(m.date)
	pdf.SetModificationDate(m.date)
	pdf.SetCatalogSort(true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-pageMargin + 6)
		pdf.SetFont(family, "", 8)
		pdf.CellFormat(0, 4, text(m.reference), "", 0, "L", false, 0, "")
		pdf.SetX(pageMargin)
		pdf.CellFormat(0, 4, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()
	for _, b := range blocks {
		drawBlock(pdf, b, family, text)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// drawBlock writes one block, wrapping at the right margin.
func drawBlock(pdf *fpdf.Fpdf, b block, family string, text func(string) string) {
	lh := b.size * 0.3528 * 1.4 // points to millimetres, at 1.4 line spacing
	style := func(bold bool) string {
		if bold || b.bold {
			return "B"
		}
		return ""
	}
	if _, height := pdf.GetPageSize(); b.keep && pdf.GetY()+b.before+4*lh > height-pageMargin {
		pdf.AddPage() // a heading and at least two lines of what follows
	} else {
		pdf.Ln(b.before)
	}
	if b.right {
		pdf.SetFont(family, style(false), b.size)
		pdf.MultiCell(0, lh, text(b.text()), "", "R", false)
		return
	}
	left := pageMargin + float64(b.indent)*listIndent
	pdf.SetLeftMargin(left)
	pdf.SetX(left)
	if b.marker != "" {
		pdf.SetFont(family, style(false), b.size)
		pdf.SetX(left - markerWidth)
		pdf.CellFormat(markerWidth, lh, text(b.marker), "", 0, "L", false, 0, "")
	}
	for _, r := range b.runs {
		pdf.SetFont(family, style(r.bold), b.size)
		pdf.Write(lh, text(r.text))
	}
	pdf.Ln(lh + paraSpace)
	pdf.SetLeftMargin(pageMargin)
}
