package ui

import (
	"os"
	"syscall"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/ui/draft"
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
	id      string       // the customer open, or being opened
	ed      *editor      // the open customer's form; nil until one loads
	search  *search      // the search screen, once it has been shown
	opened  []string     // every customer opened this session, in order
	drafts  *draft.Store // the session's drafts (Common.Drafts is nil while a customer is open without one)
	active  screen
	overlay screen // go-to, help, quit: gets keys first, drawn instead of the body
	req     int    // the request in flight; other results are stale
	sig     os.Signal
	saved   int   // fields saved this session
	loadErr error // set while a load failure is shown
	discard bool  // the agent discarded the draft on quit
	// noJournal says why this session keeps no draft (another session
	// holds the customer's); "" when it does.
	noJournal string
	idle      idleState // the automatic logoff
	idleOut   bool      // the session ended by it
	// inputEnded: the terminal went away (its input ended), which ends the
	// session as SIGHUP does.
	inputEnded bool
	banner     int // banner lines the screens were last sized for
}

// New returns the root model for cfg.
func New(cfg Config) Model {
	m := Model{c: newCommon(cfg), keys: newGlobalKeys(), id: cfg.CustomerID, idle: idleState{timeout: cfg.IdleTimeout}, drafts: cfg.Drafts}
	m.help = m.c.help()
	if m.id == "" {
		m.search = newSearch(m.c, cfg.Query)
		m.active = m.search
	} else {
		m.opened = []string{m.id}
		m.active = newWait(m.c, "Loading customer "+m.id)
	}
	return m
}

// Init starts loading (or listing, for the picker) and asks the terminal
// for its background colour; no answer simply keeps the dark theme, so a
// silent terminal never stalls start-up.
func (m Model) Init() tea.Cmd {
	if m.id == "" {
		return tea.Batch(m.search.start(), tea.RequestBackgroundColor, m.idleStart())
	}
	return tea.Batch(loadCustomerCmd(m.c.Client, m.id, m.req), tea.RequestBackgroundColor, m.active.(*wait).start(), m.idleStart())
}

func (m *Model) next() int { m.req++; return m.req }

// Update routes each message: results and screen requests to the root's
// handlers, everything else to the overlay or the active screen. When a
// banner came or went, the screens are given their new size.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer m.c.frames.onPanic()
	next, cmd := m.update(msg)
	mm := next.(Model)
	if n := len(mm.banners()); n != mm.banner {
		mm.banner = n
		mm.resize()
	}
	return mm, m.c.frames.guard(cmd)
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		m.sig = msg.Signal
		return m.leave()
	case InputEndedMsg:
		m.sig, m.inputEnded = syscall.SIGHUP, true
		return m.leave()
	case SuspendMsg:
		if m.c.suspender == nil {
			return m, nil
		}
		return m, tea.Exec(m.c.suspender, func(err error) tea.Msg { return resumedMsg{err} })
	case resumedMsg:
		// The terminal may show anything now: draw every cell again.
		return m, tea.ClearScreen
	case idleCheckMsg:
		return m.onIdleCheck()
	case tea.RawMsg: // frame marks (frames.go): output only, nothing changes
		return m, nil
	case draftWrittenMsg:
		if m.ed != nil {
			m.ed.draftWritten(msg.err)
		}
		return m, nil
	case customerLoadedMsg:
		return m.onLoaded(msg)
	case customerSavedMsg:
		return m.onSaved(msg)
	case tea.KeyPressMsg:
		m.touch()
		if mm, cmd, ok := m.globalKey(msg); ok {
			return mm, cmd
		}
	case tea.PasteMsg:
		m.touch()
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
		if q, asking := m.overlay.(*quitDialog); asking {
			if q.problem != "" {
				return m, nil, true // nothing would keep the edits: answer the dialog
			}
			mm, cmd := m.leave() // a second ctrl+c: leave, the draft stays
			return mm, cmd, true
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

// leave ends the session keeping the draft: every change is already in
// it, but it is written once more in case the last write failed (Bubble Tea
// restores the terminal on the way out). SIGHUP, SIGTERM, SIGINT, the idle
// logoff and a second ctrl+c all leave this way.
func (m Model) leave() (Model, tea.Cmd) {
	if m.ed != nil && m.ed.rec.Dirty() > 0 && m.c.Drafts != nil {
		m.ed.persist()
	}
	return m, tea.Quit
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
