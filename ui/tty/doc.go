// Package tty owns the agent's terminal for the full-screen editor, the
// parts of it a library cannot keep safe:
//
//   - Input (input.go): every byte from the terminal passes a filter before
//     Bubble Tea parses it. A bracketed paste with no end marker ends after
//     a quiet second instead of swallowing every later key (ctrl+c
//     included); an end marker inside a paste (tmux passes it through) does
//     not let the rest of the paste act as keys; and the end of input (the
//     terminal gone) is reported at once instead of leaving the session to
//     sit until the idle logoff.
//   - Mode (mode.go): raw input with the terminal's output processing kept,
//     saved and restored by ccedit itself, since Bubble Tea only manages a
//     terminal it reads directly.
//   - Suspender (suspend.go): SIGTSTP and fg, which Bubble Tea's own
//     suspend cannot do for input it does not read directly.
//   - Guard (guard.go): a small parent process that holds the
//     terminal's state and restores it, clearing the record from the
//     screen, however the editor process ends: a panic in a library
//     goroutine, kill -9, a crash.
//
// Nothing here imports Bubble Tea; package ui wires it in.
package tty
