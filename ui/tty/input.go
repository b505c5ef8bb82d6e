package tty

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Input passes a terminal's bytes through the input filter (filter.go)
// into a pipe that Bubble Tea reads (tea.WithInput(in.File())). Bubble Tea
// waits on the pipe with epoll, so a paste the filter ends on a timeout
// reaches it at once. It does not put the terminal in raw mode (Mode does).
type Input struct {
	r, w *os.File
	stop chan struct{}
	once sync.Once
	done chan struct{}
}

// InputOptions configures NewInput.
type InputOptions struct {
	// PasteQuiet ends a paste whose end marker has not come after this long
	// without a byte; default 1 s. A real paste arrives in one burst.
	PasteQuiet time.Duration
	// HoldEsc is how long the start of a marker at the end of a read (a lone
	// ESC, the Esc key) is held for the rest of it; default 25 ms.
	HoldEsc time.Duration
	// MaxPaste caps a paste's text, in bytes; default 1 MiB.
	MaxPaste int
	// OnEnd is called once when the source ends (io.EOF, or an error such as
	// EIO when the terminal hangs up), after every byte before it was passed
	// on. The editor ends the session there as SIGHUP does.
	OnEnd func(err error)
	// After makes a timer; tests replace it. Default time.After.
	After func(time.Duration) <-chan time.Time
}

// NewInput starts reading src. Close stops passing bytes on; a read of src
// already waiting ends only when src returns.
func NewInput(src io.Reader, o InputOptions) (*Input, error) {
	if o.PasteQuiet <= 0 {
		o.PasteQuiet = time.Second
	}
	if o.HoldEsc <= 0 {
		o.HoldEsc = 25 * time.Millisecond
	}
	if o.MaxPaste <= 0 {
		o.MaxPaste = 1 << 20
	}
	if o.After == nil {
		o.After = time.After
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("input pipe: %w", err)
	}
	in := &Input{r: r, w: w, stop: make(chan struct{}), done: make(chan struct{})}
	reads := make(chan []byte)
	ended := make(chan error, 1)
	go read(src, reads, ended, in.stop)
	go in.pump(&filter{maxPaste: o.MaxPaste}, o, reads, ended)
	return in, nil
}

// File is the end Bubble Tea reads.
func (in *Input) File() *os.File { return in.r }

// Stop stops passing bytes on and closes the pipe's writing end: its
// reader gets the end of input.
func (in *Input) Stop() {
	in.once.Do(func() { close(in.stop) })
	<-in.done
}

// Close stops the input and closes both ends of the pipe. Call it only
// once the reader of File has stopped reading.
func (in *Input) Close() error {
	in.Stop()
	return in.r.Close()
}

// read copies src's reads to reads, one chunk per read, until src fails
// or stop is closed.
func read(src io.Reader, reads chan<- []byte, ended chan<- error, stop <-chan struct{}) {
	buf := make([]byte, 4096)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			select {
			case reads <- append([]byte(nil), buf[:n]...):
			case <-stop:
				return
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.EOF
			}
			ended <- err
			return
		}
	}
}

// pump filters each read into the pipe and settles what the filter holds
// when input goes quiet.
func (in *Input) pump(f *filter, o InputOptions, reads <-chan []byte, ended <-chan error) {
	defer close(in.done)
	defer in.w.Close()
	var quiet <-chan time.Time
	arm := func() {
		switch {
		case f.pasting:
			quiet = o.After(o.PasteQuiet)
		case len(f.carry) > 0:
			quiet = o.After(o.HoldEsc)
		default:
			quiet = nil
		}
	}
	write := func(b []byte) bool {
		if len(b) == 0 {
			return true
		}
		_, err := in.w.Write(b)
		return err == nil
	}
	for {
		select {
		case <-in.stop:
			return
		case b := <-reads:
			if !write(f.feed(b)) {
				return
			}
			arm()
		case <-quiet:
			if !write(f.quiet()) {
				return
			}
			arm()
		case err := <-ended:
			write(f.quiet())
			if o.OnEnd != nil {
				o.OnEnd(err)
			}
			return
		}
	}
}
