package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/workflow"
)

// lineMode is the accessible, line-by-line interface (TERM=dumb or
// --accessible): no screen drawing, no cursor movement, one question and one
// answer per line, so a screen reader can follow it. It runs the same
// record workflow as the full screen (workflow.Record, Save, drafts); only
// the conversation differs.
type lineMode struct {
	c       *Common
	ctx     context.Context
	clock   workflow.Clock
	id      string
	rec     *workflow.Record
	in      *bufio.Scanner
	out     io.Writer
	sent    int
	query   string      // the search to start with
	results []searchRow // the last find, for open N
	others  []string    // customers left with unsaved changes
	drafts  *draft.Store
	// noJournal says why this session keeps no draft of the customer
	// open; "" when it does.
	noJournal string
	idle      lineIdle // the automatic logoff
	quitting  bool     // the agent chose to quit at a lock question
}

// RunLineMode runs the accessible mode until the agent quits or input ends.
func RunLineMode(cfg Config, in io.Reader, out io.Writer) Outcome {
	return runLineMode(context.Background(), cfg, workflow.SystemClock(), in, out)
}

func runLineMode(ctx context.Context, cfg Config, clock workflow.Clock, in io.Reader, out io.Writer) Outcome {
	c := newCommon(cfg)
	c.Theme = theme.NewPlain(c.Theme.G) // no colour, no styling sequences
	lm := &lineMode{c: c, ctx: ctx, clock: clock, id: cfg.CustomerID, query: cfg.Query, in: bufio.NewScanner(in), out: out,
		drafts: cfg.Drafts, idle: lineIdle{timeout: cfg.IdleTimeout}}
	lm.in.Buffer(make([]byte, 64<<10), 1<<20)
	return lm.run()
}

func (lm *lineMode) say(format string, a ...any) { fmt.Fprintf(lm.out, format+"\n", a...) }

// ask prints a question and reads one line; ok is false at end of input,
// and once the idle timeout has closed the session.
func (lm *lineMode) ask(q string) (string, bool) {
	fmt.Fprint(lm.out, q+" ")
	line, ok := lm.readLine(q)
	if !ok {
		lm.say("")
	}
	return line, ok
}

// scan reads one line from the input.
func (lm *lineMode) scan() (string, bool) {
	if !lm.in.Scan() {
		return "", false
	}
	return strings.TrimRight(lm.in.Text(), "\r"), true
}

func (lm *lineMode) run() Outcome {
	if lm.id != "" {
		if err := lm.openID(lm.id); err != nil {
			return Outcome{CustomerID: lm.id, LoadError: loadError(err)}
		}
	} else {
		lm.say("Type find and a name, phone number or e-mail to search; open N opens a result. Type help for the commands.")
		if q := lm.query; q != "" {
			lm.find(q)
		}
	}
	for {
		line, ok := lm.ask(">")
		if !ok {
			return lm.outcome()
		}
		if quit := lm.command(strings.TrimSpace(line)); quit {
			return lm.outcome()
		}
	}
}

// openID loads a customer and makes it the one edited; the one before
// keeps its unsaved changes in its draft.
func (lm *lineMode) openID(id string) error {
	cust, err := workflow.LoadPatiently(lm.ctx, lm.c.Client, lm.clock, id, 3, func(ex workflow.Explanation) {
		lm.say("%s Waiting %d seconds, then trying again.", lm.safe(ex.Title), int(ex.Wait.Seconds()))
	})
	if err != nil {
		ex := workflow.Explain(err, id, lm.c.KeyHint, false)
		lm.say("%s", lm.safe(ex.Title))
		if ex.Detail != "" {
			lm.say("%s: %s", ex.DetailLabel(), lm.safe(ex.Detail))
		}
		if ex.Hint != "" {
			lm.say("%s", lm.safe(ex.Hint))
		}
		return err
	}
	if lm.rec != nil {
		if n := lm.rec.Dirty(); n > 0 && lm.c.Drafts != nil && lm.c.Drafts.Health() == nil {
			lm.say("%s: %d unsaved change%s kept in a draft; open it again to restore them.", lm.safe(lm.rec.Name()), n, plural(n))
			lm.others = append(lm.others, lm.id)
		} else if n > 0 {
			lm.say("%s: %d unsaved change%s discarded (no draft holds them).", lm.safe(lm.rec.Name()), n, plural(n))
		}
		if lm.c.Drafts != nil {
			lm.c.Drafts.Unlock(lm.id) // its draft, if any, is complete: another session may take it
		}
	}
	// Each customer starts with the session's drafts; a customer opened
	// without a draft (held elsewhere) does not take them from the next.
	lm.c.Drafts, lm.noJournal = lm.drafts, ""
	lm.id = id
	lm.rec = workflow.NewRecord(lm.c.Schema, cust)
	lm.say("Customer %s (%s) loaded. Type help for the commands.", lm.safe(lm.rec.Name()), lm.id)
	if !lm.lock() {
		return errLockDeclined
	}
	if lm.c.Drafts != nil && lm.c.Drafts.Health() != nil {
		lm.say("Warning: drafts cannot be written (%s): edits stay only in memory until saved.", lm.safe(reason(lm.c.Drafts.Health())))
	}
	lm.offerDraft(cust)
	return nil
}

// errLockDeclined: the agent would rather quit than open a customer whose
// draft another session holds.
var errLockDeclined = errors.New("the customer is open in another session")

// loadError is what the outcome reports of a failed open: nothing when
// the agent chose to quit at the lock question.
func loadError(err error) error {
	if errors.Is(err, errLockDeclined) {
		return nil
	}
	return err
}

// find searches and lists the results, numbered for open.
func (lm *lineMode) find(text string) {
	ctx, cancel := context.WithTimeout(lm.ctx, workflow.RequestTimeout)
	defer cancel()
	q := searchText(text)
	page, err := lm.c.Client.Search(ctx, apiclient.ListQuery{Search: q, Page: 1, Limit: pageSize})
	if err != nil {
		lm.say("The search failed: %s", lm.safe(workflow.Explain(err, "", lm.c.KeyHint, false).Title))
		return
	}
	lm.results = lm.results[:0]
	for _, c := range page.Items {
		lm.results = append(lm.results, newSearchRow(lm.c, c))
	}
	switch {
	case len(lm.results) == 0:
		lm.say("No customer matches %q. Try part of the last name, the phone number's last digits, or the e-mail.", lm.safe(q))
		return
	case unfiltered(q, lm.results):
		lm.say("None of these holds %q: the server may not have filtered.", lm.safe(q))
	}
	lm.say("%d of %d customers:", len(lm.results), page.ItemsTotal)
	for i, r := range lm.results {
		name := r.name
		if !r.named {
			name = "(no name on record)"
		}
		draft := ""
		if r.draft {
			draft = " (has a draft)"
		}
		lm.say("  %d. %s, %s, %s%s", i+1, lm.safe(name), lm.safe(r.phone), lm.safe(r.place), draft)
	}
	lm.say("Type open and a number.")
}

// open opens result n of the last find, or a customer id.
func (lm *lineMode) open(arg string) {
	if uuidRE.MatchString(arg) {
		lm.openOrQuit(strings.ToLower(arg))
		return
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 1 || n > len(lm.results) {
		lm.say("Give a number from the last find (1 to %d), or a customer id.", len(lm.results))
		return
	}
	lm.openOrQuit(lm.results[n-1].id)
}

// openOrQuit opens a customer; declining at the lock question ends the
// session, as it does at start.
func (lm *lineMode) openOrQuit(id string) {
	if errors.Is(lm.openID(id), errLockDeclined) {
		lm.quitting = true
	}
}

func (lm *lineMode) outcome() Outcome {
	o := Outcome{CustomerID: lm.id}
	if lm.rec != nil {
		o.Saved, o.Unsaved = lm.sent, lm.rec.Dirty()
	}
	if lm.idle.closed {
		o.IdleLogoff = lm.idle.timeout
	}
	draftOutcome(&o, lm.c.Drafts, lm.noJournal)
	for _, id := range lm.others {
		if id != lm.id && lm.drafts != nil && lm.drafts.Exists(id) && !slices.Contains(o.OtherDrafts, id) {
			o.OtherDrafts = append(o.OtherDrafts, id)
		}
	}
	return o
}

// lock takes the customer's draft lock; when another session holds it, it
// says who and asks whether to go on without a draft. It reports false
// when the agent would rather quit.
func (lm *lineMode) lock() bool {
	var le *draft.LockedError
	if lm.c.Drafts == nil || !errors.As(lm.c.Drafts.Lock(lm.id), &le) {
		return true
	}
	lm.say("This customer is open in another ccedit session%s.", lm.safe(strings.TrimSuffix(" ("+holderText(lm.c, le.Holder)+")", " ()")))
	lm.say("That session keeps its edits in this customer's draft; this one can only work without a draft, and its edits would be lost if the link dropped before they were saved.")
	ans, ok := lm.ask("Open it without a draft (o) or quit (q)?")
	if !ok || !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ans)), "o") {
		return false
	}
	lm.noJournal, lm.c.Drafts = noJournalReason(lm.c, le.Holder), nil
	return true
}

func (lm *lineMode) safe(s string) string { return lm.c.Theme.Safe(s) }

func (lm *lineMode) command(line string) (quit bool) {
	verb, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	v := strings.ToLower(verb)
	switch v {
	case "find", "search":
		lm.find(arg)
		return false
	case "open":
		lm.open(arg)
		return lm.quitting
	case "quit", "q", "exit":
		if lm.rec == nil {
			return true
		}
	}
	if lm.rec == nil && v != "" && v != "help" && v != "?" {
		lm.say("Open a customer first: find TEXT, then open N.")
		return false
	}
	switch v {
	case "":
	case "help", "?":
		lm.say("Commands: find TEXT searches; open N opens a result (the customer before keeps its changes in a draft);")
		lm.say("list [GROUP] shows fields; edit FIELD (or just FIELD) changes one; revert FIELD;")
		lm.say("review shows what would be sent; save sends it after asking; quit.")
		lm.say("FIELD is a label, an API name, or a number from list. Groups: Identity, Contact, Medicare, Coverage, Consent, Record.")
	case "list", "l", "ls":
		lm.list(arg)
	case "edit", "e", "set":
		lm.edit(arg)
	case "revert":
		if i, ok := lm.fieldNamed(arg); ok {
			lm.rec.Revert(i)
			lm.changed()
			lm.say("%s is back to its loaded value.", lm.field(i).Label)
		}
	case "review", "diff":
		lm.review()
	case "save":
		lm.save()
	case "quit", "q", "exit":
		return lm.quit()
	default:
		lm.edit(line) // a bare field name edits it
	}
	return false
}

func (lm *lineMode) field(i int) *forms.Field { return &lm.c.Schema.Fields()[i] }

func (lm *lineMode) list(arg string) {
	for _, g := range forms.AllGroups() {
		if arg != "" && !strings.HasPrefix(strings.ToLower(g.String()), strings.ToLower(arg)) {
			continue
		}
		lm.say("%s (%d unsaved):", g, lm.rec.Count(g))
		for _, i := range lm.c.Schema.InGroup(g) {
			f := lm.field(i)
			mark := ""
			if lm.rec.Change(f.Name) != nil {
				mark = " (changed)"
			}
			v := lm.value(f, lm.rec.Value(i))
			if val := lm.rec.Value(i); lm.c.Mask && !val.Null {
				if m := forms.Mask(f, val.Text); m != val.Text {
					v = `"` + lm.safe(m) + `" (masked; edit the field to see it)`
				}
			}
			if !lm.rec.Touched(i) && lm.rec.Value(i) == forms.TextValue("") {
				v = `"" (empty)` // stored so; null only once the agent clears it
			}
			lm.say("  %d. %s (%s): %s%s", i+1, f.Label, f.Name, v, mark)
		}
	}
}

// value says a value for people: not set, quoted text, Yes/No.
func (lm *lineMode) value(f *forms.Field, v forms.Value) string {
	switch {
	case v.Null:
		return "not set"
	case f.Choices() != nil:
		return choiceLabel(f, v.Text)
	case v.Text == "" && f.Nullable:
		return "null (cleared)"
	case v.Text == "":
		return `"" (empty)`
	case f.Kind == forms.Int:
		if n, err := forms.Normalize(f, v.Text); err == nil {
			return n // as it will be saved: 52,000 is 52000
		}
		return lm.safe(v.Text)
	}
	return `"` + lm.safe(v.Text) + `"`
}

func (lm *lineMode) fieldNamed(arg string) (int, bool) {
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= len(lm.c.Schema.Fields()) {
		return n - 1, true
	}
	matches := findFields(lm.c.Schema, arg)
	if arg == "" || len(matches) == 0 {
		lm.say("No field matches %q. Type list to see them.", lm.safe(arg))
		return 0, false
	}
	return matches[0], true
}

// changed writes the draft before saying anything.
func (lm *lineMode) changed() {
	if err := workflow.WriteDraft(lm.c.Drafts, lm.id, lm.rec, lm.c.Now()); err != nil {
		lm.say("Warning: the draft was not saved (%s); edits are only in memory.", lm.safe(err.Error()))
	}
}
