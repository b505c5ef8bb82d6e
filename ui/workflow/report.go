package workflow

import (
	"fmt"
	"strings"
	"time"
)

// Ending is how a session ended, for the exit report.
type Ending struct {
	Signal     int           // the signal that ended it (1 SIGHUP, 15 SIGTERM…); 0: none
	SignalName string        // "hangup"
	IdleLogoff time.Duration // > 0: closed after this long without input
	InputEnded bool          // the terminal went away
	// LoadError is why the customer could not be opened, when the session
	// ended on it (raw: it may hold the server's words).
	LoadError error
}

// Report is what the session did with the agent's edits, said at the end:
// each customer left with unsaved changes, where they are kept (or why
// not), and the command that opens them again.
type Report struct {
	Ending Ending
	// Current is the customer open at the end; Name and ID empty when none.
	Current Customer
	Others  []Customer // other customers left this session with a draft
	Saved   int        // fields saved this session
	Notices []string   // said during the session and worth repeating (a draft moved aside)
	// HidePaths says the drafts are on a server the agent cannot reach
	// (ccedit serve): the report says so in words, not by path.
	HidePaths bool
	// Demo says how long the drafts last when they are a demo's.
	Demo DemoDrafts
}

// Customer is one customer in the report.
type Customer struct {
	ID, Name  string
	Unsaved   int    // changed, invalid or held fields left unsaved
	Discarded int    // unsaved changes the agent discarded on quit
	Draft     string // the draft file there: holding every unsaved change when NotKept is ""
	// NotKept says why unsaved changes were not kept in a draft; "" when
	// they were, or there are none.
	NotKept string
	// Unknown is how many fields were on their way to the server when the
	// session ended: whether they were saved is not known.
	Unknown int
	Reopen  string // the command that opens the customer again
	// Declined: the agent quit at the lock question; the draft there is
	// another session's.
	Declined bool
}

// Report says what happened to the edits, as the session ends the way e
// says. The draft store is flushed first: changes made but not drawn
// before the end are in it.
func (s *Session) Report(e Ending) Report {
	r := Report{Ending: e, Saved: s.saved, Notices: s.notices}
	if s.o.Drafts != nil {
		_ = s.o.Drafts.Flush()
	}
	if e.IdleLogoff > 0 && !s.ended {
		_ = s.audit(Event{Kind: EventIdleLogoff, CustomerID: s.id})
	}
	if s.id != "" && e.LoadError == nil {
		r.Current = s.customer()
		if c := r.Current; !s.ended && c.Unsaved > 0 && c.NotKept == "" && !c.Declined && c.Discarded == 0 {
			_ = s.audit(Event{Kind: EventDraftKept, CustomerID: s.id, Fields: editNames(s.rec)})
		}
	}
	s.ended = true
	for _, l := range s.left {
		if l.id != s.id && l.unsaved > 0 && l.kept && s.o.Drafts != nil && s.o.Drafts.Exists(l.id) {
			r.Others = append(r.Others, Customer{ID: l.id, Name: l.name, Unsaved: l.unsaved,
				Draft: s.o.Drafts.Path(l.id), Reopen: s.o.Reopen(l.id)})
		}
	}
	return r
}

// customer reports the open customer.
func (s *Session) customer() Customer {
	c := Customer{ID: s.id, Reopen: s.o.Reopen(s.id), Discarded: s.discarded, Declined: s.declined}
	if s.rec != nil {
		c.Name, c.Unsaved = s.rec.Name(), s.rec.Dirty()
	}
	c.Unknown = len(s.inFlight)
	if s.rec == nil {
		// Never opened here (the lock question was open, or declined): the
		// draft there, if any, is another session's.
		c.Declined = true
		return c
	}
	if s.declined || s.store == nil {
		if c.Unsaved > 0 && !s.declined {
			c.NotKept = s.DraftProblem()
		}
		return c
	}
	if s.store.Exists(s.id) {
		c.Draft = s.store.Path(s.id)
	}
	if c.Unsaved > 0 {
		if err := s.store.Health(); err != nil {
			c.NotKept = "the draft could not be written: " + DraftReason(err)
		} else if c.Draft == "" {
			c.NotKept = "the draft could not be written"
		}
	}
	return c
}

// Unkept reports whether unsaved edits were lost: not saved and not kept
// in a draft (the exit status says so).
func (r Report) Unkept() bool { return r.Current.Unsaved > 0 && r.Current.NotKept != "" }

// Line is one line of the report: a sentence or two, or a command to run.
type Line struct {
	Text     string
	Verbatim bool // a command or a path: on a line of its own, never wrapped
	More     bool // goes on from the line before: not prefixed again
}

// Lines says the report, in the order a person needs it: how the session
// ended, then each customer's edits and the command that opens them again.
// Names and server words are raw: sanitize before printing.
func (r Report) Lines() []Line {
	var out []Line
	say := func(format string, a ...any) { out = append(out, Line{Text: fmt.Sprintf(format, a...)}) }
	run := func(cmd string) { out = append(out, Line{Text: cmd, Verbatim: true}) }
	path := run // a path, like a command, is copied whole: never wrapped
	more := func(format string, a ...any) { out = append(out, Line{Text: fmt.Sprintf(format, a...), More: true}) }
	// at ends a sentence that leads up to where draft p is: the path on a
	// line of its own, or, where the agent cannot reach it, words.
	at := func(local, onServer, p string) {
		if r.HidePaths {
			say("%s%s.", onServer, r.until())
			return
		}
		say("%s", local)
		path(p)
	}
	gone := r.Demo == DemoEnded // the drafts went with the demo
	e, c := r.Ending, r.Current
	switch {
	case e.InputEnded:
		say("The terminal went away (its input ended); the session ended as a dropped link ends it.")
	case e.Signal != 0:
		say("Stopped by signal %d (%s).", e.Signal, e.SignalName)
	}
	if e.IdleLogoff > 0 {
		say("Closed after %s with no key pressed (automatic logoff; see --idle-timeout).", e.IdleLogoff)
	}
	if e.LoadError != nil {
		say("The customer was not loaded: %s", e.LoadError.Error())
		return out
	}
	who := name(c)
	if c.Unknown > 0 {
		say("%s: a save of %s was on its way when the session ended; whether it reached the server is not known. "+
			"Opening the customer again reads the record and compares it with the draft.", who, Plural(c.Unknown, "field", "fields"))
	}
	switch {
	case c.Declined:
	case c.Discarded > 0 && (c.Draft == "" || gone):
		say("%s: %s discarded.", who, Plural(c.Discarded, "unsaved change", "unsaved changes"))
	case c.Discarded > 0:
		n := Plural(c.Discarded, "unsaved change", "unsaved changes")
		at(fmt.Sprintf("%s: %s discarded, but the draft could not be deleted; it is still at", who, n),
			fmt.Sprintf("%s: %s discarded, but the draft could not be deleted; it is still on this server", who, n), c.Draft)
	case c.Unsaved > 0 && c.NotKept != "":
		n := Plural(c.Unsaved, "unsaved change was", "unsaved changes were")
		if c.Draft == "" || gone {
			say("%s: %s NOT kept: %s.", who, n, c.NotKept)
			break
		}
		at(fmt.Sprintf("%s: %s NOT kept: %s. An older draft of them is at", who, n, c.NotKept),
			fmt.Sprintf("%s: %s NOT kept: %s. An older draft of them is kept on this server", who, n, c.NotKept), c.Draft)
		more("To restore it, run:")
		run(c.Reopen)
	case c.Unsaved > 0 && gone:
		say("%s", demoGone(who, c.Unsaved))
	case c.Unsaved > 0:
		n := Plural(c.Unsaved, "unsaved change is", "unsaved changes are")
		at(fmt.Sprintf("%s: %s kept in the draft", who, n), fmt.Sprintf("%s: %s kept in your draft on this server", who, n), c.Draft)
		more("To restore %s, run:", them(c.Unsaved))
		run(c.Reopen)
	case c.Draft != "" && !gone:
		at(fmt.Sprintf("%s: the draft from an earlier session is kept at", who),
			fmt.Sprintf("%s: the draft from an earlier session is kept on this server", who), c.Draft)
		more("To restore it, run:")
		run(c.Reopen)
	case r.Saved > 0:
		say("Saved %s.", Plural(r.Saved, "field", "fields"))
	}
	if e.IdleLogoff > 0 && c.Unsaved == 0 && c.Draft == "" && c.ID != "" && !c.Declined {
		say("To open the customer again, run:")
		run(c.Reopen)
	}
	for _, o := range r.Others {
		if gone {
			say("%s", demoGone(name(o), o.Unsaved))
			continue
		}
		n := Plural(o.Unsaved, "unsaved change is", "unsaved changes are")
		at(fmt.Sprintf("%s: %s in the draft", name(o), n), fmt.Sprintf("%s: %s in your draft on this server", name(o), n), o.Draft)
		more("To restore %s, run:", them(o.Unsaved))
		run(o.Reopen)
	}
	for _, n := range r.Notices {
		say("%s", n)
	}
	return out
}

// them is "it" for one change and "them" for more.
func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// name is how the report names a customer: their name, or their ID when
// the record has none.
func name(c Customer) string {
	if c.Name == "" || c.Name == c.ID {
		return "Customer " + c.ID
	}
	return c.Name
}

// Text is the report for a terminal width columns wide: each sentence
// wrapped at spaces (never inside a word; a longer word, such as a path,
// stands on a line of its own), the first line of each after prefix and
// the rest indented as deep, and each command on a line of its own.
func (r Report) Text(width int, prefix string, safe func(string) string) string {
	var b strings.Builder
	indent := strings.Repeat(" ", len(prefix))
	for _, l := range r.Lines() {
		text := safe(l.Text)
		if l.Verbatim {
			b.WriteString(indent + "  " + text + "\n")
			continue
		}
		first := prefix
		if l.More {
			first = indent
		}
		for _, line := range Wrap(text, width, first, indent) {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// Wrap breaks text into lines of at most width columns at spaces, never
// inside a word; a word longer than the width (a path) stands on a line of
// its own. The first line is prefixed with first and the others with rest.
func Wrap(text string, width int, first, rest string) []string {
	var lines []string
	line, empty := first, true
	for _, w := range strings.Fields(text) {
		switch {
		case empty:
			line += w
			empty = false
		case len([]rune(line))+1+len([]rune(w)) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = rest + w
		}
	}
	if !empty {
		lines = append(lines, line)
	}
	return lines
}
