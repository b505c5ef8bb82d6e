// Package ui is ccedit's faces of one customer session: the full-screen
// Bubble Tea program, the line mode, and (in subpackages) the scripting
// commands and the SSH service.
//
// # Where each rule lives
//
// The rules of a customer session are written once, in package workflow,
// with no terminal library; every face drives them:
//
//	open, the draft lock and who holds it      workflow/session.go
//	the draft offer and each answer            workflow/session_draft.go, answers.go
//	restore with the three-way check           workflow/drafts.go, record.go
//	save: lock, re-read, merge, PATCH, verdict workflow/save.go, session_save.go
//	quit with or without a draft               workflow/session.go (QuitQuestion)
//	the exit report and the reopen command     workflow/report.go
//	errors in plain words                      workflow/explain.go
//	audit trail (names of fields, never values) workflow/audit.go
//	how a value is said and masked             ../forms/say.go
//	what a value may hold, validators          ../forms (schema, validate, places, runes)
//	drafts on disk, locks, save locks          draft/
//	terminal input: paste, filters, raw mode   tty/
//
// # The full screen
//
// The root model (root.go) holds the session, the active screen and the
// overlays over it. It routes: each screen's update returns a request
// (messages.go: openReviewMsg, saveRequestedMsg, conflictsChosenMsg,
// draftAnswerMsg, quitRequestedMsg …) carrying what it means, and the root
// asks the session and switches screens (root_nav.go). The root never
// writes a screen's fields. Global keys (help, quit, reveal) are matched
// there for every screen and overlay alike, so every footer's promise is
// true (footer_walk_test.go presses each one).
//
// Screens, one type each with its own update, view, setSize and key map
// (component.go is the contract):
//
//	search      find a customer; ↑/↓, enter, sort        search.go, search_view.go
//	wait        loading or saving, with a spinner        wait.go
//	editor      the grouped form over workflow.Record    editor*.go, field.go
//	review      the diff, or the exact JSON body         review.go, review_lines.go
//	conflicts   theirs or mine per field (huh.Confirm)   conflict.go
//	draftOffer  restore, discard or keep a draft         draftoffer.go, dialog.go
//	lockPrompt  another session has the customer open    lockprompt.go
//	failure     an error explained; 429 countdown        failure.go
//
// Overlays, drawn instead of the body and given keys first: goTo (ctrl+g),
// jsonEditor (ctrl+o, bubbles textarea), helpView (ctrl+/ or f1, bubbles
// help from the screen's own key map), quitDialog (huh.Select).
//
// The root draws the header, the banners that stay while edits are at risk
// (drafts that cannot be written, no draft in this session, the idle
// logoff's warning, a refused paste) and the footer (view.go, idle.go).
//
// I/O happens only in the …Cmd functions (messages.go), which call the
// session, and in draft writes: the session stages the draft and the
// output writer (frames.go) writes it before the frame that shows the
// change. frames.go also keeps Bubble Tea's drawing goroutine asleep while
// nothing changes, and lists the library behaviours it relies on;
// frames_contract_test.go fails if an upgrade changes them. run.go starts
// the program on a local terminal (with tty's guard process); remote.go on
// any reader and writer (ccedit serve). How the session ended is Outcome
// (outcome.go).
//
// # The line mode
//
// linemode*.go drive the same session one plain line at a time (TERM=dumb,
// --accessible, a screen reader): the same questions, answers, words and
// report. faces_test.go runs both faces through the same scenarios and
// compares what they leave on disk and say.
//
// # Why the fields have their own editor
//
// The record's own fields keep a purpose-built editor (field.go,
// editor_input.go) rather than huh Input or bubbles textinput: measured in
// a prototype, those strip control characters (so a widget's value cannot
// be the raw baseline), count limits in runes rather than the server's
// UTF-16 units, pass bidi overrides to the terminal, and a huh.Form moves
// focus through a command, losing keys typed ahead after Tab. Its keys are
// one key map (editor_keys.go) that both matches and draws help. Everything
// around the fields uses the libraries.
package ui
