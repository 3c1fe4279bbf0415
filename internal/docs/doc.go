// Package docs renders the letters and notices of a fitness to practise case
// (acknowledgements, closure letters, notices of investigation, invitations to
// respond, article 25 demands, notices of decision, notices of hearing,
// hearing decisions, consent orders, voluntary removal agreements, order
// notices, review notices and decisions, restoration decisions, and
// interim order applications and decisions) from embedded html/template
// templates to HTML and to PDF. Every document the process table issues
// has a kind here; a test walks the table to keep it so.
//
// A [Letter] carries every fact a letter states. The caller works the facts
// out: dates and deadlines come from the case and from the regulator's
// [fitness.Rules], and each time limit arrives as a [TimeLimit] holding the
// [fitness.Period] it was computed from, so the words "28 days" come from
// [fitness.Period.String] and this package holds no statutory number.
//
// [Renderer.PDF] prints the HTML with headless Chromium (chromedp) when a
// browser is installed, giving a tagged A4 PDF, and otherwise lays the same
// HTML out with a pure-Go renderer (go-pdf/fpdf), so the embedded default
// deployment produces PDFs too. The package only produces bytes and their
// [Hash]; storing documents immutably is the caller's job.
//
// [LetterFor] maps the facts storage gathers for one document request
// ([fitness.LetterFacts]: the case, its parties, the action's event, the
// allegation, the panel's decision, the rules) to the [Letter] it issues,
// and [Issuer] renders it with its covering email for the jobs, which
// reach it through an interface of their own.
package docs
