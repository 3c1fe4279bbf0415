package staff_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"fitness/internal/sqldb"
)

var caseVersionRE = regexp.MustCompile(`name="case_version" value="(\d+)"`)

// allegationForm returns a complete allegation form at the case version
// shown on the form page.
func allegationForm(t *testing.T, formPage string) url.Values {
	t.Helper()
	m := caseVersionRE.FindStringSubmatch(formPage)
	if m == nil {
		t.Fatal("no case version on the form")
	}
	return url.Values{
		"case_version": {m[1]},
		"particulars":  {"2"},
		"stem":         {"As a registered Social Worker, whilst employed by Northshire Council, you:"},
		"particular-1": {"Did not visit Child A in June 2025."},
		"particular-2": {"Recorded visits that did not take place, namely:\n(a) on 3 June 2025;\n(b) on 10 June 2025."},
		"grounds":      {"misconduct"},
		"impairment":   {"By reason of your misconduct, your fitness to practise is impaired."},
	}
}

func TestAllegationPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e sqldb.Engine) {
		f := newFixture(t, e, false)
		c := f.signedIn(t, f.caseManager)
		base := "/cases/" + f.theCase.ID
		res := f.get(t, c, base+"/allegation/amend")
		mustContain(t, "draft form", res.body, "Draft the allegation", `name="particular-1"`, "Add another particular")
		form := allegationForm(t, res.body)
		form.Set("first", "yes")

		// "Add another particular" and "Remove" keep every value, without JavaScript.
		more := url.Values{}
		for k, v := range form {
			more[k] = v
		}
		more.Set("add", "particular")
		res = f.post(t, c, base+"/allegation/amend", more)
		mustContain(t, "after adding", res.body, `name="particular-3"`, "on 10 June 2025.", `value="misconduct" checked`)
		more.Del("add")
		more.Set("particulars", "3")
		more.Set("remove", "1")
		res = f.post(t, c, base+"/allegation/amend", more)
		mustContain(t, "after removing", res.body, `name="particular-2"`, "Recorded visits that did not take place")
		if regexp.MustCompile(`name="particular-3"`).MatchString(res.body) || regexp.MustCompile(`Did not visit Child A`).MatchString(res.body) {
			t.Error("the removed particular is still there")
		}

		// Errors keep what was typed.
		bad := url.Values{"case_version": form["case_version"], "particulars": {"1"}, "first": {"yes"},
			"stem": {"A stem typed before the error"}}
		res = f.post(t, c, base+"/allegation/amend", bad)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.status)
		}
		mustContain(t, "form with errors", res.body, "Enter at least one particular", "Select at least one statutory ground",
			"A stem typed before the error", `href="#particular-1"`)

		res = f.post(t, c, base+"/allegation/amend", form)
		if res.status != http.StatusSeeOther {
			t.Fatalf("draft: %d\n%s", res.status, res.body)
		}
		res = f.get(t, c, base)
		mustContain(t, "case page", res.body, "Allegation drafted (version 1)", "(a) on 3 June 2025;", "Amend the allegation",
			"Statutory grounds:</strong> Misconduct")

		// Amend: the form comes filled in with version 1.
		res = f.get(t, c, base+"/allegation/amend")
		mustContain(t, "amend form", res.body, "Amend the allegation", "Reason for the amendment", "(b) on 10 June 2025.")
		form = allegationForm(t, res.body)
		version, _ := strconv.Atoi(form.Get("case_version"))
		form["grounds"] = []string{"misconduct", "lack_of_competence"}
		form.Set("particular-1", "Did not visit Child A or Child B in June 2025.")
		form.Set("reason", "Child B added after the employer's records")
		stale := url.Values{}
		for k, v := range form {
			stale[k] = v
		}
		stale.Set("case_version", strconv.Itoa(version-1))
		res = f.post(t, c, base+"/allegation/amend", stale)
		if res.status != http.StatusConflict {
			t.Fatalf("stale: %d", res.status)
		}
		mustContain(t, "stale form", res.body, "This case has changed since you opened it", "Child B added after")
		res = f.post(t, c, base+"/allegation/amend", form)
		if res.status != http.StatusSeeOther {
			t.Fatalf("amend: %d\n%s", res.status, res.body)
		}
		res = f.get(t, c, base+"/allegation/versions")
		mustContain(t, "versions page", res.body, "Version 2", "Version 1", "Child B added after the employer",
			`[added: </span>or Child B <span`, "Lack of competence")
	})
}
