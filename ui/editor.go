package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/workflow"
)

// editor is the grouped form screen: tabs, fields, focus, and the status
// line. The values and their diff live in a workflow.Record; the editor
// keeps what is about drawing and typing (cursor, notices, scroll).
type editor struct {
	c         *Common
	rec       *workflow.Record
	keys      editorKeys
	ui        []fieldUI    // parallel to c.Schema.Fields()
	drawn     []drawnField // parallel too: fields as last drawn without focus
	drawnTabs memo[tabsFrom]
	// The focused field's parts, as last drawn (editor_view.go).
	drawnPrefix  memo[prefixFrom]
	drawnCounter memo[counterFrom]
	drawnInfo    drawnInfo
	drawnDetail  memo[detailFrom]
	// optionsOnDetail: the focused list field's options are on the detail
	// line (viewChoices); longList: there are too many for it, and typing
	// picks one (ahead).
	optionsOnDetail, longList bool
	// ahead is what was typed on a list to pick an option by its code or
	// name, on which field and when: a pause of aheadPause or another
	// field starts it again.
	ahead      string
	aheadAt    time.Time
	aheadField int
	group      forms.Group
	focus      int                 // index into the schema's fields
	last       map[forms.Group]int // focus to return to per group
	sc         scroller
	status     string // one line under the form: saved, server errors
	statusErr  bool
	// draftFailing: the last draft write failed, and the status says so.
	draftFailing bool
	w, h         int
}

// newEditor is the form on rec, the session's record.
func newEditor(c *Common, rec *workflow.Record) *editor {
	e := &editor{c: c, rec: rec, keys: newEditorKeys(c), last: map[forms.Group]int{}, sc: newScroller(c)}
	e.sc.keys.Up.SetEnabled(false) // ↑/↓ move focus here; the view follows it
	e.sc.keys.Down.SetEnabled(false)
	e.ui = make([]fieldUI, len(c.Schema.Fields()))
	e.resetUI()
	e.focusField(e.firstIn(forms.Identity))
	return e
}

// resetUI puts every cursor at the end of its value and re-derives previews
// and which stored values are over their field's limit.
func (e *editor) resetUI() {
	for i := range e.ui {
		v, f := e.rec.Value(i), e.field(i)
		e.ui[i].cur = len([]rune(v.Text))
		e.ui[i].preview = jsonPreview(f, v)
		e.ui[i].over = 0
		if n := forms.UTF16Len(v.Text); f.MaxLen > 0 && n > f.MaxLen && !e.rec.Touched(i) {
			e.ui[i].over = n
		}
	}
}

// overNotice says why a stored value over its field's limit is not
// edited in place.
func overNotice(f *forms.Field, n int) string {
	return fmt.Sprintf("Stored as %d characters, over the limit of %d: shown cut, not editable here (ctrl+r keeps it; ccedit set can replace it).", n, f.MaxLen)
}

func (e *editor) field(i int) *forms.Field { return &e.c.Schema.Fields()[i] }

func (e *editor) setSize(w, h int) { e.w, e.h = w, h }

func (e *editor) firstIn(g forms.Group) int {
	for _, i := range e.c.Schema.InGroup(g) {
		if !e.field(i).ReadOnly {
			return i
		}
	}
	return e.c.Schema.InGroup(g)[0]
}

// focusField moves focus to field i, switching group when needed.
func (e *editor) focusField(i int) {
	e.ui[e.focus].typing = false
	e.ahead = ""
	e.focus = i
	e.group = e.field(i).Group
	e.last[e.group] = i
	e.ui[i].cur = len([]rune(e.rec.Value(i).Text))
}

// move goes to the next (d>0) or previous (d<0) editable field, d steps
// away, crossing into the neighbouring group at either end.
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
			if !e.field(i).ReadOnly {
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

// page moves focus by about a window of fields within the group.
func (e *editor) page(d int) {
	in := e.c.Schema.InGroup(e.group)
	pos := 0
	for k, i := range in {
		if i == e.focus {
			pos = k
		}
	}
	step := max(e.h/2, 1)
	pos = min(max(pos+d*step, 0), len(in)-1)
	for pos >= 0 && pos < len(in) && e.field(in[pos]).ReadOnly {
		pos += d
	}
	if pos >= 0 && pos < len(in) {
		e.focusField(in[pos])
	}
}

func (e *editor) setStatus(s string, isErr bool) { e.status, e.statusErr = s, isErr }

// persist writes the draft through the session, or deletes it when nothing
// is left unsaved. A failure is shown but does not stop editing. When a
// program draws the form, the write is staged and made just before the next
// frame's bytes go out (frames.go): once per frame, however many changes it
// shows; a failure then comes back as a draftWrittenMsg.
func (e *editor) persist() {
	if e.c.frames != nil {
		_ = e.c.Sess.Persist(true) // staged: the flush says how it went
		return
	}
	e.draftWritten(e.c.Sess.Persist(false))
}

// draftWritten shows how the last draft write went: a failure stays on
// the status line until a write succeeds.
func (e *editor) draftWritten(err error) {
	switch {
	case err != nil && e.c.Sess.Drafts() != nil && e.c.Sess.Drafts().Health() != nil:
		e.draftFailing = true // the banner above the form says it, and stays while it lasts
	case err != nil:
		e.setStatus("Draft not saved ("+err.Error()+"): edits are only in memory.", true)
		e.draftFailing = true
	case e.draftFailing:
		e.draftFailing = false
		if strings.HasPrefix(e.status, "Draft not saved (") {
			e.setStatus("", false)
		}
	}
}

// serverIssues puts each 422 message under its field, focus on the first
// placed one, and says on the status line what was refused.
func (e *editor) serverIssues(issues []apiclient.Issue) {
	unplaced := e.applyServerIssues(issues)
	s := fmt.Sprintf("The server rejected the save (%d problem%s); nothing was changed. Your edits are kept.", len(issues), plural(len(issues)))
	if len(unplaced) > 0 {
		s += " Not tied to a field: " + strings.Join(unplaced, "; ")
	}
	e.setStatus(s, true)
}

// applyServerIssues puts each 422 message under its field and returns the
// paths it could not place; focus goes to the first placed one.
func (e *editor) applyServerIssues(issues []apiclient.Issue) (unplaced []string) {
	first := -1
	for _, is := range issues {
		i := e.c.Schema.Index(is.Field())
		if i < 0 || e.field(i).ReadOnly {
			p, _ := json.Marshal(is.Path)
			unplaced = append(unplaced, string(p)+": "+is.Message)
			continue
		}
		e.ui[i].serverErr = is.Message
		if first < 0 || i < first {
			first = i
		}
	}
	if first >= 0 {
		e.focusField(first)
	}
	return unplaced
}

// rebased shows the record after conflicts were chosen (the session
// rebased it on theirs): a field given back to theirs loses its notices.
func (e *editor) rebased(keepMine map[string]bool) {
	for name, mine := range keepMine {
		if i := e.c.Schema.Index(name); i >= 0 && !mine {
			e.ui[i].notice, e.ui[i].serverErr = "", ""
		}
	}
	e.resetUI()
}

// restored shows a record just restored from a draft: focus goes to the
// first restored field, so what is typed next lands where the agent left
// off, not on the first list.
func (e *editor) restored(text string) {
	for i := range e.c.Schema.Fields() {
		if e.rec.Touched(i) {
			e.focusField(i)
			break
		}
	}
	e.setStatus(text, false)
}

// saved shows a finished save: the session made the record the server
// returned the baseline; notices under the fields that were sent go.
func (e *editor) saved(f workflow.Finished) {
	for i := range e.ui {
		if !e.rec.Touched(i) {
			e.ui[i].notice, e.ui[i].serverErr = "", ""
		}
	}
	e.resetUI()
	e.setStatus(f.Text, f.Differ)
}

// takesText reports whether printable keys are typed into the focused field.
func (e *editor) takesText() bool {
	i := e.focus
	return e.field(i).IsText() && !e.field(i).ReadOnly && !e.rec.Absent(i)
}

// masking reports whether identifiers are masked now: unless --no-mask,
// and not revealed (ctrl+v).
func (c *Common) masking() bool { return c.Mask && !c.Reveal }
