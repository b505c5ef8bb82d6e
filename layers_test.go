package main

import (
	"os/exec"
	"strings"
	"testing"
)

// Each layer keeps to what it may use (README "Stack and layout"): the
// client and the schema use the standard library only; the workflow that
// the full screen, the line mode and the subcommands share pulls in no
// terminal library, however indirectly; the subcommands import no Bubble
// Tea, bubbles, huh or full-screen code themselves.
func TestLayersKeepToWhatTheyMayUse(t *testing.T) {
	const self = "github.com/carecycle/ccedit/"
	for _, c := range []struct {
		pkg    string
		deps   bool     // all dependencies, or only the package's own imports
		stdlib bool     // only the standard library (and this module's packages)
		banned []string // a path, or with a trailing slash every path under it
	}{
		{pkg: "apiclient", deps: true, stdlib: true},
		{pkg: "forms", deps: true, stdlib: true},
		{pkg: "ui/workflow", deps: true, banned: []string{"charm.land/", "github.com/charmbracelet/", "github.com/muesli/"}},
		{pkg: "ui/script", banned: []string{"charm.land/bubbletea/", "charm.land/bubbles/", "charm.land/huh/", self + "ui"}},
	} {
		args := []string{"list", "-f", `{{join .Imports "\n"}}`, "./" + c.pkg}
		if c.deps {
			args = []string{"list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./" + c.pkg}
		}
		out, err := exec.Command("go", args...).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", c.pkg, err)
		}
		for _, p := range strings.Fields(string(out)) {
			if c.stdlib && !strings.HasPrefix(p, self) {
				t.Errorf("%s uses %s, outside the standard library", c.pkg, p)
			}
			for _, bad := range c.banned {
				if p == bad || strings.HasSuffix(bad, "/") && strings.HasPrefix(p, bad) {
					t.Errorf("%s uses %s", c.pkg, p)
				}
			}
		}
	}
}
