package ui

import (
	"bytes"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/ui/draft"
)

// Frames: when Bubble Tea draws, and the draft write before each frame.
//
// Bubble Tea v2.1.1 draws from one goroutine woken by a ticker 60 times a
// second for the program's whole life. Comparing an unchanged frame takes
// microseconds, but the wake-up does not: a Go ticker alone costs ~0.16 ms
// of runtime and kernel time per tick on the jump hosts' VMs (10-14 ms of
// CPU per second, per idle agent, for nothing). The library has no option to
// stop the ticker (WithFPS only slows it, and delays echo by as much), and
// its renderer calls nothing of ours but the output writer.
//
// That is enough. A Go ticker whose goroutine is not waiting on it costs
// nothing: the runtime only keeps a channel timer armed while someone
// waits on the channel. So the writer parks the drawing goroutine inside
// one of its own writes when every view has been drawn, and lets it go
// when there is something to draw. It can only park inside a write, and
// the program writes nothing when nothing changes, so a frame mark (a
// tea.RawMsg the root's Update ignores) puts a few bytes of its own in the
// program's output queue; the writer takes them out again and decides
// there.
//
// The drawing goroutine runs, per tick: write the output queue (marks
// park here, holding only the queue's lock), then draw the current view.
// The filter sees every message before Bubble Tea acts on it, and counts
// them (msgs). A mark passing the filter records that count (markSeq):
// every view from the messages counted so far has been handed to the
// renderer, because the event loop hands over a view before it takes the
// next message.
//
//   - When a mark's bytes are written and no message has passed since the
//     arming point (armed, msgs == armSeq), every view has been drawn: the
//     writer parks.
//   - Otherwise this write arms at the mark's count: the draw that follows
//     in the same tick shows every view up to it. Another mark is asked for.
//   - A key (or paste) does not wake the writer at once: the writer would
//     draw before the key's Update has run. It asks for a mark, which
//     reaches the event loop after the key's view has been handed over, and
//     the mark's filter wakes the writer, which draws right away: the key is
//     drawn a few milliseconds after it arrives (its draft write included),
//     not up to a tick later.
//   - Any other message wakes the writer at once, before Bubble Tea acts on
//     it: some of them take the lock of the output queue the writer holds.
//   - Quit, interrupt and signals stop the parking, so that Bubble Tea can
//     stop the drawing goroutine. Every probeEvery while parked, a probe
//     message checks that the event loop still runs (~0.35 ms of CPU); if it
//     has ended (an input error, a panic) the writer stops parking too, and
//     Bubble Tea can restore the terminal, up to probeEvery+1s late.
//
// Each write that draws a frame first flushes the draft store: every change
// staged (editor.persist) is on disk before the bytes that show it leave,
// one write per frame however many keys the frame shows. A failed flush is
// reported to the model (draftWrittenMsg) and tried again before the next
// frame.
//
// Every way the program ends releases a parked writer at once, because
// Bubble Tea's shutdown waits for the drawing goroutine (stopRenderer sends
// on an unbuffered channel that goroutine reads between ticks):
//
//   - quit, interrupt, a signal, a suspend: their messages pass the filter,
//     which wakes the writer and (for the endings) stops the parking;
//   - a panic in Update, View or one of the model's commands: recovered,
//     it becomes an orderly quit (crashed), which stops the parking;
//   - Program.Kill, SIGQUIT, a session's context ending: their callers call
//     stop first (RunFullScreen; the SSH server);
//   - the input ending: the input filter (ui/tty) reports it to the model,
//     which quits; Bubble Tea never sees an input error.
//
// The probe is the last resort for anything else.
//
// What this relies on in Bubble Tea v2.1.1 (frames_contract_test.go runs a
// real program over a pty and fails if one of them changes):
//
//  1. One goroutine draws: each tick it writes the output queue
//     (Program.flush) and then the frame (renderer.flush), both through the
//     output writer, and nothing else writes there while it runs.
//  2. A tea.RawMsg's String() is queued to the output as it is, in order
//     with the frames.
//  3. The filter sees every message, those of commands included, before
//     the event loop acts on it.
//  4. The event loop hands the view of one message to the renderer before
//     it takes the next message.
//  5. The ticker's channel is only waited on by the drawing goroutine: a Go
//     ticker nobody waits on costs nothing.
//  6. Shutdown (stopRenderer) waits for the drawing goroutine to take a
//     value from rendererDone between ticks.
//  7. Program.Send returns at once once the program has ended.
type frames struct {
	out   io.Writer
	store *draft.Store  // flushed before each frame; nil: no drafts
	send  func(tea.Msg) // Program.Send
	kick  chan uint64   // wakes a parked writer: the arming count, or noArm
	last  *tea.View     // the last view computed, for marks (event loop only)
	pause func(time.Duration) <-chan time.Time

	mu       sync.Mutex
	msgs     uint64 // messages other than marks and probes let through
	mark     uint64 // the mark asked for and not yet written; 0: none
	nextMark uint64
	markSeq  uint64 // msgs when the outstanding mark passed the filter
	armed    bool
	armSeq   uint64
	closing  bool   // the program is ending: never park again
	reuse    bool   // the view now asked for follows a mark: nothing changed
	failing  bool   // the last draft flush failed
	crash    *Crash // a panic recovered in the model or its commands
	parks    int    // times the drawing goroutine parked (for tests)
	parked   bool   // the drawing goroutine is parked now (for tests)
}

const (
	noArm      = ^uint64(0)
	probeEvery = 5 * time.Second
)

// markPrefix starts a frame mark's bytes (an APC string the writer takes
// out again: it never reaches the terminal).
const markPrefix = "\x1b_ccedit-frame;"

// frameMark is the tea.RawMsg payload that puts a mark in the output queue.
type frameMark uint64

// String is what Bubble Tea queues for output.
func (m frameMark) String() string {
	return markPrefix + strconv.FormatUint(uint64(m), 10) + "\x1b\\"
}

// probeMsg asks whether the event loop still runs: the filter closes ack
// and drops it.
type probeMsg struct{ ack chan struct{} }

// draftWrittenMsg says how the draft flush before a frame went: err is nil
// when a flush succeeded after failing.
type draftWrittenMsg struct{ err error }

func newFrames(out io.Writer, store *draft.Store) *frames {
	return &frames{out: out, store: store, kick: make(chan uint64, 1), pause: time.After}
}

// NewProgram returns the Bubble Tea program that runs m on out: it draws
// only when there is something to draw, and writes the draft before the
// frame that shows a change (see frames.go). opts are added to its own;
// they must not set the output or a filter.
func (m Model) NewProgram(out io.Writer, opts ...tea.ProgramOption) *tea.Program {
	f := newFrames(out, m.c.Drafts)
	m.c.frames = f
	return f.program(m, opts...)
}

// program is the Bubble Tea program that runs model with f as its output
// writer and filter. The model must call f.view from View, and defer
// f.onPanic in Update and View.
func (f *frames) program(model tea.Model, opts ...tea.ProgramOption) *tea.Program {
	var w io.Writer = f
	if tty, ok := f.out.(terminalFile); ok {
		w = ttyFrames{f, tty} // Bubble Tea sizes, and follows resizes of, a terminal
	}
	p := tea.NewProgram(model, append([]tea.ProgramOption{tea.WithOutput(w), tea.WithFilter(f.filter)}, opts...)...)
	f.send = p.Send
	return p
}

// terminalFile is what Bubble Tea takes for a terminal (x/term's File).
type terminalFile interface {
	io.ReadWriteCloser
	Fd() uintptr
}

// ttyFrames is frames writing to a terminal, which it still is to Bubble
// Tea: everything but Write is the terminal's.
type ttyFrames struct {
	*frames
	tty terminalFile
}

func (t ttyFrames) Read(b []byte) (int, error) { return t.tty.Read(b) }
func (t ttyFrames) Close() error               { return t.tty.Close() }
func (t ttyFrames) Fd() uintptr                { return t.tty.Fd() }

// Write is the program's output. Frames go out after the draft store is
// flushed; marks are taken out and may park the caller.
func (f *frames) Write(b []byte) (int, error) {
	n := len(b)
	i := bytes.Index(b, []byte(markPrefix))
	if i < 0 {
		f.flushDrafts()
		_, err := f.out.Write(b)
		return n, err
	}
	rest := make([]byte, 0, len(b))
	for i >= 0 {
		rest = append(rest, b[:i]...)
		b = b[i+len(markPrefix):]
		end := bytes.Index(b, []byte("\x1b\\"))
		if end < 0 {
			b = nil
			break
		}
		b = b[end+2:]
		i = bytes.Index(b, []byte(markPrefix))
	}
	rest = append(rest, b...)
	if len(rest) > 0 { // terminal queries queued with the mark
		f.flushDrafts() // whatever these bytes are, the draft goes first
		if _, err := f.out.Write(rest); err != nil {
			return n, err
		}
	}
	f.onMark()
	return n, nil
}

// flushDrafts writes what editor.persist staged, before a frame shows it.
func (f *frames) flushDrafts() {
	if f.store == nil {
		return
	}
	err := f.store.Flush()
	f.mu.Lock()
	was := f.failing
	f.failing = err != nil
	f.mu.Unlock()
	if err != nil || was {
		go f.send(draftWrittenMsg{err: err})
	}
}

// onMark runs when a mark's bytes are written: it parks the caller if every
// view has been drawn, and otherwise arms for the next mark.
func (f *frames) onMark() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mark = 0
	if f.closing {
		return
	}
	if !f.armed || f.msgs != f.armSeq {
		f.armed, f.armSeq = true, f.markSeq
		f.ask()
		return
	}
	select { // a wake-up from before the arming point is stale
	case <-f.kick:
	default:
	}
	f.parks++
	f.parked = true
	f.mu.Unlock()
	v := f.park()
	f.mu.Lock()
	f.parked = false
	f.armed, f.armSeq = v != noArm, v
	if !f.closing {
		f.ask()
	}
}

// park blocks until a message wakes it, probing that the event loop still
// runs every probeEvery. It returns the wake-up's arming count.
func (f *frames) park() uint64 {
	for {
		select {
		case v := <-f.kick:
			return v
		case <-f.pause(probeEvery):
		}
		// Send returns once the event loop has taken the probe, just before
		// its filter acknowledges it, or at once when the loop has ended.
		ack, sent := make(chan struct{}), make(chan struct{})
		go func() { f.send(probeMsg{ack: ack}); close(sent) }()
		select {
		case v := <-f.kick:
			return v
		case <-ack:
			continue
		case <-sent:
		}
		select {
		case v := <-f.kick:
			return v
		case <-ack:
			continue
		case <-f.pause(time.Second):
		}
		f.mu.Lock()
		f.closing = true
		f.mu.Unlock()
		return noArm
	}
}

// ask asks for a mark unless one is on its way. f.mu is held.
func (f *frames) ask() {
	if f.mark != 0 {
		return
	}
	f.nextMark++
	f.mark = f.nextMark
	mark := tea.RawMsg{Msg: frameMark(f.mark)}
	go f.send(mark)
}

// stop ends the parking for good and lets a parked writer go: for callers
// that end the program by Program.Kill without a quit message first.
func (f *frames) stop() {
	f.mu.Lock()
	f.closing = true
	f.mu.Unlock()
	f.wake(noArm)
}

// A panic in the model (Update, View) or in one of its commands is
// recovered where the event loop calls them and turned into an orderly quit:
// the parking stops, Bubble Tea restores the terminal the way a quit does,
// and RunFullScreen reports the panic (Crash) once the terminal is back.
// Bubble Tea's own recovery would kill the program, which leaves its input
// reader running against descriptors it closes (a race), and prints the
// report onto the alternate screen. A panic in a library goroutine cannot
// be recovered at all: the guard parent (ui/tty) restores the terminal then.

// Crash is a panic recovered in the model or its commands.
type Crash struct {
	Value string // what panicked, as fmt prints it
	Stack []byte // the goroutine's stack where it panicked
}

// Error says what panicked.
func (c *Crash) Error() string { return "the editor failed (a bug in ccedit): " + c.Value }

// crashed records a recovered panic, stops the parking and returns the
// quit that ends the program. Without frames (a model driven by tests) the
// panic goes on.
func (f *frames) crashed(r any) tea.Cmd {
	if f == nil {
		panic(r)
	}
	f.mu.Lock()
	if f.crash == nil {
		f.crash = &Crash{Value: fmt.Sprint(r), Stack: debug.Stack()}
	}
	f.mu.Unlock()
	f.stop()
	return tea.Quit
}

// crashOf is the panic recovered, or nil.
func (f *frames) crashOf() *Crash {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.crash
}

// guard wraps a command so that a panic in it ends the program in order
// (crashed); the commands of a batch are wrapped in turn.
func (f *frames) guard(cmd tea.Cmd) tea.Cmd {
	if f == nil || cmd == nil {
		return cmd
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = f.crashed(r)()
			}
		}()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, len(batch))
			for i, c := range batch {
				out[i] = f.guard(c)
			}
			return out
		}
		return msg
	}
}

// wake lets a parked writer go; v is the count it may arm at.
func (f *frames) wake(v uint64) {
	select {
	case f.kick <- v:
	default: // a wake-up is pending already; its count is the lower one
	}
}

// filter sees every message before Bubble Tea acts on it (tea.WithFilter).
func (f *frames) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case probeMsg:
		close(msg.ack)
		return nil
	case tea.RawMsg:
		if _, ok := msg.Msg.(frameMark); ok {
			f.mu.Lock()
			f.markSeq, f.reuse = f.msgs, true
			seq := f.msgs
			f.mu.Unlock()
			f.wake(seq)
			return msg
		}
	case tea.KeyPressMsg, tea.KeyReleaseMsg, tea.PasteMsg, tea.PasteStartMsg, tea.PasteEndMsg:
		f.mu.Lock()
		f.msgs++
		f.reuse = false
		f.ask()
		f.mu.Unlock()
		return msg
	case tea.QuitMsg, tea.InterruptMsg, SignalMsg:
		f.mu.Lock()
		f.closing = true
		f.mu.Unlock()
	}
	f.mu.Lock()
	f.msgs++
	f.reuse = false
	f.ask()
	f.mu.Unlock()
	f.wake(noArm)
	return msg
}

// view returns the view: draw's, or after a mark (which changes nothing)
// the last one again without computing it.
func (f *frames) view(draw func() tea.View) tea.View {
	f.mu.Lock()
	reuse := f.reuse
	f.reuse = false
	f.mu.Unlock()
	if reuse && f.last != nil {
		return *f.last
	}
	v := draw()
	f.last = &v
	return v
}
