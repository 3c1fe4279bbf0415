package sqldb

import (
	"context"
	"strings"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// mustResponseWithDocuments records a response with an official and an
// official-sensitive document and returns their ids.
func (f *investigationFixture) mustResponseWithDocuments(t *testing.T) (official, sensitive string) {
	t.Helper()
	q := f.mustSend(t, fitness.RequestArt25Demand)
	resp, err := f.requests.RecordResponse(context.Background(), f.manager, f.theCase.ID, q.ID, fitness.ResponseInput{
		ReceivedOn: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), Summary: "Records and a health report",
		Uploads: []fitness.Upload{
			{Filename: "records.txt", Content: []byte("Visit log\n"), Classification: fitness.ClassOfficial},
			{Filename: "occupational health.pdf", Content: []byte("%PDF-1.7 health"), Classification: fitness.ClassOfficialSensitive},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Documents[0].ID, resp.Documents[1].ID
}

// accessActions returns the actions recorded in the access log about the
// case, in order.
func accessActions(t *testing.T, db *DB, caseID string) []string {
	t.Helper()
	rows, err := db.Reader().QueryContext(context.Background(), `SELECT action FROM access_log
		WHERE case_id = $1 ORDER BY seq`, caseID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// TestSensitiveDocumentsHidden: a registrar, who may see the case but not
// official-sensitive documents, neither lists nor opens them; a case
// manager does both; every download and refusal is in the access log.
func TestSensitiveDocumentsHidden(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		f := mustInvestigationFixture(t, db)
		official, sensitive := f.mustResponseWithDocuments(t)
		registrar := MustCreateUser(t, f.users, "rae.registrar@example.org", "Rae Registrar", fitness.RoleRegistrar).Actor()

		docs, err := f.documents.CaseDocuments(ctx, registrar, f.theCase.ID)
		if err != nil || len(docs) != 1 || docs[0].ID != official {
			t.Fatalf("registrar sees %+v %v", docs, err)
		}
		_, _, err = f.documents.OpenDocument(ctx, registrar, f.theCase.ID, sensitive)
		mustCode(t, err, fitness.ENotFound, "Document not found")
		d, content, err := f.documents.OpenDocument(ctx, registrar, f.theCase.ID, official)
		if err != nil || string(content) != "Visit log\n" || d.ContentType != fitness.TypeText {
			t.Fatalf("registrar opens the official document: %+v %q %v", d, content, err)
		}
		responses, err := f.requests.CaseRequests(ctx, registrar, f.theCase.ID)
		if err != nil || len(responses) != 1 {
			t.Fatal(responses, err)
		}
		rs, err := f.requests.RequestResponses(ctx, registrar, f.theCase.ID, responses[0].ID)
		if err != nil || len(rs[0].Documents) != 1 {
			t.Fatalf("registrar's response documents %+v %v", rs, err)
		}

		docs, err = f.documents.CaseDocuments(ctx, f.manager, f.theCase.ID)
		if err != nil || len(docs) != 2 {
			t.Fatalf("case manager sees %d documents: %v", len(docs), err)
		}
		d, content, err = f.documents.OpenDocument(ctx, f.manager, f.theCase.ID, sensitive)
		if err != nil || !strings.HasPrefix(string(content), "%PDF") || d.Classification != fitness.ClassOfficialSensitive ||
			d.SHA256 == "" || d.Size != int64(len(content)) {
			t.Fatalf("case manager opens the sensitive document: %+v %v", d, err)
		}
		// A panel member on no panel of the case sees nothing at all.
		_, err = f.documents.CaseDocuments(ctx, f.panel, f.theCase.ID)
		mustCode(t, err, fitness.ENotFound, "")
		_, _, err = f.documents.OpenDocument(ctx, f.panel, f.theCase.ID, official)
		mustCode(t, err, fitness.ENotFound, "")

		var downloads []string
		for _, a := range accessActions(t, db, f.theCase.ID) {
			if strings.HasPrefix(a, "document.") {
				downloads = append(downloads, a)
			}
		}
		want := "document.download.denied document.download document.download document.download.denied"
		if got := strings.Join(downloads, " "); got != want {
			t.Errorf("access log %q, want %q", got, want)
		}
	})
}

// TestDocumentContentImmutable: the store refuses to change stored content.
func TestDocumentContentImmutable(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := mustInvestigationFixture(t, db)
		f.mustResponseWithDocuments(t)
		_, err := db.Writer().ExecContext(context.Background(), `UPDATE document_blobs SET content = $1`, []byte("changed"))
		if err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("update of document content: %v", err)
		}
	})
}
