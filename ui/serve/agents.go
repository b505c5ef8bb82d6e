package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// agentName is what an agent may be called: it names a directory of the
// server's state and appears in every audit line and lock prompt. A
// compiled pattern is immutable: a constant in all but syntax.
var agentName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,31}$`)

// Agent is a person allowed in, as the agents file names them.
type Agent struct {
	Name        string
	Fingerprint string // SHA256:… of their key
}

// agents is the agents file, read again whenever it changes. A file that
// cannot be used (unreadable, open to writing by group or others, a line
// that does not parse) lets nobody in until it is fixed: it is the list of
// who may read health records.
type agents struct {
	path string
	mu   sync.Mutex
	seen fileStamp
	keys map[string]Agent // by the key's wire form
	err  error            // why the file as it is now cannot be used
}

// fileStamp tells whether a file changed since it was read.
type fileStamp struct {
	dev, ino   uint64
	size       int64
	mtime, ctm time.Time
}

func stampOf(fi os.FileInfo) fileStamp {
	st, _ := fi.Sys().(*syscall.Stat_t)
	s := fileStamp{size: fi.Size(), mtime: fi.ModTime()}
	if st != nil {
		s.dev, s.ino, s.ctm = uint64(st.Dev), st.Ino, time.Unix(st.Ctim.Unix()) //nolint:unconvert // Dev's type varies
	}
	return s
}

// loadAgents reads the agents file; an unusable one is an error at start.
func loadAgents(path string) (*agents, error) {
	a := &agents{path: path}
	a.refresh()
	if a.err != nil {
		return nil, a.err
	}
	return a, nil
}

// lookup finds the agent holding key, reading the file again first if it
// changed. reason says why nobody was found.
func (a *agents) lookup(key gossh.PublicKey) (ag Agent, reason string, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.refreshLocked()
	if a.err != nil {
		return Agent{}, "the agents file cannot be used", false
	}
	ag, ok = a.keys[string(key.Marshal())]
	if !ok {
		return Agent{}, "key not in the agents file", false
	}
	return ag, "", true
}

func (a *agents) refresh() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.refreshLocked()
}

// refreshLocked reads the file again when its stamp changed.
func (a *agents) refreshLocked() {
	fi, err := os.Stat(a.path)
	if err != nil {
		a.keys, a.err, a.seen = nil, fmt.Errorf("agents file: %w", err), fileStamp{}
		return
	}
	if s := stampOf(fi); a.keys != nil && s == a.seen && a.err == nil {
		return
	}
	keys, err := readAgents(a.path)
	a.keys, a.err, a.seen = keys, err, stampOf(fi)
}

// readAgents reads an authorized_keys-format file: one key a line, named
// by an agent="name" option or else by the comment. Blank lines and #
// comments are skipped. Options other than agent= and the restrictions
// serve applies anyway (restrict, no-pty…) are refused rather than
// ignored: from= or command= would promise what serve does not do.
func readAgents(path string) (map[string]Agent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("agents file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("agents file: %w", err)
	}
	st, _ := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("agents file %s is not a regular file", path)
	case fi.Mode().Perm()&0o022 != 0:
		return nil, fmt.Errorf("agents file %s can be changed by group or others (mode %04o); run: chmod go-w %s", path, fi.Mode().Perm(), path)
	case st != nil && int(st.Uid) != os.Geteuid() && st.Uid != 0:
		return nil, fmt.Errorf("agents file %s belongs to another user (uid %d)", path, st.Uid)
	}
	keys := map[string]Agent{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, options, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("agents file %s line %d: not a public key in authorized_keys form", path, n)
		}
		name, err := nameOf(comment, options)
		if err != nil {
			return nil, fmt.Errorf("agents file %s line %d: %w", path, n, err)
		}
		if prev, dup := keys[string(key.Marshal())]; dup && prev.Name != name {
			return nil, fmt.Errorf("agents file %s line %d: this key is also agent %s's", path, n, prev.Name)
		}
		keys[string(key.Marshal())] = Agent{Name: name, Fingerprint: gossh.FingerprintSHA256(key)}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("agents file %s: %w", path, err)
	}
	return keys, nil
}

// nameOf is the agent's name from a line's options and comment.
func nameOf(comment string, options []string) (string, error) {
	name := strings.TrimSpace(comment)
	for _, o := range options {
		k, v, hasValue := strings.Cut(o, "=")
		switch {
		case strings.EqualFold(k, "agent") && hasValue:
			name = strings.Trim(v, `"`)
		case strings.EqualFold(k, "restrict") || strings.HasPrefix(strings.ToLower(k), "no-"):
			// serve allows no forwarding, no shell and no files anyway
		default:
			return "", fmt.Errorf("option %s is not supported (only agent=\"name\", restrict and no-…)", k)
		}
	}
	if name == "" {
		return "", errors.New(`no agent name: add agent="name" or a comment naming the agent`)
	}
	if !agentName.MatchString(name) {
		return "", fmt.Errorf("agent name %q: use 1 to 32 lower-case letters, digits, '.', '_' or '-'", name)
	}
	return name, nil
}
