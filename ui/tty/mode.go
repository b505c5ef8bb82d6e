package tty

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Mode is a terminal put in raw input mode by ccedit: keys arrive one by
// one, unechoed, ctrl+c and ctrl+z as bytes rather than signals; output
// processing stays on. Bubble Tea reads a pipe (Input), not the terminal,
// so it neither sets this mode nor restores it; its renderer then writes a
// newline expecting the terminal to add the carriage return, which is
// what output processing (OPOST, ONLCR) does.
type Mode struct {
	fd    int
	saved unix.Termios // the terminal as it was before Raw
}

// Raw saves fd's terminal state and puts it in raw input mode.
func Raw(fd int) (*Mode, error) {
	st, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil, fmt.Errorf("read the terminal's mode: %w", err)
	}
	m := &Mode{fd: fd, saved: *st}
	return m, m.Again()
}

// Again puts the terminal back in raw input mode (after a suspend).
func (m *Mode) Again() error {
	raw := m.saved
	raw.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	raw.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	raw.Cflag &^= unix.CSIZE | unix.PARENB
	raw.Cflag |= unix.CS8
	raw.Oflag |= unix.OPOST | unix.ONLCR
	raw.Cc[unix.VMIN], raw.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(m.fd, unix.TCSETS, &raw); err != nil {
		return fmt.Errorf("put the terminal in raw mode: %w", err)
	}
	return nil
}

// Restore puts the terminal back as Raw found it.
func (m *Mode) Restore() error {
	if err := unix.IoctlSetTermios(m.fd, unix.TCSETS, &m.saved); err != nil {
		return fmt.Errorf("restore the terminal's mode: %w", err)
	}
	return nil
}

// Saved is the terminal's state before Raw, for a guard to restore.
func (m *Mode) Saved() unix.Termios { return m.saved }
