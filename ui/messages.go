package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
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

// Messages from screens to the root: what the agent asked for. Screens
// return them from update and the root acts on them in the same Update.
type (
	openCustomerMsg    struct{ id string } // search: open this customer
	backToSearchMsg    struct{}            // editor: ctrl+t // picker: open this customer
	openReviewMsg      struct{}            // editor: review the changes
	saveRequestedMsg   struct{}            // review: send them
	backToEditorMsg    struct{}            // any screen: back to the form
	focusFieldMsg      struct{ index int } // review, go-to: focus a field
	conflictsChosenMsg struct{ keepMine map[string]bool }
	restoreDraftMsg    struct{}                           // draft offer: restore it
	discardDraftMsg    struct{}                           // draft offer: delete it
	retryMsg           struct{}                           // failure: try again
	openGoToMsg        struct{}                           // editor: ctrl+g
	openJSONEditorMsg  struct{ index int }                // editor: ctrl+o on a JSON field
	openHelpMsg        struct{}                           // any screen: full help
	closeOverlayMsg    struct{}                           // an overlay is done
	lockAnswerMsg      struct{ open, retry bool }         // lock prompt: open without a draft, look again, or (neither) quit
	quitRequestedMsg   struct{}                           // ask first when edits are unsaved
	quitMsg            struct{ discard, keep, save bool } // leave: discard the draft, or keep it; or review and save first
)

func loadCustomerCmd(client *apiclient.Client, id string, req int) tea.Cmd {
	return func() tea.Msg {
		cust, err := workflow.Load(context.Background(), client, id)
		return customerLoadedMsg{req: req, cust: cust, err: err}
	}
}

// saveCustomerCmd runs the workflow's save: re-read, three-way merge, PATCH
// only what is still to send.
func saveCustomerCmd(client *apiclient.Client, locks workflow.Locker, id string, changes []forms.Change, req int) tea.Cmd {
	return func() tea.Msg {
		return customerSavedMsg{req: req, res: workflow.Save(context.Background(), client, locks, id, changes)}
	}
}
