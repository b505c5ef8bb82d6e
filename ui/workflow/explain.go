package workflow

import (
	"fmt"
	"strings"
	"time"

	"github.com/carecycle/ccedit/apiclient"
)

// Explanation is a failed load or save, explained for people.
type Explanation struct {
	Err        error         // the error explained
	Title      string        // one sentence saying what went wrong
	Detail     string        // more about it: sanitize when drawn
	FromServer bool          // Detail is the server's own text, not ccedit's
	Hint       string        // what the agent can do about it
	Retryable  bool          // whether trying again can help
	Wait       time.Duration // > 0: a rate limit; retry after it
}

// ServerKey is the keyHint (Explain) of a key the agent neither holds nor
// may see: ccedit serve's, which the server holds for every agent. A key
// refused then is the administrator's to fix, and the words say so,
// naming no variable or flag the agent cannot set.
const ServerKey = "(the server's key)"

// serverKeyRefused is the hint for a refused ServerKey.
const serverKeyRefused = "The server's API key was refused: tell the administrator of this jump host."

// Explain turns an error into plain language. No raw Go error text is shown
// except as the last detail line, and never the key: keyHint is the key
// already masked (cc_…abcd), shown only when the key was rejected, or
// ServerKey for a key held by the server. saving
// says whether err came from a save (the edits are kept) or a load. A nil
// err gives the zero Explanation.
func Explain(err error, id, keyHint string, saving bool) Explanation {
	if err == nil {
		return Explanation{}
	}
	f := Explanation{Err: err, Retryable: true}
	what := "load the customer"
	if saving {
		what = "save your changes"
	}
	e, ok := apiclient.AsError(err)
	if !ok {
		f.Title = "Could not " + what + "."
		f.Detail = err.Error()
		return f
	}
	f.Detail, f.FromServer = e.Message, e.Message != ""
	own := func(err error) { // ccedit's words replace the server's
		f.Detail, f.FromServer = "", false
		if err != nil {
			f.Detail = err.Error()
		}
	}
	switch e.Kind {
	case apiclient.KindUnauthorized:
		f.Title = "The API key was rejected (HTTP 401)."
		f.Hint = "Check CARECYCLE_API_KEY or --api-key-file"
		if keyHint != "" {
			f.Hint += " (key in use: " + keyHint + ")"
		}
		f.Hint += "."
		if keyHint == ServerKey {
			f.Hint = serverKeyRefused
		}
		f.Retryable = false
	case apiclient.KindForbidden:
		f.Title = "This API key is not allowed to " + what + " (HTTP 403)."
		f.Hint = "Ask an administrator to grant the key access to customers."
		if keyHint == ServerKey {
			f.Hint = serverKeyRefused
		}
		f.Retryable = false
	case apiclient.KindNotFound:
		f.Title = "No customer with ID " + id + "."
		f.Hint = "Check the ID; it may have been deleted or belong to another client."
		f.Retryable = false
	case apiclient.KindRateLimited:
		f.Wait = e.RetryAfter
		f.Title = "Too many requests: the API allows 60 a minute."
		f.Hint = "ccedit will try again by itself."
	case apiclient.KindServer:
		f.Title = fmt.Sprintf("The CareCycle API had a problem (HTTP %d).", e.Status)
		if e.Message == "" && e.Err != nil {
			f.Title = fmt.Sprintf("The server, or a proxy in front of it, failed (HTTP %d) and sent a page instead of data.", e.Status)
			own(nil)
		}
		f.Hint = "This is usually temporary."
	case apiclient.KindNetwork:
		f.Title = "Could not reach the CareCycle API."
		own(e.Err)
		f.Hint = "Check the network or VPN."
		if saving && e.Sent {
			f.Hint = "The save may or may not have reached the server. Retrying is safe: ccedit reads the record first and sends only what is not there yet."
		}
	case apiclient.KindBadResponse:
		f.Title = "The API sent an answer ccedit cannot read."
		if e.Status != 0 {
			f.Title = fmt.Sprintf("The API sent an answer ccedit cannot read (HTTP %d).", e.Status)
		}
		own(e.Err)
	case apiclient.KindWrongRecord:
		own(e.Err)
		f.Title = "The API answered with another customer's record; nothing of it is shown."
		f.Hint = "This is a fault in the API or a proxy in front of it: report it, with the time, before editing this customer."
		if e.Op == "save customer" {
			f.Title = "The answer to the save was another customer's record."
			f.Hint = "The change may have gone to another customer's record. ccedit sends nothing more: " +
				"report it to CareCycle support, with the time, before trying again."
			f.Retryable = false
		}
	case apiclient.KindConflict:
		f.Title = fmt.Sprintf("The record changed on the server while ccedit was saving it (HTTP %d).", e.Status)
		f.Hint = "Retrying reads the record again and shows any field someone else changed."
	default:
		f.Title = fmt.Sprintf("Unexpected answer from the API (HTTP %d).", e.Status)
	}
	if saving {
		f.Hint = strings.TrimSpace(f.Hint + " Your edits are kept.")
	}
	return f
}

// DetailLabel is what Detail is introduced with: "Server said" for the
// server's own text, "Details" for ccedit's.
func (x Explanation) DetailLabel() string {
	if x.FromServer {
		return "Server said"
	}
	return "Details"
}

// Plural says how many of something there are: Plural(1, "change",
// "changes") is "1 change", Plural(2, …) is "2 changes".
func Plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// WaitText says why a request has not gone out yet, when it waits for the
// rate limit it shares (apiclient.Client.Waiting): behind other agents'
// requests, or for the API's own limit; "" when it does not wait. It says
// only what w says now: call it again as the wait goes on.
func WaitText(w apiclient.Wait) string {
	switch {
	case !w.Waiting:
		return ""
	case w.Ahead == 1:
		return "Waiting for the shared rate limit: 1 other agent's request goes first."
	case w.Ahead > 1:
		return fmt.Sprintf("Waiting for the shared rate limit: %d other agents' requests go first.", w.Ahead)
	}
	return fmt.Sprintf("Waiting for the API's rate limit (%d requests a minute).", w.PerMinute)
}
