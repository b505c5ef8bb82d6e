package ui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

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
	c     *Common
	ctx   context.Context
	clock workflow.Clock
	id    string
	rec   *workflow.Record
	in    *bufio.Scanner
	out   io.Writer
	sent  int
	// noJournal says why this session keeps no draft; "" when it does.
	noJournal string
	idle      lineIdle // the automatic logoff
}

// RunLineMode runs the accessible mode until the agent quits or input ends.
func RunLineMode(cfg Config, in io.Reader, out io.Writer) Outcome {
	return runLineMode(context.Background(), cfg, workflow.SystemClock(), in, out)
}

func runLineMode(ctx context.Context, cfg Config, clock workflow.Clock, in io.Reader, out io.Writer) Outcome {
	c := newCommon(cfg)
	c.Theme = theme.NewPlain(c.Theme.G) // no colour, no styling sequences
	lm := &lineMode{c: c, ctx: ctx, clock: clock, id: cfg.CustomerID, in: bufio.NewScanner(in), out: out,
		idle: lineIdle{timeout: cfg.IdleTimeout}}
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
	if lm.id == "" {
		lm.id = lm.pick()
	}
	if lm.id == "" {
		lm.say("Give a customer ID: ccedit --accessible CUSTOMER_ID")
		return Outcome{LoadError: errors.New("no customer ID")}
	}
	cust, err := workflow.LoadPatiently(lm.ctx, lm.c.Client, lm.clock, lm.id, 3, func(ex workflow.Explanation) {
		lm.say("%s Waiting %d seconds, then trying again.", lm.safe(ex.Title), int(ex.Wait.Seconds()))
	})
	if err != nil {
		ex := workflow.Explain(err, lm.id, lm.c.KeyHint, false)
		lm.say("%s", lm.safe(ex.Title))
		if ex.Detail != "" {
			lm.say("%s: %s", ex.DetailLabel(), lm.safe(ex.Detail))
		}
		if ex.Hint != "" {
			lm.say("%s", lm.safe(ex.Hint))
		}
		return Outcome{LoadError: err}
	}
	lm.rec = workflow.NewRecord(lm.c.Schema, cust)
	lm.say("Customer %s (%s) loaded. Type help for the commands.", lm.safe(lm.rec.Name()), lm.id)
	if !lm.lock() {
		return Outcome{CustomerID: lm.id}
	}
	if lm.c.Drafts != nil && lm.c.Drafts.Health() != nil {
		lm.say("Warning: drafts cannot be written (%s): edits stay only in memory until saved.", lm.safe(reason(lm.c.Drafts.Health())))
	}
	lm.offerDraft(cust)
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

// pick lists customers and asks for one.
func (lm *lineMode) pick() string {
	ctx, cancel := context.WithTimeout(lm.ctx, workflow.RequestTimeout)
	defer cancel()
	page, err := lm.c.Client.ListCustomers(ctx, "", 1, 100)
	if err != nil || len(page.Items) == 0 {
		lm.say("The customers could not be listed.")
		return ""
	}
	lm.say("Customers:")
	for i, c := range page.Items {
		lm.say("  %d. %s, %s %s", i+1, lm.safe(c.DisplayName()), lm.safe(c.Str("city")), lm.safe(c.Str("state")))
	}
	ans, _ := lm.ask("Open which one? (number)")
	n, err := strconv.Atoi(strings.TrimSpace(ans))
	if err != nil || n < 1 || n > len(page.Items) {
		return ""
	}
	return page.Items[n-1].ID()
}

func (lm *lineMode) outcome() Outcome {
	o := Outcome{CustomerID: lm.id, Saved: lm.sent, Unsaved: lm.rec.Dirty()}
	if lm.idle.closed {
		o.IdleLogoff = lm.idle.timeout
	}
	draftOutcome(&o, lm.c.Drafts, lm.noJournal)
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
	switch strings.ToLower(verb) {
	case "":
	case "help", "?":
		lm.say("Commands: list [GROUP] shows fields; edit FIELD (or just FIELD) changes one; revert FIELD;")
		lm.say("review shows what would be sent; save sends it after asking; quit.")
		lm.say("FIELD is a label, an API name, or a number from list. Groups: Identity, Contact, Medicare, Coverage, Consent, Record.")
	case "list", "l", "ls":
		lm.list(arg)
	case "edit", "e", "set":
		lm.edit(arg)
	case "revert":
		if i, ok := lm.find(arg); ok {
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
			lm.say("  %d. %s (%s): %s%s", i+1, f.Label, f.Name, lm.value(f, lm.rec.Value(i)), mark)
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
		return lm.safe(v.Text)
	}
	return `"` + lm.safe(v.Text) + `"`
}

func (lm *lineMode) find(arg string) (int, bool) {
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
