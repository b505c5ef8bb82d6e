package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	gossh "golang.org/x/crypto/ssh"

	"github.com/carecycle/ccedit/ui/draft"
)

// openState creates the state directory (0700) when missing and refuses
// one that is a symlink, not a directory, another user's, or open to
// group or others: it holds every agent's drafts, the host key and the
// audit trail.
func openState(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("state directory %s: %w", dir, err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("state directory %s: %w", dir, err)
	}
	st, _ := fi.Sys().(*syscall.Stat_t)
	problem := ""
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		problem = "is a symlink"
	case !fi.IsDir():
		problem = "is not a directory"
	case st != nil && int(st.Uid) != os.Geteuid():
		problem = fmt.Sprintf("belongs to another user (uid %d)", st.Uid)
	case fi.Mode().Perm()&0o077 != 0:
		return &draft.UnsafeError{What: "state directory", Path: dir,
			Problem: fmt.Sprintf("is accessible to group or others (mode %04o)", fi.Mode().Perm()), Fix: "chmod 700 " + dir}
	}
	if problem != "" {
		return &draft.UnsafeError{What: "state directory", Path: dir, Problem: problem}
	}
	return nil
}

// DefaultState is the state directory: $XDG_STATE_HOME/ccedit/serve, or
// ~/.local/state/ccedit/serve.
func DefaultState(getenv func(string) string) (string, error) {
	return draft.DefaultDir(getenv, "serve")
}

// agentDrafts is the drafts directory of one agent under dir: the state,
// or the demo's run directory.
func agentDrafts(dir, agent string) string { return filepath.Join(dir, "agents", agent, "drafts") }

// hostKey reads the host key at path, or makes one there (ed25519, 0600)
// on first start. A key file group or others can read is refused: with it,
// anyone could pose as this server to the agents.
func hostKey(path string) (gossh.Signer, error) {
	b, err := readPrivate(path)
	if errors.Is(err, os.ErrNotExist) {
		if b, err = newHostKey(path); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, nil
}

// readPrivate reads a file only its owner may read, without following a
// symlink.
func readPrivate(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("host key %s is a symlink; refusing to follow it", path)
		}
		if errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("host key: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("host key %s is not a private regular file (mode %04o); run: chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return b, nil
}

// newHostKey makes an ed25519 key at path, 0600, never over a file.
func newHostKey(path string) ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate the host key: %w", err)
	}
	blk, err := gossh.MarshalPrivateKey(priv, "ccedit serve host key")
	if err != nil {
		return nil, fmt.Errorf("generate the host key: %w", err)
	}
	b := pem.EncodeToMemory(blk)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, fmt.Errorf("write the host key: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, fmt.Errorf("write the host key %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("write the host key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write the host key %s: %w", path, err)
	}
	return b, nil
}
