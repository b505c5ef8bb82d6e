package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/tty"
)

// Raw terminal input, any bytes at all, through the path a key takes in the
// real program: the input filter (ui/tty), the terminal parser Bubble Tea
// uses (ultraviolet's TerminalReader), and the editor's model with its
// view. Nothing may panic: a panic in the parser kills the process from
// Bubble Tea's input goroutine, where nothing can recover it (x/ansi
// v0.11.9 did, on ESC [ with 33 parameters). The seeds in
// testdata/fuzz/FuzzTerminalInput run with every go test; .ci/fuzz runs the
// fuzzer for longer.
func FuzzTerminalInput(f *testing.F) {
	for _, s := range []string{
		"\x1b[" + strings.Repeat("1;", 32) + "1u", // 69 bytes that crashed x/ansi v0.11.9
		"\x1b[" + strings.Repeat("1;", 200) + "1~",
		"\x1b[200~half a paste",                    // a paste with no end
		"\x1b[200~Smith\x1b[201~\x13\r\r\x1b[201~", // a paste that would submit
		"\x07first\rAnn\tX\x13\r",                  // go to, type, review, send
		"\x1b]52;c;" + strings.Repeat("QQ", 100) + "\x07",
		"\x1bP+q544e\x1b\\\x1b[<0;1;1M\x1b[?1;2c",
		"\x1b[27;5;9~\x1b[9;5u\x1bOA\x1b\x1b[A",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<12 {
			return
		}
		h := newHarness(t, fakeapi.MedicareLeadID)
		for _, msg := range parse(t, b) {
			h.send(msg)
			_ = h.m.View()
		}
		h.send(tea.WindowSizeMsg{Width: 60, Height: 18})
		_ = h.m.View()
	})
}

// parse runs b through the input filter and the terminal parser, and
// returns the messages Bubble Tea would send the model.
func parse(t *testing.T, b []byte) []tea.Msg {
	t.Helper()
	in, err := tty.NewInput(bytes.NewReader(b), tty.InputOptions{PasteQuiet: time.Millisecond, HoldEsc: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	events := make(chan uv.Event, 64)
	done := make(chan error, 1)
	go func() {
		done <- uv.NewTerminalReader(in.File(), "xterm-256color").StreamEvents(context.Background(), events)
		close(events)
	}()
	var msgs []tea.Msg
	for e := range events {
		switch e := e.(type) {
		case uv.KeyPressEvent:
			msgs = append(msgs, tea.KeyPressMsg(e))
		case uv.PasteEvent:
			msgs = append(msgs, tea.PasteMsg(e))
		case uv.PasteStartEvent:
			msgs = append(msgs, tea.PasteStartMsg(e))
		case uv.PasteEndEvent:
			msgs = append(msgs, tea.PasteEndMsg(e))
		case uv.WindowSizeEvent:
			if e.Width > 0 && e.Height > 0 && e.Width < 1000 && e.Height < 1000 {
				msgs = append(msgs, tea.WindowSizeMsg(e))
			}
		case uv.BackgroundColorEvent:
			msgs = append(msgs, tea.BackgroundColorMsg(e))
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return msgs
}
