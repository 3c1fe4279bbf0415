package fitness

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Guards of the HCPC process. Each runs after the inputs are validated and
// normalised, so dates are YYYY-MM-DD and numbers are whole.

// guardThresholdNotMet refuses to close a conviction or caution at the
// threshold: since January 2019 every conviction or caution meets it.
func guardThresholdNotMet(_ Case, in Input, _ Rules, _ time.Time) error {
	if in["conviction_or_caution"] == "yes" {
		return FieldErrors{"conviction_or_caution": "A conviction or caution always meets the threshold: serve an allegation instead"}.Err()
	}
	return nil
}

// guardConsent allows consent only on full admission.
func guardConsent(_ Case, in Input, _ Rules, _ time.Time) error {
	if in["admits_in_full"] != "yes" {
		return FieldErrors{"admits_in_full": "A consent order is only possible when the registrant admits the allegation in full"}.Err()
	}
	return nil
}

// sanctionGuard checks a sanction chosen in input key against the rules
// (see [CheckSanction]).
func sanctionGuard(key string) Guard {
	return func(_ Case, in Input, r Rules, now time.Time) error {
		return checkSanction(r, key, in[key], Ground(in["ground"]), in["length_months"], now).Err()
	}
}

// CheckSanction checks a sanction made at a first hearing against the
// rules: no striking off for lack of competence or health (see
// [StrikeOffBarMessage]), no caution on health grounds unless the rules
// allow it, and an order's length in months within the limits for its
// kind, counted from now. It is the check the process table's guards make,
// for callers that want every message at once before applying the action.
// Messages are keyed "sanction" and "length_months".
func CheckSanction(r Rules, ground Ground, sanction, months string, now time.Time) error {
	return checkSanction(r, "sanction", sanction, ground, months, now).Err()
}

func checkSanction(r Rules, key, order string, ground Ground, months string, now time.Time) FieldErrors {
	fe := FieldErrors{}
	switch {
	case order == "striking_off" && (ground == GroundLackOfCompetence || ground == GroundHealth):
		fe.Add(key, StrikeOffBarMessage(r, ground))
	case order == "caution" && ground == GroundHealth && !r.CautionHealthAllowed:
		fe.Add(key, "A caution order cannot be made on health grounds")
	case order != "striking_off":
		checkLength(fe, r, order, months, now)
	}
	return fe
}

// StrikeOffBarMessage says why striking off is refused at first instance
// for lack of competence or health.
func StrikeOffBarMessage(r Rules, ground Ground) string {
	return fmt.Sprintf("Striking off is not available at first instance %s unless there have been at least %s of continuous suspension or conditions",
		groundPhrase(ground), r.StrikeOffBarContinuous)
}

// groundPhrase is how the bar names its grounds: "for lack of competence",
// "on health grounds".
func groundPhrase(g Ground) string {
	if g == GroundHealth {
		return "on health grounds"
	}
	return "for lack of competence"
}

func checkLength(fe FieldErrors, r Rules, order, months string, now time.Time) {
	n, err := strconv.Atoi(months)
	switch {
	case months == "":
		fe.Add("length_months", "Enter the length of the order in months")
	case err != nil || n < 1:
		fe.Add("length_months", "Length of the order must be at least 1 month")
	default:
		if msg := checkOrderEnd(r, order, now, Period{Months: n}.After(now, r.Calendar)); msg != "" {
			fe.Add("length_months", msg)
		}
	}
}

// checkOrderEnd returns a message when an order of kind order running from
// start to end is shorter or longer than the rules allow, else "".
func checkOrderEnd(r Rules, order string, start, end time.Time) string {
	var minimum, maximum Period
	var name string
	switch order {
	case "caution":
		minimum, maximum, name = r.CautionMin, r.CautionMax, "A caution order"
	case "conditions":
		maximum, name = r.ConditionsMax, "A conditions of practice order"
	case "suspension":
		maximum, name = r.SuspensionMax, "A suspension order"
	default:
		return ""
	}
	if !maximum.IsZero() && end.After(maximum.After(start, r.Calendar)) {
		return fmt.Sprintf("%s can last no more than %s", name, maximum)
	}
	if !minimum.IsZero() && end.Before(minimum.After(start, r.Calendar)) {
		return fmt.Sprintf("%s must last at least %s", name, minimum)
	}
	return ""
}

// guardOrderEnd checks the end date of an order in force.
func guardOrderEnd(_ Case, in Input, r Rules, now time.Time) error {
	end, err := time.Parse(time.DateOnly, in["expires_on"])
	if err != nil {
		return nil // required and validated before the guard runs
	}
	if msg := checkOrderEnd(r, in["order"], today(now), end); msg != "" {
		return FieldErrors{"expires_on": msg}.Err()
	}
	return nil
}

// guardAppealOver lets an order take effect only once the appeal period has
// ended, or an appeal has been decided.
func guardAppealOver(c Case, in Input, _ Rules, now time.Time) error {
	switch c.Stage {
	case StageAppealWindow:
		if due, ok := deadlineDue(c, DeadlineAppealWindow); ok && !(Deadline{Due: due}).Overdue(now) {
			return Errorf(EConflict, "The appeal period ends on %s; the order takes effect after that", formatDate(due))
		}
	case StageAppeal:
		if in["appeal_outcome"] == "" {
			return FieldErrors{"appeal_outcome": "Select the outcome of the appeal"}.Err()
		}
	}
	return nil
}

func guardOrderTakesEffect(c Case, in Input, r Rules, now time.Time) error {
	if err := guardAppealOver(c, in, r, now); err != nil {
		return err
	}
	return guardOrderEnd(c, in, r, now)
}

// guardRecordAppeal lets only the PSA refer a decision once its order has
// taken effect, and only within the PSA referral period.
func guardRecordAppeal(c Case, in Input, _ Rules, _ time.Time) error {
	if c.Stage != StageOrderInForce {
		return nil
	}
	due, ok := deadlineDue(c, DeadlinePSAWindow)
	if !ok {
		return Errorf(EConflict, "The order is in force and the time for a PSA referral has ended: no appeal can be recorded now")
	}
	if in["appellant"] != "psa" {
		return FieldErrors{"appellant": "The registrant's appeal period has ended and the order is in force: only a PSA referral (section 29) can be recorded now, until " +
			formatDate(due)}.Err()
	}
	if lodged, err := time.Parse(time.DateOnly, in["lodged_on"]); err == nil && lodged.After(today(due)) {
		return FieldErrors{"lodged_on": lateAppeal("psa", due)}.Err()
	}
	return nil
}

// guardOrderInForce lets an appeal be dismissed with the order staying in
// force only when the order appealed against had taken effect.
func guardOrderInForce(c Case, _ Input, _ Rules, _ time.Time) error {
	if _, ok := deadlineDue(c, DeadlineOrderExpires); !ok {
		return Errorf(EConflict, "The order appealed against has not taken effect: record it taking effect with the appeal's outcome")
	}
	return nil
}

// guardOrderExpired lets an order be recorded as expired only once it has.
func guardOrderExpired(c Case, _ Input, _ Rules, now time.Time) error {
	if due, ok := deadlineDue(c, DeadlineOrderExpires); ok && now.Before(due) {
		return Errorf(EConflict, "The order runs until %s", formatDate(due))
	}
	return nil
}

// guardResponseWindow keeps a case from the panel until the registrant's
// time to respond has passed, unless their response is recorded.
func guardResponseWindow(c Case, _ Input, _ Rules, now time.Time) error {
	if due, ok := deadlineDue(c, DeadlineRegistrantResponse); ok && !(Deadline{Due: due}).Overdue(now) {
		return Errorf(EConflict, "The registrant has until %s to respond to the allegation. Record their response, or refer the case after that date", formatDate(due))
	}
	return nil
}

// guardHearingNotice makes sure the hearing date leaves the notice
// period, unless short notice was agreed, with its reason.
func guardHearingNotice(_ Case, in Input, r Rules, now time.Time) error {
	date, err := time.Parse(time.DateOnly, in["hearing_date"])
	if err != nil {
		return nil
	}
	agreed := in["short_notice_agreed"] == "yes"
	if agreed && in["short_notice_reason"] == "" {
		return FieldErrors{"short_notice_reason": "Enter why short notice was agreed"}.Err()
	}
	return ListingCheck(r, now, date, agreed)
}

// ListingCheck refuses to list a hearing starting (on the day of
// hearingStart) sooner than Rules.HearingNotice after today, unless short
// notice was agreed. The message is keyed "hearing_date".
func ListingCheck(r Rules, now, hearingStart time.Time, shortNoticeAgreed bool) error {
	return checkNotice(r, r.HearingNotice, now, hearingStart, shortNoticeAgreed)
}

// checkNotice is [ListingCheck] for a notice period of the caller's
// choosing (a review's notice, for example).
func checkNotice(r Rules, notice Period, now, start time.Time, agreed bool) error {
	if agreed || notice.IsZero() {
		return nil
	}
	if earliest := notice.After(today(now), r.Calendar); today(start).Before(earliest) {
		return FieldErrors{"hearing_date": fmt.Sprintf("The hearing must be on or after %s, to give notice of at least %s, unless short notice is agreed",
			formatDate(earliest), notice)}.Err()
	}
	return nil
}

// guardReviewStrikeOff applies the bar on striking off for lack of
// competence or health before a period of continuous restriction.
func guardReviewStrikeOff(_ Case, in Input, r Rules, now time.Time) error {
	if g := in["ground"]; g != "lack_of_competence" && g != "health" {
		return nil
	}
	since, err := time.Parse(time.DateOnly, in["restricted_since"])
	if err != nil {
		return FieldErrors{"restricted_since": "Enter the date practice was first restricted: striking off for lack of competence or health needs continuous suspension or conditions first"}.Err()
	}
	if since.After(r.StrikeOffBarContinuous.Before(today(now), r.Calendar)) {
		return FieldErrors{"restricted_since": fmt.Sprintf("Striking off %s needs at least %s of continuous suspension or conditions; practice has been restricted since %s",
			groundPhrase(Ground(in["ground"])), r.StrikeOffBarContinuous, formatDate(since))}.Err()
	}
	return nil
}

// guardRestoration applies the wait before restoration, to the date the
// application was received: from striking off, and between applications
// after a refusal. The message, keyed received_on, says from when an
// application can be made.
func guardRestoration(c Case, in Input, r Rules, now time.Time) error {
	var wait Period
	var after string
	switch c.Stage {
	case StageStruckOff:
		wait, after = r.RestorationWait, "after the striking-off order took effect"
	case StageClosedVoluntarilyRemoved:
		wait, after = r.RestorationWait, "after the voluntary removal agreement"
	case StageRestorationRefused:
		wait, after = r.RestorationInterval, "after the last application was refused"
	default:
		return nil
	}
	received := today(now)
	if t, err := time.Parse(time.DateOnly, in["received_on"]); err == nil {
		received = t
	}
	if from := today(wait.After(c.StageEnteredAt, r.Calendar)); received.Before(from) {
		return FieldErrors{"received_on": fmt.Sprintf("An application for restoration can be made from %s, %s %s",
			formatDate(from), wait, after)}.Err()
	}
	return nil
}

// guardSuspendRestoration allows the right to apply for restoration to be
// suspended only with the refusal that reaches the rules' number of refused
// applications (Rules.RestorationMaxRefusals), counting this one.
func guardSuspendRestoration(c Case, _ Input, r Rules, _ time.Time) error {
	if c.RestorationRefusals+1 < r.RestorationMaxRefusals {
		return Errorf(EConflict, "The right to apply again can be suspended only from the %s refused application; this would be the %s",
			ordinal(r.RestorationMaxRefusals), ordinal(c.RestorationRefusals+1))
	}
	return nil
}

// ordinal writes n as "1st", "2nd", "3rd", "4th"…
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// guardConsentOrder checks the order a panel approves by consent against
// the rules, as a sanction at a hearing is, and that a conditions order
// says what the conditions are.
func guardConsentOrder(_ Case, in Input, r Rules, now time.Time) error {
	fe := checkSanction(r, "order", in["order"], Ground(in["ground"]), in["length_months"], now)
	if in["order"] == string(OrderConditions) && strings.TrimSpace(in["conditions"]) == "" {
		fe.Add("conditions", "Enter the conditions of practice the panel approved")
	}
	return fe.Err()
}

// guardRestorationConditions refuses conditions on restoration where the
// rules do not allow them.
func guardRestorationConditions(_ Case, in Input, r Rules, _ time.Time) error {
	if in["with_conditions"] == "yes" && !r.RestorationWithConditions {
		return FieldErrors{"with_conditions": "Restoration with conditions is not available"}.Err()
	}
	return nil
}

// guardCourtExtension keeps a court extension within the maximum per
// extension, counted from the current end of the interim order.
func guardCourtExtension(c Case, in Input, r Rules, now time.Time) error {
	until, err := time.Parse(time.DateOnly, in["extended_until"])
	if err != nil {
		return nil
	}
	base, ok := deadlineDue(c, DeadlineInterimExpires)
	if !ok {
		base = now
	} else if !until.After(base) {
		return FieldErrors{"extended_until": fmt.Sprintf("The new end date must be after the current end date, %s", formatDate(base))}.Err()
	}
	if until.After(r.InterimCourtExtension.After(base, r.Calendar)) {
		return FieldErrors{"extended_until": fmt.Sprintf("The court can extend an interim order by at most %s at a time", r.InterimCourtExtension)}.Err()
	}
	return nil
}

// deadlineDue returns when the named deadline of c is due.
func deadlineDue(c Case, name string) (time.Time, bool) {
	for _, d := range c.Deadlines {
		if d.Name == name {
			return d.Due, true
		}
	}
	return time.Time{}, false
}

// identified says a case already names its registrant, so there is no one
// left to identify.
func identified(c Case) string {
	if c.RegistrantID != "" {
		return "This case already names its registrant"
	}
	return ""
}
