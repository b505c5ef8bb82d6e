package theme

import (
	"testing"

	"github.com/charmbracelet/colorprofile"
)

func TestColorProfileFollowsTheTerminal(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want colorprofile.Profile
	}{
		{[]string{"TERM=xterm-256color", "COLORTERM=truecolor"}, colorprofile.TrueColor},
		{[]string{"TERM=xterm-256color"}, colorprofile.ANSI256},
		{[]string{"TERM=xterm"}, colorprofile.ANSI},
		{[]string{"TERM=linux"}, colorprofile.ANSI},
		{[]string{"TERM=vt100"}, colorprofile.Ascii},
		{[]string{"TERM=vt220"}, colorprofile.Ascii},
		{[]string{"TERM=xterm-256color", "NO_COLOR=1"}, colorprofile.Ascii},
		{[]string{"TERM=dumb"}, colorprofile.NoTTY},
	} {
		if got := ColorProfile(colorprofile.Env(c.env), c.env); got != c.want {
			t.Errorf("%v: %v, want %v", c.env, got, c.want)
		}
	}
}
