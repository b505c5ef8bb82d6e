package script

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stdinPipe is standard input as a shell gives it to `printf A | ccedit …`:
// the read end of a pipe that holds data and is then closed. Its own
// /dev/fd/N name is another name of standard input.
func stdinPipe(t *testing.T, data string) *os.File {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_, _ = pw.WriteString(data)
		_ = pw.Close()
	}()
	t.Cleanup(func() { _ = pr.Close() })
	return pr
}

// fdName is the /dev/fd name of f, as a shell's <(…) or a script would pass it.
func fdName(f *os.File) string { return fmt.Sprintf("/dev/fd/%d", f.Fd()) }

// runFile runs a command with the open file f as its standard input, as
// System gives os.Stdin; tty plays a terminal on both ends.
func (r *rig) runFile(f *os.File, tty bool, args ...string) (code int, out, errOut string) {
	ios, _, o, e := NewTestStreams()
	ios.In, ios.InFile, ios.InTTY, ios.OutTTY = f, f, tty, tty
	code = Run(context.Background(), args, r.options(ios))
	return code, o.String(), e.String()
}

// Standard input is read at most once, whatever it is called: a second
// read finds nothing, and an empty value clears a field. The second read
// is refused before any request.
func TestStdinIsReadOnceByAnyName(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "values")
	if err := os.Symlink("/dev/stdin", link); err != nil {
		t.Fatal(err)
	}
	relLink := filepath.Join(dir, "again")
	if err := os.Symlink("values", relLink); err != nil { // a link to the link, relative
		t.Fatal(err)
	}
	for _, c := range []struct{ first, second, msg string }{
		{"firstName=@/dev/stdin", "lastName=@-", "lastName: standard input can be read only once, and it was read for firstName"},
		{"firstName=@-", "lastName=@/dev/stdin", "lastName: /dev/stdin is standard input; standard input can be read only once, and it was read for firstName"},
		{"firstName=@/dev/fd/0", "lastName=@-", "it was read for firstName"},
		{"firstName=@/proc/self/fd/0", "lastName=@/dev/fd/0", "it was read for firstName"},
		{"firstName=@-", "lastName=@/proc/self/fd/0", "it was read for firstName"},
		{"firstName=@" + link, "lastName=@-", "it was read for firstName"},
		{"firstName=@-", "lastName=@" + relLink, "is standard input"},
	} {
		r := newRig(t)
		code, out, errOut := r.run("A", "set", lead, c.first, c.second, "--yes")
		if code != ExitUsage || !strings.Contains(errOut, c.msg) {
			t.Errorf("%s %s: exit %d, stderr %q; want 2 and %q", c.first, c.second, code, errOut, c.msg)
		}
		if out != "" || len(r.fake.Requests()) != 0 {
			t.Errorf("%s %s: printed %q, made %d requests", c.first, c.second, out, len(r.fake.Requests()))
		}
	}
}

// The same open file as standard input, by any path (here the test's own
// pipe as /dev/fd/N, and a link to it), is standard input too: read from
// In, once, and counted as holding the values.
func TestStdinIsKnownByItsFile(t *testing.T) {
	r := newRig(t)
	in := stdinPipe(t, "A")
	code, out, errOut := r.runFile(in, false, "set", lead, "firstName=@"+fdName(in), "lastName=@-", "--yes")
	if code != ExitUsage || !strings.Contains(errOut, "lastName: standard input can be read only once, and it was read for firstName") || out != "" {
		t.Fatalf("/dev/fd/N then -: exit %d\n%s\n%s", code, out, errOut)
	}
	r.wantPatches()

	link := filepath.Join(t.TempDir(), "in")
	in = stdinPipe(t, "A")
	if err := os.Symlink(fdName(in), link); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = r.runFile(in, false, "set", lead, "firstName=@-", "lastName=@"+link, "--yes")
	if code != ExitUsage || !strings.Contains(errOut, "lastName: "+link+" is standard input") {
		t.Fatalf("- then a link to /dev/fd/N: exit %d %s", code, errOut)
	}
	r.wantPatches()

	// Once is fine, by any name.
	in = stdinPipe(t, "Peg\n")
	code, _, errOut = r.runFile(in, false, "set", lead, "preferredName=@"+fdName(in), "--yes")
	if code != ExitOK {
		t.Fatalf("once: exit %d %s", code, errOut)
	}
	r.wantPatches(`{"preferredName":"Peg"}`)

	// Values read from standard input under another name cannot be
	// followed by the answer to "send?" on it either.
	for _, name := range []string{"/dev/stdin", fdName(in)} {
		in = stdinPipe(t, `{"city": "Evanston"}`)
		if name != "/dev/stdin" {
			name = fdName(in)
		}
		code, _, errOut = r.runFile(in, true, "set", lead, "--from", name)
		if code != ExitUsage || !strings.Contains(errOut, "standard input held the values") {
			t.Fatalf("--from %s on a terminal: exit %d %s", name, code, errOut)
		}
	}
	r.wantPatches(`{"preferredName":"Peg"}`)
}
