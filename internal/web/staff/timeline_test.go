package staff_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"fitness/internal/fitness"
	"fitness/internal/sqldb"
	"fitness/internal/web/staff"
)

// TestTimelinePages: a case with more events than a page shows the latest
// ones, newest first, and links to all of them.
func TestTimelinePages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		ctx := context.Background()
		c := f.theCase
		var err error
		for i := range staff.TimelinePage + 5 {
			c, err = f.cases.ApplyAction(ctx, f.caseManager.Actor(), c.ID, c.Version, fitness.ActionAddNote,
				fitness.Input{"note": fmt.Sprintf("Note number %03d", i+1)})
			if err != nil {
				t.Fatal(err)
			}
		}
		cm := f.signedIn(t, f.caseManager)
		page := f.get(t, cm, "/cases/"+c.ID)
		summary := fmt.Sprintf("Showing the latest %d of %d events.", staff.TimelinePage, c.Version)
		wantBody(t, "first page", page, http.StatusOK, summary, "Note number 055",
			fmt.Sprintf(`href="/cases/%s?events=all#timeline"`, c.ID))
		if strings.Contains(page.body, "Note number 005") || strings.Count(page.body, `class="app-timeline__item"`) != staff.TimelinePage {
			t.Errorf("the first page shows more than the latest %d events", staff.TimelinePage)
		}
		if i, j := strings.Index(page.body, "Note number 055"), strings.Index(page.body, "Note number 054"); i < 0 || j < i {
			t.Errorf("the newest event is not first")
		}
		all := f.get(t, cm, "/cases/"+c.ID+"?events=all")
		wantBody(t, "all", all, http.StatusOK, "Note number 001", "Note number 055")
		if strings.Contains(all.body, "Showing the latest") || strings.Count(all.body, `class="app-timeline__item"`) != c.Version {
			t.Errorf("all events: want %d items", c.Version)
		}
	})
}
