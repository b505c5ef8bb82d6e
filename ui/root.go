package ui

import (
	"os"
	"syscall"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Minimum window; below it only a notice is drawn.
const (
	minWidth  = 60
	minHeight = 18
)

// globalKeys work on every screen and overlay: the full help, quit, and
// showing identifiers.
type globalKeys struct {
	Help, HelpQ, Quit, Reveal key.Binding
}

func newGlobalKeys(c *Common) globalKeys {
	k := globalKeys{
		// ctrl+/ arrives as ctrl+_ on most terminals; it is not text, so it
		// works while a text field has focus. f1 for those who reach for it.
		Help:   key.NewBinding(key.WithKeys("ctrl+_", "ctrl+/", "f1"), key.WithHelp("ctrl+/", "keys")),
		HelpQ:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Reveal: key.NewBinding(key.WithKeys("ctrl+v"), key.WithHelp("ctrl+v", "show / mask identifiers and birth dates")),
	}
	k.Reveal.SetEnabled(c.Mask)
	return k
}

// Capabilities a screen may have, asked of it through interfaces so that
// the root needs no concrete type to route.
type (
	// textEntry is a screen where printable keys are text (so ? is typed).
	textEntry interface{ takesText() bool }
	// quitAnswer is a screen that answers ctrl+c itself (the quit question:
	// a second ctrl+c leaves when a draft keeps the edits).
	quitAnswer interface{ onQuitKey() tea.Msg }
)

// Model is the root Bubble Tea model. It holds the active screen and the
// overlays over it, routes messages to them, and switches screens on the
// requests they return, acting on the session (Common.Sess) for them. It
// draws only the header, the banners and the footer.
type Model struct {
	c        *Common
	keys     globalKeys
	help     help.Model
	id       string   // the customer on screen, or being loaded
	ed       *editor  // the open customer's form; nil until one loads
	search   *search  // the search screen, once it has been shown
	active   screen   // the screen on show
	overlays []screen // go-to, JSON, help, quit: the last gets keys first and is drawn instead of the body
	req      int      // the request in flight; other results are stale
	loadErr  error    // set while a load failure is shown
	ending   ending   // how the session is ending, for the report
	idle     idleState
	pasteAt  time.Time // when the last paste arrived (pasteGuard)
	refused  string    // why the last key did nothing, until the next key (a banner)
	banner   int       // banner lines the screens were last sized for
	start    tea.Cmd   // the first screen's own start (its spinner)
}

// ending is what the root knows of how the program ends.
type ending struct {
	sig        os.Signal
	idleOut    bool // the automatic logoff
	inputEnded bool // the terminal went away
}

// New returns the root model for cfg.
func New(cfg Config) Model {
	c := newCommon(cfg)
	m := Model{c: c, keys: newGlobalKeys(c), id: cfg.CustomerID, idle: idleState{timeout: cfg.IdleTimeout}}
	m.help = m.c.help()
	if m.id == "" {
		m.search = newSearch(m.c, cfg.Query)
		m.active = m.search
	} else {
		w := newWait(m.c, "Loading customer "+m.id)
		m.active, m.start = w, w.start()
	}
	return m
}

// Init starts loading (or searching) and asks the terminal for its
// background colour; no answer simply keeps the dark theme, so a silent
// terminal never stalls start-up.
func (m Model) Init() tea.Cmd {
	if m.id == "" {
		return tea.Batch(m.search.start(), tea.RequestBackgroundColor, m.idleStart())
	}
	return tea.Batch(loadCustomerCmd(m.c.Client, m.id, m.req), tea.RequestBackgroundColor, m.start, m.idleStart())
}

func (m *Model) next() int { m.req++; return m.req }

// overlay is the overlay on top, or nil.
func (m Model) overlay() screen {
	if len(m.overlays) == 0 {
		return nil
	}
	return m.overlays[len(m.overlays)-1]
}

// Update routes each message: results and screen requests to the root's
// handlers, everything else to the overlay or the active screen. When a
// banner came or went, the screens are given their new size.
func (m Model) Update(msg tea.Msg) (model tea.Model, quit tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			model, quit = m, m.c.frames.crashed(r)
		}
	}()
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
		m.ending.sig = msg.Signal
		return m.leave()
	case InputEndedMsg:
		m.ending.sig, m.ending.inputEnded = syscall.SIGHUP, true
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
			cmd, _ := m.ed.update(msg)
			return m, cmd
		}
		return m, nil
	case customerLoadedMsg:
		return m.onLoaded(msg)
	case customerSavedMsg:
		return m.onSaved(msg)
	case tea.PasteMsg:
		m.touch()
		m.pasteAt = m.c.Now()
	case tea.KeyPressMsg:
		m.touch()
		m.refused = ""
		if mm, cmd, ok := m.globalKey(msg); ok {
			return mm, cmd
		}
	default:
		if mm, cmd, ok := m.navigate(msg); ok {
			return mm, cmd
		}
	}
	// Keys and pastes go to the overlay on top when there is one; results
	// and ticks always go to the active screen.
	target := m.active
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		if o := m.overlay(); o != nil {
			target = o
		}
	}
	cmd, next := target.update(msg)
	if next == nil {
		return m, cmd
	}
	mm, cmd2 := m.Update(next)
	return mm, tea.Batch(cmd, cmd2)
}

// globalKey handles the keys every screen and overlay shares: help opens
// over whatever is shown (and closes again), ctrl+c asks before leaving
// (the quit question answers it itself), ctrl+v shows or masks
// identifiers.
func (m Model) globalKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	target := m.active
	if o := m.overlay(); o != nil {
		target = o
	}
	typing := false
	if te, ok := target.(textEntry); ok {
		typing = te.takesText()
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		if q, ok := target.(quitAnswer); ok {
			if next := q.onQuitKey(); next != nil {
				mm, cmd := m.Update(next)
				return mm.(Model), cmd, true
			}
			return m, nil, true
		}
		mm, cmd := m.Update(quitRequestedMsg{})
		return mm.(Model), cmd, true
	case key.Matches(msg, m.keys.Help), key.Matches(msg, m.keys.HelpQ) && !typing:
		if _, open := target.(*helpView); open {
			m.overlays = m.overlays[:len(m.overlays)-1]
			m.resize()
			return m, nil, true
		}
		m.overlays = append(m.overlays, newHelpView(m.c, target, m.keys))
		m.resize()
		return m, nil, true
	case key.Matches(msg, m.keys.Reveal):
		m.c.Reveal = !m.c.Reveal
		return m, nil, true
	}
	return m, nil, false
}

// leave ends the session keeping the draft: every change is already in
// it, but it is written once more in case the last write failed (Bubble Tea
// restores the terminal on the way out). SIGHUP, SIGTERM, SIGINT, the idle
// logoff and a second ctrl+c all leave this way.
func (m Model) leave() (Model, tea.Cmd) {
	_ = m.c.Sess.Persist(false)
	return m, tea.Quit
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
