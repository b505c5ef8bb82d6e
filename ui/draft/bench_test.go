package draft

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/carecycle/ccedit/forms"
)

// BenchmarkSave is the cost added to each edit that changes a value.
func BenchmarkSave(b *testing.B) {
	s, err := Open(b.TempDir()+"/drafts", nil)
	if err != nil {
		b.Fatal(err)
	}
	base := map[string]json.RawMessage{}
	for i := 0; i < 74; i++ {
		base[string(rune('a'+i%26))+string(rune('a'+i/26))] = json.RawMessage(`"some value of moderate length here"`)
	}
	d := New(id, base, forms.Edits{"firstName": forms.TextValue("Maggie")}, time.Now())
	for b.Loop() {
		if err := s.Save(d); err != nil {
			b.Fatal(err)
		}
	}
}
