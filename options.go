package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/serve/audit"
	"github.com/carecycle/ccedit/ui/workflow"
)

// defaultIdle is the automatic logoff's default.
const defaultIdle = 15 * time.Minute

// idleTimeout is --idle-timeout when given, else $CCEDIT_IDLE_TIMEOUT, else
// the default; 0 turns the logoff off.
func idleTimeout(fs *flag.FlagSet, flagValue time.Duration, getenv func(string) string) (time.Duration, error) {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "idle-timeout" })
	d := flagValue
	if env := strings.TrimSpace(getenv("CCEDIT_IDLE_TIMEOUT")); !set && env != "" {
		v, err := time.ParseDuration(env)
		if err != nil {
			return 0, fmt.Errorf("CCEDIT_IDLE_TIMEOUT=%q is not a duration like 15m or 0", env)
		}
		d = v
	}
	if d < 0 {
		return 0, fmt.Errorf("the idle timeout %s is negative; give a duration like 15m, or 0 for none", d)
	}
	return d, nil
}

// openSaveLocks opens the host's save locks (the demo keeps its own): every
// save holds its customer's from its re-read until its PATCH is answered.
// An unsafe directory is an error (exit 2); one that cannot be made or
// written leaves saves unlocked rather than stopping them (nil Locker),
// as the README says.
func openSaveLocks(getenv func(string) string, demo bool) (workflow.Locker, func(), error) {
	sub := "locks"
	if demo {
		sub = "demo-locks"
	}
	dir, err := draft.DefaultDir(getenv, sub)
	if err != nil {
		return nil, func() {}, nil
	}
	l, err := draft.OpenSaveLocks(dir)
	var ue *draft.UnsafeError
	switch {
	case errors.As(err, &ue):
		return nil, func() {}, err
	case err != nil:
		return nil, func() {}, nil
	}
	return l, func() { _ = l.Close() }, nil
}

// openDebug opens the debug log for appending, with the checks every
// private file of ccedit's gets (draft.OpenPrivateAppend).
func openDebug(path string) (*os.File, error) { return draft.OpenPrivateAppend(path, "debug log") }

// openAudit opens the audit trail --audit FILE names, for the editor and
// set alike (audit.Open's rules for the file): its lines name the
// operating system's user as the agent, "local" as the address. close
// closes the file.
func openAudit(path string) (a workflow.Auditor, close func(), err error) {
	log, err := audit.Open(path, nil)
	if err != nil {
		return nil, nil, err
	}
	return audit.Auditor{Log: log, Who: audit.Local()}, func() { _ = log.Close() }, nil
}

// demoDrafts opens drafts that belong to this run of the demo alone: its
// fake API starts afresh every run, so a draft from another run would be
// offered against a record reset under it, and two demos at once would
// see each other's locks. They live in a fresh private directory under
// demo-drafts (draft.RunDir), removed by done; what a killed run left is
// removed by a later start once a day old.
func demoDrafts(getenv func(string) string) (s *draft.Store, done func(), err error) {
	parent, err := draft.DefaultDir(getenv, "demo-drafts")
	if err != nil {
		return nil, nil, err
	}
	run, err := draft.OpenRunDir(parent, time.Now())
	if err != nil {
		return nil, nil, err
	}
	if s, err = draft.Open(run.Path(), nil); err != nil {
		_ = run.Remove()
		return nil, nil, err
	}
	return s, func() { s.Close(); _ = run.Remove() }, nil
}

// verifyKey checks a typed key against the API opts names, with one
// request (a page of one customer), so that a mistyped key is asked for
// again at once rather than found out at the first load. Only a refusal
// of the key (401, 403) refuses it; anything else (no network, a 5xx) lets
// the session start and explain it. The request is outside the session's
// rate limiter: with it the API sees at most 59 in the first minute, under
// its 60.
func verifyKey(opts apiclient.Options) func(context.Context, string) error {
	return func(ctx context.Context, key string) error {
		o := opts
		o.APIKey = key
		c, err := apiclient.New(o)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		_, err = c.ListCustomers(ctx, "", 1, 1)
		var ae *apiclient.Error
		if errors.As(err, &ae) && (ae.Kind == apiclient.KindUnauthorized || ae.Kind == apiclient.KindForbidden) {
			return fmt.Errorf("the API refused this key (HTTP %d)", ae.Status)
		}
		return nil
	}
}
