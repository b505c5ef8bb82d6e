package forms

import "strings"

// Find returns the display indexes of the editable fields that q names,
// best first: the one lookup behind the go-to finder and the line mode.
//
//  1. Fields whose API name, label or one of its Aliases is q ("dob",
//     "firstName", "first name").
//  2. Fields whose label or API name starts with q ("first", "caller").
//  3. Fields with words, in order, that the words of q start: label words,
//     API name words split at camelCase, or the words of an alias
//     ("customer" finds Client customer ID; "part b" Medicare Part B date).
//
// Case, dots, commas and extra spaces do not matter. Nothing matches in
// the middle of a word: "tom" does not find Client customer ID. Within a
// tier fields keep display order. An empty q gives every editable field in
// display order; read-only fields are never found.
func (s *Schema) Find(q string) []int {
	k := fold(q)
	qw := words(k)
	var tiers [3][]int
	for i := range s.fields {
		f := &s.fields[i]
		if f.ReadOnly {
			continue
		}
		if k == "" {
			tiers[0] = append(tiers[0], i)
			continue
		}
		if t := findTier(f, k, qw); t > 0 {
			tiers[t-1] = append(tiers[t-1], i)
		}
	}
	return append(append(tiers[0], tiers[1]...), tiers[2]...)
}

// findTier is the tier (1 to 3, see Find) in which the folded query k,
// whose words are qw, finds f; 0 when it does not.
func findTier(f *Field, k string, qw []string) int {
	label, name := fold(f.Label), fold(f.Name)
	if k == label || k == name {
		return 1
	}
	for _, a := range f.Aliases {
		if k == fold(a) {
			return 1
		}
	}
	if strings.HasPrefix(label, k) || strings.HasPrefix(name, k) {
		return 2
	}
	// words splits the API name at its humps, so it is given the name as
	// spelled, not folded.
	if inOrder(qw, words(f.Label)) || inOrder(qw, words(f.Name)) {
		return 3
	}
	for _, a := range f.Aliases {
		if inOrder(qw, words(a)) {
			return 3
		}
	}
	return 0
}
