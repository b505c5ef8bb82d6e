package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
	"github.com/carecycle/ccedit/forms"
)

// jsonEditor edits a JSON field on several lines (an overlay, a bubbles
// textarea): the value indented, checked as JSON when it is kept, and put
// back on the field compact. What is typed goes on the field as it is
// typed (jsonTypedMsg), so it is in the draft like any edit: ctrl+c, a
// dropped link or the idle logoff keep it. Cancel puts back the value the
// field had when the editor opened.
type jsonEditor struct {
	c     *Common
	index int         // the field edited
	orig  forms.Value // the field's value when the editor opened
	last  string      // the text last put on the field
	ta    textarea.Model
	err   string
	keys  jsonEditorKeys
	w, h  int
}

// jsonTypedMsg puts the JSON editor's text on its field as it is typed:
// compact when it is valid JSON, as typed when it is not (yet).
type jsonTypedMsg struct {
	index int
	value forms.Value
}

type jsonEditorKeys struct {
	Accept, Cancel key.Binding
}

// jsonAcceptedMsg puts an edited JSON value back on its field.
type jsonAcceptedMsg struct {
	index int
	value forms.Value
}

func newJSONEditor(c *Common, index int, v forms.Value) *jsonEditor {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.MaxHeight = 10000
	st := textarea.DefaultStyles(c.dark)
	st.Cursor.Blink = false // an idle screen writes nothing
	ta.SetStyles(st)
	text := v.Text
	var b bytes.Buffer
	// Indented only within jsonlimit.Default: indenting a deep value costs
	// its size times its depth.
	if !v.Null && jsonlimit.Check([]byte(text), jsonlimit.Default()) == nil && json.Indent(&b, []byte(text), "", "  ") == nil {
		text = b.String()
	}
	ta.SetValue(text)
	ta.Focus()
	return &jsonEditor{c: c, index: index, orig: v, last: ta.Value(), ta: ta, keys: jsonEditorKeys{
		Accept: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "check and keep")),
		Cancel: key.NewBinding(key.WithKeys("esc", "ctrl+b"), key.WithHelp("esc", "cancel")),
	}}
}

func (j *jsonEditor) takesText() bool { return true }

func (j *jsonEditor) setSize(w, h int) {
	j.w, j.h = w, h
	j.ta.SetWidth(w)
	j.ta.SetHeight(max(h-3, 3))
}

func (j *jsonEditor) ShortHelp() []key.Binding  { return []key.Binding{j.keys.Accept, j.keys.Cancel} }
func (j *jsonEditor) FullHelp() [][]key.Binding { return [][]key.Binding{j.ShortHelp()} }

func (j *jsonEditor) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, j.keys.Cancel):
			return nil, jsonAcceptedMsg{index: j.index, value: j.orig}
		case key.Matches(k, j.keys.Accept):
			text := strings.TrimSpace(j.ta.Value())
			if text == "" {
				return nil, jsonAcceptedMsg{index: j.index, value: forms.TextValue("")}
			}
			if err := forms.ValidJSON(text); err != nil {
				if inner := errors.Unwrap(err); inner != nil {
					err = inner // "line 2, column 6: …" without "not valid JSON" again
				}
				j.err = "Not JSON yet: " + err.Error()
				return nil, nil
			}
			var b bytes.Buffer
			_ = json.Compact(&b, []byte(text))
			return nil, jsonAcceptedMsg{index: j.index, value: forms.TextValue(b.String())}
		}
	}
	j.err = ""
	// Typed and pasted text follows the fields' input policy (forms.Unsafe):
	// the textarea would keep bidi controls and zero-width characters, and
	// each change goes on the record.
	switch m := msg.(type) {
	case tea.PasteMsg:
		clean, left := safeJSONText(m.Content)
		if left > 0 {
			j.err = fmt.Sprintf("Left out %d invisible or control character%s: they are not saved.", left, plural(left))
		}
		msg = tea.PasteMsg{Content: clean}
	case tea.KeyPressMsg:
		if m.Text != "" {
			clean, left := safeJSONText(m.Text)
			if left > 0 && clean == "" {
				j.err = "Left out an invisible or control character: it is not saved."
				return nil, nil
			}
			m.Text = clean
			msg = m
		}
	}
	var cmd tea.Cmd
	j.ta, cmd = j.ta.Update(msg)
	if text := j.ta.Value(); text != j.last {
		j.last = text
		return cmd, jsonTypedMsg{index: j.index, value: liveJSON(text)}
	}
	return cmd, nil
}

// liveJSON is the field value for text being typed: compact when it is
// valid JSON within jsonlimit.Default, else the text as typed.
func liveJSON(text string) forms.Value {
	t := strings.TrimSpace(text)
	var b bytes.Buffer
	if t != "" && jsonlimit.Check([]byte(t), jsonlimit.Default()) == nil && json.Compact(&b, []byte(t)) == nil {
		return forms.TextValue(b.String())
	}
	return forms.TextValue(t)
}

func (j *jsonEditor) view() string {
	t := j.c.Theme
	f := j.c.Schema.Fields()[j.index]
	head := t.S.Title.Render(f.Label+" ") + t.S.APIName.Render("("+f.Name+")")
	for _, note := range []string{t.G.Sep + "JSON, checked when you keep it", t.G.Sep + "checked when kept", ""} {
		if ansi.StringWidth(head+note) <= j.w {
			head += t.S.Subtle.Render(note)
			break
		}
	}
	// The error takes the line under the text and the spare one below it.
	var foot []string
	if j.err != "" {
		ls := wrap(t.G.Invalid+" "+t.Safe(j.err), j.w)
		if len(ls) > 2 {
			ls = []string{ls[0], ansi.Truncate(ls[1]+" "+ls[2], j.w, t.G.Ellipsis)}
		}
		for _, l := range ls {
			foot = append(foot, t.S.Error.Render(l))
		}
	}
	return ansi.Truncate(head, j.w, t.G.Ellipsis) + "\n" + j.ta.View() + "\n" + strings.Join(foot, "\n")
}

// safeJSONText is s without the runes forms.Unsafe refuses, but for the
// newlines and tabs a multi-line JSON text holds, and how many it left out.
func safeJSONText(s string) (string, int) {
	var b strings.Builder
	left := 0
	for _, r := range strings.ToValidUTF8(s, "") {
		if r != '\n' && r != '\t' && forms.Unsafe(r) {
			left++
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), left
}
