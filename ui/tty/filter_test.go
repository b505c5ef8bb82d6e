package tty

import (
	"strings"
	"testing"
)

const (
	ps = "\x1b[200~"
	pe = "\x1b[201~"
)

// feedAll feeds chunks in order, then settles with quiet when asked.
func feedAll(f *filter, quiet bool, chunks ...string) string {
	var out []byte
	for _, c := range chunks {
		out = append(out, f.feed([]byte(c))...)
	}
	if quiet {
		out = append(out, f.quiet()...)
	}
	return string(out)
}

func TestFilterKeepsKeysAndWholePastes(t *testing.T) {
	for _, c := range []struct {
		name   string
		chunks []string
		quiet  bool
		want   string
	}{
		{"keys", []string{"abc\r", "\x1b[A"}, false, "abc\r\x1b[A"},
		{"a paste", []string{ps + "Smith" + pe}, false, ps + "Smith" + pe},
		{"keys after a paste, in another read", []string{ps + "Smith" + pe, "\x13"}, false, ps + "Smith" + pe + "\x13"},
		// tmux passes an end marker inside the pasted text through: what
		// follows it is still the paste, up to the last end marker.
		{"an end marker inside a paste", []string{ps + "Smith" + pe + "\x13\r\r" + pe}, false, ps + "Smith\x13\r\r" + pe},
		{"a start marker inside a paste", []string{ps + "a" + ps + "b" + pe}, false, ps + "ab" + pe},
		{"a paste over several reads", []string{ps + "Sm", "it", "h" + pe}, false, ps + "Smith" + pe},
		{"a start marker split across reads", []string{"x\x1b[20", "0~Smith" + pe}, false, "x" + ps + "Smith" + pe},
		{"an end marker split across reads", []string{ps + "Smith\x1b[2", "01~y"}, false, ps + "Smith" + pe + "y"},
		// A start marker with no end: the paste ends when input goes quiet,
		// and later keys are keys again.
		{"a stray start marker", []string{ps + "abc"}, true, ps + "abc" + pe},
		{"a lone Esc at the end of a read", []string{"a\x1b"}, true, "a\x1b"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := feedAll(&filter{maxPaste: 1 << 20}, c.quiet, c.chunks...); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestFilterEndsAStrayPasteAndTypesAgain(t *testing.T) {
	f := &filter{maxPaste: 1 << 20}
	out := feedAll(f, true, ps+"abc")
	if out != ps+"abc"+pe {
		t.Fatalf("got %q", out)
	}
	if f.waiting() {
		t.Fatal("still waiting after quiet")
	}
	if got := string(f.feed([]byte("\x03"))); got != "\x03" {
		t.Fatalf("ctrl+c after the stray paste: %q", got)
	}
}

func TestFilterCapsAPaste(t *testing.T) {
	f := &filter{maxPaste: 10}
	got := feedAll(f, false, ps+strings.Repeat("x", 8), strings.Repeat("y", 8)+pe)
	if got != ps+"xxxxxxxxyy"+pe {
		t.Fatalf("got %q", got)
	}
}
