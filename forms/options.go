package forms

import (
	"strings"
	"unicode"
)

// IsText reports whether the field is edited as a line of text (rather than
// chosen from a list). An open list (TimeZone) is text with suggestions.
func (f *Field) IsText() bool {
	return !f.ReadOnly && f.Kind != Enum && f.Kind != Bool && f.Kind != USState
}

// Choices returns the values a closed list field (Enum, USState, Bool)
// offers, in order; "" stands for "not set" (null) and is offered last when
// the field is nullable. It is nil for every other field, open lists
// included: their Options are only suggestions.
func (f *Field) Choices() []string {
	var c []string
	switch f.Kind {
	case Enum, USState:
		c = append(c, f.Options...)
	case Bool:
		c = []string{"true", "false"}
	default:
		return nil
	}
	if f.Nullable {
		c = append(c, "")
	}
	return c
}

// OptionName returns the plain name of option v for display beside it
// ("Wisconsin" for "WI", "Central" for "America/Chicago"): its entry in
// OptionNames, v itself for a list whose options name themselves (Enum),
// and "" when v is not one of Options (a stored value such as "Illinois"
// in a state field). A UI shows a state as "WI — Wisconsin" or, in ASCII,
// "WI Wisconsin" by joining the two.
func (f *Field) OptionName(v string) string {
	for i, o := range f.Options {
		if o != v {
			continue
		}
		if i < len(f.OptionNames) {
			return f.OptionNames[i]
		}
		return o
	}
	return ""
}

// Match returns the options that typed text q picks out, for type-ahead in
// a list, best first:
//
//  1. the option whose value is q ("wi" → WI, "america/chicago");
//  2. options whose name starts with q ("wis" → WI, "new y" → NY, "cen" →
//     America/Chicago), or whose value does when the value is more than
//     one word ("america/ch");
//  3. options with words, in order, that the words of q start ("virgin" →
//     VI, "carolina" → NC, SC; "chicago", "los ang" for the zones). A value
//     of one word (a code such as WI) counts only whole, in 1.
//
// Within a tier options keep their list order. Case, dots, commas and
// extra spaces are ignored. An empty q gives every option; a field without
// Options gives nil. Match only looks: it never changes a value.
func (f *Field) Match(q string) []string {
	if len(f.Options) == 0 {
		return nil
	}
	k := fold(q)
	if k == "" {
		return append([]string(nil), f.Options...)
	}
	qw := words(k)
	tier := make([]int, len(f.Options)) // 0: no match, else the best tier
	for i, o := range f.Options {
		name := fold(f.OptionName(o))
		value := fold(o)
		multi := len(words(o)) > 1
		switch {
		case value == k:
			tier[i] = 1
		case strings.HasPrefix(name, k), multi && strings.HasPrefix(value, k):
			tier[i] = 2
		case inOrder(qw, words(name)), multi && inOrder(qw, words(o)):
			tier[i] = 3
		}
	}
	var out []string
	for t := 1; t <= 3; t++ {
		for i, o := range f.Options {
			if tier[i] == t {
				out = append(out, o)
			}
		}
	}
	return out
}

// fold is s as it is compared with names: lower case, without dots or
// commas, spaces trimmed and runs of them made one ("  U.S.  Virgin
// Islands " is "us virgin islands").
func fold(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '.' || r == ',' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// words splits s into lower-case words at every character that is not a
// letter or digit and at camelCase humps: "clientCustomerId" is client,
// customer, id; "doNotSMS" is do, not, sms; "address2" is address, 2;
// "Phone (caller ID)" is phone, caller, id. A word never starts inside
// another, which is what keeps "tom" from matching "customer".
func words(s string) []string {
	var out []string
	r := []rune(s)
	start := -1
	for i, c := range r {
		alnum := unicode.IsLetter(c) || unicode.IsDigit(c)
		if start >= 0 && (!alnum || hump(r, i)) {
			out = append(out, strings.ToLower(string(r[start:i])))
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(string(r[start:])))
	}
	return out
}

// hump reports whether a new word starts at r[i] inside a run of letters
// and digits: a capital after a small letter (caller|Id), a capital that
// begins a capitalised word after capitals (SMS|Text), or a change between
// letters and digits (address|2).
func hump(r []rune, i int) bool {
	p, c := r[i-1], r[i]
	switch {
	case unicode.IsDigit(p) != unicode.IsDigit(c):
		return true
	case unicode.IsLower(p) && unicode.IsUpper(c):
		return true
	case unicode.IsUpper(p) && unicode.IsUpper(c) && i+1 < len(r) && unicode.IsLower(r[i+1]):
		return true
	}
	return false
}

// inOrder reports whether each of q starts a word of w, each a later word
// than the one before: "first n" fits first, name; "name first" does not.
// Taking the earliest word that fits each time finds a fit whenever there
// is one.
func inOrder(q, w []string) bool {
	if len(q) == 0 {
		return false
	}
	j := 0
	for _, p := range q {
		for j < len(w) && !strings.HasPrefix(w[j], p) {
			j++
		}
		if j == len(w) {
			return false
		}
		j++
	}
	return true
}
