// Package audit writes ccedit's audit trail (HIPAA §164.312(b)): one JSON
// object a line, appended to a file only its owner can read, each line on
// disk (fdatasync) before Write returns. A line says when, who (agent, key
// fingerprint, remote address), what (the event), and which customer and
// fields; never a value.
package audit

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/workflow"
)

// Serve-level events, beside the session's (workflow.EventOpen…).
const (
	EventLogin        = "login"                          // an agent's session started
	EventRefusedLogin = "refused-login"                  // a key not in the agents file, or a session refused
	EventLogout       = "logout"                         // an agent's session ended
	EventIdleLogoff   = string(workflow.EventIdleLogoff) // the session's own event: the idle timeout ended it
	EventCommand      = "command"                        // get, set or diff ran without a screen
)

// Record is one line of the trail. Fields are API names; nothing in a
// Record is a customer's value.
type Record struct {
	Time           time.Time `json:"time"`
	Agent          string    `json:"agent,omitempty"`
	KeyFingerprint string    `json:"keyFingerprint,omitempty"` // SHA256:… of the agent's public key
	Remote         string    `json:"remote"`                   // ip:port, or "local"
	Session        string    `json:"session,omitempty"`        // ties one session's lines together
	Event          string    `json:"event"`
	Mode           string    `json:"mode,omitempty"` // editor, search, get, set, diff
	Customer       string    `json:"customer,omitempty"`
	Fields         []string  `json:"fields,omitempty"`
	Status         int       `json:"status,omitempty"` // the HTTP status of a save
	Exit           *int      `json:"exit,omitempty"`   // a session's exit status
	Reason         string    `json:"reason,omitempty"` // why a login was refused (ccedit's words)
}

// Log is an open audit file. It is safe for concurrent use.
type Log struct {
	mu  sync.Mutex
	f   *os.File
	now func() time.Time
}

// Open opens path for appending, creating it 0600, with the debug log's
// checks (draft.OpenPrivateAppend): no symlink, a regular file of this
// user's with one link and no access for group or others; an existing
// file's mode is never changed.
func Open(path string, now func() time.Time) (*Log, error) {
	if now == nil {
		now = time.Now
	}
	f, err := draft.OpenPrivateAppend(path, "audit file")
	if err != nil {
		return nil, err
	}
	return &Log{f: f, now: now}, nil
}

// Write appends r as one line (its Time set to now when zero) and returns
// once the line is on disk.
func (l *Log) Write(r Record) error {
	if r.Time.IsZero() {
		r.Time = l.now()
	}
	r.Time = r.Time.UTC()
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("audit: encode: %w", err)
	}
	b = append(b, '\n')
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return errors.New("audit: the audit file is closed")
	}
	// One write of the whole line: O_APPEND puts it after every other
	// line, and no reader sees half of it.
	if _, err := l.f.Write(b); err != nil {
		return fmt.Errorf("audit: write %s: %w", l.f.Name(), err)
	}
	if err := unix.Fdatasync(int(l.f.Fd())); err != nil {
		return fmt.Errorf("audit: sync %s: %w", l.f.Name(), err)
	}
	return nil
}

// Close closes the file; later writes fail.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	if err != nil {
		return fmt.Errorf("audit: close: %w", err)
	}
	return nil
}

// Who is the person and the connection the lines of one session are
// about.
type Who struct {
	Agent          string
	KeyFingerprint string
	Remote         string
	Session        string
}

// Auditor is what a session reports its events to (workflow.Auditor),
// writing each as a line about Who.
type Auditor struct {
	Log *Log
	Who Who
}

// Record writes the session's event e: its kind, customer, fields and
// status. It implements workflow.Auditor.
func (a Auditor) Record(e workflow.Event) error {
	return a.Log.Write(Record{Agent: a.Who.Agent, KeyFingerprint: a.Who.KeyFingerprint, Remote: a.Who.Remote,
		Session: a.Who.Session, Event: string(e.Kind), Customer: e.CustomerID, Fields: e.Fields, Status: e.Status})
}

// Event writes a serve-level event about Who; r's own who-fields are
// filled from it.
func (a Auditor) Event(r Record) error {
	r.Agent, r.KeyFingerprint, r.Remote, r.Session = a.Who.Agent, a.Who.KeyFingerprint, a.Who.Remote, a.Who.Session
	return a.Log.Write(r)
}

// Local is the Who of the local program (ccedit --audit): the operating
// system's user as the agent, "local" as the address.
func Local() Who {
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	if name == "" {
		name = fmt.Sprintf("uid %d", os.Getuid())
	}
	return Who{Agent: name, Remote: "local"}
}
