package ui

import (
	"os"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Minimum window; below it only a notice is drawn.
const (
	minWidth  = 60
	minHeight = 18
)

// globalKeys work on every screen: the full help and quit.
type globalKeys struct {
	Help, HelpQ, Quit key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		// ctrl+/ arrives as ctrl+_ on most terminals; it is not text, so it
		// works while a text field has focus. f1 for those who reach for it.
		Help:  key.NewBinding(key.WithKeys("ctrl+_", "ctrl+/", "f1"), key.WithHelp("ctrl+/", "keys")),
		HelpQ: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// textEntry is a screen where printable keys are text (so ? is typed).
type textEntry interface{ takesText() bool }

// Model is the root Bubble Tea model. It holds the active screen and an
// optional overlay, routes messages to them, and switches screens on the
// messages they return; it draws only the header and the footer.
type Model struct {
	c       *Common
	keys    globalKeys
	help    help.Model
	id      string  // the customer open, or being opened
	ed      *editor // the open customer's form; nil until one loads
	active  screen
	overlay screen // go-to, help, quit: gets keys first, drawn instead of the body
	req     int    // the request in flight; other results are stale
	sig     os.Signal
	saved   int   // fields saved this session
	loadErr error // set while a load failure is shown
	discard bool  // the agent discarded the draft on quit
}

// New returns the root model for cfg.
func New(cfg Config) Model {
	m := Model{c: newCommon(cfg), keys: newGlobalKeys(), id: cfg.CustomerID}
	m.help = m.c.help()
	if m.id == "" {
		m.active = newPicker(m.c)
	} else {
		m.active = newWait(m.c, "Loading customer "+m.id)
	}
	return m
}

// Init starts loading (or listing, for the picker) and asks the terminal
// for its background colour; no answer simply keeps the dark theme, so a
// silent terminal never stalls start-up.
func (m Model) Init() tea.Cmd {
	var first tea.Cmd
	if m.id == "" {
		first = listCustomersCmd(m.c.Client, m.req)
	} else {
		first = loadCustomerCmd(m.c.Client, m.id, m.req)
	}
	return tea.Batch(first, tea.RequestBackgroundColor, m.active.(interface{ start() tea.Cmd }).start())
}

func (m *Model) next() int { m.req++; return m.req }

// Update routes each message: results and screen requests to the root's
// handlers, everything else to the overlay or the active screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.BackgroundColorMsg:
		m.c.setDark(msg.IsDark())
		m.help = m.c.help()
		return m, nil
	case SignalMsg:
		// Every change is already in the draft; write it once more in case
		// the last write failed, then leave (Bubble Tea restores the
		// terminal on the way out).
		if m.ed != nil && m.ed.rec.Dirty() > 0 {
			m.ed.persist()
		}
		m.sig = msg.Signal
		return m, tea.Quit
	case tea.RawMsg: // frame marks (frames.go): output only, nothing changes
		return m, nil
	case draftWrittenMsg:
		if m.ed != nil {
			m.ed.draftWritten(msg.err)
		}
		return m, nil
	case customersListedMsg:
		if msg.req != m.req {
			return m, nil
		}
	case customerLoadedMsg:
		return m.onLoaded(msg)
	case customerSavedMsg:
		return m.onSaved(msg)
	case tea.KeyPressMsg:
		if mm, cmd, ok := m.globalKey(msg); ok {
			return mm, cmd
		}
	default:
		if mm, cmd, ok := m.navigate(msg); ok {
			return mm, cmd
		}
	}
	// Keys and pastes go to the overlay when one is open; results and
	// ticks always go to the active screen.
	target := m.active
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		if m.overlay != nil {
			target = m.overlay
		}
	}
	cmd, next := target.update(msg)
	if next == nil {
		return m, cmd
	}
	mm, cmd2 := m.Update(next)
	return mm, tea.Batch(cmd, cmd2)
}

// globalKey handles the keys every screen shares.
func (m Model) globalKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	target, typing := m.active, false
	if m.overlay != nil {
		target = m.overlay
	}
	if te, ok := target.(textEntry); ok {
		typing = te.takesText()
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		if _, asking := m.overlay.(*quitDialog); asking {
			return m, tea.Quit, true // a second ctrl+c: leave, the draft stays
		}
		mm, cmd := m.Update(quitRequestedMsg{})
		return mm.(Model), cmd, true
	case key.Matches(msg, m.keys.Help), key.Matches(msg, m.keys.HelpQ) && !typing:
		if _, open := m.overlay.(*helpView); open {
			m.overlay = nil
			return m, nil, true
		}
		if m.overlay == nil {
			m.overlay = newHelpView(m.c, m.active)
			m.resize()
			return m, nil, true
		}
	}
	return m, nil, false
}

// Outcome is what main reports after the program ends.
type Outcome struct {
	CustomerID string    // the customer open at the end, if any
	Saved      int       // fields saved during the session
	Unsaved    int       // changed or invalid fields left unsaved
	Discarded  bool      // the agent chose to discard them
	DraftPath  string    // where the unsaved changes are kept, if anywhere
	LoadError  error     // the failure the program ended on, if it never loaded
	Signal     os.Signal // the signal that ended the program, if any
}

// Outcome summarises the session for the exit message.
func (m Model) Outcome() Outcome {
	o := Outcome{CustomerID: m.id, Saved: m.saved, Discarded: m.discard, Signal: m.sig, LoadError: m.loadErr}
	if m.c.Drafts != nil {
		_ = m.c.Drafts.Flush() // changes made but not drawn before the program ended
	}
	if m.ed != nil {
		o.Unsaved = m.ed.rec.Dirty()
	}
	if m.c.Drafts != nil && m.id != "" {
		if p := m.c.Drafts.Path(m.id); fileExists(p) {
			o.DraftPath = p
		}
	}
	return o
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
