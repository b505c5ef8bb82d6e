package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/forms"
)

// newInput is a bubbles textinput for a query (go-to, picker filter): no
// blinking (an idle screen writes nothing), themed, one line.
func newInput(c *Common, prompt string) textinput.Model {
	t := c.Theme
	in := textinput.New()
	in.Prompt = prompt
	st := textinput.DefaultStyles(true)
	st.Focused.Prompt = t.S.Title
	st.Blurred.Prompt = t.S.Title
	// Typed text in the terminal's own colour: a coloured character costs
	// an SGR sequence per keystroke on the wire.
	st.Focused.Text = lipgloss.NewStyle()
	st.Focused.Placeholder = t.S.Subtle
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.Focus()
	return in
}

// updateInput passes a key or paste to a query input and keeps its value
// free of control and invisible characters: textinput passes bidi
// overrides and zero-width characters to the terminal as typed. It
// reports whether the value changed.
func updateInput(in *textinput.Model, msg tea.Msg) bool {
	if p, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(p.Content)}
	}
	before := in.Value()
	*in, _ = in.Update(msg)
	if v := in.Value(); v != before {
		if clean := forms.StripUnsafe(v); clean != v {
			in.SetValue(clean)
		}
		return in.Value() != before
	}
	return false
}

// inputView draws the input cut to w cells.
func inputView(in textinput.Model, w int) string {
	return ansi.Truncate(in.View(), w, "")
}
