package script

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runOpen runs a command with opts.Open set to open and stdin as its
// standard input.
func (r *rig) runOpen(open func(string) (io.ReadCloser, error), stdin string, args ...string) (code int, out, errOut string) {
	ios, in, o, e := NewTestStreams()
	in.WriteString(stdin)
	opts := r.options(ios)
	opts.Open = open
	code = Run(context.Background(), args, opts)
	return code, o.String(), e.String()
}

// With NoFiles (ccedit serve's), a file named as a value, as --from or as
// diff's input is refused before any request, with how to send the same
// on standard input, and exit status 2; the name is not repeated, and the
// file is never read. Standard input still is.
func TestNoFilesRefusesEveryFileButStandardInput(t *testing.T) {
	r := newRig(t)
	secret := filepath.Join(t.TempDir(), "secret.json")
	if err := os.WriteFile(secret, []byte(`{"firstName": "FromTheServer"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"set", lead, "firstName=@" + secret, "--yes"},
			"ccedit: firstName: no file on this server can be read; send it on standard input instead, with firstName=@-\n"},
		{[]string{"set", lead, "--from", secret, "--yes"},
			"ccedit: --from: no file on this server can be read; send it on standard input instead, with --from -\n"},
		{[]string{"diff", lead, secret},
			"ccedit: no file on this server can be read; send it on standard input instead, with ccedit diff " + lead + " -\n"},
	} {
		code, out, errOut := r.runOpen(NoFiles, "", c.args...)
		if code != ExitUsage || errOut != c.want || out != "" || strings.Contains(errOut, secret) {
			t.Errorf("%q: exit %d, %q, %q; want 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
	if reqs := r.fake.Requests(); len(reqs) != 0 {
		t.Fatalf("a refused command sent %d requests", len(reqs))
	}
	if code, _, errOut := r.runOpen(NoFiles, "Annie\n", "set", lead, "middleName=@-", "--yes"); code != ExitOK {
		t.Fatalf("standard input with NoFiles: exit %d, %q", code, errOut)
	}
	r.wantPatches(`{"middleName":"Annie"}`)
}

// A file is opened through Options.Open, by the name given: what it
// gives is what is read; without Open, the operating system opens it.
func TestFilesAreOpenedThroughOpen(t *testing.T) {
	r := newRig(t)
	var asked []string
	open := func(name string) (io.ReadCloser, error) {
		asked = append(asked, name)
		return io.NopCloser(strings.NewReader("Skokie\n")), nil
	}
	if code, _, errOut := r.runOpen(open, "", "set", lead, "city=@city.txt", "--yes"); code != ExitOK {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	if strings.Join(asked, ",") != "city.txt" {
		t.Fatalf("Open was asked for %q", asked)
	}
	file := filepath.Join(t.TempDir(), "county.txt")
	if err := os.WriteFile(file, []byte("Lake\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := r.runOpen(nil, "", "set", lead, "county=@"+file, "--yes"); code != ExitOK {
		t.Fatalf("without Open: exit %d, %q", code, errOut)
	}
	r.wantPatches(`{"city":"Skokie"}`, `{"county":"Lake"}`)
}
