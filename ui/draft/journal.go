package draft

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// The draft file is a journal: a file of fixed size, zero-filled when it is
// made, into which each save appends one record and makes it durable with
// fdatasync. Appending into blocks that are already allocated and written
// changes no metadata, so the sync writes one data block: measured on the
// jump hosts' ext4 VMs, 0.07 ms of CPU per save against 0.35 ms for a new
// file, fsync, rename and fsync of the directory (and a quarter of the
// wall time). A save runs before every frame that shows a change, so this
// is most of what typing costs beyond drawing.
//
// A record is a header (magic, sequence number, payload length, CRC-32C of
// the three and the payload) and the draft as JSON, and starts a block of
// its own, so that an append never rewrites a block holding a record
// already synced. A reader takes the last complete record: a write torn by
// a crash fails its checksum and the one before it stands, so a save is
// still all or nothing, as the rename made it. When the next record does
// not fit, the journal is made again (a new file holding that record,
// synced, renamed into place, directory synced), which is the old way and
// happens once every 64 keys or so.
//
// A draft written by an older ccedit (a plain JSON file, name ".json") is
// still read; the first save replaces it with a journal.

const (
	recordMagic  = "ccd1"
	headerSize   = 4 + 8 + 4 + 4
	minJournal   = 256 << 10
	journalBlock = 4 << 10
	// maxJournalBytes bounds what is read of a journal: room for four of
	// the largest drafts (see newJournalSize).
	maxJournalBytes = 4*(maxDraftBytes+headerSize+journalBlock) + minJournal
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encodeRecord frames payload as record number seq.
func encodeRecord(seq uint64, payload []byte) []byte {
	b := make([]byte, headerSize+len(payload))
	copy(b, recordMagic)
	binary.LittleEndian.PutUint64(b[4:], seq)
	binary.LittleEndian.PutUint32(b[12:], uint32(len(payload)))
	copy(b[headerSize:], payload)
	crc := crc32.Update(crc32.Checksum(b[4:16], castagnoli), castagnoli, payload)
	binary.LittleEndian.PutUint32(b[16:], crc)
	return b
}

// blockEnd is the first block boundary at or after off: where the record
// after one ending at off starts.
func blockEnd(off int) int { return (off + journalBlock - 1) / journalBlock * journalBlock }

// lastRecord returns the payload of the last complete record in a journal
// and the offset where the next record goes.
func lastRecord(b []byte) (payload []byte, seq uint64, end int, err error) {
	off := 0
	for off+headerSize <= len(b) && string(b[off:off+4]) == recordMagic {
		s := binary.LittleEndian.Uint64(b[off+4:])
		n := uint64(binary.LittleEndian.Uint32(b[off+12:])) // compared unsigned: int is 32 bits on some builds
		if n > uint64(len(b)-off-headerSize) || (payload != nil && s <= seq) {
			break
		}
		rec := b[off+headerSize : off+headerSize+int(n)]
		crc := crc32.Update(crc32.Checksum(b[off+4:off+16], castagnoli), castagnoli, rec)
		if crc != binary.LittleEndian.Uint32(b[off+16:]) {
			break // torn by a crash: the record before stands
		}
		payload, seq, off = rec, s, blockEnd(off+headerSize+int(n))
	}
	if payload == nil {
		return nil, 0, 0, errors.New("it holds no complete draft")
	}
	return payload, seq, off, nil
}

// Decode reads a draft file's bytes: a journal's last complete record, or
// a draft written by an older ccedit as plain JSON. It checks the format
// version only; Load also checks that the draft is the customer's.
func Decode(b []byte) (*Draft, error) {
	payload := b
	if !bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n"), []byte("{")) {
		p, _, _, err := lastRecord(b)
		if err != nil {
			return nil, err
		}
		payload = p
	}
	d := new(Draft)
	if err := json.Unmarshal(payload, d); err != nil {
		return nil, err
	}
	if d.Version != version {
		return nil, fmt.Errorf("unknown draft version %d", d.Version)
	}
	return d, nil
}

// newJournalSize is the size of a journal made for a first record of n
// bytes: room for several more like it, in whole blocks.
func newJournalSize(n int) int {
	return max(minJournal, 4*blockEnd(n))
}

// journal is a draft file this store made and keeps open for appending.
type journal struct {
	f    *os.File
	id   fileID
	seq  uint64 // the last record's
	off  int    // where the next record goes
	size int
}

// appendTo writes rec at the journal's end and syncs it, when it fits and
// the file at name is still this journal. ok is false when it did not try.
func (s *Store) appendTo(j *journal, name string, payload []byte) (ok bool, err error) {
	var st unix.Stat_t
	if unix.Fstatat(s.dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil || idOf(&st) != j.id {
		return false, nil // replaced or removed behind our back: make a new one
	}
	rec := encodeRecord(j.seq+1, payload)
	if j.off+len(rec) > j.size {
		return false, nil
	}
	if err := s.step(StepWrite); err != nil {
		return true, err
	}
	if n, err := unix.Pwrite(int(j.f.Fd()), rec, int64(j.off)); err != nil {
		return true, err
	} else if n != len(rec) { // a file size limit, a quota: the record is torn
		return true, io.ErrShortWrite
	}
	if err := s.step(StepSync); err != nil {
		return true, err
	}
	if err := unix.Fdatasync(int(j.f.Fd())); err != nil {
		return true, err
	}
	j.seq++
	j.off = blockEnd(j.off + len(rec))
	return true, nil
}

// closeJournal closes the journal kept open for name, if any. s.jmu is held.
func (s *Store) closeJournal(name string) {
	if j := s.journals[name]; j != nil {
		j.f.Close()
		delete(s.journals, name)
	}
}
