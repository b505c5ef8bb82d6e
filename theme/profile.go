package theme

import (
	"strings"

	"github.com/charmbracelet/colorprofile"
	"github.com/xo/terminfo"
)

// ColorProfile picks how much colour to write: the profile colorprofile
// detects (TERM, COLORTERM, NO_COLOR, tmux), but none at all when the
// terminal's terminfo entry declares no colours (vt100, vt220), which
// colorprofile would otherwise treat as 16-colour. detected is what
// colorprofile.Detect said for the output.
func ColorProfile(detected colorprofile.Profile, environ []string) colorprofile.Profile {
	term := ""
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "TERM="); ok {
			term = v
		}
	}
	if detected > colorprofile.Ascii && term != "" && !colourTerm(term) {
		return colorprofile.Ascii
	}
	return detected
}

// colourTerm reports whether TERM's terminfo entry declares colours. With
// no terminfo entry, DEC vt terminals are known monochrome; any other TERM
// is given the benefit of the doubt.
func colourTerm(term string) bool {
	ti, err := terminfo.Load(term)
	if err != nil {
		return !strings.HasPrefix(term, "vt")
	}
	n, ok := ti.Nums[terminfo.MaxColors]
	return ok && n >= 8
}
