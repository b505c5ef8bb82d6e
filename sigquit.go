package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"
)

// exitQuit is the exit status after SIGQUIT, 128 + its number.
const exitQuit = 128 + int(syscall.SIGQUIT)

// onQuitSignal takes SIGQUIT over from the Go runtime, which dumps the
// goroutines onto a terminal still in raw mode and on the alternate screen
// (the dump lost with it, the shell left unusable). Here the dump is taken
// first, the terminal restored, and then the dump written to stderr. The
// returned flag is set once the handler runs: the caller must then wait
// (the handler exits the process) rather than return from main first.
// Every change is already in the draft, so nothing else needs saving.
func onQuitSignal(p *tea.Program, stderr io.Writer) *atomic.Bool {
	var dumping atomic.Bool
	fd := int(os.Stdin.Fd())
	saved, _ := term.GetState(fd) // the terminal as it was before Bubble Tea
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGQUIT)
	go func() {
		<-quit
		dumping.Store(true)
		dump := stacks()
		restored := make(chan struct{})
		go func() { p.Kill(); close(restored) }() // restores the terminal on the way out
		select {
		case <-restored:
		case <-time.After(2 * time.Second): // the program is stuck: restore it by hand
			if saved != nil {
				_ = term.Restore(fd, saved)
			}
			// Leave the alternate screen, show the cursor, stop bracketed
			// paste and focus reports, pop the keyboard mode.
			_, _ = io.WriteString(os.Stdout, "\x1b[?1049l\x1b[?25h\x1b[?2004l\x1b[?1004l\x1b[<u\r\n")
		}
		fmt.Fprintf(stderr, "ccedit: stopped by SIGQUIT; the goroutine dump follows.\n%s", dump)
		os.Exit(exitQuit)
	}()
	return &dumping
}

// stacks is every goroutine's stack, as the runtime prints them on SIGQUIT.
func stacks() []byte {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}
