package fitness

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Classification is how sensitive a document is. Views and exports filter
// documents by it.
type Classification string

// Classifications.
const (
	ClassPublic            Classification = "public"
	ClassOfficial          Classification = "official"
	ClassOfficialSensitive Classification = "official_sensitive" // health, service-user identities
)

// Classifications lists every classification as options, least sensitive
// first.
func Classifications() []Option {
	return []Option{
		{string(ClassPublic), ClassPublic.Label()},
		{string(ClassOfficial), ClassOfficial.Label()},
		{string(ClassOfficialSensitive), ClassOfficialSensitive.Label()},
	}
}

// Valid reports whether c is a known classification.
func (c Classification) Valid() bool {
	return c == ClassPublic || c == ClassOfficial || c == ClassOfficialSensitive
}

// Label returns the classification in words.
func (c Classification) Label() string {
	switch c {
	case ClassPublic:
		return "Public"
	case ClassOfficial:
		return "Official"
	case ClassOfficialSensitive:
		return "Official-sensitive"
	}
	return string(c)
}

// Hint explains the classification, for the radios that choose it.
func (c Classification) Hint() string {
	switch c {
	case ClassPublic:
		return "Already public, such as a published report."
	case ClassOfficial:
		return "Most case documents."
	case ClassOfficialSensitive:
		return "Health information or the identities of service users. Only some roles can see it."
	}
	return ""
}

// Permission returns the permission needed to see a document of class c,
// besides seeing its case.
func (c Classification) Permission() Permission {
	if c == ClassOfficialSensitive {
		return PermSensitiveView
	}
	return PermCaseView
}

// Document is an uploaded file on a case. Its content is stored once per
// SHA256 and never changed.
type Document struct {
	ID             string
	CaseID         string
	Filename       string
	ContentType    string
	Size           int64
	SHA256         string // hex
	Classification Classification
	UploadedAt     time.Time
	UploadedBy     string // user id
}

// DocumentRef names a document from a response.
type DocumentRef struct {
	ID             string
	Filename       string
	ContentType    string
	Size           int64
	Classification Classification
}

// Upload is a file given with a response.
type Upload struct {
	Filename       string
	Content        []byte
	Classification Classification
}

// MaxDocumentSize is the largest document accepted, in bytes (20 MB).
const MaxDocumentSize = 20 << 20

// Content types of the documents accepted.
const (
	TypePDF  = "application/pdf"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeText = "text/plain; charset=utf-8"
)

// extensions maps each accepted content type to the file name endings it
// may have, and a name for messages.
var extensions = []struct {
	contentType, name string
	ext               []string
}{
	{TypePDF, "PDF", []string{".pdf"}},
	{TypeDOCX, "DOCX", []string{".docx"}},
	{TypeJPEG, "JPEG", []string{".jpg", ".jpeg"}},
	{TypePNG, "PNG", []string{".png"}},
	{TypeText, "TXT", []string{".txt"}},
}

// UploadField names the form field of the i-th upload's part (e.g.
// "document", "classification"): the name itself for the first, then
// "document-2", "document-3"…
func UploadField(i int, name string) string {
	if i == 0 {
		return name
	}
	return fmt.Sprintf("%s-%d", name, i+1)
}

// CheckUpload validates u and returns its cleaned file name and the
// content type sniffed from its content, recording messages under the
// fields of the i-th upload (document, classification).
func CheckUpload(fe FieldErrors, i int, u Upload) (filename, contentType string) {
	field := UploadField(i, "document")
	if !u.Classification.Valid() {
		fe.Add(UploadField(i, "classification"), "Select how sensitive the document is")
	}
	filename = CleanFilename(u.Filename)
	switch {
	case len(u.Content) == 0:
		fe.Add(field, "The selected file is empty")
		return filename, ""
	case len(u.Content) > MaxDocumentSize:
		fe.Add(field, "The selected file must be smaller than 20 MB")
		return filename, ""
	}
	ct, ok := SniffDocument(u.Content)
	if !ok {
		fe.Add(field, "The selected file must be a PDF, DOCX, JPEG, PNG or TXT")
		return filename, ""
	}
	for _, e := range extensions {
		if e.contentType != ct {
			continue
		}
		ext := strings.ToLower(path.Ext(filename))
		if !slices.Contains(e.ext, ext) {
			fe.Add(field, fmt.Sprintf("The selected file is a %s, so its name must end in %s", e.name, e.ext[0]))
		}
	}
	return filename, ct
}

// SniffDocument returns the content type of content, judged by the content
// alone, when it is one of the types accepted.
func SniffDocument(content []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(content, []byte("%PDF-")):
		return TypePDF, true
	case bytes.HasPrefix(content, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG, true
	case bytes.HasPrefix(content, []byte("\xff\xd8\xff")):
		return TypeJPEG, true
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		if isDOCX(content) {
			return TypeDOCX, true
		}
		return "", false
	case isText(content):
		return TypeText, true
	}
	return "", false
}

// isDOCX reports whether content is a zip holding a Word document.
func isDOCX(content []byte) bool {
	z, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return false
	}
	var types, doc bool
	for _, f := range z.File {
		switch f.Name {
		case "[Content_Types].xml":
			types = true
		case "word/document.xml":
			doc = true
		}
	}
	return types && doc
}

// isText reports whether content is UTF-8 text without control characters
// other than tabs, line breaks and form feeds.
func isText(content []byte) bool {
	if !utf8.Valid(content) {
		return false
	}
	for _, r := range string(content) {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			return false
		}
	}
	return true
}

// CleanFilename returns the last element of a file name as sent by a
// browser (which may include a Windows path), without control characters
// or quotes, at most 200 characters; "document" when nothing is left.
func CleanFilename(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base("/" + name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "/" || name == "." || name == ".." || name == "" {
		return "document"
	}
	if r := []rune(name); len(r) > 200 {
		ext := []rune(path.Ext(name))
		if len(ext) > 10 {
			ext = nil
		}
		name = string(r[:200-len(ext)]) + string(ext)
	}
	return name
}

// DocumentService gives access to the documents of cases, filtered by
// classification.
type DocumentService interface {
	// CaseDocuments lists the documents of a case the actor may see,
	// newest first: documents classified official-sensitive only to those
	// holding [PermSensitiveView].
	CaseDocuments(ctx context.Context, actor Actor, caseID string) ([]Document, error)
	// OpenDocument returns a document and its content, recording the
	// access. ENotFound when it does not exist or the actor may not see it.
	OpenDocument(ctx context.Context, actor Actor, caseID, documentID string) (Document, []byte, error)
}
