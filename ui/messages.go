package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/ui/workflow"
)

// Messages from the API. Each carries the request id it answers, so a
// stale result (the agent retried or moved on) is dropped by the root.
type (
	customerLoadedMsg struct {
		req  int
		cust *apiclient.Customer
		err  error
	}
	customerSavedMsg struct {
		req int
		res workflow.SaveResult
	}
)

// Messages the root routes to the form, which owns the fields: what the
// session did to the record, and what to say.
type (
	statusMsg struct {
		text  string
		isErr bool
	} // say this on the status line
	saveFinishedMsg struct{ f workflow.Finished }      // a save ended well: show the new baseline
	serverIssuesMsg struct{ issues []apiclient.Issue } // the server refused the values (422)
	rebasedMsg      struct{ keepMine map[string]bool } // conflicts chosen: the record is on theirs
	restoredMsg     struct{ text string }              // a draft was restored onto a new record
)

// Messages from screens to the root: what the agent asked for. Screens
// return them from update and the root acts on them in the same Update.
type (
	openCustomerMsg    struct{ id string }                // search: open this customer
	backToSearchMsg    struct{}                           // editor: ctrl+t
	openReviewMsg      struct{}                           // editor: review the changes
	saveRequestedMsg   struct{}                           // review: send them
	backToEditorMsg    struct{}                           // any screen: back to the form
	focusFieldMsg      struct{ index int }                // review, go-to: focus a field
	conflictsChosenMsg struct{ keepMine map[string]bool } // conflicts: theirs or mine, per field
	draftAnswerMsg     struct{ a workflow.DraftAnswer }   // draft offer: restore, discard, or keep it and quit
	retryMsg           struct{ saving bool }              // failure: try the load (or the save) again
	openGoToMsg        struct{}                           // editor: ctrl+g
	openJSONEditorMsg  struct{ index int }                // editor: ctrl+o on a JSON field
	closeOverlayMsg    struct{}                           // an overlay is done
	lockAnswerMsg      struct{ a workflow.LockAnswer }    // lock prompt: open without a draft, look again, quit
	quitRequestedMsg   struct{}                           // ask first when edits are unsaved
	quitMsg            struct{ a workflow.QuitAnswer }    // the quit question's answer
)

func loadCustomerCmd(client *apiclient.Client, id string, req int) tea.Cmd {
	return func() tea.Msg {
		cust, err := workflow.Load(context.Background(), client, id)
		return customerLoadedMsg{req: req, cust: cust, err: err}
	}
}

// saveCustomerCmd runs the session's save: re-read, three-way merge,
// PATCH only what is still to send, under the host's save lock.
func saveCustomerCmd(job workflow.SaveJob, req int) tea.Cmd {
	return func() tea.Msg {
		return customerSavedMsg{req: req, res: job.Run(context.Background())}
	}
}
