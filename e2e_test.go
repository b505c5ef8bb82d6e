package main

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// End-to-end tests: the real binary in a real terminal (a private tmux
// server, see terminal_test.go), driven the way a person would.

// e2eState is a draft directory for one run. Its removal waits out the
// program's last draft write: tearing tmux down sends the program SIGHUP,
// and it keeps its unsaved edits on the way out.
func e2eState(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ccedit-e2e-state-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 50; i++ {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Errorf("could not remove %s", dir)
	})
	return dir
}

// binary is the binary under test, built on first use: not at all with
// -short, or when no test that runs needs it.
var binary struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		_ = os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// buildBinary returns the binary under test (static, built once); with
// -short it skips the test or benchmark instead.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("needs the binary: skipped with -short")
	}
	binary.once.Do(func() {
		binary.dir, binary.err = os.MkdirTemp("", "ccedit-bin-")
		if binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "ccedit")
		cmd := exec.Command("go", "build", "-o", binary.path, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		tb.Fatal(binary.err)
	}
	return binary.path
}

// e2eBinary is the binary for an end-to-end test, which also needs tmux:
// checked first, so that a skip builds nothing.
func e2eBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	requireTmux(t)
	return buildBinary(t)
}

// e2e starts an end-to-end test: the binary, a draft directory and a
// private terminal, in the order that lets cleanup stop the terminal first.
func e2e(t *testing.T) (bin, state string, u *terminal) {
	t.Helper()
	bin = e2eBinary(t)
	state = e2eState(t)
	return bin, state, newTerminal(t)
}

func TestE2EDemoEditAndSave(t *testing.T) {
	bin, state, u := e2e(t)
	u.start(80, 24, "XDG_STATE_HOME="+state+" LANG=C.UTF-8 TERM=xterm-256color "+bin+" --demo")
	u.wait("saves last until the demo ends")
	u.typ("O'Connell")
	u.wait("1–1 of 1")
	u.keys("Enter")
	u.wait("ctrl\\+s review") // the help line: the frame is complete
	for _, g := range []string{"Identity", "Contact", "Medicare/Medicaid", "Coverage", "Consent", "Record"} {
		if !strings.Contains(u.screen(), g) {
			t.Fatalf("tab %s missing:\n%s", g, u.screen())
		}
	}
	// Go to first name, clear it and type a name, Tab and a middle name,
	// all in one burst: the text after Tab must land in the next field.
	u.keys("C-g")
	u.typ("first name")
	u.keys("Enter")
	u.wait("firstName")
	u.keys("C-u")
	u.typ("Maggie\tX")
	u.wait("AnneX")
	u.wait("Maggie")
	u.keys("C-s")
	u.wait(`"Margaret" → "Maggie"`)
	u.wait(`"Anne" → "AnneX"`)
	u.keys("Enter")
	u.wait("Saved 2 fields: First name, Middle name.")
	u.keys("C-c")
	u.waitExit()
	if s := u.screen(); strings.Contains(s, "Maggie") {
		t.Fatalf("the record stays on screen after quitting:\n%s", s)
	}
}

// In the real binary: a letter on a list picks (q is Qualified, not quit),
// ctrl+/ (sent as ctrl+_) opens the full help from a text field, and the
// review scrolls to a change below the window.
func TestE2EKeysOnListsAndHelp(t *testing.T) {
	bin, state, u := e2e(t)
	u.start(80, 24, "XDG_STATE_HOME="+state+" LANG=C.UTF-8 TERM=xterm-256color "+bin+" --demo")
	u.wait("saves last until the demo ends")
	u.typ("O'Connell")
	u.wait("1–1 of 1")
	u.keys("Enter")
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("qualification")
	u.keys("Enter")
	u.typ("q")
	u.wait("Qualified")
	u.wait("1 unsaved")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter", "C-_")
	u.wait("delete the word before")
	u.keys("Escape")
	u.wait("Postal code") // the form again, not the help
	u.keys("C-c")
	u.wait("Quit with 1 unsaved change")
	u.typ("d")
	u.waitExit()
}

// Real use with no ID opens the search: a last name, then a phone number
// typed with punctuation, open, edit, back to the search (the edit stays
// in the draft and is marked), open another; the exit lists the draft.
func TestE2ESearchOpenSwitch(t *testing.T) {
	bin, state, u := e2e(t)
	fake := fakeapi.New(fakeapi.Options{})
	realUse(t, u, bin, state, fake, "")
	u.wait("Find:")
	u.typ("Kim")
	u.wait("Oakland, CA")
	u.wait("1–1 of 1")
	u.keys("C-u")
	u.typ("(312) 555-0142")
	u.wait("Chicago, IL")
	u.keys("Enter")
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.typ("!")
	u.wait("Chicago!")
	u.keys("C-t")
	u.wait("1 unsaved change kept in a draft")
	u.wait("has a draft")
	u.keys("C-u")
	u.typ("Herrera")
	u.wait("Houston, TX") // the new results, not the last ones
	u.keys("Enter")
	u.wait("Herrera 5e6f7a8b") // the editor's header
	u.keys("C-c")
	u.wait("EXIT=0")
	u.wait("Margaret O'Connell: 1 unsaved change is in the draft")
	u.wait("  ccedit --base-url http://127.0.0.1:[0-9]+ " + fakeapi.MedicareLeadID[:20])
	if got := fake.Patches(); len(got) != 0 {
		t.Fatalf("PATCH sent: %q", got)
	}
	for _, r := range fake.Requests() {
		if q, _ := url.ParseQuery(r.Query); q.Get("search") == "(312) 555-0142" {
			t.Fatal("the phone number was searched as typed, not as E.164")
		}
	}
}

// A real-use run: key from the environment, --base-url to a loopback fake
// this test started, so the exact PATCH the binary sent can be checked.
func TestE2ERealUsePatchesOnlyChangedFields(t *testing.T) {
	bin, state, u := e2e(t)
	const key = "cc_test_e2e_0123456789"
	fake := fakeapi.New(fakeapi.Options{Key: key})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	u.start(80, 24, fmt.Sprintf("XDG_STATE_HOME=%s TERM=vt100 LANG=C NO_COLOR=1 CARECYCLE_API_KEY=%s %s --base-url %s %s",
		state, key, bin, srv.URL, fakeapi.HostileID))
	u.wait(`Eve\^\[\[2J`) // escape sequences drawn inert, in ASCII
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.keys("C-u")
	u.typ("Springfield")
	u.keys("C-g")
	u.typ("doNotMail")
	u.keys("Enter")
	u.typ("y")
	u.keys("C-s")
	u.wait("Review: 2 changes")
	u.keys("Enter")
	u.wait("Saved 2 fields")
	got := fake.Patches()
	want := `{"city":"Springfield","doNotMail":true}`
	if len(got) != 1 || got[0] != want {
		t.Fatalf("PATCH bodies %q, want [%s]", got, want)
	}
	// Nothing above 0x7F from the UI in an ASCII locale: the hostile record
	// has only ASCII data apart from what placeholders stand for. All of
	// the output so far, not what of it the pipe has passed on yet.
	out := u.finalOutput()
	for i, b := range out {
		if b > 0x7f {
			t.Fatalf("byte 0x%02x at %d written under LANG=C: %q", b, i, out[max(i-20, 0):min(i+20, len(out))])
		}
	}
	if strings.Contains(string(out), "\x1b[38;2") {
		t.Fatal("24-bit colour written with NO_COLOR on vt100")
	}
	// The record's escape sequences never reach the terminal as such.
	for _, seq := range []string{"\x1b]0;pwned", "\x1b]52;", "\x1b]8;;https://evil", "\x1b[H\x1b]"} {
		if strings.Contains(string(out), seq) {
			t.Fatalf("data sequence %q written to the terminal", seq)
		}
	}
}

// With no key given, ccedit asks for one; what is typed never reaches the
// terminal, and a refused key is asked for again with the reason.
func TestE2EKeyPrompt(t *testing.T) {
	bin, state, u := e2e(t)
	const key, bad = "cc_test_e2e_prompt_4242", "xx_test_e2e_secret_77"
	fake := fakeapi.New(fakeapi.Options{Key: key})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	u.start(80, 24, fmt.Sprintf("env -u CARECYCLE_API_KEY XDG_STATE_HOME=%s LANG=C.UTF-8 %s --base-url %s %s",
		state, bin, srv.URL, fakeapi.MedicareLeadID))
	u.wait("CareCycle API key")
	u.wait("CARECYCLE_API_KEY or --api-key-file")
	u.typ(bad)
	u.keys("Enter")
	u.wait("does not start with cc_")
	u.wait("Try 2 of 3")
	u.typ(key)
	u.keys("Enter")
	u.wait("ctrl\\+s review")
	out := u.finalOutput()
	for _, k := range []string{key, bad, "secret"} {
		if strings.Contains(string(out), k) {
			t.Fatalf("the typed key %q reached the terminal", k)
		}
	}
}

func TestE2EBadIDAndNoTerminal(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "not-a-uuid")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "expected a uuid") {
		t.Fatalf("bad id: %v %s", err, out)
	}
	cmd = exec.Command(bin, fakeapi.MedicareLeadID)
	cmd.Env = append(os.Environ(), "CARECYCLE_API_KEY=cc_test_x")
	out, err = cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "needs an interactive terminal") {
		t.Fatalf("no tty: %v %s", err, out)
	}
}

// openDemo starts the demo on the Medicare lead with env (e.g. "TERM=xterm")
// and waits for the complete first frame.
func openDemo(t *testing.T, u *terminal, bin, state, env string) {
	t.Helper()
	u.start(80, 24, "XDG_STATE_HOME="+state+" LANG=C.UTF-8 "+env+" "+bin+" --demo "+fakeapi.MedicareLeadID)
	u.wait("ctrl\\+s review")
}

// realUse starts the binary against a loopback fake with its own state dir.
func realUse(t *testing.T, u *terminal, bin, state string, fake *fakeapi.Server, id string) {
	t.Helper()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	u.start(80, 24, fmt.Sprintf("XDG_STATE_HOME=%s LANG=C.UTF-8 CARECYCLE_API_KEY=%s %s --base-url %s %s; s=$?; printf '\\r\\nEXIT=%%s\\r\\n' $s; sleep 30",
		state, fakeapi.DemoKey, bin, srv.URL, id))
}

// kill -9 of the editor loses nothing, and leaves the terminal usable:
// the guard restores its mode and clears the record from the screen.
func TestE2EEditSurvivesKill9(t *testing.T) {
	bin, state, u := e2e(t)
	fake := fakeapi.New(fakeapi.Options{})
	startLead(t, u, bin, state, fake, "", "")
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.keys("C-u")
	u.typ("Skokie")
	u.wait("Skokie")
	if out, err := exec.Command("kill", "-9", editorPID(t, bin)).CombinedOutput(); err != nil {
		t.Fatalf("kill: %v %s", err, out)
	}
	u.wait("EXIT=137 MODE=icanon,echo,")
	u.wait("stopped unexpectedly \\(killed by signal 9")
	if s := u.screen(); strings.Contains(s, "Skokie") || strings.Contains(s, "Qualification status") {
		t.Fatalf("the record stays on screen:\n%s", s)
	}
	if alt, err := u.tmux("display-message", "-p", "-t", "s", "#{alternate_on}"); err != nil || strings.TrimSpace(alt) != "0" {
		t.Fatalf("still on the alternate screen: %q %v", alt, err)
	}
	u.stop()

	u2 := newTerminal(t)
	realUse(t, u2, bin, state, fake, fakeapi.MedicareLeadID)
	u2.wait("Unsaved changes from an earlier session")
	u2.wait("City \\(city\\)")
	u2.typ("r")
	u2.wait("Restored 1 unsaved change")
	u2.keys("C-s")
	u2.wait(`"Chicago" → "Skokie"`)
	u2.keys("Enter")
	u2.wait("Saved 1 field: City.")
	if got := fake.Patches(); len(got) != 1 || got[0] != `{"city":"Skokie"}` {
		t.Fatalf("PATCH bodies %q", got)
	}
	u2.keys("C-c")
	u2.wait("EXIT=0")
	drafts, _ := filepath.Glob(filepath.Join(state, "ccedit", "drafts", "*.draft"))
	if len(drafts) != 0 {
		t.Fatalf("draft left after a successful save: %v", drafts)
	}
}

func TestE2EHangupKeepsTheDraftAndRestoresTheTerminal(t *testing.T) {
	bin, state, u := e2e(t)
	realUse(t, u, bin, state, fakeapi.New(fakeapi.Options{}), fakeapi.MedicareLeadID)
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("first")
	u.keys("Enter")
	u.typ("x")
	u.wait("Margaretx")
	if out, err := exec.Command("pkill", "-HUP", "-f", "^"+bin+" ").CombinedOutput(); err != nil {
		t.Fatalf("pkill: %v %s", err, out)
	}
	u.wait("EXIT=129")
	s := u.screen()
	if !strings.Contains(s, "Stopped by signal 1") || !strings.Contains(s, "kept in the draft") {
		t.Fatalf("exit message:\n%s", s)
	}
	if strings.Contains(s, "Margaretx") || strings.Contains(s, "Qualification status") {
		t.Fatalf("the record stays on screen after the hangup:\n%s", s)
	}
	drafts, _ := filepath.Glob(filepath.Join(state, "ccedit", "drafts", "*.draft"))
	if len(drafts) != 1 {
		t.Fatalf("drafts %v", drafts)
	}
	st, err := os.Stat(drafts[0])
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("draft mode %v", st.Mode())
	}
	b, err := os.ReadFile(drafts[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Margaretx") {
		t.Fatal("the typed value is not in the draft")
	}
	if strings.Contains(string(b), fakeapi.DemoKey) {
		t.Fatal("the API key is in the draft")
	}
}

func TestE2EConflictScreenSendsNothing(t *testing.T) {
	bin, state, u := e2e(t)
	fake := fakeapi.New(fakeapi.Options{})
	realUse(t, u, bin, state, fake, fakeapi.MedicareLeadID)
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("email")
	u.keys("Enter")
	u.keys("C-u")
	u.typ("peggy@example.org")
	u.wait("peggy@example.org")
	if err := fake.EditAsOtherUser(fakeapi.MedicareLeadID, map[string]any{"email": "margaret.oc@example.com"}); err != nil {
		t.Fatal(err)
	}
	u.keys("C-s")
	u.wait("Review: 1 change")
	u.keys("Enter")
	u.wait("Someone else changed 1 field you also changed")
	u.wait(`theirs  "margaret.oc@example.com"`)
	u.wait(`mine    "peggy@example.org"`)
	if got := fake.Patches(); len(got) != 0 {
		t.Fatalf("PATCH sent despite the conflict: %q", got)
	}
	u.keys("C-c")
	u.wait("Quit with 1 unsaved change")
	u.typ("y")
	u.wait("EXIT=0")
}

func TestE2EDumbTerminalLineMode(t *testing.T) {
	bin, state, u := e2e(t)
	fake := fakeapi.New(fakeapi.Options{})
	srv := httptest.NewServer(fake)
	defer srv.Close()
	u.start(80, 24, fmt.Sprintf("XDG_STATE_HOME=%s TERM=dumb LANG=C CARECYCLE_API_KEY=%s %s --base-url %s %s; s=$?; printf '\\r\\nEXIT=%%s\\r\\n' $s; sleep 30",
		state, fakeapi.DemoKey, bin, srv.URL, fakeapi.MedicareLeadID))
	u.wait("help for the commands")
	u.typ("veteran\r")
	u.wait("1 Yes, 2 No, 3 not set")
	u.typ("1\r")
	u.wait("Veteran: No -> Yes")
	u.typ("save\r")
	u.wait("Send these changes\\?")
	u.typ("yes\r")
	u.wait("Saved 1 field: Veteran.")
	u.typ("quit\r")
	u.wait("EXIT=0")
	if got := fake.Patches(); len(got) != 1 || got[0] != `{"veteran":true}` {
		t.Fatalf("PATCH %q", got)
	}
	if out := u.finalOutput(); strings.Contains(string(out), "\x1b[?1049h") {
		t.Fatal("line mode switched to the alternate screen")
	}
}

// Type-ahead: each burst below reaches the program in one write, the way an
// SSH read delivers keys typed ahead. Also: resizing live, and no output
// while idle.
func TestE2EBurstsResizeAndIdle(t *testing.T) {
	bin, state, u := e2e(t)
	openDemo(t, u, bin, state, "TERM=xterm-256color")
	// ctrl+g, a query, Enter, text, a group switch (ctrl+n), text.
	u.typ("\x07city\rX\x0eY")
	u.wait("MBI number +✗▸ 1EG4TE5MK73Y")
	u.wait("Contact 1")
	// A select change (→), Tab, text.
	u.typ("\x07line type\r")
	u.wait("◉ mobile")
	u.typ("\x1b[C\tQ")
	u.wait("peggy.oconnell@example.comQ")
	u.keys("S-Tab")
	u.wait("◉ fixedVoip")
	// Idle: nothing is written.
	u.settle()
	before := u.bytes()
	time.Sleep(1500 * time.Millisecond) // the time measured
	if after := u.bytes(); after != before {
		t.Fatalf("wrote %d bytes while idle", after-before)
	}
	// Resize live: smaller, too small, back.
	u.resize(60, 18)
	u.wait("Ident +Contact 3 +Medicare 1")
	u.resize(50, 15)
	u.wait(`^Window too small \(50x15\): needs 60x18\.`)
	u.resize(80, 24)
	u.wait("Medicare/Medicaid 1")
	u.wait("◉ fixedVoip")
}

// colourSGR matches a select-graphic-rendition sequence that sets a
// foreground colour (16, bright or 256), and nothing else: "\x1b[3" alone
// also matches cursor moves such as "\x1b[3;1H".
var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9]+;)*(?:3[0-7]|9[0-7]|38;5;[0-9]+)(?:;[0-9]+)*m`)

// Every TERM the agents' jump hosts use draws the form and takes input.
func TestE2ETerminalTypes(t *testing.T) {
	bin := e2eBinary(t)
	for _, term := range []string{"xterm-256color", "xterm", "screen", "tmux-256color", "vt100", "linux"} {
		t.Run(term, func(t *testing.T) {
			state := e2eState(t)
			u := newTerminal(t)
			openDemo(t, u, bin, state, "TERM="+term+" TMUX=")
			u.keys("C-g")
			u.typ("middle")
			u.keys("Enter")
			u.typ("!")
			u.wait("Anne!")
			u.wait("1 unsaved")
			// The screen shows the frame before the pipe has passed all
			// of it on: wait for the colour itself, then for the whole
			// output to check what must not be in it.
			if term != "vt100" {
				u.waitOutput("no colour on "+term, colourSGR.Match)
			}
			out := u.finalOutput()
			if term == "vt100" && colourSGR.Match(out) {
				t.Fatalf("colour on vt100: %q", colourSGR.Find(out))
			}
			if strings.Contains(string(out), "38;2;") {
				t.Fatalf("24-bit colour on %s without COLORTERM", term)
			}
		})
	}
}

// A bracketed paste with a newline lands in the field as one line and
// submits nothing; a paste over the limit is cut with a notice.
func TestE2EBracketedPaste(t *testing.T) {
	bin, state, u := e2e(t)
	openDemo(t, u, bin, state, "TERM=xterm-256color")
	u.keys("C-g")
	u.typ("suffix")
	u.keys("Enter")
	u.wait("suffix")
	u.paste("Jr.\nSr.")
	u.wait("Jr. Sr.")
	u.wait("Suffix +●▸ Jr") // still on the same field: the newline did not move or submit
	u.paste(strings.Repeat("x", 60))
	u.wait("Paste cut to fit 50 characters: 17 left out.")
}
