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
	items   []*apiclient.Customer
	err     error
	filter  string
	sel     int
}

func (p *picker) loaded(page *apiclient.Page, err error) {
	p.loading = false
	p.err = err
	if page != nil {
		p.items = page.Items
	}
}

func (p *picker) visible() []*apiclient.Customer {
	q := strings.ToLower(p.filter)
	var out []*apiclient.Customer
	for _, c := range p.items {
		hay := strings.ToLower(c.DisplayName() + " " + c.Str("city") + " " + c.Str("state") + " " + c.ID())
		if strings.Contains(hay, q) {
			out = append(out, c)
		}
	}
	return out
}

func (m Model) onPickerKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	vis := m.pk.visible()
	switch msg.String() {
	case "up", "ctrl+p", "shift+tab":
		m.pk.sel = max(m.pk.sel-1, 0)
	case "down", "ctrl+n", "tab":
		m.pk.sel = min(m.pk.sel+1, max(len(vis)-1, 0))
	case "enter":
		if m.pk.sel < len(vis) {
			m.id = vis[m.pk.sel].ID()
			return m.load()
		}
	case "backspace", "ctrl+h":
		if r := []rune(m.pk.filter); len(r) > 0 {
			m.pk.filter = string(r[:len(r)-1])
			m.pk.sel = 0
		}
	case "esc", "ctrl+u":
		m.pk.filter, m.pk.sel = "", 0
	default:
		if msg.Text == "q" && m.pk.filter == "" {
			return m.quit()
		}
		if msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			m.pk.filter += msg.Text
			m.pk.sel = 0
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
	vis := m.pk.visible()
	if len(vis) == 0 {
		lines = append(lines, t.S.Subtle.Render("  no customer matches"))
	}
	for k, c := range vis {
		if len(lines) >= height {
			break
		}
		place := strings.Trim(c.Str("city")+", "+c.Str("state"), ", ")
		name := t.SafeCut(c.DisplayName(), 32)
		if c.DisplayName() == c.ID() {
			name = t.S.Null.Render("(no name on record)")
		}
		row := pad(name, 32) + " " + pad(t.SafeCut(place, 20), 20) + " " + c.ID()[:8]
		row = ansi.Truncate(row, width-3, t.G.Ellipsis)
		if k == m.pk.sel {
			lines = append(lines, t.S.LabelFocus.Render(t.G.Focus)+" "+t.S.Selected.Render(row))
		} else {
			lines = append(lines, "  "+row)
		}
	}
	return lines
}
