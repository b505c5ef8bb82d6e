package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient"
)

// picker lists the demo customers so a new user can open one without
// knowing an ID.
type picker struct {
	loading bool
	items   []pickItem
	vis     []pickItem // items matching filter: derived in Update
	err     error
	filter  string
	sel     int
}

// pickItem is one customer as the picker shows and searches it, decoded
// once when the list arrives.
type pickItem struct {
	id, name, place string
	named           bool   // the record has a name (else name is the id)
	hay             string // lower-case text the filter searches
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

// setFilter changes the filter and the matching items.
func (p *picker) setFilter(f string) {
	p.filter, p.sel = f, 0
	p.refilter()
}

func (p *picker) refilter() {
	q := strings.ToLower(p.filter)
	p.vis = p.vis[:0]
	for _, it := range p.items {
		if strings.Contains(it.hay, q) {
			p.vis = append(p.vis, it)
		}
	}
}

func (m Model) onPickerKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	vis := m.pk.vis
	switch msg.String() {
	case "up", "ctrl+p", "shift+tab":
		m.pk.sel = max(m.pk.sel-1, 0)
	case "down", "ctrl+n", "tab":
		m.pk.sel = min(m.pk.sel+1, max(len(vis)-1, 0))
	case "enter":
		if m.pk.sel < len(vis) {
			m.id = vis[m.pk.sel].id
			return m.load()
		}
	case "backspace", "ctrl+h":
		if r := []rune(m.pk.filter); len(r) > 0 {
			m.pk.setFilter(string(r[:len(r)-1]))
		}
	case "esc", "ctrl+u":
		m.pk.setFilter("")
	default:
		if msg.Text == "q" && m.pk.filter == "" {
			return m.quit()
		}
		if msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			m.pk.setFilter(m.pk.filter + msg.Text)
		}
	}
	return m, nil
}

func (m Model) viewPicker(width, height int) []string {
	t := m.c.Theme
	if m.pk.err != nil {
		f := explain(m.pk.err, "", m.c.KeyHint, false)
		return []string{"", "  " + t.S.Error.Render(t.SafeCut(f.title, width-4))}
	}
	if m.pk.loading {
		return []string{"", "  " + m.spinner() + " Loading customers" + t.G.Ellipsis}
	}
	lines := []string{t.S.Title.Render("Demo customers") + t.S.Subtle.Render(t.G.Sep+"type to filter: ") + t.Safe(m.pk.filter), ""}
	vis := m.pk.vis
	if len(vis) == 0 {
		lines = append(lines, t.S.Subtle.Render("  no customer matches"))
	}
	for k, it := range vis {
		if len(lines) >= height {
			break
		}
		name := t.S.Null.Render("(no name on record)")
		if it.named {
			name = t.SafeCut(it.name, 32)
		}
		row := pad(name, 32) + " " + pad(t.SafeCut(it.place, 20), 20) + " " + it.id[:min(8, len(it.id))]
		row = ansi.Truncate(row, width-3, t.G.Ellipsis)
		if k == m.pk.sel {
			lines = append(lines, t.S.LabelFocus.Render(t.G.Focus)+" "+t.S.Selected.Render(row))
		} else {
			lines = append(lines, "  "+row)
		}
	}
	return lines
}
