package forms

import "encoding/json"

// Conflict is a field that both the agent and someone else changed, to
// different values, since the record was loaded.
type Conflict struct {
	Field  *Field
	Base   json.RawMessage // as loaded
	Theirs json.RawMessage // on the server now
	Mine   json.RawMessage // what the agent would send
}

// Merged is the outcome of comparing the agent's changes with the record as
// it is on the server now.
type Merged struct {
	Send      []Change   // mine ≠ base, theirs = base: still to send
	Already   []Change   // theirs = mine: already there, dropped
	Conflicts []Conflict // theirs ≠ base and theirs ≠ mine: send nothing
}

// Merge applies the three-way rule to each change (Before is the base, After
// is mine) against theirs, the record on the server now. Fields the agent
// did not change are not looked at, so other agents' changes to them stand.
func Merge(changes []Change, theirs map[string]json.RawMessage) Merged {
	var m Merged
	for _, c := range changes {
		t, ok := theirs[c.Field.Name]
		if !ok {
			t = json.RawMessage("null")
		}
		switch {
		case SameJSON(t, c.After):
			m.Already = append(m.Already, c)
		case SameJSON(t, c.Before):
			m.Send = append(m.Send, c)
		default:
			m.Conflicts = append(m.Conflicts, Conflict{Field: c.Field, Base: c.Before, Theirs: t, Mine: c.After})
		}
	}
	return m
}
