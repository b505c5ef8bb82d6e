package ui

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
	"github.com/carecycle/ccedit/ui/workflow"
)

// lineMode is the accessible, line-by-line face (TERM=dumb or
// --accessible): no screen drawing, no cursor movement, one question and
// one answer per line, so a screen reader can follow it. It drives the
// same customer session as the full screen (workflow.Session): opening,
// the lock and draft questions, saving and quitting follow the session's
// rules; only the conversation differs.
type lineMode struct {
	c       *Common
	s       *workflow.Session
	ctx     context.Context
	clock   workflow.Clock
	in      *bufio.Scanner
	out     io.Writer
	query   string      // the search to start with
	results []searchRow // the last find, for open N
	input   lineInput   // reads answers: idle logoff, signals
	loadErr error       // the failure the session ended on, if it never opened
	done    bool        // the agent chose to leave
	outMu   sync.Mutex  // say's lines, from the rate limit's watch (watched) too
}

// RunLineMode runs the accessible mode until the agent quits, input ends,
// a signal arrives (Config.Signals) or the idle logoff closes it.
func RunLineMode(cfg Config, in io.Reader, out io.Writer) Outcome {
	return runLineMode(context.Background(), cfg, workflow.SystemClock(), in, out)
}

func runLineMode(ctx context.Context, cfg Config, clock workflow.Clock, in io.Reader, out io.Writer) Outcome {
	c := newCommon(cfg)
	c.Theme = theme.NewPlain(c.Theme.G) // no colour, no styling sequences
	lm := &lineMode{c: c, s: c.Sess, ctx: ctx, clock: clock, query: cfg.Query, in: bufio.NewScanner(in), out: out,
		input: lineInput{timeout: cfg.IdleTimeout, signals: cfg.Signals}}
	lm.in.Buffer(make([]byte, 64<<10), 1<<20)
	return lm.run(cfg.CustomerID)
}

func (lm *lineMode) say(format string, a ...any) {
	lm.outMu.Lock()
	defer lm.outMu.Unlock()
	fmt.Fprintf(lm.out, format+"\n", a...)
}

// ask prints a question and reads one line; ok is false at the end of
// input, after a signal, and once the idle logoff has closed the session.
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

func (lm *lineMode) run(id string) Outcome {
	if id != "" {
		lm.open(id)
	} else {
		lm.say("Type find and a name, phone number or e-mail to search; open N opens a result. Type help for the commands.")
		if q := lm.query; q != "" {
			lm.find(q)
		}
	}
	for !lm.done && !lm.input.ended() {
		line, ok := lm.ask(">")
		if !ok {
			break
		}
		lm.command(strings.TrimSpace(line))
	}
	return lm.outcome()
}

func (lm *lineMode) outcome() Outcome {
	e := lm.input.ending()
	e.LoadError = lm.loadErr
	o := Outcome{Report: lm.s.Report(e)}
	if e.Signal != 0 {
		o.Signal = lm.input.sig
	}
	return o
}

// open loads a customer and makes it the one edited, after the session's
// questions. The customer open before keeps its unsaved changes in its
// draft; when no draft can hold them, it stays open and says so.
func (lm *lineMode) open(id string) {
	if lm.s.Record() != nil && lm.s.ID() == id {
		// Opening it again would read it afresh and offer the agent's own
		// edits of a minute ago as "from an earlier session".
		lm.say("%s is open already. Type list to see it.", lm.safe(lm.s.Record().Name()))
		return
	}
	if problem := lm.s.CanLeave(); problem != "" {
		lm.say("Save or discard these changes first: no draft holds them (%s).", lm.safe(problem))
		return
	}
	if rec := lm.s.Record(); rec != nil && lm.s.ID() != id {
		if n := rec.Dirty(); n > 0 {
			lm.say("%s: %d unsaved change%s kept in a draft; open it again to restore them.", lm.safe(rec.Name()), n, plural(n))
		}
	}
	var cust *apiclient.Customer
	var err error
	lm.watched(func() {
		cust, err = workflow.LoadPatiently(lm.ctx, lm.c.Client, lm.clock, id, 3, func(ex workflow.Explanation) {
			lm.say("%s Waiting %d seconds, then trying again.", lm.safe(ex.Title), int(ex.Wait.Seconds()))
		})
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
		if lm.s.Record() == nil {
			lm.loadErr, lm.done = err, true
		}
		return
	}
	lm.follow(lm.s.Open(id, cust))
}

// follow answers the session's questions until the record is open for
// editing, or the agent leaves.
func (lm *lineMode) follow(step workflow.Step) {
	text := ""
	for {
		switch step {
		case workflow.StepLocked:
			step = lm.askLock()
			continue
		case workflow.StepDraft:
			step, text = lm.offerDraft()
			continue
		case workflow.StepConflicts:
			keep, ok := lm.askConflicts()
			if !ok {
				lm.done = true
				return
			}
			text, step = lm.s.Choose(keep), workflow.StepEdit
			continue
		case workflow.StepReload:
			lm.open(lm.s.ID())
			return
		case workflow.StepQuit:
			lm.done = true
			return
		}
		break
	}
	rec := lm.s.Record()
	lm.say("Customer %s (%s) loaded. Type help for the commands.", lm.safe(rec.Name()), lm.s.ID())
	if text != "" {
		lm.say("%s Type review to see them.", lm.safe(text))
	}
	if n := lm.s.Notice(); n != "" {
		lm.say("%s", lm.safe(n))
	}
	switch store := lm.s.Drafts(); {
	case lm.s.NoDraft() != "":
		lm.say("Warning: no draft is kept in this session (%s): edits stay only in memory until saved.", lm.safe(lm.s.NoDraft()))
	case store != nil && store.Health() != nil:
		lm.say("Warning: drafts cannot be written (%s): edits stay only in memory until saved.", lm.safe(workflow.DraftReason(store.Health())))
	}
}

// find searches and lists the results, numbered for open.
func (lm *lineMode) find(text string) {
	ctx, cancel := context.WithTimeout(lm.ctx, workflow.RequestTimeout)
	defer cancel()
	q := searchText(text)
	var page *apiclient.Page
	var err error
	lm.watched(func() { page, err = lm.c.Client.Search(ctx, apiclient.ListQuery{Search: q, Page: 1, Limit: pageSize}) })
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

// openArg opens result n of the last find, or a customer id.
func (lm *lineMode) openArg(arg string) {
	if uuidRE.MatchString(arg) {
		lm.open(strings.ToLower(arg))
		return
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 1 || n > len(lm.results) {
		lm.say("Give a number from the last find (1 to %d), or a customer id.", len(lm.results))
		return
	}
	lm.open(lm.results[n-1].id)
}

func (lm *lineMode) safe(s string) string { return lm.c.Theme.Safe(s) }

func (lm *lineMode) command(line string) {
	verb, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	v := strings.ToLower(verb)
	switch v {
	case "find", "search":
		lm.find(arg)
		return
	case "open":
		lm.openArg(arg)
		return
	case "quit", "q", "exit":
		lm.done = lm.quit()
		return
	case "help", "?":
		lm.say("Commands: find TEXT searches; open N opens a result (the customer before keeps its changes in a draft);")
		lm.say("list [GROUP] shows fields; edit FIELD (or just FIELD) changes one; revert FIELD; drop FIELD (a kept edit);")
		lm.say("review shows what would be sent; save sends it after asking; quit.")
		lm.say("FIELD is a label, an API name, or a number from list. Groups: Identity, Contact, Medicare, Coverage, Consent, Record.")
		return
	case "":
		return
	}
	if lm.s.Record() == nil {
		lm.say("Open a customer first: find TEXT, then open N.")
		return
	}
	switch v {
	case "list", "l", "ls":
		lm.list(arg)
	case "edit", "e", "set":
		lm.edit(arg)
	case "revert":
		if i, ok := lm.fieldNamed(arg); ok {
			lm.s.Record().Revert(i)
			lm.changed()
			lm.say("%s is back to its loaded value.", lm.field(i).Label)
		}
	case "drop":
		if i, ok := lm.fieldNamed(arg); ok {
			name := lm.field(i).Name
			if _, held := lm.s.Record().HeldValue(name); !held {
				lm.say("%s has no kept edit to drop.", lm.field(i).Label)
				return
			}
			if err := lm.s.Drop(name); err != nil {
				lm.say("Warning: the draft was not saved (%s).", lm.safe(workflow.DraftReason(err)))
			}
			lm.say("The kept edit of %s is dropped.", lm.field(i).Label)
		}
	case "review", "diff":
		lm.review()
	case "save":
		lm.save()
	default:
		lm.edit(line) // a bare field name edits it
	}
}

func (lm *lineMode) field(i int) *forms.Field { return &lm.c.Schema.Fields()[i] }

func (lm *lineMode) list(arg string) {
	rec := lm.s.Record()
	for _, g := range forms.AllGroups() {
		if arg != "" && !strings.HasPrefix(strings.ToLower(g.String()), strings.ToLower(arg)) {
			continue
		}
		lm.say("%s (%d unsaved):", g, rec.Count(g))
		for _, i := range lm.c.Schema.InGroup(g) {
			f := lm.field(i)
			mark := ""
			if rec.Change(f.Name) != nil {
				mark = " (changed)"
			}
			v := lm.value(f, rec.Value(i), rec.Touched(i), lm.c.Mask)
			switch held, ok := rec.HeldValue(f.Name); {
			case ok:
				v = "not sent by the server; kept in the draft: " + lm.value(f, held, true, lm.c.Mask)
			case rec.Absent(i):
				v = "not sent by the server"
			}
			lm.say("  %d. %s (%s): %s%s", i+1, f.Label, f.Name, v, mark)
		}
	}
}

// value says a value in the words every face uses (forms.Say), quoted when
// it is the value itself; masked identifiers say how to see them.
func (lm *lineMode) value(f *forms.Field, v forms.Value, set, mask bool) string {
	s := forms.Say(f, v, forms.SayOptions{Mask: mask, Set: set})
	out := lm.safe(s.Quoted())
	if s.Word == forms.WordMasked {
		out += " (masked; edit the field to see it)"
	}
	return out
}

// change says a change's two values in the same words (forms.SayChange:
// never masked so far that they read the same).
func (lm *lineMode) change(f *forms.Field, before, after []byte) (string, string) {
	b, a := forms.SayChange(f, before, after, forms.SayOptions{Mask: lm.c.Mask})
	return lm.safe(b.Quoted()), lm.safe(a.Quoted())
}

// raw says a raw value (a change's before or after) in the same words.
func (lm *lineMode) raw(f *forms.Field, raw []byte, set bool) string {
	return lm.safe(forms.SayRaw(f, raw, forms.SayOptions{Mask: lm.c.Mask, Set: set}).Quoted())
}

// fieldNamed finds the field arg names (a number from list, an API name,
// a label or an alias, or the start of words of one: Schema.Find).
func (lm *lineMode) fieldNamed(arg string) (int, bool) {
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= len(lm.c.Schema.Fields()) {
		return n - 1, true
	}
	matches := lm.c.Schema.Find(arg)
	if strings.TrimSpace(arg) == "" || len(matches) == 0 {
		lm.say("No field matches %q. Type list to see them.", lm.safe(arg))
		return 0, false
	}
	return matches[0], true
}

// changed writes the draft before saying anything.
func (lm *lineMode) changed() {
	if err := lm.s.Persist(false); err != nil {
		lm.say("Warning: the draft was not saved (%s); edits are only in memory.", lm.safe(err.Error()))
	}
}
