package fitness

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// zipOf returns a zip archive holding files with empty contents.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, n := range names {
		if _, err := z.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniffDocument(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		want    string
	}{
		{"pdf", []byte("%PDF-1.4\n%âãÏÓ"), TypePDF},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), TypePNG},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), TypeJPEG},
		{"docx", zipOf(t, "[Content_Types].xml", "word/document.xml"), TypeDOCX},
		{"a zip that is not a Word document", zipOf(t, "evil.exe"), ""},
		{"text", []byte("Notes of the call on 3 March.\r\nSeán said…\n"), TypeText},
		{"executable", []byte("MZ\x90\x00\x03\x00"), ""},
		{"html pretending to be text has no control characters, so it is text", []byte("<html>"), TypeText},
		{"binary", []byte{0, 1, 2, 3}, ""},
		{"latin-1", []byte("caf\xe9"), ""},
	}
	for _, tt := range tests {
		got, ok := SniffDocument(tt.content)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: %q %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestCheckUpload(t *testing.T) {
	pdf := []byte("%PDF-1.7")
	tests := []struct {
		name     string
		u        Upload
		filename string
		want     map[string]string
	}{
		{"pdf", Upload{"C:\\Users\\casey\\Report.PDF", pdf, ClassOfficial}, "Report.PDF", nil},
		{"jpeg as .jpg", Upload{"photo.jpg", []byte("\xff\xd8\xff"), ClassOfficialSensitive}, "photo.jpg", nil},
		{"empty", Upload{"a.pdf", nil, ClassPublic}, "a.pdf", map[string]string{"document": "The selected file is empty"}},
		{"too big", Upload{"a.pdf", append(pdf, make([]byte, MaxDocumentSize)...), ClassPublic}, "a.pdf",
			map[string]string{"document": "The selected file must be smaller than 20 MB"}},
		{"at the limit", Upload{"a.pdf", append(pdf, make([]byte, MaxDocumentSize-len(pdf))...), ClassPublic}, "a.pdf",
			map[string]string{}},
		{"name does not match", Upload{"letter.txt", pdf, ClassPublic}, "letter.txt",
			map[string]string{"document": "The selected file is a PDF, so its name must end in .pdf"}},
		{"no classification", Upload{"a.pdf", pdf, ""}, "a.pdf", map[string]string{"classification": "Select how sensitive the document is"}},
	}
	for _, tt := range tests {
		fe := FieldErrors{}
		name, _ := CheckUpload(fe, 0, tt.u)
		want := tt.want
		if want == nil {
			want = map[string]string{}
		}
		if diff := cmp.Diff(want, map[string]string(fe)); diff != "" || name != tt.filename {
			t.Errorf("%s: name %q; fields (-want +got):\n%s", tt.name, name, diff)
		}
	}
}

func TestCleanFilename(t *testing.T) {
	tests := map[string]string{
		"report.pdf":                      "report.pdf",
		"../../etc/passwd":                "passwd",
		`C:\Documents\notes.txt`:          "notes.txt",
		"a\"b\r\n.pdf":                    "ab.pdf",
		"":                                "document",
		"..":                              "document",
		strings.Repeat("x", 300) + ".pdf": strings.Repeat("x", 196) + ".pdf",
	}
	for in, want := range tests {
		if got := CleanFilename(in); got != want {
			t.Errorf("CleanFilename(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestSensitivePermission: official-sensitive documents need their own
// permission, which panel members hold only on their panels and
// registrars not at all.
func TestSensitivePermission(t *testing.T) {
	res := Resource{Kind: "case", CaseID: "c1"}
	onPanel := res
	onPanel.PanelUserIDs = []string{"p1"}
	tests := []struct {
		name string
		a    Actor
		res  Resource
		want bool
	}{
		{"case manager", Actor{UserID: "u1", Roles: []Role{RoleCaseManager}}, res, true},
		{"team leader", Actor{UserID: "u2", Roles: []Role{RoleTeamLeader}}, res, true},
		{"hearings officer", Actor{UserID: "u3", Roles: []Role{RoleHearingsOfficer}}, res, true},
		{"registrar", Actor{UserID: "u4", Roles: []Role{RoleRegistrar}}, res, false},
		{"panel member off the panel", Actor{UserID: "p1", Roles: []Role{RolePanelMember}}, res, false},
		{"panel member on the panel", Actor{UserID: "p1", Roles: []Role{RolePanelMember}}, onPanel, true},
		{"administrator", Actor{UserID: "u5", Roles: []Role{RoleAdmin}}, res, false},
	}
	for _, tt := range tests {
		if got := Decide(tt.a, ClassOfficialSensitive.Permission(), tt.res).Allow; got != tt.want {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
	if ClassOfficial.Permission() != PermCaseView || ClassPublic.Permission() != PermCaseView {
		t.Error("official documents need only the case")
	}
}
