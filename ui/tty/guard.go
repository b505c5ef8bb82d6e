package tty

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// The guard: a small parent process that holds the terminal's state while
// the editor runs as its child, and restores it if the editor ends without
// restoring it itself. A Go program cannot recover a panic in a library's
// goroutine (Bubble Tea's input reader, its renderer), and nothing runs
// after kill -9 or an out-of-memory kill: the terminal would stay raw, on
// the alternate screen, with the record on it. The parent is what the shell
// waits for, so the terminal is restored before the shell prints its
// prompt; it costs a fork and exec at start and a few megabytes of memory
// (see README Performance), and no CPU while it waits.
//
// Signals sent to the guard (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP) are
// passed to the editor, which handles them as it always does. If the guard
// is killed, the editor gets SIGHUP (PR_SET_PDEATHSIG) and ends as a dropped
// link ends it: draft kept, terminal restored.

// guardEnv marks an editor started by a guard; its value is the protocol
// version.
const guardEnv = "CCEDIT_GUARD"

// editorName is the editor's argv[0], so that it can be told from the guard
// in ps (and signalled on its own).
const editorName = "ccedit-editor"

// What the editor tells the guard, a line each: it took the terminal (raw
// mode, the alternate screen), or it restored it. The guard restores the
// terminal only when the editor ends after taking it and before restoring
// it: a signal that ends the editor before it took the terminal (ctrl+c at
// the key prompt, say) leaves nothing to restore.
const (
	takenMark    = "taken"
	restoredMark = "restored"
)

// maxCrash bounds the crash report the guard keeps.
const maxCrash = 1 << 20

// GuardOptions configures Guard.
type GuardOptions struct {
	Args []string // the editor's arguments (os.Args[1:])
	// The editor's standard streams; Stdin is the terminal whose mode is
	// saved and restored, Stdout gets the reset sequences and Stderr the
	// guard's message.
	Stdin, Stdout, Stderr *os.File
	// Reopen is the command that opens the customer again, for the message;
	// "" when not known (the search was open).
	Reopen string
}

// Guarded reports whether this process is an editor started by a guard.
func Guarded(getenv func(string) string) bool { return getenv(guardEnv) != "" }

// Guard runs this program again as the editor, with the same arguments,
// terminal and process group, waits for it, and returns its exit status
// (128+n when a signal n ended it). When the editor ended without saying it
// restored the terminal, the guard restores it: the mode it had, the main
// screen (the alternate screen cleared first, so the record is not on it),
// the cursor, paste and keyboard modes; then it says what happened and
// prints the crash report, if the runtime wrote one.
func Guard(o GuardOptions) (int, error) {
	fd := int(o.Stdin.Fd())
	saved, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return 0, fmt.Errorf("guard: read the terminal's mode: %w", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return 0, fmt.Errorf("guard: find the program: %w", err)
	}
	cleanR, cleanW, err := os.Pipe()
	if err != nil {
		return 0, fmt.Errorf("guard: %w", err)
	}
	defer cleanR.Close()
	crashR, crashW, err := os.Pipe()
	if err != nil {
		cleanW.Close()
		return 0, fmt.Errorf("guard: %w", err)
	}
	defer crashR.Close()

	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTSTP)
	defer signal.Stop(sigs)

	// The death signal follows the thread that started the child: keep
	// this goroutine on one thread until the child is gone.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cmd := &exec.Cmd{Path: exe, Args: append([]string{editorName}, o.Args...),
		Env:   append(os.Environ(), guardEnv+"=1"),
		Stdin: o.Stdin, Stdout: o.Stdout, Stderr: o.Stderr,
		ExtraFiles:  []*os.File{cleanW, crashW}, // fd 3 and 4 in the editor
		SysProcAttr: &syscall.SysProcAttr{Pdeathsig: syscall.SIGHUP}}
	err = cmd.Start()
	cleanW.Close()
	crashW.Close()
	if err != nil {
		return 0, fmt.Errorf("guard: start the editor: %w", err)
	}
	clean, crash := make(chan bool, 1), make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(cleanR, 4096))
		lines := strings.Fields(string(b))
		clean <- len(lines) == 0 || lines[len(lines)-1] == restoredMark
	}()
	go func() {
		b, _ := io.ReadAll(io.LimitReader(crashR, maxCrash))
		_, _ = io.Copy(io.Discard, crashR)
		crash <- b
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	for done := false; !done; {
		select {
		case sig := <-sigs:
			_ = cmd.Process.Signal(sig)
		case err = <-waited:
			done = true
		}
	}
	code, how := exitStatus(cmd.ProcessState, err)
	if <-clean {
		return code, nil
	}
	// The editor did not restore the terminal: do it, then say so.
	_ = unix.IoctlSetTermios(fd, unix.TCSETS, saved)
	_, _ = io.WriteString(o.Stdout, resetSequence)
	report := <-crash
	fmt.Fprintf(o.Stderr, "ccedit: the editor stopped unexpectedly (%s); the terminal was restored and the record cleared from the screen.\n", how)
	fmt.Fprintln(o.Stderr, "        Unsaved changes that were on screen are in the customer's draft (unless the editor warned that drafts could not be written).")
	if o.Reopen != "" {
		fmt.Fprintf(o.Stderr, "        run  %s  to restore them.\n", o.Reopen)
	}
	if len(bytes.TrimSpace(report)) > 0 {
		fmt.Fprintf(o.Stderr, "ccedit: the editor's crash report follows.\n%s", report)
	}
	if code == 0 {
		code = 1
	}
	return code, nil
}

// resetSequence undoes what the editor set on the terminal: it clears the
// alternate screen (the record), leaves it, shows the cursor, resets the
// colours, stops bracketed paste, focus and mouse reports, and pops the
// keyboard modes Bubble Tea pushes.
const resetSequence = "\x1b[0m\x1b[H\x1b[2J\x1b[?1049l\x1b[?25h\x1b[?2004l\x1b[?1004l" +
	"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[>4m\x1b[<u\r\n"

// exitStatus is the shell's exit status for a finished process, and how it
// ended in words.
func exitStatus(st *os.ProcessState, err error) (int, string) {
	if st == nil {
		return 1, "it could not be waited for: " + err.Error()
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal()), fmt.Sprintf("killed by signal %d, %s", int(ws.Signal()), ws.Signal())
	}
	return st.ExitCode(), fmt.Sprintf("exit status %d", st.ExitCode())
}

// EditorSide is the editor's end of the guard, or nil when no guard
// started this process.
type EditorSide struct {
	clean *os.File
}

// Editor sets up the editor's end of the guard when a guard started this
// process: fatal errors go to the guard as well as to standard error (so it
// can print them once the terminal is restored), and SIGTTOU is ignored so
// that the editor can restore the terminal even after the shell took it
// back (the guard killed). It returns nil when there is no guard.
func Editor(getenv func(string) string) *EditorSide {
	if !Guarded(getenv) {
		return nil
	}
	clean, crash := os.NewFile(3, "guard-clean"), os.NewFile(4, "guard-crash")
	if clean == nil || crash == nil {
		return nil
	}
	_ = debug.SetCrashOutput(crash, debug.CrashOptions{})
	crash.Close() // SetCrashOutput keeps its own duplicate
	signal.Ignore(syscall.SIGTTOU)
	return &EditorSide{clean: clean}
}

// Taken tells the guard that the editor is about to take the terminal (raw
// mode, the alternate screen): from now until Restored, the guard restores
// the terminal if the editor ends.
func (e *EditorSide) Taken() { e.say(takenMark) }

// Restored tells the guard that the editor restored the terminal itself.
// Call it after the program's last screen is gone, before the exit message.
func (e *EditorSide) Restored() { e.say(restoredMark) }

func (e *EditorSide) say(mark string) {
	if e == nil {
		return
	}
	_, _ = io.WriteString(e.clean, mark+"\n")
}
