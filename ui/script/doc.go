// Package script is ccedit's non-interactive face: `ccedit get`, `ccedit
// set` and `ccedit diff`, for team leads fixing a field on many records,
// support staff looking at one, and tests driving the workflow without a
// terminal.
//
// It runs the editor's own record workflow (package workflow: the load,
// the edited record, the save that reads the record again and merges three
// ways, the plain-language explanation of errors) and reads every value
// with the editor's parser, forms.ParseInput, so a value is accepted,
// normalised or refused the same way in both. The client's rate limiter
// applies as it does in the editor. Drafts are neither read nor written.
// Nothing here draws: no Bubble Tea, no styles, only plain lines.
//
// Streams are injected (IOStreams, after cli/cli's iostreams), so tests run
// the commands without a terminal, and main supplies the connection to the
// API (Options.Connect) with its own key rules: the key comes from the
// environment or a key file, never from a flag value.
//
// Where values go. Record values are health information: they are written
// to Out only (the record, the diff, --json data). ErrOut gets field names,
// reasons and the API's explanations, never a record value, so that a
// script may keep its standard error in a log: a JSON problem is placed by
// line and column (jsonlimit), never quoted, and every text ccedit did not
// write has the command's values hidden (redact.go) before it is shown.
// Human output passes every string from the server through theme's Safe;
// --json output is data and is written as it is.
//
// Standard input is read at most once, by whatever name (-, /dev/stdin,
// /dev/fd/0, a path to the same open file): a pipe read twice gives
// nothing the second time, and nothing would clear a field.
//
// Exit codes are ExitOK, ExitAPI, ExitUsage, ExitConflict and ExitInvalid.
package script
