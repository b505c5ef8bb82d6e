package theme

import (
	"charm.land/bubbles/v2/help"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// huhTheme is a huh.Theme whose styles were built when the theme was: huh
// asks for them on every key and every frame, so Theme only picks a pointer.
type huhTheme struct {
	light, dark *huh.Styles
}

// Theme returns the styles for a light or a dark background, built once.
// huh passes false until it has seen a tea.BackgroundColorMsg, and it never
// asks for one itself: whoever runs a form should request the background
// colour, or forward the answer it already has, to get the dark styles.
func (h *huhTheme) Theme(isDark bool) *huh.Styles {
	if isDark {
		return h.dark
	}
	return h.light
}

// newHuhTheme builds the huh styles for both backgrounds on ccedit's
// palette; with mono, one set of styles that marks focus and selection with
// bold and reverse video instead of colour.
func newHuhTheme(g Glyphs, mono bool) huh.Theme {
	if mono {
		s := huhMono(g)
		return &huhTheme{light: s, dark: s}
	}
	return &huhTheme{light: huhColour(g, newPalette(false)), dark: huhColour(g, newPalette(true))}
}

// newPlainHuhTheme is a huh theme that writes nothing but text: no colour,
// no bold, nothing a screen reader would have to read past.
func newPlainHuhTheme(g Glyphs) huh.Theme {
	s := huhPlain(g)
	return &huhTheme{light: s, dark: s}
}

// huhPlain is the base every huh theme here starts from, like huh's own
// ThemeBase, but with no colour or attribute at all and with the glyphs of
// g, so that an ASCII terminal gets nothing above 0x7F.
func huhPlain(g Glyphs) *huh.Styles {
	var t huh.Styles
	plain := lipgloss.NewStyle()
	check := "•"
	if g.ASCII {
		check = "x"
	}

	t.Form.Base = plain
	t.Group.Base = plain
	t.FieldSeparator = plain.SetString("\n\n")

	button := plain.Padding(0, 2).MarginRight(1)

	f := &t.Focused
	f.Base = plain.PaddingLeft(1).BorderStyle(lipgloss.Border{Left: g.Bar}).BorderLeft(true)
	f.Card = f.Base
	f.ErrorIndicator = plain.SetString(" *")
	f.ErrorMessage = plain.SetString(" *")
	f.SelectSelector = plain.SetString(g.Focus + " ")
	f.NextIndicator = plain.MarginLeft(1).SetString(g.Right)
	f.PrevIndicator = plain.MarginRight(1).SetString(g.Left)
	f.MultiSelectSelector = plain.SetString(g.Focus + " ")
	f.SelectedPrefix = plain.SetString("[" + check + "] ")
	f.UnselectedPrefix = plain.SetString("[ ] ")
	f.FocusedButton = button
	f.BlurredButton = button
	f.Next = f.FocusedButton

	// The help line's separator and ellipsis are strings of help.Model,
	// which huh makes itself ("•", "…"); only their styles reach us, so
	// the styles swap in ccedit's own glyphs.
	sep := func(string) string { return g.Sep }
	ell := func(string) string { return g.Ellipsis }
	t.Help = help.Styles{ShortSeparator: plain.Transform(sep), Ellipsis: plain.Transform(ell)}

	blurTheRest(&t)
	return &t
}

// huhMono is huhPlain with bold for titles and what is chosen, and reverse
// video for the focused button, for terminals that show no colour.
func huhMono(g Glyphs) *huh.Styles {
	t := huhPlain(g)
	bold := lipgloss.NewStyle().Bold(true)

	f := &t.Focused
	f.Title = bold
	f.NoteTitle = bold.MarginBottom(1)
	f.ErrorIndicator = f.ErrorIndicator.Bold(true)
	f.ErrorMessage = f.ErrorMessage.Bold(true)
	f.SelectSelector = f.SelectSelector.Bold(true)
	f.MultiSelectSelector = f.MultiSelectSelector.Bold(true)
	f.SelectedOption = bold
	f.SelectedPrefix = f.SelectedPrefix.Bold(true)
	f.NextIndicator = f.NextIndicator.Bold(true)
	f.PrevIndicator = f.PrevIndicator.Bold(true)
	f.Directory = bold
	f.FocusedButton = f.FocusedButton.Bold(true).Reverse(true)
	f.Next = f.FocusedButton
	f.TextInput.Prompt = bold
	f.TextInput.Placeholder = lipgloss.NewStyle().Italic(true)
	t.Help.ShortKey = bold
	t.Help.FullKey = bold

	blurTheRest(t)
	return t
}

// huhColour is huhPlain coloured with palette p, for one background.
func huhColour(g Glyphs, p palette) *huh.Styles {
	t := huhPlain(g)
	s := lipgloss.NewStyle()

	f := &t.Focused
	f.Base = f.Base.BorderForeground(p.subtle)
	f.Card = f.Base
	f.Title = s.Bold(true).Foreground(p.accent)
	f.NoteTitle = f.Title.MarginBottom(1)
	f.Description = s.Foreground(p.subtle)
	f.ErrorIndicator = f.ErrorIndicator.Foreground(p.err)
	f.ErrorMessage = f.ErrorMessage.Foreground(p.err)
	f.SelectSelector = f.SelectSelector.Foreground(p.accent)
	f.NextIndicator = f.NextIndicator.Foreground(p.accent)
	f.PrevIndicator = f.PrevIndicator.Foreground(p.accent)
	f.Option = s.Foreground(p.text)
	f.UnselectedOption = s.Foreground(p.text)
	f.SelectedOption = s.Bold(true).Foreground(p.text).Background(p.selBg)
	f.MultiSelectSelector = f.MultiSelectSelector.Foreground(p.accent)
	f.SelectedPrefix = f.SelectedPrefix.Foreground(p.ok)
	f.UnselectedPrefix = f.UnselectedPrefix.Foreground(p.subtle)
	f.Directory = s.Foreground(p.accent)
	f.File = s.Foreground(p.text)
	f.FocusedButton = f.FocusedButton.Bold(true).Foreground(p.text).Background(p.selBg)
	f.BlurredButton = f.BlurredButton.Foreground(p.subtle)
	f.Next = f.FocusedButton
	f.TextInput.Cursor = s.Foreground(p.accent)
	f.TextInput.Placeholder = s.Foreground(p.subtle)
	f.TextInput.Prompt = s.Foreground(p.accent)
	f.TextInput.Text = s.Foreground(p.text)

	// huh copies the help styles into a group once, when the theme is set
	// and before any background is known (Theme(false)), and keeps them: so
	// they are the same on both backgrounds, the keys in the terminal's own
	// colour and the rest in a grey between the two palettes' subtle ones.
	grey := lipgloss.Color("#7B7B7B")
	t.Help.ShortKey = s.Bold(true)
	t.Help.FullKey = t.Help.ShortKey
	t.Help.ShortDesc = s.Foreground(grey)
	t.Help.FullDesc = t.Help.ShortDesc
	t.Help.ShortSeparator = t.Help.ShortSeparator.Foreground(grey)
	t.Help.FullSeparator = s.Foreground(grey)
	t.Help.Ellipsis = t.Help.Ellipsis.Foreground(grey)

	blurTheRest(t)
	return t
}

// blurTheRest derives the blurred field styles and the group's title from
// the focused ones, as huh's own themes do.
func blurTheRest(t *huh.Styles) {
	t.Blurred = t.Focused
	t.Blurred.Base = t.Focused.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.MultiSelectSelector = lipgloss.NewStyle().SetString("  ")
	t.Blurred.NextIndicator = lipgloss.NewStyle()
	t.Blurred.PrevIndicator = lipgloss.NewStyle()
	t.Group.Title = t.Focused.Title
	t.Group.Description = t.Focused.Description
}
