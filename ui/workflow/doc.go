// Package workflow is the record workflow of ccedit as plain Go: loading a
// customer, the editable record (baseline, edits and the diff derived from
// them), drafts (check, write, restore), the conflict-checking save, and the
// plain-language explanation of an error.
//
// The full-screen program, the line mode and the non-interactive
// subcommands all call it, so they share one set of rules and one set of
// messages. It imports no terminal library: everything that draws or reads
// keys stays in package ui.
//
// Values of a customer record are health information. Nothing in this
// package logs them; texts it returns that carry values or server messages
// (SavedText, Explanation.Detail, DraftCheck.Notice) are raw and must be
// sanitized by whoever draws them.
package workflow
