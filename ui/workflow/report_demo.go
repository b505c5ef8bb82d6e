package workflow

import "fmt"

// DemoDrafts says how long the drafts of a report last when they are a
// demo's: the demo's fake API starts afresh on every run, so its drafts
// belong to the run and end with it.
type DemoDrafts int

// How long a demo's drafts last.
const (
	NotDemo    DemoDrafts = iota // not a demo: drafts last (draft.MaxAge)
	DemoGoesOn                   // the demo goes on after this session (ccedit serve --demo): its drafts last until it ends
	DemoEnded                    // the demo ended with this session (ccedit --demo): its drafts went with it
)

// until is what the report adds to where a draft is kept: how long it
// lasts, when not for good.
func (r Report) until() string {
	if r.Demo == DemoGoesOn {
		return " until this demo ends"
	}
	return ""
}

// demoGone says that a customer's unsaved changes were kept only while the
// demo ran, now over.
func demoGone(who string, unsaved int) string {
	return fmt.Sprintf("%s: %s kept in a draft only until this demo ended (demo drafts do not outlive the demo).",
		who, Plural(unsaved, "unsaved change was", "unsaved changes were"))
}
