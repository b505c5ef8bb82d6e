package ui

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
)

// harness drives the root model the way Bubble Tea does, synchronously:
// commands run to completion (HTTP goes to a loopback fake) and their
// messages are fed back. Timers are not run; tests send tick messages.
type harness struct {
	t    testing.TB
	m    Model
	fake *fakeapi.Server
	quit bool
	now  time.Time // the model's clock: moves only when the test says (later)
}

// setup is what a harness is built from; options change it.
type setup struct {
	cfg  Config
	fo   fakeapi.Options
	fake *fakeapi.Server // set: talk to this fake (a second session)
}

type harnessOpt func(*setup)

func withDrafts(d *draft.Store) harnessOpt { return func(s *setup) { s.cfg.Drafts = d } }
func withASCII() harnessOpt                { return func(s *setup) { s.cfg.ASCII = true } }
func withFake(f *fakeapi.Server) harnessOpt {
	return func(s *setup) { s.fake = f }
}
func withFakeKey(k string) harnessOpt { return func(s *setup) { s.fo.Key = k } }
func withETags() harnessOpt           { return func(s *setup) { s.fo.ETags = true } }

func newHarness(t testing.TB, id string, opts ...harnessOpt) *harness {
	t.Helper()
	store, err := draft.Open(filepath.Join(t.TempDir(), "drafts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	st := &setup{cfg: Config{CustomerID: id, KeyHint: apiclient.MaskKey(fakeapi.DemoKey), Drafts: store},
		fo: fakeapi.Options{RateLimit: -1}}
	for _, o := range opts {
		o(st)
	}
	fake := st.fake
	if fake == nil {
		fake = fakeapi.New(st.fo)
	}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	client, err := apiclient.New(apiclient.Options{BaseURL: srv.URL, APIKey: fakeapi.DemoKey, Timeout: 5 * time.Second,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	cfg := st.cfg
	cfg.Client = client
	h := &harness{t: t, fake: fake, m: New(cfg)}
	h.m.c.After = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	h.now = time.Date(2026, 11, 28, 14, 5, 0, 0, time.UTC)
	h.m.c.Now = func() time.Time { return h.now }
	h.m.c.Zone = time.UTC
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.run(h.m.Init())
	return h
}

// later moves the model's clock on by d: after a paste, a person's next
// key comes later than the paste guard.
func (h *harness) later(d time.Duration) { h.now = h.now.Add(d) }

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
		h.quit = true
	default:
		h.send(msg)
	}
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	h.run(cmd)
}

var namedKeys = map[string]tea.KeyPressMsg{
	"tab":       {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
	"enter":     {Code: tea.KeyEnter},
	"esc":       {Code: tea.KeyEscape},
	"backspace": {Code: tea.KeyBackspace},
	"up":        {Code: tea.KeyUp},
	"down":      {Code: tea.KeyDown},
	"left":      {Code: tea.KeyLeft},
	"right":     {Code: tea.KeyRight},
	"pgdown":    {Code: tea.KeyPgDown},
	"pgup":      {Code: tea.KeyPgUp},
	"space":     {Code: tea.KeySpace, Text: " "},
}

// keys sends named keys: "tab", "ctrl+s", "enter"…
func (h *harness) keys(names ...string) {
	h.t.Helper()
	for _, n := range names {
		k, ok := namedKeys[n]
		if !ok && strings.HasPrefix(n, "ctrl+") && len(n) == 6 {
			k, ok = tea.KeyPressMsg{Code: rune(n[5]), Mod: tea.ModCtrl}, true
		}
		if !ok {
			h.t.Fatalf("unknown key %q", n)
		}
		if k.String() != n {
			h.t.Fatalf("key %q reads back as %q", n, k.String())
		}
		h.send(k)
	}
}

// typ types text one key at a time, as a burst from one read would arrive.
func (h *harness) typ(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// goTo jumps to a field with ctrl+g.
func (h *harness) goTo(query string) {
	h.t.Helper()
	h.keys("ctrl+g")
	h.typ(query)
	h.keys("enter")
}

func (h *harness) raw() string  { return h.m.View().Content }
func (h *harness) view() string { return ansi.Strip(h.raw()) }

func (h *harness) mustSee(parts ...string) {
	h.t.Helper()
	v := h.view()
	for _, p := range parts {
		if !strings.Contains(v, p) {
			h.t.Fatalf("view lacks %q:\n%s", p, v)
		}
	}
}

func (h *harness) mustNotSee(parts ...string) {
	h.t.Helper()
	v := h.view()
	for _, p := range parts {
		if strings.Contains(v, p) {
			h.t.Fatalf("view shows %q:\n%s", p, v)
		}
	}
}

func (h *harness) patches() []string { return h.fake.Patches() }

func (h *harness) wantPatches(want ...string) {
	h.t.Helper()
	got := h.patches()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Fatalf("PATCH bodies\n got %q\nwant %q", got, want)
	}
}

func (h *harness) focused() string { return h.m.ed.field(h.m.ed.focus).Name }

func (h *harness) value(name string) string {
	return h.m.ed.rec.Value(h.m.c.Schema.Index(name)).Text
}

// nothingUnsaved checks that no edit is left and the header says none.
func (h *harness) nothingUnsaved() {
	h.t.Helper()
	if n := h.m.ed.rec.Dirty(); n != 0 {
		h.t.Fatalf("%d unsaved", n)
	}
	h.mustNotSee("unsaved")
}

// failure is the failure screen shown now.
func (h *harness) failure() *failure {
	h.t.Helper()
	f, ok := h.m.active.(*failure)
	if !ok {
		h.t.Fatalf("no failure screen: %T", h.m.active)
	}
	return f
}

// tick sends the failure screen's next countdown second.
func (h *harness) tick() {
	h.t.Helper()
	f := h.failure()
	h.send(countdownMsg{f: f, gen: f.tick})
}

// pause is the search's debounce timer firing: the query typed so far is
// searched.
func (h *harness) pause() {
	h.t.Helper()
	s, ok := h.m.active.(*search)
	if !ok {
		h.t.Fatalf("no search screen: %T", h.m.active)
	}
	h.send(searchDebounceMsg{s: s, seq: s.seq})
}

// find searches for q (typed, then the pause).
func (h *harness) find(q string) {
	h.t.Helper()
	h.keys("ctrl+u")
	h.typ(q)
	h.pause()
}

// open searches for q and opens the first result.
func (h *harness) open(q string) {
	h.t.Helper()
	h.find(q)
	h.keys("enter")
}
