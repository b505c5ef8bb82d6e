package draft

import (
	"bytes"
	"encoding/json"
	"reflect"
	"unsafe"
)

// encodedBase is a Base map's JSON, kept with the map it was made from.
type encodedBase struct {
	of  unsafe.Pointer // the map
	n   int            // its length then
	enc []byte
}

// encode is json.Marshal(d). With keepBase, d.Base's encoding is taken
// from the last call with the same map, or made and kept: a draft is
// written on every frame that shows a change, and its base, the record as
// loaded (74 fields), is most of the bytes and ~40% of the time to write
// it, while it only changes when the record is loaded again.
func (s *Store) encode(d *Draft, keepBase bool) ([]byte, error) {
	if !keepBase || d.Base == nil {
		return json.Marshal(d)
	}
	of := reflect.ValueOf(d.Base).UnsafePointer()
	if s.base.of != of || s.base.n != len(d.Base) || s.base.enc == nil {
		enc, err := json.Marshal(d.Base)
		if err != nil {
			return nil, err
		}
		s.base = encodedBase{of: of, n: len(d.Base), enc: enc}
	}
	rest := *d
	rest.Base = nil
	b, err := json.Marshal(&rest)
	if err != nil {
		return nil, err
	}
	// The struct encodes Base as "base":null, before the edits: the first
	// one is it (a key or value with those bytes in it would be escaped).
	null := []byte(`"base":null`)
	i := bytes.Index(b, null)
	if i < 0 {
		return json.Marshal(d)
	}
	out := make([]byte, 0, len(b)+len(s.base.enc))
	out = append(append(append(out, b[:i+len(`"base":`)]...), s.base.enc...), b[i+len(null):]...)
	return out, nil
}
