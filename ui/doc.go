// Package ui is ccedit's Bubble Tea program.
//
// Screens (one type each, own update/view/setSize/key map; see component.go):
//
//	picker      customers to open (the demo's list)         picker.go
//	wait        loading or saving, with a spinner           wait.go
//	editor      the grouped form over a workflow.Record     editor*.go, field.go
//	review      the diff, or the exact JSON body            review.go
//	conflicts   theirs or mine per field (huh.Confirm)      conflict.go
//	draftOffer  restore or discard a draft (huh.Select)     draftoffer.go
//	lockPrompt  another session has the customer open       lockprompt.go
//	failure     an error explained; 429 countdown           failure.go
//
// Overlays, drawn instead of the body and given keys first: goTo (ctrl+g,
// bubbles textinput), helpView (ctrl+/, f1, or ? where it is not text;
// bubbles help from the screen's own key map), quitDialog (huh.Select).
//
// Messages between them (messages.go): a screen's update returns a request
// such as openReviewMsg, saveRequestedMsg, conflictsChosenMsg or
// quitRequestedMsg, and the root (root.go, root_nav.go) acts on it in the
// same Update, so keys typed ahead land in the screen they were meant for.
// API results (customerLoadedMsg, customerSavedMsg, customersListedMsg)
// carry the request id they answer; stale ones are dropped.
//
// The root draws banners under the header (view.go) while the agent's edits
// are at risk: drafts that cannot be written (the draft store's Health) or
// are not kept in this session (the lock prompt's "open without a draft"),
// and the idle logoff's warning (idle.go, one timer through Common.After).
// What happened to the edits at the end is Outcome (outcome.go).
//
// I/O happens only in the …Cmd functions of messages.go, which call the
// workflow package (load, save with re-read and three-way merge), in the
// root's draft lock and draft check when a customer first loads, and in the
// draft writes: the editor's persist stages the draft and the program's
// output writer (frames.go) writes it before the frame that shows the
// change, once per frame. frames.go also keeps Bubble Tea's drawing
// goroutine asleep while nothing changes.
// The line mode (linemode*.go) runs the same workflow without a screen.
//
// The record's own fields keep a purpose-built editor rather than huh
// Input or bubbles textinput: measured in a prototype, those strip control
// characters (so a widget's value cannot be the raw baseline), count limits
// in runes rather than the server's UTF-16 units, pass bidi overrides to
// the terminal, and a huh.Form moves focus through a command, losing keys
// typed ahead after Tab. Everything around the fields uses the libraries.
package ui
