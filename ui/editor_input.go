package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/forms"
)

// The editor's input: keys, pastes, and the changes they make (with undo).

// set changes field i's value: the record recomputes its diff, the draft
// is written by the caller before the next frame shows it.
func (e *editor) set(i int, v forms.Value) {
	e.remember(i, false)
	e.rec.Set(i, v)
	e.ui[i].serverErr = ""
	e.ui[i].preview = jsonPreview(e.field(i), v)
}

func (e *editor) revert(i int) {
	if e.rec.Touched(i) {
		e.remember(i, false)
	}
	e.rec.Revert(i)
	undo := e.ui[i].undo
	e.ui[i] = fieldUI{cur: len([]rune(e.rec.Value(i).Text)), preview: jsonPreview(e.field(i), e.rec.Value(i)), undo: undo}
}

// remember records field i's value before a change, for ctrl+z. A run of
// typed characters is one step; typed says this change is one of them.
func (e *editor) remember(i int, typed bool) {
	u := &e.ui[i]
	if typed && u.typing {
		return
	}
	u.typing = typed
	u.undo = append(u.undo, undoStep{val: e.rec.Value(i), cur: u.cur})
	if len(u.undo) > maxUndo {
		u.undo = u.undo[1:]
	}
}

// undo puts field i back as it was before its last change.
func (e *editor) undo(i int) bool {
	u := &e.ui[i]
	if len(u.undo) == 0 {
		u.notice = "Nothing to undo in this field."
		return false
	}
	st := u.undo[len(u.undo)-1]
	u.undo, u.typing = u.undo[:len(u.undo)-1], false
	if st.val == e.rec.Base(i) {
		e.rec.Revert(i)
	} else {
		e.rec.Set(i, st.val)
	}
	u.cur, u.notice, u.serverErr = st.cur, "", ""
	u.preview = jsonPreview(e.field(i), e.rec.Value(i))
	return true
}

// update handles the form's keys and pastes, and what the root routes to
// the form: a field to focus, a value from the JSON editor or the review, a
// save's outcome, a status. A change to a value is written to the draft
// before this returns, so before any frame shows it.
func (e *editor) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	rev := e.rec.Rev()
	var next tea.Msg
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		next = e.onKey(msg)
	case tea.PasteMsg:
		e.paste(msg.Content)
	case focusFieldMsg:
		e.focusField(msg.index)
	case jsonTypedMsg:
		// Typed in the JSON editor: one undo step per run of typing, as in
		// the field itself.
		if v := msg.value; v != e.rec.Value(msg.index) {
			e.remember(msg.index, true)
			e.rec.Set(msg.index, v)
			e.ui[msg.index].serverErr = ""
			e.ui[msg.index].preview = jsonPreview(e.field(msg.index), v)
			e.ui[msg.index].cur = len([]rune(v.Text))
		}
	case jsonAcceptedMsg:
		if v := msg.value; v != e.rec.Value(msg.index) {
			e.set(msg.index, v)
			e.ui[msg.index].cur = len([]rune(v.Text))
		}
	case revertFieldsMsg:
		for _, name := range msg.names {
			e.revert(e.c.Schema.Index(name))
		}
	case trimFieldMsg:
		i := e.c.Schema.Index(msg.name)
		e.set(i, forms.TextValue(strings.TrimSpace(e.rec.Value(i).Text)))
	case dropHeldMsg:
		e.rec.Drop(msg.name)
	case statusMsg:
		e.setStatus(msg.text, msg.isErr)
	case draftWrittenMsg:
		e.draftWritten(msg.err)
	case saveFinishedMsg:
		e.saved(msg.f)
	case serverIssuesMsg:
		e.serverIssues(msg.issues)
	case rebasedMsg:
		e.rebased(msg.keepMine)
	case restoredMsg:
		e.restored(msg.text)
	}
	if e.rec.Rev() != rev {
		if !e.draftFailing {
			e.status = "" // the last save's message no longer describes the form
		}
		e.persist()
	}
	return nil, next
}

func (e *editor) onKey(msg tea.KeyPressMsg) tea.Msg {
	k := e.keys
	i := e.focus
	f := e.field(i)
	ui := &e.ui[i]
	switch {
	case key.Matches(msg, k.Review):
		return openReviewMsg{}
	case key.Matches(msg, k.GoTo):
		return openGoToMsg{}
	case key.Matches(msg, k.Search):
		return backToSearchMsg{}
	case key.Matches(msg, k.Expand) && f.Kind == forms.JSON && !e.rec.Absent(i):
		if n := len(e.rec.Value(i).Text); n > previewMaxBytes {
			// The multi-line editor keeps every line as runes and indents
			// it: a value this large is edited from a file instead.
			ui.notice = fmt.Sprintf("Too large to edit here (%d KB): use ccedit set ID %s=@FILE.", n>>10, f.Name)
			return nil
		}
		return openJSONEditorMsg{index: i}
	case key.Matches(msg, k.Next):
		e.move(1)
	case key.Matches(msg, k.Prev):
		e.move(-1)
	case key.Matches(msg, k.NextGroup):
		e.switchGroup(1)
	case key.Matches(msg, k.PrevGroup):
		e.switchGroup(-1)
	case key.Matches(msg, k.PageDown):
		e.page(1)
	case key.Matches(msg, k.PageUp):
		e.page(-1)
	case key.Matches(msg, k.Revert):
		e.revert(i)
	case key.Matches(msg, k.Undo):
		e.undo(i)
	case key.Matches(msg, k.Expand) && f.Kind == forms.JSON:
		ui.notice = absentNotice
	case f.ReadOnly:
	case e.rec.Absent(i):
		if msg.Text != "" || key.Matches(msg, k.Choice.Next, k.Choice.Prev) || msg.String() == "backspace" {
			ui.notice = absentNotice
		}
	case ui.over > 0:
		if msg.Text != "" || msg.Mod&tea.ModCtrl != 0 || msg.String() == "backspace" || msg.String() == "delete" {
			ui.notice = overNotice(f, ui.over)
		}
	case f.IsText():
		ed, ok := editLine([]rune(e.rec.Value(i).Text), ui.cur, msg, f.MaxLen, k.Text)
		if !ok {
			return nil
		}
		if ed.changed {
			typed := msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && msg.Text != " "
			e.remember(i, typed)
			e.rec.Set(i, forms.TextValue(string(ed.text)))
			ui.serverErr, ui.preview = "", jsonPreview(f, e.rec.Value(i))
		} else {
			ui.typing = false // a cursor move ends the run
		}
		ui.cur, ui.notice = ed.cur, ed.notice
	case key.Matches(msg, k.Choice.Next):
		e.set(i, cycleChoice(f, e.rec.Value(i), 1))
		ui.notice, e.ahead = "", "" // the choice is no longer what was typed
	case key.Matches(msg, k.Choice.Prev):
		e.set(i, cycleChoice(f, e.rec.Value(i), -1))
		ui.notice, e.ahead = "", ""
	case key.Matches(msg, k.Choice.Toggle) && f.Kind == forms.Bool:
		e.set(i, cycleChoice(f, e.rec.Value(i), 1))
		ui.notice = ""
	case msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0:
		// A letter picks the next option that starts with it; more letters
		// typed without a pause pick by the option's code or name (wis,
		// new y); anything else says what the field takes, and changes
		// nothing.
		if v, ok := e.typeAhead(f, msg.Text); ok {
			e.set(i, v)
			ui.notice = ""
		} else if len(f.Choices()) > longChoices {
			ui.notice = fmt.Sprintf("No option matches %q: type a code or a name.", e.ahead)
		} else {
			ui.notice = fmt.Sprintf("No choice starts with %q. %s takes: %s.", msg.Text, f.Label, choiceLabels(f))
		}
	}
	return nil
}

// aheadPause ends a type-ahead: the next letter starts a new one.
const aheadPause = time.Second

// longChoices is how many options a list may have for its notices to list
// them all.
const longChoices = 15

// typeAhead picks the option what was typed on a list names: one letter
// (or the same letter again) the next option that starts with it, more
// letters typed without a pause the option whose code or name they start
// (forms.Field.Match).
func (e *editor) typeAhead(f *forms.Field, typed string) (forms.Value, bool) {
	now := e.c.Now()
	if now.Sub(e.aheadAt) > aheadPause || e.aheadField != e.focus {
		e.ahead = ""
	}
	e.aheadAt, e.aheadField = now, e.focus
	e.ahead += strings.ToLower(typed)
	if r := []rune(e.ahead); len(r) > 1 && strings.Count(e.ahead, string(r[0])) != len(r) && len(f.Options) > 0 {
		if m := f.Match(e.ahead); len(m) > 0 {
			return forms.TextValue(m[0]), true
		}
		// Nothing goes on from what was typed: the letter starts afresh,
		// as in any list (l then h on Low/High picks High).
		e.ahead = strings.ToLower(typed)
	}
	return pickChoice(f, e.rec.Value(e.focus), typed)
}

// paste inserts pasted text into the focused text field.
func (e *editor) paste(s string) {
	i := e.focus
	f := e.field(i)
	switch {
	case e.rec.Absent(i):
		e.ui[i].notice = absentNotice
	case e.ui[i].over > 0:
		e.ui[i].notice = overNotice(f, e.ui[i].over)
	case f.ReadOnly || !f.IsText():
		e.setStatus("Paste ignored: the focused field is a list; move to a text field first.", true)
	default:
		// What a copy brings along around the value (a trailing newline
		// from a CRM cell, indentation) is not part of it.
		s = strings.TrimSpace(s)
		ed := insertText([]rune(e.rec.Value(i).Text), e.ui[i].cur, s, f.MaxLen, true)
		if ed.changed {
			e.set(i, forms.TextValue(string(ed.text)))
		}
		e.ui[i].cur, e.ui[i].notice = ed.cur, ed.notice
	}
}
