package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpView is the full key list of the screen under it (an overlay), drawn
// by bubbles help from that screen's own key map, one group under another
// so a narrow window scrolls rather than dropping columns.
type helpView struct {
	c      *Common
	of     screen
	global globalKeys // the keys every screen takes, listed after its own
	sc     scroller
	close  key.Binding
	w, h   int
}

func newHelpView(c *Common, of screen, global globalKeys) *helpView {
	return &helpView{c: c, of: of, global: global, sc: newScroller(c),
		close: key.NewBinding(key.WithKeys("esc", "enter", "q"), key.WithHelp("esc/q", "close"))}
}

func (v *helpView) setSize(w, h int) { v.w, v.h = w, h }

func (v *helpView) ShortHelp() []key.Binding {
	return append([]key.Binding{v.close}, v.sc.help()...)
}

func (v *helpView) FullHelp() [][]key.Binding { return [][]key.Binding{v.ShortHelp()} }

func (v *helpView) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	if key.Matches(k, v.close) {
		return nil, closeOverlayMsg{}
	}
	v.sc.update(k)
	return nil, nil
}

func (v *helpView) view() string {
	t := v.c.Theme
	h := v.c.help()
	h.SetWidth(v.w - 2)
	lines := []string{t.S.Title.Render("Keys"), ""}
	groups := append(v.of.FullHelp(), []key.Binding{
		key.NewBinding(key.WithKeys("ctrl+_"), key.WithHelp("ctrl+/, f1 or ?", "this help, on every screen (? where it is not typed as text)")),
		key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit; asks first when changes are unsaved")),
		v.global.Reveal,
	})
	for _, g := range groups {
		col := h.FullHelpView([][]key.Binding{g})
		if strings.TrimSpace(col) == "" {
			continue
		}
		lines = append(lines, indentLines(strings.Split(col, "\n"), "  ")...)
		lines = append(lines, "")
	}
	if n, ok := v.of.(interface{ helpNote() string }); ok {
		lines = append(lines, t.S.Subtle.Render("  "+n.helpNote()))
	}
	v.sc.setSize(v.w, v.h)
	v.sc.setLines(lines)
	return v.sc.view()
}
