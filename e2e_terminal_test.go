package main

import (
	"fmt"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// The terminal promises (README Safety): no input crashes the editor or
// makes it deaf, a paste never submits, a suspend gives the terminal back
// and fg takes it again, and however the editor ends the terminal is left
// usable.

// goToCity starts the editor on the Medicare lead and moves to its city.
func goToCity(t *testing.T, u *terminal, bin, state string, fake *fakeapi.Server) {
	t.Helper()
	startLead(t, u, bin, state, fake, "", "")
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.wait("city · max 255")
}

func TestE2EHostileEscapeSequencesDoNotCrash(t *testing.T) {
	bin, state, u := e2e(t)
	goToCity(t, u, bin, state, fakeapi.New(fakeapi.Options{}))
	// 69 bytes that crashed the terminal parser (x/ansi v0.11.9), and more.
	u.typ("\x1b[" + strings.Repeat("1;", 32) + "1u")
	u.typ("\x1b[" + strings.Repeat("1;", 300) + "1~")
	u.typ("\x1b]52;c;" + strings.Repeat("QQ", 500) + "\x07")
	// What the parser does not read as a sequence is typed text: reverted.
	u.keys("C-r")
	u.typ("Z")
	u.wait("ChicagoZ")
	if strings.Contains(u.screen(), "EXIT=") {
		t.Fatalf("the editor ended:\n%s", u.screen())
	}
}

// A paste start with no end (a stray ESC [200~) ends after a quiet second:
// the keys after it are keys again, ctrl+c included.
func TestE2EStrayPasteStartDoesNotDeafen(t *testing.T) {
	bin, state, u := e2e(t)
	goToCity(t, u, bin, state, fakeapi.New(fakeapi.Options{}))
	u.typ("\x1b[200~abc")
	u.wait("Chicagoabc") // ended by the quiet second, and pasted
	u.typ("Z")
	u.wait("ChicagoabcZ")
	u.keys("C-c")
	u.wait("keep them in a draft")
}

// tmux passes an end marker inside pasted text through: what follows it
// in the paste is text, never a ctrl+s and Enters that send a save.
func TestE2EAPasteCannotSubmit(t *testing.T) {
	bin, state, u := e2e(t)
	fake := fakeapi.New(fakeapi.Options{})
	goToCity(t, u, bin, state, fake)
	u.paste("Smith\x1b[201~\x13\r\r")
	u.wait("ChicagoSmith")
	u.settle()
	if s := u.screen(); strings.Contains(s, "Review") || strings.Contains(s, "Saved") {
		t.Fatalf("the paste acted as keys:\n%s", s)
	}
	if got := fake.Patches(); len(got) != 0 {
		t.Fatalf("the paste sent %q", got)
	}
}

// kill -TSTP gives the terminal back to the shell (the job stops, the main
// screen shows); fg takes it again, draws everything, and keys work as
// before. It runs under an interactive bash, whose job control is what
// fg is: tmux itself would continue a stopped pane at once.
func TestE2ESuspendAndContinue(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash for job control")
	}
	bin, state, u := e2e(t)
	srv := httptest.NewServer(fakeapi.New(fakeapi.Options{}))
	t.Cleanup(srv.Close)
	u.start(80, 24, "env -i PATH=/usr/bin:/bin HOME="+state+" PS1='$ ' bash --norc --noprofile -i")
	u.wait("^\\$")
	u.typ(fmt.Sprintf("XDG_STATE_HOME=%s LANG=C.UTF-8 TERM=xterm-256color CARECYCLE_API_KEY=%s %s --base-url %s %s\r",
		state, fakeapi.DemoKey, bin, srv.URL, fakeapi.MedicareLeadID))
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.typ("X")
	u.wait("ChicagoX")
	sendSignal(t, bin, "TSTP")
	u.wait("Stopped")
	if alt, err := u.tmux("display-message", "-p", "-t", "s", "#{alternate_on}"); err != nil || strings.TrimSpace(alt) != "0" {
		t.Fatalf("still on the alternate screen while stopped: %q %v", alt, err)
	}
	if s := u.screen(); strings.Contains(s, "ChicagoX") {
		t.Fatalf("the record is on the shell's screen:\n%s", s)
	}
	u.typ("fg\r")
	u.wait("ChicagoX")
	u.wait("ctrl\\+s review")
	u.typ("Y")
	u.wait("ChicagoXY")
}

// kill -9 of the guard (the process the shell waits for): the editor ends
// as a dropped link ends it, keeping its draft.
func TestE2EGuardKilledKeepsTheDraft(t *testing.T) {
	bin, state, u := e2e(t)
	goToCity(t, u, bin, state, fakeapi.New(fakeapi.Options{}))
	u.typ("Q")
	u.wait("ChicagoQ")
	editor := editorPID(t, bin)
	if out, err := exec.Command("pkill", "-9", "-f", "^"+bin+" ").CombinedOutput(); err != nil {
		t.Fatalf("pkill: %v %s", err, out)
	}
	u.eventually(func() (bool, string) {
		err := exec.Command("kill", "-0", editor).Run()
		return err != nil, "the editor outlived its guard"
	})
	if got := draftEdits(t, draftFile(t, state))["city"].Text; got != "ChicagoQ" {
		t.Fatalf("the draft holds %q", got)
	}
	u.waitOutput("the editor did not leave the alternate screen", func(out []byte) bool {
		return strings.LastIndex(string(out), "\x1b[?1049l") > strings.LastIndex(string(out), "ChicagoQ")
	})
}
