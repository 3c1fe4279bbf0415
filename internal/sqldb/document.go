package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fitness/internal/fitness"
)

var _ fitness.DocumentService = (*DocumentService)(nil)

// DocumentService gives access to the documents of cases, filtered by
// classification in SQL. It implements [fitness.DocumentService].
type DocumentService struct {
	investigation
}

// NewDocumentService returns a document service on db; now is the clock of
// the access log.
func NewDocumentService(db *DB, now func() time.Time) *DocumentService {
	return &DocumentService{newInvestigation(db, fitness.Rules{}, now)}
}

// documentColumns are the columns scanned by scanDocument, in order.
const documentColumns = `id, case_id, filename, content_type, size, sha256, classification, uploaded_at, uploaded_by`

// errDocumentNotFound answers for a document that does not exist and for
// one the asker may not see.
var errDocumentNotFound = fitness.Errorf(fitness.ENotFound, "Document not found")

func scanDocument(row interface{ Scan(...any) error }) (fitness.Document, error) {
	var d fitness.Document
	var class string
	err := row.Scan(&d.ID, &d.CaseID, &d.Filename, &d.ContentType, &d.Size, &d.SHA256, &class, &d.UploadedAt, &d.UploadedBy)
	d.Classification, d.UploadedAt = fitness.Classification(class), d.UploadedAt.UTC()
	return d, err
}

// listDocuments returns the documents d matching the rest of a query (a
// join and a WHERE clause on d) with args.
func listDocuments(ctx context.Context, q querier, where string, args ...any) ([]fitness.Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.case_id, d.filename, d.content_type, d.size, d.sha256,
		d.classification, d.uploaded_at, d.uploaded_by FROM documents d `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var out []fitness.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// documentRef names d from a response.
func documentRef(d fitness.Document) fitness.DocumentRef {
	return fitness.DocumentRef{ID: d.ID, Filename: d.Filename, ContentType: d.ContentType, Size: d.Size,
		Classification: d.Classification}
}

// CaseDocuments lists the documents of a case actor may see, newest first,
// and records the read: official-sensitive ones only when the policy
// grants [fitness.PermSensitiveView] on the case.
func (s *DocumentService) CaseDocuments(ctx context.Context, actor fitness.Actor, caseID string) ([]fitness.Document, error) {
	c, err := s.viewCase(ctx, actor, caseID, "case.documents")
	if err != nil {
		return nil, err
	}
	res, err := caseResource(ctx, s.db.Reader(), c)
	if err != nil {
		return nil, err
	}
	sensitive := decide(actor, fitness.PermSensitiveView, res).Allow
	return listDocuments(ctx, s.db.Reader(), `WHERE d.case_id = $1 AND (d.classification <> 'official_sensitive' OR $2)
		ORDER BY d.uploaded_at DESC, d.id DESC`, c.ID, sensitive)
}

// OpenDocument returns a document of a case and its content, and records
// the download (or the refusal) in the access log. A document actor may not
// see is ENotFound, like one that does not exist.
func (s *DocumentService) OpenDocument(ctx context.Context, actor fitness.Actor, caseID, documentID string) (fitness.Document, []byte, error) {
	c, err := s.cases.loadCase(ctx, s.db.Reader(), caseID)
	if err != nil {
		return fitness.Document{}, nil, err
	}
	d, err := scanDocument(s.db.Reader().QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents
		WHERE id = $1 AND case_id = $2`, documentID, c.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, nil, errDocumentNotFound
	} else if err != nil {
		return d, nil, fmt.Errorf("load document %s: %w", documentID, err)
	}
	res, err := caseResource(ctx, s.db.Reader(), c)
	if err != nil {
		return d, nil, err
	}
	dec := decide(actor, fitness.PermCaseView, res)
	if dec.Allow {
		dec = decide(actor, d.Classification.Permission(), res)
	}
	action := "document.download"
	if !dec.Allow {
		action += ".denied"
	}
	detail := fmt.Sprintf("%s: document %s (%s): %s", c.Reference, d.ID, d.Classification.Label(), dec.Reason)
	if err := s.db.recordAccess(ctx, s.now(), actor.UserID, action, c.ID, detail); err != nil {
		return d, nil, err
	}
	if !dec.Allow {
		return fitness.Document{}, nil, errDocumentNotFound
	}
	var content []byte
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT content FROM document_blobs WHERE sha256 = $1`,
		d.SHA256).Scan(&content); err != nil {
		return d, nil, fmt.Errorf("load content of document %s: %w", d.ID, err)
	}
	return d, content, nil
}
