package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/forms"
)

// fieldState is one field's editing state. base is decoded from the raw
// server value; the diff always goes back to that raw value (forms.Diff).
type fieldState struct {
	f         *forms.Field
	base      forms.Value
	val       forms.Value
	touched   bool
	cur       int    // cursor, in runes, for text fields
	notice    string // transient note: "paste cut to fit", "limit reached"
	serverErr string // a 422 message for this field, until it is edited
	// absent: the server did not send this key, so its stored value is
	// unknown and an edit could overwrite data nobody has seen.
	absent bool
	// preview is the JSON value indented, for JSON fields: derived when the
	// value changes, drawn under the field while it has focus.
	preview []string
}

// previewLines caps how much of an indented JSON value is kept for the
// preview; the view shows as much of it as the window has room for.
const previewLines = 200

// updatePreview re-derives the indented JSON preview after a change.
func (fs *fieldState) updatePreview() {
	fs.preview = nil
	if fs.f.Kind != forms.JSON || fs.val.Null || strings.TrimSpace(fs.val.Text) == "" {
		return
	}
	var b bytes.Buffer
	if json.Indent(&b, []byte(fs.val.Text), "", "  ") != nil {
		return
	}
	lines := strings.Split(b.String(), "\n")
	if len(lines) <= 1 {
		return // a scalar: the field shows it already
	}
	if len(lines) > previewLines {
		lines = lines[:previewLines]
	}
	fs.preview = lines
}

// absentNotice explains why a field the server did not send is not editable.
const absentNotice = "Not sent by the server: its stored value is unknown, so it is not editable."

func (fs *fieldState) setBase(v forms.Value) {
	fs.base = v
	if !fs.touched {
		fs.val = v
		fs.cur = len([]rune(v.Text))
		fs.updatePreview()
	}
}

func (fs *fieldState) revert() {
	fs.val, fs.touched, fs.notice, fs.serverErr = fs.base, false, "", ""
	fs.cur = len([]rune(fs.val.Text))
	fs.updatePreview()
}

func (fs *fieldState) set(v forms.Value) {
	fs.val, fs.touched, fs.serverErr = v, true, ""
	fs.updatePreview()
}

// insert types s at the cursor, refusing what would pass the field's
// UTF-16 limit. Newlines and tabs become spaces: nothing typed or pasted
// submits. It reports whether anything was cut.
func (fs *fieldState) insert(s string, paste bool) {
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\t", " ").Replace(s)
	fs.notice = ""
	r := []rune(fs.val.Text)
	fs.cur = min(max(fs.cur, 0), len(r))
	add := []rune(s)
	if max := fs.f.MaxLen; max > 0 {
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
				fs.notice = fmt.Sprintf("Paste cut to fit %d characters: %d left out.", max, len(add)-kept)
			} else {
				fs.notice = fmt.Sprintf("Limit reached: at most %d characters.", max)
			}
			add = add[:kept]
		}
	}
	if len(add) == 0 {
		return
	}
	out := make([]rune, 0, len(r)+len(add))
	out = append(append(append(out, r[:fs.cur]...), add...), r[fs.cur:]...)
	fs.set(forms.TextValue(string(out)))
	fs.cur += len(add)
}

// editKey applies a line-editing key to a text field and reports whether
// it was one.
func (fs *fieldState) editKey(msg tea.KeyPressMsg) bool {
	r := []rune(fs.val.Text)
	fs.cur = min(max(fs.cur, 0), len(r))
	edit := func(out []rune, cur int) {
		fs.set(forms.TextValue(string(out)))
		fs.cur, fs.notice = cur, ""
	}
	switch msg.String() {
	case "left", "ctrl+b":
		fs.cur = max(fs.cur-1, 0)
	case "right", "ctrl+f":
		fs.cur = min(fs.cur+1, len(r))
	case "home", "ctrl+a":
		fs.cur = 0
	case "end", "ctrl+e":
		fs.cur = len(r)
	case "backspace", "ctrl+h":
		if fs.cur > 0 {
			edit(append(r[:fs.cur-1:fs.cur-1], r[fs.cur:]...), fs.cur-1)
		}
	case "delete", "ctrl+d":
		if fs.cur < len(r) {
			edit(append(r[:fs.cur:fs.cur], r[fs.cur+1:]...), fs.cur)
		}
	case "ctrl+u":
		edit(r[fs.cur:], 0)
	case "ctrl+k":
		edit(r[:fs.cur], fs.cur)
	case "ctrl+w", "alt+backspace":
		i := fs.cur
		for i > 0 && r[i-1] == ' ' {
			i--
		}
		for i > 0 && r[i-1] != ' ' {
			i--
		}
		edit(append(r[:i:i], r[fs.cur:]...), i)
	default:
		if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
			return false
		}
		fs.insert(msg.Text, false)
	}
	return true
}

// cycle moves a choice field's selection by d.
func (fs *fieldState) cycle(d int) {
	ch := fs.f.Choices()
	i := choiceIndex(ch, fs.val)
	i = ((i+d)%len(ch) + len(ch)) % len(ch)
	fs.set(choiceValue(ch[i]))
}

// pick selects the first choice whose label starts with s (case-folded):
// "y", "n", "l" for Lead. It reports whether one matched.
func (fs *fieldState) pick(s string) bool {
	s = strings.ToLower(s)
	ch := fs.f.Choices()
	start := choiceIndex(ch, fs.val)
	for k := 1; k <= len(ch); k++ {
		c := ch[(start+k)%len(ch)]
		if strings.HasPrefix(strings.ToLower(choiceLabel(fs.f, c)), s) {
			fs.set(choiceValue(c))
			return true
		}
	}
	return false
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
