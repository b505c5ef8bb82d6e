package main

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
)

// End-to-end tests of the safety promises (README, Safety): the real
// binary, a real terminal, a loopback fake, and the kernel as the fault
// injector where it can be one without root (a file size limit of 0 makes
// every draft write fail with EFBIG, even for root).

// startLead starts the binary on the Medicare lead against fake with its own
// state directory; prefix runs before it in the same shell (ulimit), args
// go before the customer ID. After the program the shell prints its exit
// status and the terminal's mode.
func startLead(t *testing.T, u *terminal, bin, state string, fake *fakeapi.Server, prefix, args string) {
	t.Helper()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	u.start(80, 24, fmt.Sprintf("%s XDG_STATE_HOME=%s LANG=C.UTF-8 TERM=xterm-256color CARECYCLE_API_KEY=%s %s --base-url %s %s %s; "+
		"s=$?; printf '\\r\\nEXIT=%%s MODE=' $s; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ,; "+
		"printf '\\r\\n'; sleep 30", prefix, state, fakeapi.DemoKey, bin, srv.URL, args, fakeapi.MedicareLeadID))
}

// editorPID is the editor process of the binary under test (started by
// this test): the child of its guard (ui/tty/guard.go), the process the
// shell waits for.
func editorPID(t *testing.T, bin string) string {
	t.Helper()
	guard, err := exec.Command("pgrep", "-n", "-f", "^"+bin+" ").Output()
	if err != nil {
		t.Fatalf("pgrep the guard: %v", err)
	}
	pid, err := exec.Command("pgrep", "-P", strings.TrimSpace(string(guard))).Output()
	if err != nil {
		t.Fatalf("pgrep the editor: %v", err)
	}
	return strings.TrimSpace(string(pid))
}

// sendSignal sends sig to the binary under test (started by this test): to
// its guard, which passes it on to the editor.
func sendSignal(t *testing.T, bin, sig string) {
	t.Helper()
	if out, err := exec.Command("pkill", "-"+sig, "-f", "^"+bin+" ").CombinedOutput(); err != nil {
		t.Fatalf("pkill -%s: %v %s", sig, err, out)
	}
}

func draftFile(t *testing.T, state string) string {
	t.Helper()
	drafts, _ := filepath.Glob(filepath.Join(state, "ccedit", "drafts", "*.draft"))
	if len(drafts) != 1 {
		t.Fatalf("drafts %v", drafts)
	}
	return drafts[0]
}

func draftEdits(t *testing.T, path string) map[string]draft.Value {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := draft.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return d.Edits
}

// Drafts that cannot be written (a file size limit of 0: every write
// fails) are said at start; the quit dialog never offers to keep edits in
// a draft; the exit message says they were not kept, with status 1.
func TestE2EDraftsThatCannotBeWritten(t *testing.T) {
	bin, state, u := e2e(t)
	startLead(t, u, bin, state, fakeapi.New(fakeapi.Options{}), "ulimit -f 0;", "")
	u.wait("Drafts cannot be written \\(file too large\\)")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.typ("x")
	u.wait("Chicagox")
	u.keys("C-c")
	u.wait("No draft holds them")
	u.wait("s  Review and save them now")
	if strings.Contains(u.screen(), "keep them in a draft") {
		t.Fatalf("offered to keep edits in a draft:\n%s", u.screen())
	}
	u.typ("n")
	sendSignal(t, bin, "HUP")
	u.wait("EXIT=129")
	u.wait(`1 unsaved change was NOT kept: the draft could not`)
	u.wait(`be written: file too large`)
	if strings.Contains(u.screen(), "kept in the draft") {
		t.Fatalf("exit message:\n%s", u.screen())
	}
}

// The disk fills after Evanston was written to the draft: ABC is only in
// memory, the banner says so, and when the session is cut off the exit
// message says the edits were not kept and where the older draft is.
func TestE2EDiskFillsMidSession(t *testing.T) {
	if _, err := exec.LookPath("prlimit"); err != nil {
		t.Skip("needs prlimit (util-linux)")
	}
	bin, state, u := e2e(t)
	startLead(t, u, bin, state, fakeapi.New(fakeapi.Options{}), "", "")
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter", "C-u")
	u.typ("Evanston")
	u.wait("Evanston")
	if out, err := exec.Command("prlimit", "--pid", editorPID(t, bin), "--fsize=0:").CombinedOutput(); err != nil {
		t.Fatalf("prlimit: %v %s", err, out)
	}
	u.typ("ABC")
	u.wait("Drafts cannot be written")
	u.keys("C-c")
	u.wait("No draft holds them")
	u.typ("y") // the old answer that claimed to keep them: nothing happens
	u.wait("No draft holds them")
	u.typ("n")
	sendSignal(t, bin, "HUP")
	u.wait("EXIT=129")
	u.wait("NOT kept")
	u.wait("An older draft of them")
	if got := draftEdits(t, draftFile(t, state))["city"].Text; got != "Evanston" {
		t.Fatalf("the draft holds %q", got)
	}
}

// A second session on a customer another session has open says who has
// it, and quits without touching the first one's draft.
func TestE2ESecondSessionOnACustomer(t *testing.T) {
	bin, state, u := e2e(t)
	fake := fakeapi.New(fakeapi.Options{})
	startLead(t, u, bin, state, fake, "", "")
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.typ("A")
	u.wait("ChicagoA")
	pid := editorPID(t, bin)
	u2 := newTerminal(t)
	startLead(t, u2, bin, state, fake, "", "")
	u2.wait("This customer is open in another ccedit session")
	u2.wait("It is pid " + pid + " on ")
	u2.typ("q")
	u2.wait("EXIT=0")
	if got := draftEdits(t, draftFile(t, state))["city"].Text; got != "ChicagoA" {
		t.Fatalf("the first session's draft holds %q", got)
	}
}

// After the idle timeout with no key pressed the session ends as SIGHUP
// ends it: a warning first, then the record off the screen, the terminal
// restored, the draft kept, and a message saying why and how to reopen.
func TestE2EIdleLogoff(t *testing.T) {
	bin, state, u := e2e(t)
	startLead(t, u, bin, state, fakeapi.New(fakeapi.Options{}), "", "--idle-timeout 6s")
	u.wait("ctrl\\+s review")
	u.keys("C-g")
	u.typ("city")
	u.keys("Enter")
	u.typ("Z")
	u.wait("ChicagoZ")
	u.wait("No key pressed for 3 s: to protect this record, ccedit closes it at")
	u.wait("EXIT=0 MODE=icanon,echo,")
	s := u.screen()
	for _, want := range []string{"Closed after 6s with no key pressed (automatic logoff", "1 unsaved change is kept in the draft",
		"To restore it, run:", "  ccedit --base-url"} {
		if !strings.Contains(s, want) {
			t.Fatalf("exit message lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "ChicagoZ") || strings.Contains(s, "Qualification status") {
		t.Fatalf("the record stays on screen after the logoff:\n%s", s)
	}
	if got := draftEdits(t, draftFile(t, state))["city"].Text; got != "ChicagoZ" {
		t.Fatalf("the draft holds %q", got)
	}
}

// SIGQUIT restores the terminal (out of the alternate screen, line editing
// and echo back) before the goroutine dump is written.
func TestE2ESIGQUITRestoresTheTerminalFirst(t *testing.T) {
	bin, state, u := e2e(t)
	startLead(t, u, bin, state, fakeapi.New(fakeapi.Options{}), "", "")
	u.wait("ctrl\\+s review")
	sendSignal(t, bin, "QUIT")
	u.wait("EXIT=131 MODE=icanon,echo,")
	if alt, err := u.tmux("display-message", "-p", "-t", "s", "#{alternate_on}"); err != nil || strings.TrimSpace(alt) != "0" {
		t.Fatalf("still on the alternate screen: %q %v", alt, err)
	}
	out := u.finalOutput()
	restore := strings.LastIndex(string(out), "\x1b[?1049l")
	dump := strings.Index(string(out), "stopped by SIGQUIT")
	if restore < 0 || dump < 0 || dump < restore || !strings.Contains(string(out), "goroutine ") {
		t.Fatalf("alternate screen left at %d, dump at %d", restore, dump)
	}
}
