// Package keyprompt asks for the CareCycle API key, with a huh form, when
// neither CARECYCLE_API_KEY nor --api-key-file gave one. What is typed is
// never echoed; a refused key is asked for again, with the reason, up to
// MaxTries times. The key never appears in the output or in an error,
// only, where one must be named, in the masked form of apiclient.MaskKey.
package keyprompt

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"golang.org/x/term"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/theme"
)

// MaxTries is how many keys Prompt asks for before it gives up.
const MaxTries = 3

const (
	title       = "CareCycle API key"
	description = "It can also come from CARECYCLE_API_KEY or --api-key-file. " +
		"The key is never shown or stored."
)

// Prompt asks for the API key on in, drawing on out, and returns it once
// apiclient.CheckKey and then verify (if not nil) accept it. A refused key
// is asked for again with the reason, up to MaxTries keys in all; after
// that, or when the person cancels (ctrl+c: the error wraps
// huh.ErrUserAborted) or ctx ends, Prompt returns an error, which never
// holds the key.
//
// Normally the prompt is a huh form in a Bubble Tea program on in and out,
// styled with th.Huh. With accessible (line mode: TERM=dumb, --accessible)
// it is huh's accessible prompt, one plain line at a time with no styling
// whatever th is; on a terminal the key is read with echo off, and from
// anything else (a pipe, a test) line by line, where there is no echo.
// ctx cannot interrupt a line-mode read.
//
// verify may check the key against the API; whatever error it returns is
// shown as the reason (with the key masked out) and the key asked for
// again. It is called with ctx.
func Prompt(ctx context.Context, in io.Reader, out io.Writer, th *theme.Theme, accessible bool,
	verify func(context.Context, string) error) (string, error) {
	if accessible {
		return promptLines(ctx, in, out, th.G, verify)
	}
	m := newModel(ctx, th, verify)
	opts := []tea.ProgramOption{tea.WithInput(in), tea.WithOutput(out), tea.WithContext(ctx)}
	if !isTerminal(out) {
		opts = append(opts, tea.WithWindowSize(m.size.Width, m.size.Height)) // else nothing is drawn
	}
	final, err := tea.NewProgram(m, opts...).Run()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return "", cancelled()
	}
	if err != nil {
		return "", fmt.Errorf("API key prompt: %w", err)
	}
	m = final.(*model)
	return m.key, m.err
}

// cancelled is the error when the person leaves the prompt.
func cancelled() error {
	return fmt.Errorf("no API key: the prompt was cancelled (%w)", huh.ErrUserAborted)
}

// check reports why key is refused: by its form, or by verify.
func check(ctx context.Context, key string, verify func(context.Context, string) error) error {
	if err := apiclient.CheckKey(key); err != nil {
		return err
	}
	if verify == nil {
		return nil
	}
	return verify(ctx, key)
}

// reason is a refusal as text to show: the key masked out wherever verify's
// error repeats it, and anything that could control a terminal made inert
// (the error may carry a server's words).
func reason(err error, key string, g theme.Glyphs) string {
	msg := err.Error()
	if key != "" {
		mask := strings.ReplaceAll(apiclient.MaskKey(key), "…", g.Ellipsis)
		msg = strings.ReplaceAll(msg, key, mask)
	}
	return theme.NewPlain(g).Safe(msg)
}

// gaveUp is the error after MaxTries refused keys, with the last reason.
func gaveUp(last string) error {
	return fmt.Errorf("no API key accepted after %d tries (the last: %s)", MaxTries, last)
}

// retryNote is what is said above the prompt after a refused key.
func retryNote(why string, try int) string {
	return fmt.Sprintf("Not accepted: %s\nTry %d of %d.", why, try, MaxTries)
}

// newInput is the key field. Its value is bound to *key.
func newInput(key *string, mode huh.EchoMode) *huh.Input {
	return huh.NewInput().Title(title).Description(description).EchoMode(mode).Value(key)
}

// model runs the form for each try, and verify between them, in one
// Bubble Tea program: the screen stays put and ctrl+c works throughout.
type model struct {
	ctx    context.Context
	th     *theme.Theme
	verify func(context.Context, string) error

	try      int       // 1…MaxTries
	note     string    // why the last key was refused; "" on the first try
	form     *huh.Form // the form for this try
	typed    string    // bound to the form's input
	checking bool      // verify is running on typed
	bg       tea.BackgroundColorMsg
	size     tea.WindowSizeMsg

	done bool
	key  string // the accepted key, when done
	err  error  // why there is none, when done
}

// checkedMsg is verify's answer for one try.
type checkedMsg struct {
	try int
	err error
}

// newModel is the prompt at its first try.
func newModel(ctx context.Context, th *theme.Theme, verify func(context.Context, string) error) *model {
	// Until the terminal says, assume a dark background, as the editor does.
	// Until the terminal says, assume 80x24 (output that is not a terminal
	// never says).
	m := &model{ctx: ctx, th: th, verify: verify, try: 1, bg: tea.BackgroundColorMsg{Color: color.Black},
		size: tea.WindowSizeMsg{Width: 80, Height: 24}}
	m.newForm()
	return m
}

// newForm starts a try: a fresh form that knows the background and size.
func (m *model) newForm() tea.Cmd {
	m.typed = ""
	m.form = huh.NewForm(huh.NewGroup(newInput(&m.typed, huh.EchoModePassword))).
		WithTheme(m.th.Huh).WithShowErrors(true)
	m.form.Update(m.bg)
	m.form.Update(m.size)
	return m.form.Init()
}

// Init starts the first try and asks the terminal for its background.
func (m *model) Init() tea.Cmd {
	return tea.Batch(m.form.Init(), tea.RequestBackgroundColor)
}

// Update passes messages to the current try's form and moves between
// tries: check, verify, accept or ask again.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.done {
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		m.bg = msg
	case tea.WindowSizeMsg:
		if msg.Width <= 0 || msg.Height <= 0 {
			return m, nil // no size known: keep drawing for the last one
		}
		m.size = msg
	case tea.InterruptMsg:
		return m.finish("", cancelled())
	case tea.KeyPressMsg:
		if m.checking && msg.String() == "ctrl+c" {
			return m.finish("", cancelled())
		}
	case checkedMsg:
		if msg.try != m.try || !m.checking {
			return m, nil
		}
		m.checking = false
		return m.judge(msg.err)
	}
	if m.checking {
		return m, nil
	}
	f, cmd := m.form.Update(msg)
	m.form = f.(*huh.Form)
	switch m.form.State {
	case huh.StateAborted:
		return m.finish("", cancelled())
	case huh.StateCompleted:
		return m.submitted()
	}
	return m, cmd
}

// submitted checks the key just entered: its form at once, then verify
// in the background.
func (m *model) submitted() (tea.Model, tea.Cmd) {
	m.typed = strings.TrimSpace(m.typed)
	if err := apiclient.CheckKey(m.typed); err != nil || m.verify == nil {
		return m.judge(err)
	}
	m.checking = true
	ctx, verify, key, try := m.ctx, m.verify, m.typed, m.try
	return m, func() tea.Msg { return checkedMsg{try: try, err: verify(ctx, key)} }
}

// judge accepts the typed key (err == nil) or refuses it and asks again.
func (m *model) judge(err error) (tea.Model, tea.Cmd) {
	if err == nil {
		return m.finish(m.typed, nil)
	}
	if m.ctx.Err() != nil {
		return m.finish("", m.ctx.Err())
	}
	why := reason(err, m.typed, m.th.G)
	if m.try >= MaxTries {
		return m.finish("", gaveUp(reason(err, m.typed, theme.ASCIIGlyphs())))
	}
	m.try++
	m.note = retryNote(why, m.try)
	return m, m.newForm()
}

// finish ends the prompt with the key or the error.
func (m *model) finish(key string, err error) (tea.Model, tea.Cmd) {
	m.typed = ""
	m.done, m.key, m.err = true, key, err
	return m, tea.Quit
}

// View is the reason the last key was refused, if any, over the form; it
// is empty once done, so nothing of the prompt is left on the screen.
func (m *model) View() tea.View {
	if m.done {
		return tea.NewView("")
	}
	var b strings.Builder
	if m.note != "" {
		style := m.th.S.Error.Width(m.size.Width)
		b.WriteString(style.Render(m.th.G.Invalid + " " + m.note))
		b.WriteString("\n\n")
	}
	if m.checking {
		b.WriteString(m.th.S.Subtle.Render("Checking the key" + m.th.G.Ellipsis))
	} else {
		b.WriteString(m.form.View())
	}
	return tea.NewView(b.String())
}

// promptLines is Prompt in line mode: huh's accessible form, plain.
func promptLines(ctx context.Context, in io.Reader, out io.Writer, g theme.Glyphs,
	verify func(context.Context, string) error) (string, error) {
	plain := theme.NewPlain(g)
	mode := huh.EchoModePassword
	var lines *lineReader
	if !isTerminal(in) {
		// Not a terminal: nothing echoes what it sends, and huh reads a
		// password only from a terminal. Read plain lines instead.
		lines = &lineReader{r: bufio.NewReader(in)}
		in, mode = lines, huh.EchoModeNormal
	}
	fmt.Fprintln(out, description)
	for try := 1; ; try++ {
		var key string
		form := huh.NewForm(huh.NewGroup(newInput(&key, mode))).
			WithAccessible(true).WithInput(in).WithOutput(out).WithTheme(plain.Huh)
		if err := form.RunWithContext(ctx); err != nil {
			return "", fmt.Errorf("API key prompt: %w", err)
		}
		key = strings.TrimSpace(key)
		if key == "" && lines != nil && lines.err != nil {
			if errors.Is(lines.err, io.EOF) {
				return "", errors.New("no API key: the input ended before one was given")
			}
			return "", fmt.Errorf("read API key: %w", lines.err)
		}
		if verify != nil && apiclient.CheckKey(key) == nil {
			fmt.Fprintln(out, "Checking the key"+g.Ellipsis)
		}
		err := check(ctx, key, verify)
		if err == nil {
			return key, nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if try >= MaxTries {
			return "", gaveUp(reason(err, key, theme.ASCIIGlyphs()))
		}
		fmt.Fprintln(out, retryNote(reason(err, key, g), try+1))
	}
}

// isTerminal reports whether f is a terminal.
func isTerminal(f any) bool {
	fd, ok := f.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(fd.Fd()))
}

// lineReader hands out at most one line per Read. huh's line prompt reads
// through a new bufio.Scanner each time it asks, which would swallow every
// line after the first into a buffer that is then dropped.
type lineReader struct {
	r    *bufio.Reader
	rest []byte
	err  error // from the underlying reader, once it is drained
}

// Read returns what is left of the current line, or the next line.
func (l *lineReader) Read(p []byte) (int, error) {
	if len(l.rest) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		l.rest, l.err = l.r.ReadBytes('\n')
		if len(l.rest) == 0 {
			return 0, l.err
		}
	}
	n := copy(p, l.rest)
	l.rest = l.rest[n:]
	return n, nil
}
