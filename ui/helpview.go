package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
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
	help := key.NewBinding(key.WithKeys("ctrl+_"), key.WithHelp("ctrl+/, f1 or ?", "this help, on every screen (? where it is not typed as text)"))
	if te, ok := v.of.(textEntry); ok && te.takesText() {
		help.SetHelp("ctrl+/ or f1", "this help, on every screen (? is typed here)")
	}
	global := []key.Binding{help, key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit; asks first when changes are unsaved"))}
	if _, ok := v.of.(unmasked); !ok {
		global = append(global, v.global.Reveal)
	}
	lines := []string{t.S.Title.Render("Keys"), ""}
	for _, g := range append(v.of.FullHelp(), global) {
		col := v.group(g, v.w-2)
		if len(col) == 0 {
			continue
		}
		lines = append(lines, indentLines(col, "  ")...)
		lines = append(lines, "")
	}
	if n, ok := v.of.(interface{ helpNote() string }); ok {
		lines = append(lines, t.S.Subtle.Render("  "+n.helpNote()))
	}
	v.sc.setSize(v.w, v.h)
	v.sc.setLines(lines)
	return v.sc.view()
}

// unmasked is a screen that shows nothing the reveal key (ctrl+v) would
// show whole: its help leaves that key out.
type unmasked interface{ showsNothingMasked() }

// group draws one group of keys in w cells: the keys in a column, each
// description beside its key, wrapped under itself when it is long. bubbles
// help draws a group as one column and drops a column that does not fit
// whole (leaving an ellipsis); here each binding is drawn on its own, with
// lipgloss widths on help's own styles, so a narrow window loses no key.
func (v *helpView) group(g []key.Binding, w int) []string {
	h := v.c.help()
	h.SetWidth(0)
	kw := 0
	for _, b := range g {
		if b.Enabled() {
			kw = max(kw, ansi.StringWidth(b.Help().Key))
		}
	}
	h.Styles.FullKey = h.Styles.FullKey.Width(kw)
	h.Styles.FullDesc = h.Styles.FullDesc.Width(max(w-kw-1, 10))
	var out []string
	for _, b := range g {
		if b.Enabled() && b.Help().Key != "" {
			out = append(out, strings.Split(h.FullHelpView([][]key.Binding{{b}}), "\n")...)
		}
	}
	return out
}
