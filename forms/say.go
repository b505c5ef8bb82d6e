package forms

import "encoding/json"

// How a value is said to a person, in one place for every face: the form,
// the review, the conflict screen, the line mode and `ccedit get`. They
// differ only in drawing (colour, quotes, cutting to a width), never in
// words or in what is masked.

// Word is the kind of words a value is said in, for a face to style them.
type Word int

// The kinds of words.
const (
	WordText    Word = iota // the value itself: quote it where values are quoted
	WordNumber              // a whole number: the value itself, never quoted
	WordChoice              // a list's option: Yes, No, Active, WI (Wisconsin)
	WordNotSet              // "not set": null, or a list with no choice
	WordCleared             // "null (cleared)": the agent emptied a field, null is sent
	WordEmpty               // `"" (empty)`: stored as empty text
	WordMasked              // an identifier or birth date, masked but for its end
	WordAbsent              // "not sent by the server": its stored value is unknown
)

// Said is a value in words. Text is raw data: sanitize it before drawing.
type Said struct {
	Text string
	Word Word
}

// Quoted is Text in double quotes for the value itself (WordText, and a
// masked value), and as it is for every other kind of words: how the
// review, the conflict screen and the line mode write a value.
func (s Said) Quoted() string {
	if s.Word == WordText || s.Word == WordMasked {
		return `"` + s.Text + `"`
	}
	return s.Text
}

// SayOptions says how a value is seen.
type SayOptions struct {
	// Mask hides identifiers and birth dates but their end (Mask), on the
	// value as it will be saved (an MBI typed 1eg4-te5-mk73 masks as
	// *******MK73 everywhere).
	Mask bool
	// Set says the value is the agent's own, not a stored one: an empty
	// text field or a null is then "null (cleared)", what will be sent.
	Set bool
}

// Say returns the words for field f holding v:
//
//   - null is "not set", or "null (cleared)" when the agent set it (Set)
//     on a field that is not a list;
//   - a list's value is its option: Yes or No, the option as the API
//     spells it, a state's code with its name; a stored value that is not
//     an option is said as it is;
//   - empty text is `"" (empty)` as stored, "null (cleared)" when set;
//   - the agent's value (Set) is said as it will be saved when it is valid
//     (52,000 as 52000, (312) 555-0142 as +13125550142), as typed when not;
//     a stored value exactly as stored; either masked when o.Mask.
func Say(f *Field, v Value, o SayOptions) Said {
	list := f.Choices() != nil
	switch {
	case v.Null && o.Set && !list && f.Nullable:
		return Said{"null (cleared)", WordCleared}
	case v.Null:
		return Said{"not set", WordNotSet}
	case list:
		return sayChoice(f, v.Text)
	case v.Text == "" && o.Set && f.Nullable:
		return Said{"null (cleared)", WordCleared}
	case v.Text == "":
		return Said{`"" (empty)`, WordEmpty}
	}
	text := v.Text
	if o.Set && f.Kind != Text && f.Kind != JSON {
		// The agent's value is said as it will be saved. A stored value is
		// said exactly as stored: "normalising" it could hide a change.
		if n, err := Normalize(f, v.Text); err == nil {
			text = n
		}
	}
	if o.Mask {
		if m := Mask(f, text); m != text {
			return Said{m, WordMasked}
		}
	}
	if f.Kind == Int {
		if _, err := NormalizeInt(text); err == nil {
			return Said{text, WordNumber}
		}
	}
	if f.Open { // a suggested zone is said with its plain name
		if name := f.OptionName(text); name != "" && name != text {
			return Said{text + " (" + name + ")", WordChoice}
		}
	}
	return Said{text, WordText}
}

// SayRaw is Say for a raw JSON value as the server holds it or a PATCH
// carries it (a change's Before and After). A nil raw value is one the
// server did not send.
func SayRaw(f *Field, raw json.RawMessage, o SayOptions) Said {
	if raw == nil {
		return Said{"not sent by the server", WordAbsent}
	}
	return Say(f, Decode(f, raw), o)
}

// SayChange says a change's two values, before as stored and after as the
// agent set it (o.Set is implied for after). Masking that would make the
// two read the same (a birth date 1956-03-14 → 1956-03-15 is 1956-**-**
// both times) shows both whole instead: what is about to change must be
// seen to be checked.
func SayChange(f *Field, before, after json.RawMessage, o SayOptions) (b, a Said) {
	ob, oa := o, o
	ob.Set, oa.Set = false, true
	b, a = SayRaw(f, before, ob), SayRaw(f, after, oa)
	if o.Mask && b.Text == a.Text && (b.Word == WordMasked || a.Word == WordMasked) {
		ob.Mask, oa.Mask = false, false
		b, a = SayRaw(f, before, ob), SayRaw(f, after, oa)
	}
	return b, a
}

// sayChoice says a list's value: Yes/No for booleans, the option with its
// name where options have names (a state), the value itself otherwise.
func sayChoice(f *Field, c string) Said {
	switch {
	case f.Kind == Bool && c == "true":
		return Said{"Yes", WordChoice}
	case f.Kind == Bool && c == "false":
		return Said{"No", WordChoice}
	}
	name := f.OptionName(c)
	switch {
	case name == "":
		return Said{c, WordText} // stored, but not one of the options
	case name != c:
		return Said{c + " (" + name + ")", WordChoice}
	}
	return Said{c, WordChoice}
}
