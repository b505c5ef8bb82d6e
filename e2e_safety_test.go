package main

import (
	"fmt"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// End-to-end tests of the safety promises (README, Safety): the real
// binary, a real terminal and a loopback fake.

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

// sendSignal sends sig to the binary under test (started by this test).
func sendSignal(t *testing.T, bin, sig string) {
	t.Helper()
	if out, err := exec.Command("pkill", "-"+sig, "-f", "^"+bin+" ").CombinedOutput(); err != nil {
		t.Fatalf("pkill -%s: %v %s", sig, err, out)
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
