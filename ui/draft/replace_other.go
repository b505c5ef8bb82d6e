//go:build !linux

package draft

import "os"

// exchange is not available here: replace renames the spare instead.
func exchange(a, b string) error { return errNoExchange }

// fdatasync is fsync where fdatasync is not at hand.
func fdatasync(f *os.File) error { return f.Sync() }
