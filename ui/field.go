package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
	"github.com/carecycle/ccedit/forms"
)

// fieldUI is what the editor keeps per field besides its value (which the
// workflow.Record owns): the cursor, transient notices, a server message,
// and the derived JSON preview.
type fieldUI struct {
	cur       int    // cursor, in runes, for text fields
	notice    string // transient note: "paste cut to fit", "limit reached"
	serverErr string // a 422 message for this field, until it is edited
	// preview is the JSON value indented, for JSON fields: derived when the
	// value changes, drawn under the field while it has focus.
	preview []string
	// undo holds the values before each change (ctrl+z), back to the
	// loaded one; typing marks a run of typed characters, undone at once.
	undo   []undoStep
	typing bool
	// over is the length of a stored value longer than the field's limit
	// (0 when it fits): such a value is shown cut and not edited in place.
	over int
}

// undoStep is a value and its cursor before a change.
type undoStep struct {
	val forms.Value
	cur int
}

// maxUndo bounds each field's undo history.
const maxUndo = 100

// previewLines caps how much of an indented JSON value is kept for the
// preview; the view shows as much of it as the window has room for.
const previewLines = 200

// previewMaxBytes bounds the JSON value the preview indents: indenting
// costs memory in proportion to size times depth (a 62 KB value nested
// 9,990 deep indents to 100 MB), and the preview shows previewLines.
const previewMaxBytes = 256 << 10

// jsonPreview indents a JSON value for the preview, or returns nil: also
// for a value beyond jsonlimit.Default or previewMaxBytes, which the field
// shows as typed.
func jsonPreview(f *forms.Field, v forms.Value) []string {
	if f.Kind != forms.JSON || v.Null || strings.TrimSpace(v.Text) == "" || len(v.Text) > previewMaxBytes {
		return nil
	}
	if jsonlimit.Check([]byte(v.Text), jsonlimit.Default()) != nil {
		return nil
	}
	var b bytes.Buffer
	if json.Indent(&b, []byte(v.Text), "", "  ") != nil {
		return nil
	}
	lines := strings.Split(b.String(), "\n")
	if len(lines) <= 1 {
		return nil // a scalar: the field shows it already
	}
	if len(lines) > previewLines {
		lines = lines[:previewLines]
	}
	return lines
}

// absentNotice explains why a field the server did not send is not editable.
const absentNotice = "Not sent by the server: its stored value is unknown, so it is not editable."

// lineEdit is the result of a key on a text field: the new text and cursor,
// whether the text changed, and a notice.
type lineEdit struct {
	text    []rune
	cur     int
	changed bool
	notice  string
}

// insertText types s at cur into r, refusing what would pass the UTF-16
// limit max (0: none). Newlines and tabs become spaces: nothing typed or
// pasted submits.
func insertText(r []rune, cur int, s string, max int, paste bool) lineEdit {
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\t", " ").Replace(s)
	cur = min(max0(cur), len(r))
	add, refused := visible(s)
	out := lineEdit{text: r, cur: cur}
	if refused != "" {
		out.notice = refused
	}
	if max > 0 {
		room := max - forms.UTF16Len(string(r))
		kept := 0
		for _, c := range add {
			w := forms.UTF16Len(string(c))
			if w > room {
				break
			}
			room -= w
			kept++
		}
		if kept < len(add) {
			if paste {
				out.notice = fmt.Sprintf("Paste cut to fit %d characters: %d left out.", max, len(add)-kept)
			} else {
				out.notice = fmt.Sprintf("Limit reached: at most %d characters.", max)
			}
			add = add[:kept]
		}
	}
	if len(add) == 0 {
		return out
	}
	text := make([]rune, 0, len(r)+len(add))
	text = append(append(append(text, r[:cur]...), add...), r[cur:]...)
	return lineEdit{text: text, cur: cur + len(add), changed: true, notice: out.notice}
}

// visible drops what must not be saved from typed or pasted text: control
// characters (C0, C1, DEL, invalid UTF-8), bidi overrides and isolates,
// zero-width and other invisible characters. It returns the rest and a
// notice naming what was left out ("" when nothing was). Values already
// stored keep theirs; only new input is refused.
func visible(s string) ([]rune, string) {
	out := make([]rune, 0, len(s))
	var names []string
	for i, r := range s {
		if r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			names = append(names, "an invalid byte")
			continue
		}
		if forms.Unsafe(r) {
			names = append(names, fmt.Sprintf("U+%04X", r))
			continue
		}
		out = append(out, r)
	}
	n := len(names)
	if n == 0 {
		return out, ""
	}
	if n > 3 {
		names = append(names[:3], "…")
	}
	return out, fmt.Sprintf("Left out %d invisible or control character%s (%s): they are not saved.",
		n, plural(n), strings.Join(names, ", "))
}

func max0(n int) int { return max(n, 0) }

// editLine applies a line-editing key to r with the cursor at cur; ok is
// false for keys that are not line editing.
func editLine(r []rune, cur int, msg tea.KeyPressMsg, maxLen int, k textKeys) (e lineEdit, ok bool) {
	cur = min(max0(cur), len(r))
	e = lineEdit{text: r, cur: cur}
	set := func(out []rune, c int) { e = lineEdit{text: out, cur: c, changed: true} }
	switch {
	case key.Matches(msg, k.Left):
		e.cur = max(cur-1, 0)
	case key.Matches(msg, k.Right):
		e.cur = min(cur+1, len(r))
	case key.Matches(msg, k.Start):
		e.cur = 0
	case key.Matches(msg, k.End):
		e.cur = len(r)
	case key.Matches(msg, k.Backspace):
		if cur > 0 {
			set(append(r[:cur-1:cur-1], r[cur:]...), cur-1)
		}
	case key.Matches(msg, k.Delete):
		if cur < len(r) {
			set(append(r[:cur:cur], r[cur+1:]...), cur)
		}
	case key.Matches(msg, k.DeleteToStart):
		set(r[cur:], 0)
	case key.Matches(msg, k.DeleteToEnd):
		set(r[:cur], cur)
	case key.Matches(msg, k.DeleteWordBefore):
		i := wordStart(r, cur)
		set(append(r[:i:i], r[cur:]...), i)
	case key.Matches(msg, k.DeleteWordAfter):
		j := wordEnd(r, cur)
		set(append(r[:cur:cur], r[j:]...), cur)
	case key.Matches(msg, k.WordLeft):
		e.cur = wordStart(r, cur)
	case key.Matches(msg, k.WordRight):
		e.cur = wordEnd(r, cur)
	default:
		if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
			return e, false
		}
		return insertText(r, cur, msg.Text, maxLen, false), true
	}
	return e, true
}

// wordStart is where the word before cur starts (spaces before it skipped).
func wordStart(r []rune, cur int) int {
	i := cur
	for i > 0 && r[i-1] == ' ' {
		i--
	}
	for i > 0 && r[i-1] != ' ' {
		i--
	}
	return i
}

// wordEnd is where the word after cur ends (spaces before it skipped).
func wordEnd(r []rune, cur int) int {
	j := cur
	for j < len(r) && r[j] == ' ' {
		j++
	}
	for j < len(r) && r[j] != ' ' {
		j++
	}
	return j
}

// cycleChoice moves a choice field's selection by d.
func cycleChoice(f *forms.Field, v forms.Value, d int) forms.Value {
	ch := f.Choices()
	i := choiceIndex(ch, v)
	i = ((i+d)%len(ch) + len(ch)) % len(ch)
	return choiceValue(ch[i])
}

// pickChoice selects the next choice after the current one whose label
// starts with s (case-folded): "y", "n", "q" for Qualified, again for the
// next one. It reports whether one matched.
func pickChoice(f *forms.Field, v forms.Value, s string) (forms.Value, bool) {
	s = strings.ToLower(s)
	ch := f.Choices()
	start := choiceIndex(ch, v)
	for k := 1; k <= len(ch); k++ {
		c := ch[(start+k+len(ch))%len(ch)]
		if strings.HasPrefix(strings.ToLower(choiceLabel(f, c)), s) {
			return choiceValue(c), true
		}
	}
	return v, false
}

func choiceIndex(ch []string, v forms.Value) int {
	for i, c := range ch {
		if (c == "" && v.Null) || (!v.Null && c == v.Text) {
			return i
		}
	}
	return -1
}

func choiceValue(c string) forms.Value {
	if c == "" {
		return forms.NullValue()
	}
	return forms.TextValue(c)
}

// choiceLabel is how a choice is shown: Yes/No for booleans, "not set" for
// null, the exact API value for enums.
func choiceLabel(f *forms.Field, c string) string {
	switch {
	case c == "":
		return "not set"
	case f.Kind == forms.Bool && c == "true":
		return "Yes"
	case f.Kind == forms.Bool && c == "false":
		return "No"
	}
	return c
}

// choiceLabels lists a field's choices for a message.
func choiceLabels(f *forms.Field) string {
	var out []string
	for _, c := range f.Choices() {
		out = append(out, choiceLabel(f, c))
	}
	return strings.Join(out, ", ")
}
