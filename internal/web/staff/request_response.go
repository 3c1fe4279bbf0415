package staff

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"fitness/internal/fitness"
	"fitness/internal/web"
)

// maxUploadFiles is how many files one response form takes at once.
const maxUploadFiles = 3

// maxUploadBody bounds a response form: its files and the rest.
const maxUploadBody = maxUploadFiles*fitness.MaxDocumentSize + 1<<20

// responseFormData is what the "Record a response" form shows.
type responseFormData struct {
	C        fitness.Case
	Q        fitness.InformationRequest
	Row      requestRow
	Reselect bool // files were sent with a form that had problems: they must be chosen again
}

// responseForm shows the form to record a response to a request.
func (a *app) responseForm(w http.ResponseWriter, r *http.Request) error {
	c, q, err := a.answerableRequest(r)
	if err != nil {
		return err
	}
	f := web.NewForm(nil)
	f.SetDate("received_on", a.today())
	return a.renderResponseForm(w, r, http.StatusOK, f, responseFormData{C: c, Q: q})
}

// recordResponse records a response with its documents. The form is
// multipart; problems show it again with everything typed kept (files
// must be chosen again: browsers do not keep them).
func (a *app) recordResponse(w http.ResponseWriter, r *http.Request) error {
	c, q, err := a.answerableRequest(r)
	if err != nil {
		return err
	}
	d := responseFormData{C: c, Q: q}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		f := web.NewForm(nil)
		f.AddError("document", uploadReadError(err))
		return a.renderResponseForm(w, r, http.StatusRequestEntityTooLarge, f, d)
	}
	defer r.MultipartForm.RemoveAll()
	f := web.NewForm(r.MultipartForm.Value)
	f.Order = []string{"received_on", "summary", "document", "classification"}
	in := fitness.ResponseInput{Summary: f.Raw("summary")}
	if t, ok := f.Date("received_on", "the date the response was received", true); ok {
		in.ReceivedOn = t
	}
	var problem string
	in.Uploads, problem = readUploads(r.MultipartForm.File["document"], fitness.Classification(f.Value("classification")))
	if problem != "" {
		f.AddError("document", problem)
	}
	d.Reselect = len(in.Uploads) > 0
	if f.HasErrors() {
		// Show every problem at once, the domain's checks included.
		_, _, _, verr := q.RecordResponse(in, web.ActorFrom(r.Context()), a.Now())
		setUploadErrors(f, verr, in.Uploads)
		return a.renderResponseForm(w, r, http.StatusUnprocessableEntity, f, d)
	}
	_, err = a.Requests.RecordResponse(r.Context(), web.ActorFrom(r.Context()), c.ID, q.ID, in)
	if setUploadErrors(f, err, in.Uploads) {
		return a.renderResponseForm(w, r, http.StatusUnprocessableEntity, f, d)
	} else if err != nil {
		return err
	}
	web.AddFlash(r.Context(), a.Sessions, "Response recorded: "+lowerFirst(q.Kind.Label())+", from "+q.Recipient.Display())
	return web.Redirect(w, r, requestURL(c, q))
}

// answerableRequest loads the case and a request of it that the actor may
// record a response to (any but a withdrawn one).
func (a *app) answerableRequest(r *http.Request) (fitness.Case, fitness.InformationRequest, error) {
	c, err := a.writableCase(r)
	if err != nil {
		return c, fitness.InformationRequest{}, err
	}
	q, err := a.Requests.FindRequest(r.Context(), web.ActorFrom(r.Context()), c.ID, r.PathValue("req"))
	if err != nil {
		return c, q, err
	}
	if q.Status == fitness.RequestWithdrawn {
		return c, q, web.PageNotFound()
	}
	return c, q, nil
}

// uploadReadError says why a multipart form could not be read.
func uploadReadError(err error) string {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return fmt.Sprintf("The selected files must be smaller than %d MB in total", maxUploadFiles*fitness.MaxDocumentSize>>20)
	}
	return "The form could not be read: select the file again"
}

// readUploads reads the files chosen, all with classification class. A
// browser sends an empty part when no file was chosen; it is skipped. A
// file over the limit is read only one byte past it, so the domain refuses
// it by its size. It returns a message when the files cannot be read.
func readUploads(files []*multipart.FileHeader, class fitness.Classification) ([]fitness.Upload, string) {
	var out []fitness.Upload
	for _, fh := range files {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		if len(out) == maxUploadFiles {
			return nil, fmt.Sprintf("Select %d files or fewer", maxUploadFiles)
		}
		content, err := readUpload(fh)
		if err != nil {
			return nil, "The selected file could not be read: select it again"
		}
		out = append(out, fitness.Upload{Filename: fh.Filename, Content: content, Classification: class})
	}
	return out, ""
}

// readUpload reads at most one byte more than a document may have.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	file, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(io.LimitReader(file, fitness.MaxDocumentSize+1))
}

// setUploadErrors shows err's field messages on the response form, where
// one file input and one set of radios stand for every upload: messages
// about the second and later files go against the same fields, naming the
// file. It reports whether err was an input error.
func setUploadErrors(f *web.Form, err error, uploads []fitness.Upload) bool {
	if fitness.ErrorCode(err) != fitness.EInvalid {
		return false
	}
	fields := fitness.ErrorFields(err)
	for i := range uploads {
		for _, name := range []string{"document", "classification"} {
			msg, ok := fields[fitness.UploadField(i, name)]
			if !ok {
				continue
			}
			delete(fields, fitness.UploadField(i, name))
			if name == "document" && len(uploads) > 1 {
				msg = fitness.CleanFilename(uploads[i].Filename) + ": " + lowerFirst(msg)
			}
			f.AddError(name, msg)
		}
	}
	rest := &fitness.Error{Code: fitness.EInvalid, Message: fitness.ErrorMessage(err), Fields: fields}
	if len(fields) > 0 || !strings.HasPrefix(rest.Message, "There is a problem") {
		f.SetError(rest)
	}
	return true
}

func (a *app) renderResponseForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d responseFormData) error {
	d.Row = a.requestRowOf(d.Q)
	p := a.page(r, "Record a response – "+d.C.Reference)
	p.HasErrors = f.HasErrors()
	p.BackLink = requestURL(d.C, d.Q)
	return web.Render(w, r, status, responsePage(p, f, d))
}
