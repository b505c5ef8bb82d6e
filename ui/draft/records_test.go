package draft

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// savedJournal saves the drafts for cities in order (one record each, a
// block apart) and returns the journal's path and bytes, its store closed.
func savedJournal(t *testing.T, cities ...string) (string, []byte) {
	t.Helper()
	s := open(t)
	for _, c := range cities {
		if err := s.Save(draftWith(c)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	b, err := os.ReadFile(s.Path(id))
	if err != nil {
		t.Fatal(err)
	}
	for i := range cities {
		if string(b[i*journalBlock:i*journalBlock+4]) != recordMagic {
			t.Fatalf("record %d does not start block %d", i+1, i)
		}
	}
	return s.Path(id), b
}

// A record damaged in the middle of a journal (in its payload, checksum,
// length, sequence number or magic) hides none of the valid records after
// it: the newest valid one is read.
func TestADamagedRecordHidesNoneAfterIt(t *testing.T) {
	second := journalBlock
	for name, damage := range map[string]func(b []byte){
		"payload":  func(b []byte) { b[second+headerSize+5] ^= 0xff },
		"checksum": func(b []byte) { b[second+16] ^= 1 },
		"length":   func(b []byte) { binary.LittleEndian.PutUint32(b[second+12:], 2*journalBlock) },
		"sequence": func(b []byte) { binary.LittleEndian.PutUint64(b[second+4:], 1<<60) },
		"magic":    func(b []byte) { b[second] = 'x' },
		"zeroed":   func(b []byte) { clear(b[second : second+journalBlock]) },
	} {
		path, b := savedJournal(t, "Evanston", "Skokie", "Wilmette")
		damage(b)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		s := open2(t, filepath.Dir(path))
		if d, err := s.Load(id); err != nil || d.Edits["city"].Text != "Wilmette" {
			t.Errorf("%s damaged in the second record: %+v %v", name, d, err)
		}
	}
}

// The record read is the valid one with the highest sequence number,
// wherever it is in the file; ties go to the later one.
func TestTheHighestSequenceNumberWins(t *testing.T) {
	b := make([]byte, 4*journalBlock)
	copy(b, encodeRecord(5, []byte(`{"a":5}`)))
	copy(b[journalBlock:], encodeRecord(3, []byte(`{"a":3}`)))
	bad := encodeRecord(9, []byte(`{"a":9}`))
	bad[len(bad)-1] ^= 1
	copy(b[2*journalBlock:], bad)
	if p, seq, end, err := lastRecord(bytes.NewReader(b), int64(len(b))); err != nil || seq != 5 || string(p) != `{"a":5}` || end != journalBlock {
		t.Fatalf("%s %d %d %v", p, seq, end, err)
	}
	copy(b[3*journalBlock:], encodeRecord(5, []byte(`{"a":6}`)))
	if p, _, _, err := lastRecord(bytes.NewReader(b), int64(len(b))); err != nil || string(p) != `{"a":6}` {
		t.Fatalf("tie: %s %v", p, err)
	}
}

// The older plain JSON format (<hash>.json, never released) is no draft:
// not seen, not read, not replaced and not removed by the store.
func TestAPlainJSONFileIsNotADraft(t *testing.T) {
	s := open(t)
	defer s.Close()
	legacy := filepath.Join(s.Dir(), hashOf(id)+".json")
	b, _ := json.Marshal(draftWith("Evanston"))
	if err := os.WriteFile(legacy, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if s.Exists(id) || s.Path(id) != filepath.Join(s.Dir(), fileName(id)) {
		t.Fatalf("Exists or Path (%s) sees the JSON file", s.Path(id))
	}
	if d, err := s.Load(id); !errors.Is(err, ErrNone) {
		t.Fatalf("load read the JSON file: %+v %v", d, err)
	}
	if err := s.Save(draftWith("Skokie")); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Load(id); err != nil || d.Edits["city"].Text != "Skokie" {
		t.Fatalf("load: %+v %v", d, err)
	}
	if err := s.Remove(id); err != nil || s.Exists(id) {
		t.Fatalf("remove: %v", err)
	}
	if got, err := os.ReadFile(legacy); err != nil || !bytes.Equal(got, b) {
		t.Fatalf("the JSON file was changed or removed: %v", err)
	}
	if _, err := Decode(b); err == nil {
		t.Fatal("Decode read plain JSON")
	}
}

// A journal made by hand so that every block starts a damaged record as
// long as a record may be (checking them all would read 64 GiB) is refused
// after a bounded search, in well under a second and 100 MB, and moved
// aside.
func TestAJournalDamagedEverywhereIsRefusedQuickly(t *testing.T) {
	s := open(t)
	defer s.Close()
	b := make([]byte, maxJournalBytes)
	for off := 0; off+headerSize <= len(b); off += journalBlock {
		copy(b[off:], recordMagic)
		binary.LittleEndian.PutUint64(b[off+4:], uint64(off/journalBlock+1))
		binary.LittleEndian.PutUint32(b[off+12:], uint32(min(maxRecordPayload, len(b)-off-headerSize)))
	}
	if err := os.WriteFile(s.Path(id), b, 0o600); err != nil {
		t.Fatal(err)
	}
	var err error
	start := time.Now()
	n := allocated(func() { _, err = s.Load(id) })
	var ce *CorruptError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "damaged in too many places") || s.Exists(id) {
		t.Fatalf("load: %v", err)
	}
	if took := time.Since(start); took > time.Second || n > 100<<20 {
		t.Fatalf("load took %v and %d MB", took, n>>20)
	}
}
