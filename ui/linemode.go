package ui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/theme"
)

// lineMode is the accessible, line-by-line interface (TERM=dumb or
// --accessible): no screen drawing, no cursor movement, one question and one
// answer per line, so a screen reader can follow it. It shares the editor's
// state, the diff, the conflict-checking save and the drafts with the
// full-screen program; only the conversation differs.
type lineMode struct {
	c    *Common
	id   string
	ed   *editor
	in   *bufio.Scanner
	out  io.Writer
	sent int
}

// RunLineMode runs the accessible mode until the agent quits or input ends.
func RunLineMode(cfg Config, in io.Reader, out io.Writer) Outcome {
	c := newCommon(cfg)
	c.Theme = theme.NewPlain(c.Theme.G) // no colour, no styling sequences
	lm := &lineMode{c: c, id: cfg.CustomerID, in: bufio.NewScanner(in), out: out}
	lm.in.Buffer(make([]byte, 64<<10), 1<<20)
	return lm.run()
}

func (lm *lineMode) say(format string, a ...any) { fmt.Fprintf(lm.out, format+"\n", a...) }

// ask prints a question and reads one line; ok is false at end of input.
func (lm *lineMode) ask(q string) (string, bool) {
	fmt.Fprint(lm.out, q+" ")
	if !lm.in.Scan() {
		lm.say("")
		return "", false
	}
	return strings.TrimRight(lm.in.Text(), "\r"), true
}

func (lm *lineMode) run() Outcome {
	if lm.id == "" && lm.c.Demo {
		lm.id = lm.pick()
	}
	if lm.id == "" {
		lm.say("Give a customer ID: ccedit --accessible CUSTOMER_ID")
		return Outcome{LoadError: errors.New("no customer ID")}
	}
	cust, err := lm.load()
	if err != nil {
		return Outcome{LoadError: err}
	}
	lm.ed = newEditor(lm.c, cust)
	lm.say("Customer %s (%s) loaded. Type help for the commands.", lm.safe(cust.DisplayName()), lm.id)
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

// pick lists the demo customers and asks for one.
func (lm *lineMode) pick() string {
	msg := listCustomersCmd(lm.c.Client, 0)().(customersListedMsg)
	if msg.err != nil || len(msg.page.Items) == 0 {
		lm.say("The demo customers could not be listed.")
		return ""
	}
	lm.say("Demo customers:")
	for i, c := range msg.page.Items {
		lm.say("  %d. %s, %s %s", i+1, lm.safe(c.DisplayName()), lm.safe(c.Str("city")), lm.safe(c.Str("state")))
	}
	ans, _ := lm.ask("Open which one? (number)")
	n, err := strconv.Atoi(strings.TrimSpace(ans))
	if err != nil || n < 1 || n > len(msg.page.Items) {
		return ""
	}
	return msg.page.Items[n-1].ID()
}

func (lm *lineMode) outcome() Outcome {
	o := Outcome{Saved: lm.sent, Unsaved: lm.ed.dirty()}
	if lm.c.Drafts != nil && o.Unsaved > 0 {
		o.DraftPath = lm.c.Drafts.Path(lm.id)
	}
	return o
}

func (lm *lineMode) safe(s string) string { return lm.c.Theme.Safe(s) }

// load fetches the customer, waiting out rate limits.
func (lm *lineMode) load() (*apiclient.Customer, error) {
	for attempt := 0; ; attempt++ {
		msg := loadCustomerCmd(lm.c.Client, lm.id, 0)().(customerLoadedMsg)
		if msg.err == nil {
			return msg.cust, nil
		}
		f := explain(msg.err, lm.id, lm.c.KeyHint, false)
		lm.say("%s", lm.safe(f.title))
		if f.detail != "" {
			lm.say("Server said: %s", lm.safe(f.detail))
		}
		if f.wait > 0 && attempt < 3 {
			lm.say("Waiting %d seconds, then trying again.", f.wait)
			time.Sleep(time.Duration(f.wait) * time.Second)
			continue
		}
		if f.hint != "" {
			lm.say("%s", lm.safe(f.hint))
		}
		return nil, msg.err
	}
}

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
			lm.ed.fields[i].revert()
			lm.changed()
			lm.say("%s is back to its loaded value.", lm.ed.fields[i].f.Label)
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

func (lm *lineMode) list(arg string) {
	for _, g := range forms.AllGroups() {
		if arg != "" && !strings.HasPrefix(strings.ToLower(g.String()), strings.ToLower(arg)) {
			continue
		}
		lm.say("%s (%d unsaved):", g, lm.ed.counts[g])
		for _, i := range lm.c.Schema.InGroup(g) {
			fs := &lm.ed.fields[i]
			mark := ""
			if lm.ed.isChanged(fs.f.Name) {
				mark = " (changed)"
			}
			lm.say("  %d. %s (%s): %s%s", i+1, fs.f.Label, fs.f.Name, lm.value(fs.f, fs.val), mark)
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
	case v.Text == "":
		return `"" (empty)`
	}
	return `"` + lm.safe(v.Text) + `"`
}

func (lm *lineMode) find(arg string) (int, bool) {
	if n, err := strconv.Atoi(arg); err == nil && n >= 1 && n <= len(lm.ed.fields) {
		return n - 1, true
	}
	g := goTo{input: arg}
	g.refresh(lm.c.Schema)
	if arg == "" || len(g.matches) == 0 {
		lm.say("No field matches %q. Type list to see them.", lm.safe(arg))
		return 0, false
	}
	return g.matches[0], true
}

func (lm *lineMode) edit(arg string) {
	i, ok := lm.find(arg)
	if !ok {
		return
	}
	fs := &lm.ed.fields[i]
	f := fs.f
	if f.ReadOnly {
		lm.say("%s (%s) is read-only: %s.", f.Label, f.Name, lm.value(f, fs.val))
		return
	}
	if fs.absent {
		lm.say("%s (%s): %s", f.Label, f.Name, absentNotice)
		return
	}
	lm.say("%s (%s). Now %s; loaded %s.", f.Label, f.Name, lm.value(f, fs.val), lm.value(f, fs.base))
	if f.Help != "" {
		lm.say("%s", f.Help)
	}
	var v forms.Value
	if ch := f.Choices(); ch != nil {
		var opts []string
		for k, c := range ch {
			opts = append(opts, fmt.Sprintf("%d %s", k+1, choiceLabel(f, c)))
		}
		ans, ok := lm.ask("Choose (" + strings.Join(opts, ", ") + "), or Enter to keep:")
		if !ok || strings.TrimSpace(ans) == "" {
			return
		}
		k, err := strconv.Atoi(strings.TrimSpace(ans))
		if err != nil || k < 1 || k > len(ch) {
			probe := *fs
			if !probe.pick(strings.TrimSpace(ans)) {
				lm.say("Not one of the choices; %s is unchanged.", f.Label)
				return
			}
			v = probe.val
		} else {
			v = choiceValue(ch[k-1])
		}
	} else {
		limit := ""
		if f.MaxLen > 0 {
			limit = fmt.Sprintf(" (at most %d characters)", f.MaxLen)
		}
		ans, ok := lm.ask("New value" + limit + "; a single - clears it; Enter keeps it:")
		if !ok || ans == "" {
			return
		}
		v = forms.TextValue(ans)
		if ans == "-" {
			v = forms.TextValue("")
		}
	}
	if v != fs.base {
		if _, err := forms.Encode(f, v); err != nil {
			lm.say("Not accepted: %s. %s is unchanged.", err, f.Label)
			return
		}
	}
	fs.set(v)
	lm.changed()
	if ch := lm.ed.change(f.Name); ch != nil {
		lm.say("%s: %s -> %s (unsaved).", f.Label, lm.safe(rawPlain(ch.Before, 200)), lm.safe(rawPlain(ch.After, 200)))
	} else {
		lm.say("%s is unchanged.", f.Label)
	}
}

// changed recomputes the diff and writes the draft, before saying anything.
func (lm *lineMode) changed() {
	lm.ed.recompute()
	if err := writeDraft(lm.c, lm.id, lm.ed); err != nil {
		lm.say("Warning: the draft was not saved (%s); edits are only in memory.", lm.safe(err.Error()))
	}
}
