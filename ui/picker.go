package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/ui/workflow"
)

// picker lists customers so a user can open one without knowing an ID:
// a filter (bubbles textinput) over a scrolling list.
type picker struct {
	c       *Common
	keys    pickerKeys
	loading bool
	spin    spin
	items   []pickItem
	vis     []pickItem // items matching the filter: derived in update
	err     error
	filter  textinput.Model
	sel     int
	sc      scroller
	w, h    int
}

// pickItem is one customer as the picker shows and searches it, decoded
// once when the list arrives.
type pickItem struct {
	id, name, place string
	named           bool   // the record has a name (else name is the id)
	hay             string // lower-case text the filter searches
}

type pickerKeys struct {
	Up, Down, Open, Clear key.Binding
}

func newPicker(c *Common) *picker {
	g := c.Theme.G
	p := &picker{c: c, loading: true, spin: newSpin(c), filter: newInput(c, "Filter: "), sc: newScroller(c),
		keys: pickerKeys{
			Up:    key.NewBinding(key.WithKeys("up", "ctrl+p", "shift+tab"), key.WithHelp(g.UpKey+"/"+g.DownKey, "choose")),
			Down:  key.NewBinding(key.WithKeys("down", "ctrl+n", "tab")),
			Open:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
			Clear: key.NewBinding(key.WithKeys("esc", "ctrl+u"), key.WithHelp("ctrl+u", "clear the filter")),
		}}
	p.sc.keys.Up.SetEnabled(false) // ↑/↓ choose; the list follows
	p.sc.keys.Down.SetEnabled(false)
	return p
}

func (p *picker) start() tea.Cmd   { return p.spin.start() }
func (p *picker) takesText() bool  { return true }
func (p *picker) setSize(w, h int) { p.w, p.h = w, h }

func (p *picker) ShortHelp() []key.Binding {
	return append([]key.Binding{p.keys.Up, p.keys.Open, p.keys.Clear}, p.sc.help()...)
}

func (p *picker) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.keys.Up, p.keys.Open, p.keys.Clear}, {p.sc.keys.PageDown, p.sc.keys.PageUp, p.sc.keys.Top, p.sc.keys.Bottom}}
}

func (p *picker) loaded(page *apiclient.Page, err error) {
	p.loading = false
	p.err = err
	if page == nil {
		return
	}
	for _, c := range page.Items {
		it := pickItem{id: c.ID(), name: c.DisplayName(), place: strings.Trim(c.Str("city")+", "+c.Str("state"), ", ")}
		it.named = it.name != it.id
		it.hay = strings.ToLower(it.name + " " + it.place + " " + it.id)
		p.items = append(p.items, it)
	}
	p.refilter()
}

func (p *picker) refilter() {
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	p.vis = p.vis[:0]
	for _, it := range p.items {
		if strings.Contains(it.hay, q) {
			p.vis = append(p.vis, it)
		}
	}
	p.sel = 0
}

func (p *picker) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	switch msg := msg.(type) {
	case customersListedMsg:
		p.loaded(msg.page, msg.err)
		return nil, nil
	case tea.PasteMsg:
		if updateInput(&p.filter, msg) {
			p.refilter()
		}
		return nil, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Up):
			p.sel = max(p.sel-1, 0)
		case key.Matches(msg, p.keys.Down):
			p.sel = min(p.sel+1, max(len(p.vis)-1, 0))
		case key.Matches(msg, p.sc.keys.PageDown):
			p.sel = min(p.sel+max(p.h-4, 1), max(len(p.vis)-1, 0))
		case key.Matches(msg, p.sc.keys.PageUp):
			p.sel = max(p.sel-max(p.h-4, 1), 0)
		case key.Matches(msg, p.sc.keys.Top):
			p.sel = 0
		case key.Matches(msg, p.sc.keys.Bottom):
			p.sel = max(len(p.vis)-1, 0)
		case key.Matches(msg, p.keys.Open):
			if p.sel < len(p.vis) {
				return nil, openCustomerMsg{id: p.vis[p.sel].id}
			}
		case key.Matches(msg, p.keys.Clear):
			p.filter.SetValue("")
			p.refilter()
		default:
			if updateInput(&p.filter, msg) {
				p.refilter()
			}
		}
		return nil, nil
	}
	return p.spin.update(msg), nil
}

func (p *picker) view() string {
	t := p.c.Theme
	if p.err != nil {
		f := workflow.Explain(p.err, "", p.c.KeyHint, false)
		return "\n  " + t.S.Error.Render(t.SafeCut(f.Title, p.w-4))
	}
	if p.loading {
		return "\n  " + p.spin.view() + " Loading customers" + t.G.Ellipsis
	}
	title := "Customers"
	if p.c.Demo {
		title = "Demo customers (saves last until the demo ends)"
	}
	head := []string{t.S.Title.Render(title) + t.S.Subtle.Render(t.G.Sep) + inputView(p.filter, p.w-lenCells(title)-4), ""}
	var rows []string
	if len(p.vis) == 0 {
		rows = append(rows, t.S.Subtle.Render("  no customer matches"))
	}
	// The id is shown whole (agents read it back); name and place share
	// what is left.
	rest := max(p.w-3-36-2, 14)
	nameW := rest * 3 / 5
	placeW := rest - nameW
	for k, it := range p.vis {
		name := t.S.Null.Render(ansi.Truncate("(no name on record)", nameW, t.G.Ellipsis))
		if it.named {
			name = t.SafeCut(it.name, nameW)
		}
		row := pad(name, nameW) + " " + pad(t.SafeCut(it.place, placeW), placeW) + " " + it.id
		row = ansi.Truncate(row, p.w-3, t.G.Ellipsis)
		if k == p.sel {
			rows = append(rows, t.S.LabelFocus.Render(t.G.Focus)+" "+t.S.Selected.Render(row))
		} else {
			rows = append(rows, "  "+row)
		}
	}
	p.sc.setSize(p.w, max(p.h-len(head), 1))
	p.sc.setLines(rows)
	p.sc.ensureVisible(p.sel, p.sel+1)
	return strings.Join(head, "\n") + "\n" + p.sc.view()
}

// pad fills s (which may hold styles) with spaces to w cells.
func pad(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

func lenCells(s string) int { return ansi.StringWidth(s) }
