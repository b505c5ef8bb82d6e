package tty

import "bytes"

// The bracketed-paste markers terminals wrap a paste in.
var (
	pasteStart = []byte("\x1b[200~")
	pasteEnd   = []byte("\x1b[201~")
)

// filter is the input policy on the byte stream, without any I/O or time:
// feed takes each chunk as one read returned it and gives what Bubble Tea
// may parse; the pump (input.go) calls quiet when no byte has come for a
// while. It keeps three rules:
//
//   - A paste ends at the LAST end marker of the read that holds it: an end
//     marker inside pasted text (tmux passes it through) is dropped with any
//     start marker there, so that what follows it in the same burst stays
//     pasted text. Otherwise `Smith ESC[201~ ^S CR CR` pasted would open the
//     review and send the save.
//   - A paste that has started and not ended ends when input goes quiet
//     (quiet, with pasting true): a stray start marker would otherwise make
//     the parser buffer every later key, ctrl+c included, forever.
//   - A paste keeps at most maxPaste bytes of text: the parser buffers a
//     paste whole, and no field takes more than a few kilobytes.
//
// A marker split across two reads is held back (carry) until the next read
// or the quiet timeout: a lone ESC at the end of a read (the Esc key) waits
// that long at most.
type filter struct {
	maxPaste int
	pasting  bool
	pasted   int    // bytes of paste text passed on
	carry    []byte // the start of a marker, held until the next read
}

// feed filters one read's bytes.
func (f *filter) feed(chunk []byte) []byte {
	data := chunk
	if len(f.carry) > 0 {
		data = append(f.carry, chunk...)
		f.carry = nil
	}
	var out []byte
	for len(data) > 0 {
		if !f.pasting {
			i := bytes.Index(data, pasteStart)
			if i < 0 {
				keep := partialSuffix(data, pasteStart)
				out = append(out, data[:len(data)-keep]...)
				f.carry = append(f.carry, data[len(data)-keep:]...)
				return out
			}
			out = append(out, data[:i+len(pasteStart)]...)
			data = data[i+len(pasteStart):]
			f.pasting, f.pasted = true, 0
			continue
		}
		end := bytes.LastIndex(data, pasteEnd)
		if end < 0 {
			keep := max(partialSuffix(data, pasteEnd), partialSuffix(data, pasteStart))
			out = f.text(out, data[:len(data)-keep])
			f.carry = append(f.carry, data[len(data)-keep:]...)
			return out
		}
		out = f.text(out, data[:end])
		out = append(out, pasteEnd...)
		data = data[end+len(pasteEnd):]
		f.pasting = false
	}
	return out
}

// text appends pasted text to out: markers inside it dropped, and nothing
// past maxPaste bytes.
func (f *filter) text(out, b []byte) []byte {
	if bytes.Contains(b, pasteEnd) || bytes.Contains(b, pasteStart) {
		b = bytes.ReplaceAll(bytes.ReplaceAll(b, pasteEnd, nil), pasteStart, nil)
	}
	room := f.maxPaste - f.pasted
	if f.maxPaste > 0 && len(b) > room {
		b = b[:max(room, 0)]
	}
	f.pasted += len(b)
	return append(out, b...)
}

// quiet is called when no byte has come for a while: a paste still open is
// ended, and bytes held back are passed on.
func (f *filter) quiet() []byte {
	carry := f.carry
	f.carry = nil
	if f.pasting {
		f.pasting = false
		// What is held is the start of a marker inside the paste: not text.
		return append([]byte(nil), pasteEnd...)
	}
	return carry
}

// waiting reports whether the filter holds something the quiet timeout
// must settle: an open paste or held bytes.
func (f *filter) waiting() bool { return f.pasting || len(f.carry) > 0 }

// partialSuffix is the length of the longest proper prefix of marker that
// b ends with.
func partialSuffix(b, marker []byte) int {
	for n := min(len(marker)-1, len(b)); n > 0; n-- {
		if bytes.HasSuffix(b, marker[:n]) {
			return n
		}
	}
	return 0
}
