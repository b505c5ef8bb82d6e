package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
)

// program is the real Bubble Tea program on a pipe: keys written to in,
// output checked by check as each write arrives, before it is passed on.
type program struct {
	t     *testing.T
	p     *tea.Program
	f     *frames
	in    *io.PipeWriter
	store *draft.Store
	done  chan struct{}

	mu  sync.Mutex
	out bytes.Buffer
}

func startProgram(t *testing.T, check func(p *program, b []byte)) *program {
	t.Helper()
	store, err := draft.Open(filepath.Join(t.TempDir(), "drafts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(fakeapi.New(fakeapi.Options{RateLimit: -1}))
	t.Cleanup(srv.Close)
	client, err := apiclient.New(apiclient.Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey, Timeout: 5 * time.Second,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	pr := &program{t: t, store: store, done: make(chan struct{})}
	m := New(Config{Client: client, CustomerID: fakeapi.MedicareLeadID, Drafts: store})
	inR, inW := io.Pipe()
	pr.in = inW
	out := writerFunc(func(b []byte) (int, error) {
		if check != nil {
			check(pr, b)
		}
		pr.mu.Lock()
		defer pr.mu.Unlock()
		return pr.out.Write(b)
	})
	pr.p = m.NewProgram(out, tea.WithInput(inR), tea.WithWindowSize(80, 24), tea.WithoutSignalHandler())
	pr.f = m.c.frames
	go func() {
		defer close(pr.done)
		if _, err := pr.p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
			t.Error(err)
		}
	}()
	t.Cleanup(func() {
		pr.f.stop()
		pr.p.Kill()
		<-pr.done
	})
	pr.waitFor("ctrl+s review")
	return pr
}

type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(b []byte) (int, error) { return w(b) }

func (pr *program) typ(s string) {
	pr.t.Helper()
	if _, err := pr.in.Write([]byte(s)); err != nil {
		pr.t.Fatal(err)
	}
}

func (pr *program) output() string {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	return pr.out.String()
}

func (pr *program) waitFor(s string) {
	pr.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(pr.output(), s) {
		if time.Now().After(deadline) {
			pr.t.Fatalf("never drew %q", s)
		}
		time.Sleep(time.Millisecond)
	}
}

// parks is how many times the drawing goroutine has parked so far.
func (pr *program) parks() int {
	pr.f.mu.Lock()
	defer pr.f.mu.Unlock()
	return pr.f.parks
}

// waitParked waits until the drawing goroutine parks again after it had
// parked since times.
func (pr *program) waitParked(since int) {
	pr.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if pr.parks() > since {
			return
		}
		if time.Now().After(deadline) {
			pr.t.Fatal("the drawing goroutine never parked")
		}
		time.Sleep(time.Millisecond)
	}
}

// The promise, with the real renderer: whenever output shows a typed
// character, the draft on disk already holds it, whether keys come one at a
// time or many in one read; and one write serves all the keys of a frame.
func TestFramesWriteTheDraftBeforeShowingIt(t *testing.T) {
	const typed = "ЖΩ§¶ƱǂΞ" // drawn nowhere else on the screen
	var shown int
	pr := startProgram(t, func(pr *program, b []byte) {
		for _, r := range typed {
			if !bytes.ContainsRune(b, r) {
				continue
			}
			shown++
			d, err := pr.store.Load(fakeapi.MedicareLeadID)
			if err != nil || !strings.ContainsRune(d.Edits["city"].Text, r) {
				t.Errorf("%q drawn before the draft held it (draft %+v, %v)", r, d, err)
			}
		}
	})
	pr.typ("\x07city\r")
	pr.waitFor("city · max 255")
	pr.waitParked(0)
	for _, r := range typed[:len("ЖΩ§")] { // one at a time: each drawn alone
		n := pr.parks()
		pr.typ(string(r))
		pr.waitFor(string(r))
		pr.waitParked(n)
	}
	n := pr.parks()
	pr.typ(typed[len("ЖΩ§"):]) // in one read
	pr.waitFor("Ξ")
	pr.waitParked(n)
	if shown == 0 {
		t.Fatal("no frame showed a typed character")
	}
	d, err := pr.store.Load(fakeapi.MedicareLeadID)
	if err != nil || d.Edits["city"].Text != "Chicago"+typed {
		t.Fatalf("draft %+v %v", d, err)
	}
}

// Parked, the program still quits, and keeps what it drew in the draft.
func TestFramesQuitWhileParked(t *testing.T) {
	pr := startProgram(t, nil)
	n := pr.parks()
	pr.typ("\x07city\r!")
	pr.waitFor("Chicago!")
	pr.waitParked(n)
	n = pr.parks()
	pr.typ("\x03") // ctrl+c: unsaved changes, so it asks
	pr.waitFor("keep them in a draft")
	pr.waitParked(n)
	pr.typ("y")
	select {
	case <-pr.done:
	case <-time.After(10 * time.Second):
		t.Fatal("did not quit")
	}
	d, err := pr.store.Load(fakeapi.MedicareLeadID)
	if err != nil || d.Edits["city"].Text != "Chicago!" {
		t.Fatalf("draft %+v %v", d, err)
	}
}

// A parked writer whose event loop has ended (Send delivers nothing) stops
// parking after the next probe, so that Bubble Tea can shut down; while the
// loop runs, probes keep it parked, even though Send returns before the
// filter has seen the probe.
func TestFramesProbe(t *testing.T) {
	soon := func(d time.Duration) <-chan time.Time {
		if d == probeEvery { // the probes come at once; the wait for an answer is real
			c := make(chan time.Time, 1)
			c <- time.Time{}
			return c
		}
		return time.After(d)
	}
	f := newFrames(io.Discard, nil)
	f.pause = soon
	f.send = func(tea.Msg) {} // the loop is gone: nothing reaches the filter
	if v := f.park(); v != noArm || !f.closing {
		t.Fatalf("park returned %d, closing %v", v, f.closing)
	}

	f = newFrames(io.Discard, nil)
	f.pause = soon
	probes := 0
	f.send = func(msg tea.Msg) {
		if _, ok := msg.(probeMsg); !ok {
			return // the marks asked for: not needed here
		}
		probes++
		n := probes
		go func() { // the event loop's filter runs after Send has returned
			time.Sleep(time.Millisecond)
			switch n {
			case 2:
				f.filter(nil, tea.KeyPressMsg{}) // counted, but a key does not wake
			case 3:
				f.filter(nil, tea.RawMsg{Msg: frameMark(1)}) // its mark does
			}
			f.filter(nil, msg)
		}()
	}
	if v := f.park(); v != 1 || f.closing || probes < 3 {
		t.Fatalf("park returned %d after %d probes, closing %v", v, probes, f.closing)
	}
}

// A draft write that fails before a frame is said on the status line, and
// the line goes once a write succeeds again.
func TestFramesSayAFailedDraftWrite(t *testing.T) {
	h := newHarness(t, fakeapi.MedicareLeadID)
	h.m.c.frames = newFrames(io.Discard, h.m.c.Drafts) // drafts staged, written by frames
	h.goTo("city")
	h.typ("x")
	h.send(draftWrittenMsg{err: errors.New("no space left on device")})
	h.mustSee("Draft not saved (no space left on device): edits are only in memory.")
	h.typ("y") // still failing, as far as anyone knows: the line stays
	h.mustSee("Draft not saved (no space left on device)")
	h.send(draftWrittenMsg{})
	h.mustNotSee("Draft not saved")
}
