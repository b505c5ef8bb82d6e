package script

import (
	"fmt"
	"strings"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/ui/workflow"
)

// rateTries is how many rate limits (HTTP 429) a command waits out, for a
// load and again for a save, before it gives up: a loop over fifty records
// runs into the API's 60 requests a minute, and waiting is what a person
// would do.
const rateTries = 3

// load fetches the customer, waiting out rate limits with a notice on
// ErrOut. A failure is explained on ErrOut and ends the command with
// ExitAPI.
func (e *env) load(api *API, id string) (*apiclient.Customer, int, bool) {
	cust, err := workflow.LoadPatiently(e.ctx, api.Client, e.clock, id, rateTries, e.waiting)
	if err != nil {
		e.explain(workflow.Explain(err, id, api.KeyHint, false))
		return nil, ExitAPI, false
	}
	return cust, 0, true
}

// open connects to the API and loads the customer. On success the caller
// closes api; a failure has been said, and code ends the command.
func (e *env) open(conn *Connection, id string) (api *API, cust *apiclient.Customer, code int, ok bool) {
	if api, ok = e.connect(conn); !ok {
		return nil, nil, ExitUsage, false
	}
	if cust, code, ok = e.load(api, id); !ok {
		api.Close()
		return nil, nil, code, false
	}
	return api, cust, 0, true
}

// waiting says that a rate limit is being waited out.
func (e *env) waiting(ex workflow.Explanation) {
	e.errorf("%s Waiting %d seconds, then trying again.", e.safe(ex.Title), int(ex.Wait.Seconds()))
}

// explain writes an explained failure to ErrOut: what went wrong, more
// about it, what can be done. The editor's hint that edits are kept does
// not hold here (no drafts), so it is left out.
func (e *env) explain(ex workflow.Explanation) {
	e.errorf("%s", e.safe(ex.Title))
	if ex.Detail != "" {
		e.detail(ex.DetailLabel(), ex.Detail)
	}
	if hint := strings.TrimSpace(strings.TrimSuffix(ex.Hint, "Your edits are kept.")); hint != "" {
		e.errorf("%s", e.safe(hint))
	}
}

// detail writes more about a failure, introduced as the editor introduces
// it (Explanation.DetailLabel): "server said" only for the server's own
// text, "details" for ccedit's, so that a log never puts ccedit's words
// ("context deadline exceeded") in the server's mouth. Either may quote a
// value, and is redacted (serverText).
func (e *env) detail(label, text string) {
	if label != "" {
		label = strings.ToLower(label[:1]) + label[1:]
	}
	e.errorf("%s: %s", label, e.serverText(text))
}

// serverSaid is Explanation.DetailLabel for the server's own text.
func serverSaid() string { return workflow.Explanation{FromServer: true}.DetailLabel() }

// saveFailed reports a failed save. The API refusing the change (HTTP
// 400/422, apiclient.KindValidation) is ExitInvalid: its reasons field by
// field, or its message, or, when its answer could not be read (a proxy's
// HTML page: no Issues, no Message, Err set) or said nothing, that much.
// Anything else is explained, and ExitAPI. Every server text is redacted.
func (e *env) saveFailed(err error, id string, api *API) int {
	ae, ok := apiclient.AsError(err)
	if !ok || ae.Kind != apiclient.KindValidation {
		e.explain(workflow.Explain(err, id, api.KeyHint, true))
		return ExitAPI
	}
	switch {
	case len(ae.Issues) == 0 && ae.Message == "" && ae.Err != nil:
		e.errorf("the API refused the change (HTTP %d), and its answer, which would say why, was not readable; nothing was saved", ae.Status)
		e.detail("Details", ae.Err.Error()) // apiclient's words, not the page's
		return ExitInvalid
	case len(ae.Issues) == 0 && ae.Message == "":
		e.errorf("the API refused the change (HTTP %d) without saying why; nothing was saved", ae.Status)
		return ExitInvalid
	}
	e.errorf("the API refused the change (HTTP %d); nothing was saved", ae.Status)
	if len(ae.Issues) == 0 {
		e.detail(serverSaid(), ae.Message)
	}
	for _, is := range ae.Issues {
		// The message only: an issue's "received" echoes the value.
		if f := e.s.Field(is.Field()); f != nil {
			e.serverFieldError(f, is.Message)
		} else {
			e.errorf("%s: %s", e.safe(strings.Trim(fmt.Sprint(is.Path), "[]")), e.serverText(is.Message))
		}
	}
	return ExitInvalid
}
