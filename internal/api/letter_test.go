package api_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"fitness/internal/fitness"
)

// letterBody is a Letter as clients read it.
type letterBody struct {
	ID         string  `json:"id"`
	Document   string  `json:"document"`
	Channel    string  `json:"channel"`
	Status     string  `json:"status"`
	SHA256     *string `json:"sha256"`
	DocumentID *string `json:"document_id"`
	Served     bool    `json:"served"`
	Recipient  struct {
		Role, Name, Email string
	} `json:"recipient"`
	Service []struct {
		Channel        string  `json:"channel"`
		Description    string  `json:"description"`
		DeliveryStatus *string `json:"delivery_status"`
		PostedOn       *string `json:"posted_on"`
	} `json:"service"`
}

// letters reads the letters of a case.
func letters(t *testing.T, c *client, caseID string) []letterBody {
	t.Helper()
	var got struct{ Items []letterBody }
	c.do(http.MethodGet, "/api/v1/cases/"+caseID+"/letters", nil).want(t, http.StatusOK).decode(t, &got)
	return got.Items
}

// mustIssueAll issues every pending letter as the jobs would, with a
// stand-in PDF.
func (e *env) mustIssueAll(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	rs, err := e.letters.ClaimLetters(ctx, 50, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if _, err := e.letters.IssueLetter(ctx, r, fitness.IssuedLetter{HTML: []byte("<p>Letter</p>"),
			PDF: []byte("%PDF-1.7 " + r.ID), Filename: r.Document + ".pdf", Subject: "Letter", BodyText: "Attached.",
			Engine: "test"}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLettersAndPostings: an action's letters are listed on the case,
// prepared then issued with their hash; one with an email address is
// queued by email, one without waits to be posted, and recording the
// posting is its proof of service.
func TestLettersAndPostings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		_, cm := e.mustUser(t, "Casey Manager", fitness.RoleCaseManager)
		_, panel := e.mustUser(t, "Pat Panel", fitness.RolePanelMember)
		c := mustCase(t, e, cm, "PA600001")
		_, tag := getCase(t, cm, c.ID)
		cm.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/actions", map[string]any{"action": "start_triage"},
			"If-Match", tag).want(t, http.StatusOK)
		cm.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/actions", map[string]any{"action": "start_investigation"},
			"If-Match", `"v2"`).want(t, http.StatusOK)

		ls := letters(t, cm, c.ID)
		if len(ls) != 2 || ls[0].Status != "pending" || ls[0].Served || ls[0].SHA256 != nil {
			t.Fatalf("letters before the jobs ran: %+v", ls)
		}
		e.mustIssueAll(t)
		ls = letters(t, cm, c.ID)
		ack, notice := ls[0], ls[1]
		if ack.Document != "acknowledgement" || ack.Channel != "email" || ack.SHA256 == nil || ack.DocumentID == nil ||
			len(ack.Service) != 1 || *ack.Service[0].DeliveryStatus != "pending" || ack.Served {
			t.Errorf("acknowledgement: %+v", ack)
		}
		if notice.Document != "notice_of_investigation" || notice.Channel != "post" || notice.Status != "issued" || len(notice.Service) != 0 {
			t.Errorf("notice of investigation: %+v", notice)
		}

		path := "/api/v1/cases/" + c.ID + "/letters/" + notice.ID + "/postings"
		res := cm.do(http.MethodPost, path, map[string]any{"posted_on": "2026-03-03", "address": ""}).want(t, http.StatusUnprocessableEntity)
		if got := res.problem(t).fields(); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"address", "posted_on"}) {
			t.Errorf("fields %v", got)
		}
		panel.do(http.MethodPost, path, map[string]any{"posted_on": "2026-03-02", "address": "1 Road"}).want(t, http.StatusNotFound)
		var posted letterBody
		cm.do(http.MethodPost, path, map[string]any{"posted_on": "2026-03-02", "address": "1 Sample Street\nEastby EB1 1AA"}).
			want(t, http.StatusCreated).decode(t, &posted)
		if !posted.Served || len(posted.Service) != 1 || *posted.Service[0].PostedOn != "2026-03-02" {
			t.Errorf("posted letter %+v", posted)
		}
		cm.do(http.MethodPost, "/api/v1/cases/"+c.ID+"/letters/nope/postings",
			map[string]any{"posted_on": "2026-03-02", "address": "1 Road"}).want(t, http.StatusNotFound)
		evs := events(t, cm, c.ID)
		if last := evs[len(evs)-1]; last.Type != fitness.EventDocumentPosted ||
			last.Description != "Notice of investigation sent to the registrant by post (posted on 2 March 2026)" {
			t.Errorf("last event %+v", last)
		}
	})
}
