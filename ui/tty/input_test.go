package tty

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"
)

// clock is a hand-driven timer source for Input.
type clock struct{ fire chan time.Time }

func (c *clock) after(time.Duration) <-chan time.Time { return c.fire }

// readUntil reads r until want is in what was read, or fails after a while.
func readUntil(t *testing.T, r io.Reader, want string) string {
	t.Helper()
	var got bytes.Buffer
	buf := make([]byte, 256)
	deadline := time.Now().Add(5 * time.Second)
	for !bytes.Contains(got.Bytes(), []byte(want)) {
		if time.Now().After(deadline) {
			t.Fatalf("read %q, waiting for %q", got.String(), want)
		}
		n, err := r.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			t.Fatalf("read %q then %v, waiting for %q", got.String(), err, want)
		}
	}
	return got.String()
}

func TestInputEndsAStrayPasteWhenQuiet(t *testing.T) {
	src, w := io.Pipe()
	c := &clock{fire: make(chan time.Time)}
	in, err := NewInput(src, InputOptions{After: c.after})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	_, _ = w.Write([]byte(ps + "half a paste"))
	readUntil(t, in.File(), ps+"half a paste")
	c.fire <- time.Now() // a quiet second
	readUntil(t, in.File(), pe)
	_, _ = w.Write([]byte("\x03"))
	readUntil(t, in.File(), "\x03")
}

func TestInputReportsTheEndOfInput(t *testing.T) {
	src, w := io.Pipe()
	ended := make(chan error, 1)
	in, err := NewInput(src, InputOptions{OnEnd: func(err error) { ended <- err }})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	_, _ = w.Write([]byte("x"))
	readUntil(t, in.File(), "x")
	gone := errors.New("input/output error")
	w.CloseWithError(gone)
	select {
	case err := <-ended:
		if !errors.Is(err, gone) {
			t.Fatalf("ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the end of input was not reported")
	}
}
