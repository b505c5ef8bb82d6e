package ui

import (
	"encoding/json"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
)

// editor is the grouped form: tabs, fields, focus, edits and their diff.
type editor struct {
	c      *Common
	keys   KeyMap
	cust   *apiclient.Customer // the raw baseline, as the server sent it
	name   string              // the customer's name, derived with the baseline
	fields []fieldState        // parallel to c.Schema.Fields()
	group  forms.Group
	focus  int                 // index into fields
	last   map[forms.Group]int // focus to return to per group
	// Derived in Update after every edit (recompute), read by View.
	changes   []forms.Change      // in display order
	invalids  []forms.Invalid     // in display order
	changed   map[string]int      // API name → index in changes
	invalid   map[string]error    // API name → why it cannot be sent
	counts    map[forms.Group]int // changed or invalid fields per group
	rev       int                 // bumped by every change to a value
	status    string              // one line under the form: saved, server errors
	statusErr bool
}

func newEditor(c *Common, cust *apiclient.Customer) *editor {
	e := &editor{c: c, keys: DefaultKeyMap(), last: map[forms.Group]int{}}
	fs := c.Schema.Fields()
	e.fields = make([]fieldState, len(fs))
	for i := range fs {
		e.fields[i].f = &fs[i]
	}
	e.setBaseline(cust)
	e.focus = e.firstIn(forms.Identity)
	return e
}

// setBaseline makes cust the record edits are compared with. Untouched
// fields follow it; touched ones keep the agent's value.
func (e *editor) setBaseline(cust *apiclient.Customer) {
	e.cust = cust
	e.name = cust.DisplayName()
	for i := range e.fields {
		f := e.fields[i].f
		raw, present := cust.Fields[f.Name]
		e.fields[i].absent = !present && !f.ReadOnly
		e.fields[i].setBase(forms.Decode(f, raw))
	}
	e.recompute()
}

// edits returns the values of the touched fields.
func (e *editor) edits() forms.Edits {
	out := forms.Edits{}
	for _, fs := range e.fields {
		if fs.touched {
			out[fs.f.Name] = fs.val
		}
	}
	return out
}

// recompute derives the diff, invalid set and per-group counts.
func (e *editor) recompute() {
	e.changes, e.invalids = forms.Diff(e.c.Schema, e.cust.Fields, e.edits())
	e.changed = make(map[string]int, len(e.changes))
	for i, c := range e.changes {
		e.changed[c.Field.Name] = i
	}
	e.invalid = make(map[string]error, len(e.invalids))
	e.counts = forms.CountByGroup(e.changes)
	for _, in := range e.invalids {
		e.invalid[in.Field.Name] = in.Err
		e.counts[in.Field.Group]++
	}
}

func (e *editor) dirty() int { return len(e.changes) + len(e.invalid) }

func (e *editor) isChanged(name string) bool {
	_, ok := e.changed[name]
	return ok
}

// change returns the pending change of a field, or nil.
func (e *editor) change(name string) *forms.Change {
	if i, ok := e.changed[name]; ok {
		return &e.changes[i]
	}
	return nil
}

func (e *editor) firstIn(g forms.Group) int {
	for _, i := range e.c.Schema.InGroup(g) {
		if !e.fields[i].f.ReadOnly {
			return i
		}
	}
	return e.c.Schema.InGroup(g)[0]
}

// focusField moves focus to field i, switching group when needed.
func (e *editor) focusField(i int) {
	e.focus = i
	e.group = e.fields[i].f.Group
	e.last[e.group] = i
	fs := &e.fields[i]
	fs.cur = len([]rune(fs.val.Text))
}

// move goes to the next (d=1) or previous (d=-1) editable field, crossing
// into the neighbouring group at either end.
func (e *editor) move(d int) {
	order := e.navOrder()
	pos := 0
	for k, i := range order {
		if i == e.focus {
			pos = k
		}
	}
	pos = ((pos+d)%len(order) + len(order)) % len(order)
	e.focusField(order[pos])
}

// navOrder is every editable field in tab order.
func (e *editor) navOrder() []int {
	var out []int
	for _, g := range forms.AllGroups() {
		for _, i := range e.c.Schema.InGroup(g) {
			if !e.fields[i].f.ReadOnly {
				out = append(out, i)
			}
		}
	}
	return out
}

func (e *editor) switchGroup(d int) {
	gs := forms.AllGroups()
	g := gs[(int(e.group)+d+len(gs))%len(gs)]
	if i, ok := e.last[g]; ok {
		e.focusField(i)
		return
	}
	e.focusField(e.firstIn(g))
}

// update handles a key while the form has focus. It returns false for keys
// it does not own (the root handles quit, review, go-to, help).
func (e *editor) update(msg tea.KeyPressMsg) bool {
	fs := &e.fields[e.focus]
	k := e.keys
	switch {
	case key.Matches(msg, k.Next):
		e.move(1)
		return true
	case key.Matches(msg, k.Prev):
		e.move(-1)
		return true
	case key.Matches(msg, k.NextGroup):
		e.switchGroup(1)
		return true
	case key.Matches(msg, k.PrevGroup):
		e.switchGroup(-1)
		return true
	case key.Matches(msg, k.Revert):
		fs.revert()
	case fs.f.ReadOnly:
		return false
	case fs.absent:
		if msg.Text != "" || key.Matches(msg, k.ChoiceNext, k.ChoicePrev) || msg.String() == "backspace" {
			fs.notice = absentNotice
			return true
		}
		return false
	case fs.f.IsText():
		if !fs.editKey(msg) {
			return false
		}
	case key.Matches(msg, k.ChoiceNext):
		fs.cycle(1)
	case key.Matches(msg, k.ChoicePrev):
		fs.cycle(-1)
	case msg.Text != "" && msg.Text != "q" && msg.Text != "?" && msg.Mod == 0:
		if !fs.pick(msg.Text) {
			return true // swallow: a stray letter on a list does nothing
		}
	default:
		return false
	}
	e.status = "" // the last save's message no longer describes the form
	e.rev++
	e.recompute()
	return true
}

// paste inserts pasted text into the focused text field.
func (e *editor) paste(s string) {
	fs := &e.fields[e.focus]
	if fs.absent {
		fs.notice = absentNotice
		return
	}
	if !fs.f.IsText() {
		e.setStatus("Paste ignored: the focused field is a list; move to a text field first.", true)
		return
	}
	fs.insert(s, true)
	e.recompute()
}

func (e *editor) setStatus(s string, isErr bool) { e.status, e.statusErr = s, isErr }

// applyServerIssues puts each 422 message under its field and returns the
// paths it could not place.
func (e *editor) applyServerIssues(issues []apiclient.Issue) (unplaced []string, first int) {
	first = -1
	for _, is := range issues {
		i := e.c.Schema.Index(is.Field())
		if i < 0 || e.fields[i].f.ReadOnly {
			p, _ := json.Marshal(is.Path)
			unplaced = append(unplaced, string(p)+": "+is.Message)
			continue
		}
		e.fields[i].serverErr = is.Message
		if first < 0 || i < first {
			first = i
		}
	}
	if first >= 0 {
		e.focusField(first)
	}
	return unplaced, first
}

// rebase makes theirs (the record on the server now) the baseline. For each
// conflicting field, keepMine says whether the agent's value stays; the
// others drop the edit and show theirs.
func (e *editor) rebase(theirs *apiclient.Customer, keepMine map[string]bool) {
	for name, mine := range keepMine {
		if i := e.c.Schema.Index(name); i >= 0 && !mine {
			e.fields[i].revert()
			e.fields[i].touched = false
		}
	}
	e.setBaseline(theirs)
	for name := range keepMine {
		if i := e.c.Schema.Index(name); i >= 0 {
			e.fields[i].cur = len([]rune(e.fields[i].val.Text))
		}
	}
}

// afterSave makes the returned record the baseline and clears the edits
// that were sent; it returns the fields the server stored differently.
func (e *editor) afterSave(cust *apiclient.Customer, sent []forms.Change) []forms.Change {
	var differ []forms.Change
	for _, ch := range sent {
		i := e.c.Schema.Index(ch.Field.Name)
		e.fields[i].touched = false
		e.fields[i].notice, e.fields[i].serverErr = "", ""
		if got, ok := cust.Fields[ch.Field.Name]; !ok || !forms.SameJSON(got, ch.After) {
			differ = append(differ, forms.Change{Field: ch.Field, Before: ch.After, After: got})
		}
	}
	e.setBaseline(cust)
	return differ
}
