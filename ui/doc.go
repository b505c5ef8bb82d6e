// Package ui is ccedit's Bubble Tea program: a root model that routes
// messages to the screen that owns them (picker, loading, editor, review),
// with all I/O in …Cmd functions whose inputs are captured by value.
//
// Why not huh.Form: measured in a huh v2 prototype, huh moves focus through
// an asynchronous command, so keys that arrive in the same read as Tab land
// in the previous field (agents over SSH type ahead); it shows validation
// errors in the group footer and refuses Tab until a value is valid; a theme
// passed as a function is rebuilt on every key; and bubbles' textinput
// silently strips control characters and truncates at CharLimit, so a
// widget's value cannot be the baseline. ccedit therefore draws its own form
// layout: a small line editor and inline choice lists whose focus changes
// happen synchronously in Update (type-ahead lands where it was meant),
// whose errors sit under their field while the agent stays free to move,
// and whose values are compared with the raw server JSON, never with a
// widget's cleaned-up copy. Styles are built once in package theme.
package ui
