package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
)

// review is the diff preview: only the changed fields, before → after, and
// optionally the exact JSON body that will be sent.
type review struct {
	changes  []forms.Change
	invalid  []forms.Invalid
	body     string
	showJSON bool
	scroll   int
}

// newReview takes the diff the editor keeps current; it does not diff again.
func newReview(e *editor) review {
	return review{changes: e.changes, invalid: e.invalids, body: string(forms.Patch(e.changes))}
}

func (m Model) viewReview(width, height int) []string {
	t := m.c.Theme
	rv := m.rv
	var lines []string
	switch {
	case len(rv.invalid) > 0:
		lines = append(lines, t.S.Error.Bold(true).Render(fmt.Sprintf("Can't save yet: %d field%s %s invalid.",
			len(rv.invalid), plural(len(rv.invalid)), map[bool]string{true: "is", false: "are"}[len(rv.invalid) == 1])), "")
		for _, in := range rv.invalid {
			lines = append(lines, t.S.Error.Render(t.G.Invalid)+" "+t.S.Subtle.Render(fmt.Sprintf("%-18s", in.Field.Group.String()))+
				in.Field.Label+" "+t.S.APIName.Render("("+in.Field.Name+")"))
			for _, l := range wrap(in.Err.Error(), width-4) {
				lines = append(lines, "    "+t.S.Error.Render(l))
			}
		}
		return lines
	case len(rv.changes) == 0:
		return []string{t.S.Title.Render("Nothing changed."), "", "Nothing will be sent to the API."}
	}
	title := fmt.Sprintf("Review: %d change%s to send", len(rv.changes), plural(len(rv.changes)))
	lines = append(lines, t.S.Title.Render(title)+
		t.S.Subtle.Render(ansi.Truncate(" as PATCH /v2/customers/"+m.id, width-ansi.StringWidth(title), t.G.Ellipsis)), "")
	if rv.showJSON {
		lines = append(lines, t.S.Subtle.Render("Exact request body (Content-Type: application/json):"))
		for _, l := range wrapPlain(rv.body, width-2) {
			lines = append(lines, "  "+t.Safe(l))
		}
	} else {
		const groupW = 18
		for _, ch := range rv.changes {
			name := fmt.Sprintf("%s %s", ch.Field.Label, t.S.APIName.Render("("+ch.Field.Name+")"))
			lines = append(lines, t.S.Changed.Render(t.G.Changed)+" "+
				t.S.Subtle.Render(fmt.Sprintf("%-*s", groupW, ch.Field.Group.String()))+name)
			valW := (width - 8 - ansi.StringWidth(t.G.Arrow)) / 2
			lines = append(lines, "    "+t.S.Before.Render(rawDisplay(t, ch.Before, valW))+" "+t.G.Arrow+" "+
				t.S.After.Render(rawDisplay(t, ch.After, valW)))
		}
	}
	// Scroll when the list is taller than the screen.
	if len(lines) > height {
		off := min(rv.scroll, len(lines)-height)
		lines = lines[off : off+height]
	}
	return lines
}

// wrapPlain cuts s into lines of at most w bytes-as-cells; the body is
// JSON, so cutting anywhere is fine for display.
func wrapPlain(s string, w int) []string {
	if w < 10 {
		w = 10
	}
	var out []string
	for ansi.StringWidth(s) > w {
		cut := ansi.Truncate(s, w, "")
		out = append(out, cut)
		s = s[len(cut):]
	}
	return append(out, s)
}

func (m Model) reviewHelp() [][2]string {
	switch {
	case len(m.rv.invalid) > 0:
		return [][2]string{{"enter", "go to the first invalid field"}, {"esc/ctrl+b", "back"}}
	case len(m.rv.changes) == 0:
		return [][2]string{{"enter/esc", "back to editing"}}
	}
	j := "show JSON body"
	if m.rv.showJSON {
		j = "show fields"
	}
	return [][2]string{{"enter/y", "send"}, {"j", j}, {"esc/ctrl+b/n", "keep editing"}}
}

func (m Model) onReviewKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Confirm):
		switch {
		case len(m.rv.invalid) > 0:
			m.ed.focusField(m.c.Schema.Index(m.rv.invalid[0].Field.Name))
			m.st = stEditing
		case len(m.rv.changes) == 0:
			m.ed.setStatus("Nothing changed, so nothing was sent.", false)
			m.st = stEditing
		default:
			return m.save()
		}
	case key.Matches(msg, m.keys.Back), msg.String() == "ctrl+s":
		m.st = stEditing
	case key.Matches(msg, m.keys.JSON):
		m.rv.showJSON = !m.rv.showJSON
	case msg.String() == "down" || msg.String() == "ctrl+n":
		m.rv.scroll++
	case msg.String() == "up" || msg.String() == "ctrl+p":
		m.rv.scroll = max(m.rv.scroll-1, 0)
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	}
	return m, nil
}
