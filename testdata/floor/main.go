// Command floor is the least a Bubble Tea v2 program with ccedit's screen
// can cost per key: a full 80x24 frame of labelled, styled values, one of
// which takes typed text, drawn by the stock renderer and nothing else (no
// drafts, no validation, no frame writer). .ci/bench types into it in the
// same pseudo-terminal harness as ccedit, vim and nano, so that what
// ccedit costs above the library it is built on is measured, not guessed.
//
// Keys: text is typed into the field, ctrl+u clears it, ctrl+c quits.
package main

import (
	"fmt"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

type model struct {
	w, h int
	text string
}

var (
	label = lipgloss.NewStyle().Foreground(lipgloss.Color("8"))
	focus = lipgloss.NewStyle().Bold(true)
	tab   = lipgloss.NewStyle().Reverse(true).Padding(0, 1)
)

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch msg.String() {
		case "ctrl+c":
			return m, tea.Quit
		case "ctrl+u":
			m.text = ""
		default:
			m.text += msg.Text
		}
	}
	return m, nil
}

func (m model) View() tea.View {
	var b strings.Builder
	b.WriteString(tab.Render("Identity") + "  Contact  Medicare/Medicaid  " + tab.Render("Coverage") + "  Consent\n\n")
	for i := 0; i < m.h-4; i++ {
		name := fmt.Sprintf("Field number %02d", i+1)
		if i == 3 {
			b.WriteString(focus.Render("› "+name) + "  " + m.text + "█  " + fmt.Sprint(len(m.text)) + "\n")
			continue
		}
		b.WriteString("  " + label.Render(name) + "  value of field " + fmt.Sprint(i+1) + "\n")
	}
	b.WriteString("\ntab next  ctrl+s review  ctrl+g go to  ctrl+/ keys  ctrl+c quit")
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

func main() {
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
