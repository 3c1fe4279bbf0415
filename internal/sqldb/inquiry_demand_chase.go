package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fitness/internal/fitness"
)

// SweepDemands chases, then escalates, every open demand past its due
// date as the rules for art 25 demands say, one step per demand per run,
// each in its own transaction. It is idempotent and returns how many steps
// it took.
func (s *InquiryService) SweepDemands(ctx context.Context, now time.Time) (int, error) {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT d.inquiry_id, d.id FROM inquiry_demands d
		WHERE d.status = 'open' AND d.due_on < $1 ORDER BY d.due_on, d.id`, dateText(now))
	if err != nil {
		return 0, fmt.Errorf("overdue demands: %w", err)
	}
	var pairs [][2]string
	for rows.Next() {
		var p [2]string
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			rows.Close()
			return 0, err
		}
		pairs = append(pairs, p)
	}
	rows.Close()
	n := 0
	for _, p := range pairs {
		took, err := s.sweepDemand(ctx, p[0], p[1], now)
		if err != nil {
			return n, err
		}
		if took {
			n++
		}
	}
	return n, nil
}

// sweepDemand takes the chasing step due on one demand, if any.
func (s *InquiryService) sweepDemand(ctx context.Context, inquiryID, demandID string, now time.Time) (bool, error) {
	took := false
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockInquiry(ctx, tx, inquiryID); err != nil {
			return err
		}
		q, err := s.findDemand(ctx, tx, inquiryID, demandID)
		if err != nil {
			return err
		}
		next, evType, ok := q.Sweep(s.rules, fitness.SystemActor, dbTime(now))
		if !ok {
			return nil
		}
		took = true
		if err := updateDemand(ctx, tx, next); err != nil {
			return err
		}
		t := fitness.EventDemandChased
		if evType == fitness.EventRequestEscalated {
			t = fitness.EventDemandEscalated
		} else if err := s.chase(ctx, tx, next, now); err != nil {
			return err
		}
		return s.appendEvent(ctx, tx, inquiryID, fitness.InquiryEvent{Type: t, Payload: map[string]string{
			"demand": q.ID, "employer": q.EmployerName, "due": dateText(q.Due)}}, fitness.SystemActor, now)
	})
	return took, err
}

// mailDemand queues the email of demand q (or its chaser) to the
// employer's service email address in tx, and reports whether the employer
// has one; without it the demand goes by post, outside the system.
func (s *InquiryService) mailDemand(ctx context.Context, tx *sql.Tx, inq fitness.Inquiry, q fitness.InquiryDemand, chase bool, now time.Time) (bool, error) {
	var email string
	err := tx.QueryRowContext(ctx, `SELECT email FROM service_addresses WHERE party = 'employer' AND party_id = $1`,
		q.EmployerID).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && email == "") {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("service address of %s: %w", q.EmployerName, err)
	}
	subject, body := q.Mail(inq, chase)
	kind := "inquiry_demand"
	if chase {
		kind = "inquiry_demand_chaser"
	}
	return true, EnqueueMailTx(ctx, tx, fitness.OutboxMessage{Kind: kind, RecipientName: q.EmployerName,
		RecipientEmail: email, Subject: subject, BodyText: body, CreatedAt: now})
}

// mailStepDemands queues the email of every demand a finished demands
// step sent, now that each lists everyone, and returns how many went.
func (s *InquiryService) mailStepDemands(ctx context.Context, tx *sql.Tx, st stepRow, now time.Time) (int, error) {
	inq, err := loadInquiry(ctx, tx, st.InquiryID)
	if err != nil {
		return 0, err
	}
	ds, err := s.demands(ctx, tx, st.InquiryID, "")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, q := range ds {
		if q.StepID != st.ID {
			continue
		}
		sent, err := s.mailDemand(ctx, tx, inq, q, false, now)
		if err != nil {
			return n, err
		}
		if sent {
			n++
		}
	}
	return n, nil
}

// chase queues the chaser of demand q to the employer, when it has an
// email address.
func (s *InquiryService) chase(ctx context.Context, tx *sql.Tx, q fitness.InquiryDemand, now time.Time) error {
	inq, err := loadInquiry(ctx, tx, q.InquiryID)
	if err != nil {
		return err
	}
	_, err = s.mailDemand(ctx, tx, inq, q, true, now)
	return err
}
