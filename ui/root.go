package ui

import (
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

type state int

const (
	stPicker     state = iota // demo: choose a customer
	stLoading                 // GET in flight
	stLoadFailed              // GET failed: r retries, q quits
	stEditing                 // the form
	stReview                  // the diff preview
	stSaving                  // PATCH in flight
	stSaveFailed              // PATCH failed: r retries, esc edits
	stConflict                // someone else changed the same fields
	stDraftOffer              // a draft exists: restore or discard
)

type overlay int

const (
	ovNone overlay = iota
	ovGoTo
	ovHelp
	ovQuit
)

// Minimum window; below it only a notice is drawn.
const (
	minWidth  = 60
	minHeight = 18
)

// Model is the root Bubble Tea model.
type Model struct {
	c         *Common
	keys      KeyMap
	id        string
	st        state
	ov        overlay
	req       int // the request in flight; other results are stale
	spin      int
	fail      *failure
	ed        *editor
	rv        review
	gt        goTo
	pk        picker
	cf        conflicts
	do        draftOffer
	sig       os.Signal // the signal that ended the program, if any
	saved     int       // fields saved this session
	discarded bool
}

// New returns the root model for cfg.
func New(cfg Config) Model {
	m := Model{c: newCommon(cfg), keys: DefaultKeyMap(), id: cfg.CustomerID}
	if m.id == "" {
		m.st = stPicker
		m.pk.loading = true
	} else {
		m.st = stLoading
	}
	return m
}

// Init starts loading (or listing, for the demo picker) and asks the
// terminal for its background colour; no answer simply keeps the dark
// theme, so a silent terminal never stalls start-up.
func (m Model) Init() tea.Cmd {
	var first tea.Cmd
	if m.st == stPicker {
		first = listCustomersCmd(m.c.Client, m.req)
	} else {
		first = loadCustomerCmd(m.c.Client, m.id, m.req)
	}
	return tea.Batch(first, tea.RequestBackgroundColor, m.spinCmd())
}

// Outcome is what main reports after the program ends.
type Outcome struct {
	Saved     int       // fields saved during the session
	Unsaved   int       // changed or invalid fields left unsaved
	Discarded bool      // the agent chose to discard them
	DraftPath string    // where the unsaved changes are kept, if anywhere
	LoadError error     // the failure the program ended on, if it never loaded
	Signal    os.Signal // the signal that ended the program, if any
}

// Outcome summarises the session for the exit message.
func (m Model) Outcome() Outcome {
	o := Outcome{Saved: m.saved, Discarded: m.discarded, Signal: m.sig, DraftPath: m.draftPath()}
	if m.ed != nil {
		o.Unsaved = m.ed.dirty()
	}
	if m.st == stLoadFailed && m.fail != nil {
		o.LoadError = m.fail.err
	}
	return o
}

func (m *Model) next() int { m.req++; return m.req }

func (m Model) spinCmd() tea.Cmd {
	req := m.req
	return m.c.After(120*time.Millisecond, func(time.Time) tea.Msg { return spinTickMsg{req: req} })
}

func (m Model) countdownCmd() tea.Cmd {
	req := m.req
	return m.c.After(time.Second, func(time.Time) tea.Msg { return countdownMsg{req: req} })
}

// Update routes each message to the screen that owns it.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		return m, nil
	case tea.BackgroundColorMsg:
		m.c.setDark(msg.IsDark())
		return m, nil
	case spinTickMsg:
		if msg.req != m.req || (m.st != stLoading && m.st != stSaving && !(m.st == stPicker && m.pk.loading)) {
			return m, nil // idle: no ticking, no output
		}
		m.spin++
		return m, m.spinCmd()
	case countdownMsg:
		return m.onCountdown(msg)
	case customersListedMsg:
		if msg.req != m.req {
			return m, nil
		}
		m.pk.loaded(msg.page, msg.err)
		return m, nil
	case customerLoadedMsg:
		return m.onLoaded(msg)
	case customerSavedMsg:
		return m.onSaved(msg)
	case conflictMsg:
		return m.onConflict(msg)
	case SignalMsg:
		// Every change is already in the draft; write it once more in
		// case the last write failed, then leave (Bubble Tea restores the
		// terminal on the way out).
		m.persist()
		m.sig = msg.Signal
		return m, tea.Quit
	case tea.PasteMsg:
		return m.onPaste(msg)
	case tea.KeyPressMsg:
		return m.onKey(msg)
	}
	return m, nil
}

func (m Model) onPaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	switch {
	case m.ov == ovGoTo:
		m.gt.input += strings.NewReplacer("\n", " ", "\r", " ").Replace(msg.Content)
		m.gt.refresh(m.c.Schema)
	case m.st == stEditing && m.ov == ovNone:
		m.ed.paste(msg.Content)
		m.persist()
	case m.st == stPicker:
		m.pk.setFilter(m.pk.filter + strings.NewReplacer("\n", " ", "\r", " ").Replace(msg.Content))
	}
	return m, nil
}

func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch m.ov {
	case ovQuit:
		switch msg.String() {
		case "y", "Y":
			return m, tea.Quit // the draft stays for next time
		case "d", "D":
			if m.c.Drafts != nil {
				_ = m.c.Drafts.Delete(m.id)
			}
			m.discarded = true
			return m, tea.Quit
		case "n", "N", "esc", "ctrl+b", "enter":
			m.ov = ovNone
		}
		return m, nil
	case ovHelp:
		if !key.Matches(msg, m.keys.ForceQ) {
			m.ov = ovNone
			return m, nil
		}
	case ovGoTo:
		return m.onGoToKey(msg)
	}
	if key.Matches(msg, m.keys.ForceQ) {
		return m.quit()
	}
	switch m.st {
	case stPicker:
		return m.onPickerKey(msg)
	case stLoading, stSaving:
		if key.Matches(msg, m.keys.Quit) {
			return m.quit()
		}
	case stLoadFailed, stSaveFailed:
		return m.onFailureKey(msg)
	case stReview:
		return m.onReviewKey(msg)
	case stConflict:
		return m.onConflictKey(msg)
	case stDraftOffer:
		return m.onDraftKey(msg)
	case stEditing:
		return m.onEditKey(msg)
	}
	return m, nil
}

// quit leaves at once when nothing would be lost, else asks first.
func (m Model) quit() (tea.Model, tea.Cmd) {
	if m.ed != nil && m.ed.dirty() > 0 {
		m.ov = ovQuit
		return m, nil
	}
	return m, tea.Quit
}

func (m Model) onEditKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Review):
		m.rv = newReview(m.ed)
		m.st = stReview
		return m, nil
	case key.Matches(msg, m.keys.GoTo):
		m.gt = goTo{}
		m.gt.refresh(m.c.Schema)
		m.ov = ovGoTo
		return m, nil
	}
	rev := m.ed.rev
	if m.ed.update(msg) {
		if m.ed.rev != rev {
			m.persist()
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Help):
		m.ov = ovHelp
	}
	return m, nil
}

func (m Model) load() (tea.Model, tea.Cmd) {
	m.st = stLoading
	req := m.next()
	return m, tea.Batch(loadCustomerCmd(m.c.Client, m.id, req), m.spinCmd())
}

func (m Model) onLoaded(msg customerLoadedMsg) (tea.Model, tea.Cmd) {
	if msg.req != m.req {
		return m, nil
	}
	if msg.err != nil {
		return m.failed(stLoadFailed, msg.err)
	}
	m.st, m.fail = stEditing, nil
	if m.ed == nil {
		m.ed = newEditor(m.c, msg.cust)
		m, _ = m.checkDraft(msg.cust)
	} else {
		m.ed.setBaseline(msg.cust)
	}
	return m, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
