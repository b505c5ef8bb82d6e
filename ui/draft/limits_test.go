package draft

import (
	"encoding/json"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
	"github.com/carecycle/ccedit/forms"
)

// allocated returns the bytes f allocated (no test here runs in parallel).
func allocated(f func()) uint64 {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// secret is in every hand-made draft: no error may quote it.
const secret = "SECRET-DIAGNOSIS"

// payloadWith is a draft's JSON with the given JSON as its base's value.
func payloadWith(value string) []byte {
	return []byte(`{"version":1,"customerId":"` + id + `","savedAt":"2026-01-02T03:04:05Z","base":{"` + secret + `":` + value + `},"edits":{}}`)
}

// journalOf is a journal holding payload as its one record.
func journalOf(payload []byte) []byte {
	rec := encodeRecord(1, payload)
	return append(rec, make([]byte, blockEnd(len(rec))-len(rec))...)
}

// Drafts made by hand to be expensive (a file far larger than a journal, a
// record over the limit, JSON nested a million deep or of 250,000 values)
// are refused in well under a second and 100 MB, moved aside as
// unreadable, and the error quotes none of them.
func TestHandMadeDraftsAreRefusedCheaply(t *testing.T) {
	many := strings.Repeat(`0,`, 250_000)
	for _, c := range []struct {
		name  string
		write func(path string) error
		want  string
		most  uint64 // bytes Load may allocate
	}{
		{"far too large", func(path string) error {
			if err := os.WriteFile(path, journalOf(payloadWith(`"x"`)), 0o600); err != nil {
				return err
			}
			return os.Truncate(path, 200<<20) // a hole: no disk used
		}, "larger than a draft can be", 1 << 20},
		{"a record over the limit", func(path string) error {
			big := payloadWith(`"` + strings.Repeat("x", maxRecordPayload) + `"`)
			return os.WriteFile(path, journalOf(big), 0o600)
		}, "no complete draft", 1 << 20},
		{"nested a million deep", func(path string) error {
			deep := payloadWith(strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000))
			return os.WriteFile(path, journalOf(deep), 0o600)
		}, "nests deeper than 64 levels", 100 << 20},
		{"250,000 values", func(path string) error {
			return os.WriteFile(path, journalOf(payloadWith(`[`+many+`0]`)), 0o600)
		}, "holds more than 200000 values", 100 << 20},
	} {
		s := open(t)
		if err := c.write(s.Path(id)); err != nil {
			t.Fatal(err)
		}
		size := fileSize(t, s.Path(id))
		var err error
		start := time.Now()
		n := allocated(func() { _, err = s.Load(id) })
		took := time.Since(start)
		var ce *CorruptError
		switch {
		case !errors.As(err, &ce) || ce.Refused || !strings.Contains(err.Error(), c.want):
			t.Errorf("%s: %v", c.name, err)
		case strings.Contains(err.Error(), secret):
			t.Errorf("%s: the error quotes the draft: %v", c.name, err)
		case n > c.most:
			t.Errorf("%s: load allocated %d MB", c.name, n>>20)
		case took > time.Second:
			t.Errorf("%s: load took %v", c.name, took)
		case s.Exists(id) || fileSize(t, ce.KeptAt) != size:
			t.Errorf("%s: not moved aside as it was", c.name)
		}
		s.Close()
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// Decode checks the JSON against the limits before decoding it, and its
// errors give a position, never the draft.
func TestDecodeChecksTheJSONFirst(t *testing.T) {
	for in, want := range map[string]string{
		strings.Repeat("[", 70) + "0" + strings.Repeat("]", 70): "line 1, column 65: nests deeper",
		`"` + secret:               "ends before the JSON value is complete",
		`{"x":1} "` + secret + `"`: "more than one JSON value",
		`"` + secret + `"`:         "a string where", // a string for the whole draft
	} {
		_, err := Decode(journalOf([]byte(in)))
		var je *jsonlimit.Error
		if !errors.As(err, &je) || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), secret) {
			t.Errorf("%.20s: %v", in, err)
		}
	}
	// A value that encoding/json hands to a type's own decoder (a time)
	// is not quoted either.
	bad := strings.Replace(string(payloadWith(`1`)), "2026-01-02T03:04:05Z", secret, 1)
	if _, err := Decode(journalOf([]byte(bad))); err == nil || strings.Contains(err.Error(), secret) {
		t.Errorf("a bad time: %v", err)
	}
}

// draftOfJSONSize is a draft whose JSON is n bytes (n past a few hundred).
func draftOfJSONSize(t *testing.T, n int) *Draft {
	t.Helper()
	d := New(id, base(), forms.Edits{"notes": forms.TextValue("")}, time.Now())
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	d.Edits["notes"] = Value{Text: strings.Repeat("a", n-len(b))}
	return d
}

// The largest draft a record holds round-trips through a journal the
// store's own reader reads, in a few times its size of memory; one byte
// more is refused with ErrTooLarge, which Health reports, and the draft
// on disk keeps the edits before.
func TestTheLargestDraftRoundTripsAndOneByteMoreIsRefused(t *testing.T) {
	s := open(t)
	defer s.Close()
	largest := draftOfJSONSize(t, maxRecordPayload)
	if b, _ := json.Marshal(largest); len(b) != maxRecordPayload {
		t.Fatalf("the draft's JSON is %d bytes", len(b))
	}
	if err := s.Save(largest); err != nil {
		t.Fatal(err)
	}
	if size := fileSize(t, s.Path(id)); size > maxJournalBytes || size != int64(newJournalSize(headerSize+maxRecordPayload)) {
		t.Fatalf("the journal is %d bytes", size)
	}
	s2 := open2(t, s.Dir())
	s.Close() // the lock
	var d *Draft
	var err error
	if n := allocated(func() { d, err = s2.Load(id) }); err != nil || d.Edits["notes"] != largest.Edits["notes"] || n > 100<<20 {
		t.Fatalf("load of the largest draft: %v, %d MB", err, n>>20)
	}
	err = s2.Save(draftOfJSONSize(t, maxRecordPayload+1))
	if !errors.Is(err, ErrTooLarge) || !errors.Is(s2.Health(), ErrTooLarge) || strings.Contains(err.Error(), "aaaa") {
		t.Fatalf("one byte more: %v, health %v", err, s2.Health())
	}
	if d, err := s2.Load(id); err != nil || d.Edits["notes"] != largest.Edits["notes"] {
		t.Fatalf("the draft before was not kept: %v", err)
	}
	if err := s2.Save(draftWith("Evanston")); err != nil || s2.Health() != nil {
		t.Fatalf("a draft that fits: %v, health %v", err, s2.Health())
	}
}

// Whatever its size, a draft Save accepts is one the store reads back: no
// journal is made that the reader would refuse.
func TestEveryJournalTheStoreMakesIsReadable(t *testing.T) {
	// The largest that fits is the test above's.
	for _, n := range []int{4 << 10, minJournal, 2 << 20, maxRecordPayload + 1, 20 << 20} {
		s := open(t)
		d := draftOfJSONSize(t, n)
		err := s.Save(d)
		s.Close()
		if err != nil {
			if !errors.Is(err, ErrTooLarge) || n <= maxRecordPayload {
				t.Errorf("save of %d bytes: %v", n, err)
			}
			continue
		}
		if got, err := open2(t, s.Dir()).Load(id); err != nil || got.Edits["notes"] != d.Edits["notes"] {
			t.Errorf("the journal made for %d bytes is not read: %v", n, err)
		}
	}
	for n := 1; n <= headerSize+maxRecordPayload; n += 4093 {
		if size := newJournalSize(n); size > maxJournalBytes || size < blockEnd(n) {
			t.Fatalf("a journal of %d bytes for a record of %d", size, n)
		}
	}
	if maxJournalBytes != newJournalSize(headerSize+maxRecordPayload) || maxJournalBytes < minJournal {
		t.Fatal("the reader's bound is not the largest journal")
	}
}
