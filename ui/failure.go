package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient"
)

// failure is a failed load or save, explained for people.
type failure struct {
	err       error
	title     string
	detail    string // from the server: sanitized when drawn
	hint      string
	retryable bool
	wait      int // seconds left before an automatic retry (429)
}

// explain turns an error into plain language. No raw Go error text is shown
// except as a last detail line, and never the key.
func explain(err error, id, keyHint string, saving bool) *failure {
	f := &failure{err: err, retryable: true}
	what := "load the customer"
	if saving {
		what = "save your changes"
	}
	e, ok := apiclient.AsError(err)
	if !ok {
		f.title = "Could not " + what + "."
		f.detail = err.Error()
		return f
	}
	f.detail = e.Message
	switch e.Kind {
	case apiclient.KindUnauthorized:
		f.title = "The API key was rejected (HTTP 401)."
		f.hint = "Check CARECYCLE_API_KEY or --api-key-file"
		if keyHint != "" {
			f.hint += " (key in use: " + keyHint + ")"
		}
		f.hint += "."
		f.retryable = false
	case apiclient.KindForbidden:
		f.title = "This API key is not allowed to " + what + " (HTTP 403)."
		f.hint = "Ask an administrator to grant the key access to customers."
		f.retryable = false
	case apiclient.KindNotFound:
		f.title = "No customer with ID " + id + "."
		f.hint = "Check the ID; it may have been deleted or belong to another client."
		f.retryable = false
	case apiclient.KindRateLimited:
		f.wait = int(e.RetryAfter.Seconds())
		f.title = "Too many requests: the API allows 60 a minute."
		f.hint = "ccedit will try again by itself."
	case apiclient.KindServer:
		f.title = fmt.Sprintf("The CareCycle API had a problem (HTTP %d).", e.Status)
		if e.Message == "" && e.Err != nil {
			f.title = fmt.Sprintf("The server, or a proxy in front of it, failed (HTTP %d) and sent a page instead of data.", e.Status)
			f.detail = ""
		}
		f.hint = "This is usually temporary."
	case apiclient.KindNetwork:
		f.title = "Could not reach the CareCycle API."
		f.detail = e.Err.Error()
		f.hint = "Check the network or VPN."
		if saving && e.Sent {
			f.hint = "The save may or may not have reached the server. Retrying is safe: ccedit reads the record first and sends only what is not there yet."
		}
	case apiclient.KindBadResponse:
		f.title = "The API sent an answer ccedit cannot read."
		if e.Status != 0 {
			f.title = fmt.Sprintf("The API sent an answer ccedit cannot read (HTTP %d).", e.Status)
		}
		if e.Err != nil {
			f.detail = e.Err.Error()
		}
	default:
		f.title = fmt.Sprintf("Unexpected answer from the API (HTTP %d).", e.Status)
	}
	if saving {
		f.hint = strings.TrimSpace(f.hint + " Your edits are kept.")
	}
	return f
}

func (m Model) failed(st state, err error) (tea.Model, tea.Cmd) {
	m.st = st
	m.fail = explain(err, m.id, m.c.KeyHint, st == stSaveFailed)
	if m.fail.wait > 0 {
		return m, m.countdownCmd()
	}
	return m, nil
}

func (m Model) retry() (tea.Model, tea.Cmd) {
	if m.st == stSaveFailed {
		return m.save()
	}
	return m.load()
}

func (m Model) onCountdown(msg countdownMsg) (tea.Model, tea.Cmd) {
	if msg.req != m.req || m.fail == nil || m.fail.wait <= 0 || (m.st != stLoadFailed && m.st != stSaveFailed) {
		return m, nil
	}
	m.fail.wait--
	if m.fail.wait == 0 {
		return m.retry()
	}
	return m, m.countdownCmd()
}

func (m Model) onFailureKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Retry) && (m.fail.retryable || m.fail.wait > 0):
		m.fail.wait = 0
		return m.retry()
	case msg.String() == "esc" || msg.String() == "ctrl+b":
		if m.fail.wait > 0 {
			m.fail.wait = 0 // stop the countdown; r still retries
			m.next()
			return m, nil
		}
		if m.st == stSaveFailed {
			m.st = stEditing
		}
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	}
	return m, nil
}

func (m Model) viewFailure(width int) []string {
	t := m.c.Theme
	f := m.fail
	w := width - 4
	lines := []string{""}
	for _, l := range wrap(t.Safe(f.title), w) {
		lines = append(lines, "  "+t.S.Error.Bold(true).Render(l))
	}
	if f.detail != "" {
		lines = append(lines, "")
		for _, l := range wrap(t.S.Subtle.Render("Server said: ")+t.Safe(f.detail), w) {
			lines = append(lines, "  "+l)
		}
	}
	if f.hint != "" {
		lines = append(lines, "")
		for _, l := range wrap(t.Safe(f.hint), w) {
			lines = append(lines, "  "+l)
		}
	}
	if f.wait > 0 {
		lines = append(lines, "", "  "+t.S.Warn.Render(fmt.Sprintf("Retrying in %d s%s", f.wait, t.G.Ellipsis)))
	}
	return lines
}

// wrap word-wraps already-sanitized text to w cells, at most 4 lines.
func wrap(s string, w int) []string {
	ls := strings.Split(ansi.Wrap(s, max(w, 10), ""), "\n")
	if len(ls) > 4 {
		ls = ls[:4]
	}
	return ls
}

func (m Model) failureHelp() [][2]string {
	var h [][2]string
	if m.fail.wait > 0 {
		h = append(h, [2]string{"r", "retry now"}, [2]string{"esc/ctrl+b", "stop countdown"})
	} else if m.fail.retryable {
		h = append(h, [2]string{"r", "retry"})
	}
	if m.st == stSaveFailed {
		h = append(h, [2]string{"esc/ctrl+b", "back to editing"})
	}
	return append(h, [2]string{"q", "quit"})
}
