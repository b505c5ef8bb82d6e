package serve

import (
	"strings"
	"testing"
)

// checkArgs lets through what reads only the session's own stream; it
// refuses every flag that would pick another API (flags), and finds every
// spelling that would read a file on the server (files, the second line
// of defence behind script.NoFiles), even where the commands' parser
// would take the argument as something else (stricter, never looser).
func TestCheckArgsRefusesEveryWayToAFile(t *testing.T) {
	const id = "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01"
	for _, ok := range [][]string{
		{"get", id, "--json"},
		{"get", "--fields", "first name,email", id},
		{"set", id, "firstName=@-", "--yes"},
		{"set", id, "--from", "-", "-y"},
		{"set", id, "--from=-", "--dry-run", "--json"},
		{"set", id, "email=a@b.example"},
		{"diff", id, "-"},
		{"diff", "--json", id, "-"},
		{"get", "--help"},
	} {
		if flags, files := checkArgs(ok); flags != nil || files != nil {
			t.Errorf("%q refused: %v, %v", ok, flags, files)
		}
	}
	for _, file := range [][]string{
		{"set", id, "firstName=@/etc/passwd"},
		{"set", id, "--", "firstName=@notes.txt"},
		{"set", id, "-from", "/etc/passwd"},
		{"set", id, "--from=/dev/stdin"},
		{"set", id, "--from"},
		{"diff", id, "changes.json"},
		{"diff", id, "--", "/etc/passwd"},
	} {
		if flags, files := checkArgs(file); flags != nil || files == nil || !strings.Contains(files.Error(), "reads a file on the server") {
			t.Errorf("%q: flags %v, files %v; want a file found", file, flags, files)
		}
	}
	for _, bad := range [][]string{
		{"get", "--fields", "--", "--from", "/etc/passwd", id},
		{"get", "-debug=/tmp/log", id},
		{"get", "--api-key-file", "/etc/key", id},
		{"get", "--base-url=http://127.0.0.1:9", id},
		{"get", "--demo", id},
		{"get", "--yes", id},
		{"set", id, "--no-mask"},
		{"set", id, "--audit", "/tmp/trail"},
		{"get", "--some-new-flag", id},
	} {
		if flags, _ := checkArgs(bad); flags == nil {
			t.Errorf("%q let through", bad)
		}
	}
}

// What a session may ask for, with and without a terminal.
func TestParseRequest(t *testing.T) {
	const id = "3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01"
	for _, c := range []struct {
		raw     string
		args    []string
		pty     bool
		mode    string
		query   string
		problem string
	}{
		{raw: "", pty: true, mode: "search"},
		{raw: id, args: []string{id}, pty: true, mode: "editor"},
		{raw: "find Margaret O'Connell", args: nil, pty: true, mode: "search", query: "Margaret O'Connell"},
		{raw: `find "(312) 555-0142"`, args: []string{"find", "(312) 555-0142"}, pty: true, mode: "search", query: "(312) 555-0142"},
		{raw: "get " + id, args: []string{"get", id}, mode: "get"},
		{raw: "get " + id, args: []string{"get", id}, pty: true, mode: "get"},
		{raw: id, args: []string{id}, problem: "needs a terminal"},
		{raw: "", problem: "needs a terminal"},
		{raw: "find", args: []string{"find"}, pty: true, problem: "find needs something"},
		{raw: "bash", args: []string{"bash"}, pty: true, problem: "runs ccedit only"},
		{raw: "sftp-server", args: []string{"sftp-server"}, problem: "runs ccedit only"},
	} {
		r, problem := parseRequest(c.raw, c.args, c.pty)
		if c.problem != "" {
			if !strings.Contains(problem, c.problem) {
				t.Errorf("%q: problem %q, want %q", c.raw, problem, c.problem)
			}
			continue
		}
		if problem != "" || r.mode != c.mode || r.query != c.query {
			t.Errorf("%q: %+v %q", c.raw, r, problem)
		}
	}
}
