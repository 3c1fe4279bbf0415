package sqldb

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInquiryEventChain: an inquiry's events are chained, `audit verify`
// counts them, and an altered, rehashed or deleted event is found.
func TestInquiryEventChain(t *testing.T) {
	tamper := []struct {
		name, query string
		seq         int
		reason      string
	}{
		{"payload altered", `UPDATE inquiry_events SET payload = '{"x":"y"}' WHERE inquiry_id = $1 AND seq = 2`, 2,
			"hash does not match its contents"},
		{"hash replaced", `UPDATE inquiry_events SET hash = '00' WHERE inquiry_id = $1 AND seq = 1`, 1,
			"hash does not match its contents"},
		{"middle event deleted", `DELETE FROM inquiry_events WHERE inquiry_id = $1 AND seq = 2`, 3,
			"expected seq 2: events are missing"},
	}
	for _, tt := range tamper {
		t.Run(tt.name, func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, db *DB) {
				f := mustInquiryFixture(t, db)
				f.mustWorker(t, 1, f.council, "2000-01-01", "")
				for range 2 {
					_, err := f.inquiries.RunScope(context.Background(), f.manager, f.inq.ID)
					mustNoErr(t, err)
				}
				rep := mustVerify(t, db)
				if rep.Broken != nil || rep.InquiryEvents < 3 {
					t.Fatalf("before tampering: %+v", rep)
				}
				mustExec(t, db, tt.query, f.inq.ID)
				rep = mustVerify(t, db)
				if rep.Broken == nil {
					t.Fatalf("tampering not detected: %+v", rep)
				}
				got := *rep.Broken
				got.ID = ""
				want := BrokenLink{Table: "inquiry_events", Reference: f.inq.ID, Seq: tt.seq, Reason: tt.reason}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("broken link (-want +got):\n%s", diff)
				}
			})
		})
	}
}
