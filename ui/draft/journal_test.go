package draft

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/carecycle/ccedit/forms"
)

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

// Saves after the first append to one journal file, which keeps its size
// (no metadata to sync), and Load returns the last one; when a record does
// not fit, a new journal takes its place and the old one is gone.
func TestSavesAppendToOneJournal(t *testing.T) {
	s := open(t)
	defer s.Close()
	if err := s.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	first := inode(t, s.Path(id))
	st, _ := os.Stat(s.Path(id))
	for _, c := range []string{"Skokie", "Wilmette", "Glencoe"} {
		if err := s.Save(draftWith(c)); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := os.Stat(s.Path(id))
	if inode(t, s.Path(id)) != first || after.Size() != st.Size() || st.Size() != minJournal {
		t.Fatalf("appends made a new file or changed its size: %d → %d bytes", st.Size(), after.Size())
	}
	if got := city(t, s.Path(id)); got != "Glencoe" {
		t.Fatalf("the journal's last draft holds %q", got)
	}
	big := strings.Repeat("x", minJournal)
	if err := s.Save(draftWith(big)); err != nil {
		t.Fatal(err)
	}
	if inode(t, s.Path(id)) == first || city(t, s.Path(id)) != big {
		t.Fatal("a draft larger than the room left did not start a new journal")
	}
	if err := s.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	d, err := s.Load(id)
	if err != nil || d.Edits["city"].Text != "Evanston" {
		t.Fatalf("load after a new journal: %v %v", d, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(s.Dir(), ".tmp-*")); len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

// A record torn by a crash (its bytes half written) fails its checksum and
// the draft before it is read: a save is all or nothing.
func TestATornRecordLeavesTheDraftBeforeIt(t *testing.T) {
	s := open(t)
	for _, c := range []string{"Evanston", "Skokie"} {
		if err := s.Save(draftWith(c)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	b, err := os.ReadFile(s.Path(id))
	if err != nil {
		t.Fatal(err)
	}
	// The second record (a block after the first) lost its last bytes.
	if string(b[journalBlock:journalBlock+4]) != recordMagic {
		t.Fatal("the second record does not start the second block")
	}
	end := journalBlock + headerSize + int(binary.LittleEndian.Uint32(b[journalBlock+12:]))
	for i := end - 10; i < end; i++ {
		b[i] = 0
	}
	if err := os.WriteFile(s.Path(id), b, 0o600); err != nil {
		t.Fatal(err)
	}
	s2 := open2(t, s.Dir())
	d, err := s2.Load(id)
	if err != nil || d.Edits["city"].Text != "Evanston" {
		t.Fatalf("load of a torn journal: %+v %v", d, err)
	}
	// Nothing but zeros (a crash before the first record was written) is
	// corrupt, and kept aside.
	if err := os.WriteFile(s.Path(id), make([]byte, minJournal), 0o600); err != nil {
		t.Fatal(err)
	}
	var ce *CorruptError
	if _, err := s2.Load(id); !errors.As(err, &ce) || !strings.Contains(err.Error(), "no complete draft") {
		t.Fatalf("load of an empty journal: %v", err)
	}
}

func open2(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// An append that fails (a disk error on the write or its sync) is reported
// and leaves the draft before it; the next save makes a new journal.
func TestAFailedAppendIsReportedAndTheNextSaveRecovers(t *testing.T) {
	disk := &faulty{}
	dir := filepath.Join(t.TempDir(), "ccedit", "drafts")
	s, err := OpenWith(dir, Options{Fault: disk.step})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	for _, fault := range []error{syscall.EIO, syscall.ENOSPC} {
		disk.set(fault)
		if err := s.Save(draftWith("Skokie")); !errors.Is(err, fault) || !errors.Is(s.Health(), fault) {
			t.Fatalf("append on a failing disk: %v, health %v", err, s.Health())
		}
		if got := city(t, s.Path(id)); got != "Evanston" {
			t.Fatalf("after a failed append the draft holds %q", got)
		}
		disk.set(nil)
	}
	if err := s.Save(draftWith("Wilmette")); err != nil || s.Health() != nil {
		t.Fatalf("save once the disk works: %v, health %v", err, s.Health())
	}
	if got := city(t, s.Path(id)); got != "Wilmette" {
		t.Fatalf("the draft holds %q", got)
	}
}

// Decode reads journals only: a plain JSON draft (the unreleased older
// format) is not a draft, nor is anything else that is not a journal.
func TestDecode(t *testing.T) {
	d := New(id, map[string]json.RawMessage{"id": json.RawMessage(`"` + id + `"`)}, forms.Edits{"city": forms.TextValue("Skokie")}, time.Now())
	b, _ := json.Marshal(d)
	rec := encodeRecord(7, b)
	got, err := Decode(append(rec, make([]byte, 100)...))
	if err != nil || got.Edits["city"].Text != "Skokie" {
		t.Fatalf("journal: %v %v", got, err)
	}
	for name, in := range map[string][]byte{
		"plain JSON":  b,
		"empty":       nil,
		"garbage":     []byte("hello"),
		"short":       rec[:headerSize+3],
		"bad version": encodeRecord(1, []byte(`{"version":9}`)),
	} {
		if _, err := Decode(in); err == nil {
			t.Fatalf("%s decoded", name)
		}
	}
}

// FuzzDecode: no input makes Decode panic, and a journal it accepts yields
// the record that ends it.
func FuzzDecode(f *testing.F) {
	b, _ := json.Marshal(draftWith("Skokie"))
	f.Add(encodeRecord(1, b))
	f.Add(append(encodeRecord(1, b), encodeRecord(2, []byte(`{"version":1}`))...))
	f.Add(b)
	f.Fuzz(func(t *testing.T, in []byte) {
		_, _ = Decode(in)
		if p, seq, end, err := lastRecord(bytes.NewReader(in), int64(len(in))); err == nil &&
			(end%journalBlock != 0 || int64(len(p)+headerSize) > end || seq == 0) {
			t.Fatalf("record %d of %d bytes, next at %d of %d", seq, len(p), end, len(in))
		}
	})
}

// A new journal whose rename could not be made durable (the directory's
// fsync failed) is not appended to: the next save makes one again, rename
// and directory fsync included, rather than syncing only its own record.
func TestANewJournalIsKeptOnlyOnceItsRenameIsDurable(t *testing.T) {
	var steps []Step
	var failSyncDir bool
	s, err := OpenWith(filepath.Join(t.TempDir(), "ccedit", "drafts"), Options{Fault: func(st Step) error {
		steps = append(steps, st)
		if st == StepSyncDir && failSyncDir {
			failSyncDir = false
			return syscall.EIO
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	failSyncDir = true
	if err := s.Save(draftWith("Evanston")); !errors.Is(err, syscall.EIO) {
		t.Fatalf("save with a failing directory sync: %v", err)
	}
	steps = nil
	if err := s.Save(draftWith("Skokie")); err != nil {
		t.Fatal(err)
	}
	if !slicesContain(steps, StepRename) || !slicesContain(steps, StepSyncDir) {
		t.Fatalf("the save after a failed directory sync only appended: %v", steps)
	}
	steps = nil
	if err := s.Save(draftWith("Wilmette")); err != nil || slicesContain(steps, StepRename) {
		t.Fatalf("once durable, saves append: %v %v", steps, err)
	}
}

func slicesContain(steps []Step, st Step) bool {
	for _, x := range steps {
		if x == st {
			return true
		}
	}
	return false
}

// An append cut short (a file size limit here; a quota or a full
// copy-on-write disk elsewhere) is a failed save, not a torn record
// reported as written.
func TestAShortAppendIsAFailedSave(t *testing.T) {
	s := open(t)
	defer s.Close()
	if err := s.Save(draftWith("Evanston")); err != nil {
		t.Fatal(err)
	}
	var was unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_FSIZE, &was); err != nil {
		t.Skip(err)
	}
	// Go ignores SIGXFSZ: past the limit a write is cut short.
	limit := unix.Rlimit{Cur: uint64(s.journals[fileName(id)].off + 30), Max: was.Max}
	if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &limit); err != nil {
		t.Skip(err)
	}
	err := s.Save(draftWith("Skokie"))
	_ = unix.Setrlimit(unix.RLIMIT_FSIZE, &was)
	if !errors.Is(err, io.ErrShortWrite) && !errors.Is(err, syscall.EFBIG) {
		t.Fatalf("a short append: %v", err)
	}
	if got := city(t, s.Path(id)); got != "Evanston" {
		t.Fatalf("after a short append the draft holds %q", got)
	}
	if err := s.Save(draftWith("Wilmette")); err != nil || city(t, s.Path(id)) != "Wilmette" {
		t.Fatalf("the save after: %v", err)
	}
}

// A length field past the end (however large) or past the largest record
// makes that header no record, on every word size; the records around it
// are read.
func TestAHugeLengthIsNoRecord(t *testing.T) {
	for _, n := range []uint32{0xFFFFFFF0, maxRecordPayload + 1, 3 * journalBlock} {
		b := make([]byte, 3*journalBlock)
		copy(b, encodeRecord(1, []byte(`{"a":1}`)))
		r2 := encodeRecord(2, []byte(`{"a":2}`))
		binary.LittleEndian.PutUint32(r2[12:], n)
		copy(b[journalBlock:], r2)
		if p, seq, _, err := lastRecord(bytes.NewReader(b), int64(len(b))); err != nil || seq != 1 || string(p) != `{"a":1}` {
			t.Fatalf("length %d: %s %d %v", n, p, seq, err)
		}
		copy(b[2*journalBlock:], encodeRecord(3, []byte(`{"a":3}`)))
		if p, seq, _, err := lastRecord(bytes.NewReader(b), int64(len(b))); err != nil || seq != 3 || string(p) != `{"a":3}` {
			t.Fatalf("length %d, a record after it: %s %d %v", n, p, seq, err)
		}
	}
}
