package staff

import (
	"mime"
	"net/http"
	"strconv"

	"fitness/internal/web"
)

// downloadDocument sends a document of a case as an attachment, never to
// be shown inline or sniffed as another type. The service records the
// download (or the refusal) in the access log; a document the actor may
// not see is "Page not found", like one that does not exist.
func (a *app) downloadDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := a.investigationCase(r)
	if err != nil {
		return err
	}
	d, content, err := a.Documents.OpenDocument(r.Context(), web.ActorFrom(r.Context()), c.ID, r.PathValue("doc"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename}))
	h.Set("Content-Length", strconv.Itoa(len(content)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(content) // the client has gone; nothing more to do
	return nil
}
