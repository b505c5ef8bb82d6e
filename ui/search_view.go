package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/ui/workflow"
)

// searchRow is one customer as the results show and check it, decoded
// once when the page arrives.
type searchRow struct {
	id, name, phone, email, dob, place, status, updated string
	named                                               bool
	draft                                               bool   // has unsaved changes in a draft
	hay                                                 string // lower-case text, to check the server filtered
}

func newSearchRow(c *Common, cust *apiclient.Customer) searchRow {
	r := searchRow{id: cust.ID(), name: cust.DisplayName(), phone: cust.Str("callerId"), email: cust.Str("email"),
		place:  strings.Trim(cust.Str("city")+", "+cust.Str("state"), ", "),
		status: cust.Str("status"), updated: cust.Str("updatedAt")}
	r.named = r.name != r.id
	if dob := cust.Str("dateOfBirth"); len(dob) >= 4 {
		r.dob = dob[:4] + "-**-**" // masked like the editor: the year only
	}
	if len(r.updated) >= 10 {
		r.updated = r.updated[:10]
	}
	r.hay = strings.ToLower(strings.Join([]string{r.name, cust.Str("firstName"), cust.Str("lastName"),
		cust.Str("preferredName"), r.phone, r.email, r.place, cust.Str("county"), cust.Str("postalCode")}, " "))
	r.draft = hasDraft(c, r.id)
	return r
}

// hasDraft reports whether the customer has unsaved changes in a draft.
func hasDraft(c *Common, id string) bool {
	return c.Drafts != nil && c.Drafts.Exists(id)
}

func contextTimeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), workflow.RequestTimeout)
}

// column is one column of the results: what it shows and how wide.
type column struct {
	title string
	width int
	get   func(searchRow) string
}

// columns are the results' columns that fit w cells, by priority: name,
// phone, e-mail, place, date of birth, status, last updated.
func searchColumns(w int) []column {
	all := []column{
		{"Name", 18, func(r searchRow) string { return r.name }},
		{"Phone", 12, func(r searchRow) string { return r.phone }},
		{"E-mail", 20, func(r searchRow) string { return r.email }},
		{"City, state", 11, func(r searchRow) string { return r.place }},
		{"Born", 10, func(r searchRow) string { return r.dob }},
		{"Status", 8, func(r searchRow) string { return r.status }},
		{"Updated", 10, func(r searchRow) string { return r.updated }},
	}
	used, out := 4, []column{}
	for _, c := range all {
		if used+c.width+1 > w {
			continue
		}
		used += c.width + 1
		out = append(out, c)
	}
	// Whatever is left widens the name and the e-mail.
	if extra := w - used; extra > 0 && len(out) > 2 {
		out[0].width += extra / 2
		out[2].width += extra - extra/2
	}
	return out
}

func (s *search) view() string {
	t := s.c.Theme
	head := []string{inputView(s.in, s.w)}
	status := ""
	var more string // a note's second line: notes wrap, never cut mid-word
	switch {
	case s.wait > 0:
		status = t.S.Warn.Render(fmt.Sprintf("Too many requests: searching again in %d s%s", s.wait, t.G.Ellipsis))
	case s.loading && s.rate != "":
		status = s.spin.view() + " " + t.S.Warn.Render(ansi.Truncate(s.rate, s.w-3, t.G.Ellipsis))
	case s.loading:
		status = s.spin.view() + " Searching" + t.G.Ellipsis
	case s.err != nil:
		status = t.S.Error.Render(t.SafeCut(workflow.Explain(s.err, "", s.c.KeyHint, false).Title, s.w-2))
	case s.note != "":
		ls := wrap(t.Safe(s.note), s.w-1)
		status = t.S.OK.Render(ls[0])
		if len(ls) > 1 {
			more = t.S.OK.Render(ansi.Truncate(strings.Join(ls[1:], " "), s.w-1, t.G.Ellipsis))
		}
	case s.c.Demo:
		status = t.S.Warn.Render(ansi.Truncate("Demo: sample customers; saves last until the demo ends.", s.w, t.G.Ellipsis))
	}
	head = append(head, status)
	if more != "" {
		head = append(head, more)
	}
	cols := searchColumns(s.w)
	var hdr strings.Builder
	hdr.WriteString("    ")
	for _, c := range cols {
		hdr.WriteString(pad(c.title, c.width) + " ")
	}
	head = append(head, t.S.Subtle.Render(strings.TrimRight(hdr.String(), " ")))
	var rows []string
	switch {
	case len(s.rows) == 0 && !s.loading && s.err == nil && s.wait == 0:
		rows = append(rows, t.S.Subtle.Render("  No customer matches "+quoteQuery(t.G.ASCII, t.Safe(s.q.Search))+"."),
			t.S.Subtle.Render("  Try part of the last name, the phone number's last digits, or the e-mail."))
	case s.unfiltered:
		rows = append(rows, t.S.Warn.Render(ansi.Truncate("  None of these holds "+quoteQuery(t.G.ASCII, t.Safe(s.q.Search))+
			": the server may not have filtered (its search parameter's name is not confirmed).", s.w, t.G.Ellipsis)))
	}
	for k, r := range s.rows {
		mark := "  "
		if r.draft {
			mark = t.S.Changed.Render(t.G.Changed) + " "
		}
		var b strings.Builder
		for i, c := range cols {
			v := c.get(r)
			if i == 0 && !r.named {
				v = "(no name on record)"
			}
			b.WriteString(pad(t.SafeCut(v, c.width), c.width) + " ")
		}
		row := strings.TrimRight(b.String(), " ")
		if k == s.sel {
			rows = append(rows, t.S.LabelFocus.Render(t.G.Focus)+" "+mark+t.S.Selected.Render(row))
		} else {
			rows = append(rows, "  "+mark+row)
		}
	}
	foot := s.statusLine()
	s.sc.setSize(s.w, max(s.h-len(head)-len(foot), 1))
	s.sc.setLines(rows)
	s.sc.ensureVisible(s.sel, s.sel+1)
	return strings.Join(head, "\n") + "\n" + s.sc.view() + "\n" + strings.Join(foot, "\n")
}

// statusLine says which results are shown, the selected customer's id
// (whole: agents read it back), the sort order and what the draft mark
// means: on one line where they fit, else on more, in that order, so that
// none of them is dropped.
func (s *search) statusLine() []string {
	if s.total == 0 {
		return []string{""}
	}
	t := s.c.Theme
	first := (s.q.Page-1)*pageSize + 1
	last := min(first+len(s.rows)-1, s.total)
	by := "newest first"
	if s.sortIdx > 0 || s.q.Asc {
		dir := map[bool]string{true: t.G.Up, false: t.G.Down}[s.q.Asc]
		by = "by " + apiclient.SortFields[s.sortIdx] + " " + dir
	}
	parts := []string{fmt.Sprintf("%d%s%d of %d", first, dash(t.G.ASCII), last, s.total)}
	if s.sel < len(s.rows) {
		parts = append(parts, "id "+s.rows[s.sel].id)
	}
	parts = append(parts, by)
	if hasAnyDraft(s.rows) {
		parts = append(parts, t.G.Changed+" has a draft")
	}
	lines := [][]string{nil}
	for _, p := range parts {
		n := len(lines) - 1
		if len(lines[n]) > 0 && ansi.StringWidth(strings.Join(append(lines[n], p), t.G.Sep)) > s.w {
			lines, n = append(lines, nil), n+1
		}
		lines[n] = append(lines[n], p)
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = t.S.Subtle.Render(ansi.Truncate(strings.Join(l, t.G.Sep), s.w, t.G.Ellipsis))
	}
	return out
}

func quoteQuery(ascii bool, q string) string {
	if ascii {
		return `"` + q + `"`
	}
	return "\u201c" + q + "\u201d"
}

func dash(ascii bool) string {
	if ascii {
		return "-"
	}
	return "\u2013"
}

func hasAnyDraft(rows []searchRow) bool {
	for _, r := range rows {
		if r.draft {
			return true
		}
	}
	return false
}

// pad fills s (which may hold styles) with spaces to w cells.
func pad(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

func lenCells(s string) int { return ansi.StringWidth(s) }
