package keyprompt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/theme"
)

const (
	goodKey  = "cc_test_good_7d3f9a"
	otherKey = "cc_test_other_51c2"
	badKey   = "xx_test_secret_e41b" // fails CheckKey: no cc_ prefix
	spaceKey = "cc_test sp_secret_88"
)

func lines(keys ...string) io.Reader { return strings.NewReader(strings.Join(keys, "\n") + "\n") }

// noKeys fails the test if any of keys is in s.
func noKeys(t *testing.T, where, s string, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if strings.Contains(s, k) {
			t.Errorf("%s shows the key %q:\n%s", where, k, s)
		}
	}
}

func TestLineModeAcceptsAGoodKey(t *testing.T) {
	var out strings.Builder
	key, err := Prompt(context.Background(), lines("  "+goodKey+"  "), &out, theme.New(true, theme.UnicodeGlyphs(), false), true, nil)
	if err != nil || key != goodKey {
		t.Fatalf("Prompt = %q, %v", key, err)
	}
	for _, want := range []string{"CareCycle API key", "CARECYCLE_API_KEY", "--api-key-file", "never shown or stored"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("line mode wrote an escape sequence (the theme must be plain there): %q", out.String())
	}
	noKeys(t, "output", out.String(), goodKey)
}

func TestLineModeAsksAgainWithTheReason(t *testing.T) {
	var out strings.Builder
	key, err := Prompt(context.Background(), lines(badKey, goodKey), &out, theme.NewPlain(theme.ASCIIGlyphs()), true, nil)
	if err != nil || key != goodKey {
		t.Fatalf("Prompt = %q, %v\n%s", key, err, out.String())
	}
	if got := strings.Count(out.String(), "CareCycle API key "); got != 2 {
		t.Errorf("asked %d times, want 2:\n%s", got, out.String())
	}
	if !strings.Contains(out.String(), "does not start with cc_") || !strings.Contains(out.String(), "Try 2 of 3.") {
		t.Errorf("no reason for asking again:\n%s", out.String())
	}
	noKeys(t, "output", out.String(), badKey, goodKey)
}

func TestLineModeGivesUpAfterThreeKeys(t *testing.T) {
	var out strings.Builder
	key, err := Prompt(context.Background(), lines(badKey, spaceKey, "", goodKey), &out, theme.NewPlain(theme.UnicodeGlyphs()), true, nil)
	if err == nil || key != "" {
		t.Fatalf("Prompt = %q, %v", key, err)
	}
	if !strings.Contains(err.Error(), "after 3 tries") || !strings.Contains(err.Error(), "no API key") {
		t.Errorf("error %q", err)
	}
	if got := strings.Count(out.String(), "CareCycle API key "); got != MaxTries {
		t.Errorf("asked %d times, want %d:\n%s", got, MaxTries, out.String())
	}
	noKeys(t, "error", err.Error(), badKey, spaceKey, goodKey, "secret")
	noKeys(t, "output", out.String(), badKey, spaceKey, goodKey, "secret")
}

func TestLineModeEndOfInput(t *testing.T) {
	var out strings.Builder
	_, err := Prompt(context.Background(), strings.NewReader(""), &out, theme.NewPlain(theme.UnicodeGlyphs()), true, nil)
	if err == nil || !strings.Contains(err.Error(), "input ended") {
		t.Fatalf("err %v", err)
	}
	if got := strings.Count(out.String(), "CareCycle API key "); got != 1 {
		t.Errorf("asked %d times after the input ended:\n%s", got, out.String())
	}
}

// verifier checks keys against a loopback server that accepts only goodKey,
// the way a real verify would ask the API.
func verifier(t *testing.T) func(context.Context, string) error {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+goodKey {
			http.Error(w, "Invalid or missing API key", http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)
	return func(ctx context.Context, key string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := srv.Client().Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			// A careless verify: the key is in its error.
			return fmt.Errorf("key %s refused: HTTP %d \x1b[2J", key, resp.StatusCode)
		}
		return nil
	}
}

func TestLineModeVerify(t *testing.T) {
	var out strings.Builder
	key, err := Prompt(context.Background(), lines(otherKey, goodKey), &out, theme.NewPlain(theme.ASCIIGlyphs()), true, verifier(t))
	if err != nil || key != goodKey {
		t.Fatalf("Prompt = %q, %v\n%s", key, err, out.String())
	}
	if !strings.Contains(out.String(), "HTTP 401") || !strings.Contains(out.String(), "cc_...51c2") {
		t.Errorf("verify's reason not shown, masked:\n%s", out.String())
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Errorf("verify's error reached the terminal raw: %q", out.String())
	}
	noKeys(t, "output", out.String(), otherKey, goodKey)

	out.Reset()
	_, err = Prompt(context.Background(), lines(otherKey, otherKey, otherKey), &out, theme.NewPlain(theme.ASCIIGlyphs()), true, verifier(t))
	if err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Fatalf("err %v", err)
	}
	noKeys(t, "error", err.Error(), otherKey, "\x1b")
}

// pump drives m the way Bubble Tea does, synchronously: each command's
// message is fed back. Commands that do not answer at once (the cursor's
// blink timer) are dropped.
type pump struct {
	t    *testing.T
	m    *model
	quit bool
}

func (p *pump) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	wait := 20 * time.Millisecond
	if p.m.checking {
		wait = 5 * time.Second // verify, asking the loopback server
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(wait):
		return
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			p.run(c)
		}
	case tea.QuitMsg:
		p.quit = true
	default:
		// tea.Sequence's message is an unexported []tea.Cmd.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			for i := range v.Len() {
				p.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		p.send(msg)
	}
}

func (p *pump) send(msg tea.Msg) {
	_, cmd := p.m.Update(msg)
	p.run(cmd)
}

func (p *pump) typ(s string) {
	for _, r := range s {
		p.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (p *pump) enter() { p.send(tea.KeyPressMsg{Code: tea.KeyEnter}) }

func (p *pump) screen() string { return ansi.Strip(p.m.View().Content) }

func newPump(t *testing.T, th *theme.Theme, verify func(context.Context, string) error) *pump {
	p := &pump{t: t, m: newModel(context.Background(), th, verify)}
	p.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	p.run(p.m.Init())
	return p
}

func TestFormAsksAgainAndHidesTheKey(t *testing.T) {
	p := newPump(t, theme.New(true, theme.UnicodeGlyphs(), false), nil)
	s := p.screen()
	for _, want := range []string{"CareCycle API key", "CARECYCLE_API_KEY", "--api-key-file", "enter submit"} {
		if !strings.Contains(s, want) {
			t.Errorf("first screen lacks %q:\n%s", want, s)
		}
	}
	p.typ(badKey)
	noKeys(t, "screen", p.m.View().Content, badKey)
	if !strings.Contains(p.screen(), strings.Repeat("*", len(badKey))) {
		t.Errorf("typing shows no mask:\n%s", p.screen())
	}
	p.enter()
	s = p.screen()
	if p.quit || !strings.Contains(s, "does not start with cc_") || !strings.Contains(s, "Try 2 of 3.") {
		t.Fatalf("a bad key was not refused with its reason (quit=%v):\n%s", p.quit, s)
	}
	if strings.Contains(s, "*") {
		t.Errorf("the second try starts with the first key's mask:\n%s", s)
	}
	p.typ(goodKey)
	noKeys(t, "screen", p.m.View().Content, goodKey, badKey)
	p.enter()
	if !p.quit || p.m.err != nil || p.m.key != goodKey {
		t.Fatalf("good key: quit=%v key=%q err=%v", p.quit, p.m.key, p.m.err)
	}
	if s := p.m.View().Content; s != "" {
		t.Errorf("the prompt stays on screen after: %q", s)
	}
}

func TestFormGivesUpAfterThreeKeys(t *testing.T) {
	p := newPump(t, theme.New(false, theme.ASCIIGlyphs(), true), nil)
	for i, k := range []string{badKey, spaceKey, ""} {
		if p.quit {
			t.Fatalf("quit after %d keys", i)
		}
		if i > 0 && !strings.Contains(p.screen(), fmt.Sprintf("Try %d of 3.", i+1)) {
			t.Errorf("try %d not said:\n%s", i+1, p.screen())
		}
		v := p.m.View().Content
		if i := strings.IndexFunc(v, func(r rune) bool { return r > 0x7f }); i >= 0 {
			t.Fatalf("ASCII prompt writes %q:\n%s", v[i:], v)
		}
		p.typ(k)
		p.enter()
	}
	if !p.quit || p.m.err == nil || p.m.key != "" || !strings.Contains(p.m.err.Error(), "after 3 tries") {
		t.Fatalf("quit=%v key=%q err=%v", p.quit, p.m.key, p.m.err)
	}
	noKeys(t, "error", p.m.err.Error(), badKey, spaceKey, "secret")
}

func TestFormVerifiesAndCanBeCancelled(t *testing.T) {
	p := newPump(t, theme.New(true, theme.UnicodeGlyphs(), false), verifier(t))
	p.typ(otherKey)
	p.enter()
	s := p.screen()
	if !strings.Contains(s, "HTTP 401") || !strings.Contains(s, "cc_…51c2") || !strings.Contains(s, "Try 2 of 3.") {
		t.Fatalf("verify's refusal not shown:\n%s", s)
	}
	if strings.Contains(p.m.View().Content, "\x1b[2J") {
		t.Error("verify's error reached the terminal raw")
	}
	noKeys(t, "screen", s, otherKey)
	p.typ(goodKey)
	p.enter()
	if !p.quit || p.m.key != goodKey {
		t.Fatalf("quit=%v key=%q err=%v", p.quit, p.m.key, p.m.err)
	}

	p = newPump(t, theme.New(true, theme.UnicodeGlyphs(), false), nil)
	p.typ("cc_te")
	p.send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if !p.quit || !errors.Is(p.m.err, huh.ErrUserAborted) {
		t.Fatalf("ctrl+c: quit=%v err=%v", p.quit, p.m.err)
	}
}

// syncBuffer is an io.Writer the program and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The whole Prompt, in a Bubble Tea program on pipes: every byte it writes
// is checked for the key.
func TestPromptProgram(t *testing.T) {
	inR, inW := io.Pipe()
	defer inW.Close()
	var out syncBuffer
	type result struct {
		key string
		err error
	}
	done := make(chan result, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go func() {
		k, err := Prompt(ctx, inR, &out, theme.New(true, theme.UnicodeGlyphs(), false), false, nil)
		done <- result{k, err}
	}()
	waitFor := func(s string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if strings.Contains(ansi.Strip(out.String()), s) {
				return
			}
		}
		t.Fatalf("never saw %q in:\n%s", s, ansi.Strip(out.String()))
	}
	waitFor("CareCycle API key")
	io.WriteString(inW, badKey+"\r")
	waitFor("Try 2 of 3.")
	io.WriteString(inW, goodKey+"\r")
	r := <-done
	if r.err != nil || r.key != goodKey {
		t.Fatalf("Prompt = %q, %v", r.key, r.err)
	}
	noKeys(t, "output", out.String(), badKey, goodKey, "secret")
}

func TestPromptProgramStopsWithTheContext(t *testing.T) {
	inR, inW := io.Pipe()
	defer inW.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err := Prompt(ctx, inR, io.Discard, theme.New(true, theme.UnicodeGlyphs(), false), false, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
}
