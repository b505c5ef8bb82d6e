package ui

import (
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// allocated is how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A pasted JSON value nested 9,990 deep (62 KB) is refused by the field's
// check and neither previewed nor indented into the multi-line editor:
// indenting it costs 100 MB, and the issue measured 838 MB to a frame and
// 4 GB on ctrl+o. Bytes allocated are counted, not time.
func TestDeepJSONStaysSmall(t *testing.T) {
	h := newHarness(t, fakeapi.CustomDataID)
	h.goTo("customData")
	h.keys("ctrl+u")
	deep := strings.Repeat(`{"a":`, 9990) + "1" + strings.Repeat("}", 9990)
	n := allocated(func() {
		h.send(tea.PasteMsg{Content: deep})
		h.view()
		h.keys("ctrl+o")
		h.view()
	})
	if n > 100<<20 {
		t.Fatalf("a %d-byte deep value allocated %d MB", len(deep), n>>20)
	}
	if p := h.m.ed.ui[h.m.ed.focus].preview; p != nil {
		t.Fatalf("a deep value has a preview of %d lines", len(p))
	}
	h.keys("ctrl+s")
	h.mustSee("Not JSON yet", "nests deeper than 64 levels")
}

// A value too large for the multi-line editor is not opened in it; the
// field says how to set it instead.
func TestHugeJSONNotOpenedInEditor(t *testing.T) {
	h := newHarness(t, fakeapi.CustomDataID)
	h.goTo("customData")
	h.keys("ctrl+u")
	big := `{"a":"` + strings.Repeat("x", previewMaxBytes) + `"}`
	h.send(tea.PasteMsg{Content: big})
	h.keys("ctrl+o")
	h.mustSee("Too large to edit here")
	h.mustNotSee("check and keep")
}

// What is typed in the multi-line JSON editor is an edit like any other:
// in the draft as it is typed, so ctrl+c asks before leaving and a dropped
// link keeps it; esc puts back the value the field had.
func TestJSONEditorTextIsNeverLost(t *testing.T) {
	store := newStore(t)
	h := newHarness(t, fakeapi.CustomDataID, withDrafts(store))
	h.goTo("customData")
	h.keys("ctrl+o")
	h.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	h.typ(` "note"`) // not JSON any more: kept as typed
	h.keys("ctrl+c")
	h.mustSee("Quit with 1 unsaved change?")
	h.typ("n")
	h.mustSee("check and keep") // back in the JSON editor
	h.send(InputEndedMsg{})
	d, err := store.Load(fakeapi.CustomDataID)
	if err != nil {
		t.Fatalf("the typed JSON is not in the draft: %v", err)
	}
	if got := d.Edits["customData"].Text; !strings.Contains(got, `"note"`) {
		t.Fatalf("draft holds %q", got)
	}

	h = newHarness(t, fakeapi.CustomDataID)
	h.goTo("customData")
	h.keys("ctrl+o")
	h.typ("x")
	h.mustSee("1 unsaved")
	h.keys("esc")
	h.nothingUnsaved()
}

// The JSON editor takes what the fields take: no bidi control or invisible
// character reaches the record, typed or pasted; newlines do.
func TestJSONEditorRefusesInvisibleCharacters(t *testing.T) {
	h := newHarness(t, fakeapi.CustomDataID)
	h.goTo("customData")
	h.keys("ctrl+o")
	h.send(tea.KeyPressMsg{Code: tea.KeyEnd})
	h.send(tea.PasteMsg{Content: "\"a\u202eb\u200bc\"\n"})
	h.send(tea.KeyPressMsg{Code: 0x200b, Text: "\u200b"})
	h.mustSee("Left out")
	v := h.value("customData")
	if strings.ContainsAny(v, "\u202e\u200b") || !strings.Contains(v, `"abc"`) {
		t.Fatalf("customData %q", v)
	}
	if raw := h.raw(); strings.Contains(raw, "\u202e") {
		t.Fatal("a bidi override reached the screen")
	}
}
