package ui

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/workflow"
)

// search finds a customer by name, phone, e-mail or place: a query
// (bubbles textinput) searched after a pause, a page of results that
// scrolls, paging, sorting, and Enter to open one.
type search struct {
	c       *Common
	keys    searchKeys
	in      textinput.Model
	spin    spin
	rate    string // workflow.WaitText while searching; "" when not waiting
	seq     int    // debounce generation: only the last pause searches
	req     int    // the request whose answer counts
	loading bool   // a request is in flight
	q       apiclient.ListQuery
	total   int
	rows    []searchRow
	err     error
	wait    int // seconds before retrying after a 429
	sortIdx int // index into apiclient.SortFields
	sel     int
	// unfiltered: the server answered with customers none of whose
	// fields hold any word of the query, so it likely ignored it.
	unfiltered bool
	note       string // one line about what happened: a draft kept, …
	prefer     string // select this customer when results arrive
	// openFound: enter was pressed before the results of the query typed
	// had come; they open the customer when there is only one, else the
	// list is highlighted for a choice.
	openFound bool
	sent      string // the text of the search on its way; "" when none is
	sc        scroller
	w, h      int
}

// pageSize is how many results a page holds.
const pageSize = 20

// debounce is the pause after the last key before a search is sent.
const debounce = 300 * time.Millisecond

type searchKeys struct {
	Up, Down, Open, Next, Prev, Sort, Order, Clear key.Binding
}

// Messages of the search screen; each names its screen and generation, so
// a late one is dropped.
type (
	searchDebounceMsg struct {
		s   *search
		seq int
	}
	searchResultsMsg struct {
		s    *search
		req  int
		q    apiclient.ListQuery
		page *apiclient.Page
		err  error
	}
	searchRetryMsg struct {
		s   *search
		req int
	}
	// searchShownMsg is the root showing the search again after a
	// customer: note says what happened to its edits; selected is that
	// customer, selected in the results, which are read again (the
	// customer may have been saved under another name or city).
	searchShownMsg struct{ note, selected string }
)

func newSearch(c *Common, query string) *search {
	g := c.Theme.G
	s := &search{c: c, spin: newSpin(c), in: newInput(c, "Find: "), sc: newScroller(c),
		keys: searchKeys{
			Up:    key.NewBinding(key.WithKeys("up", "ctrl+p", "shift+tab"), key.WithHelp(g.UpKey+"/"+g.DownKey, "choose")),
			Down:  key.NewBinding(key.WithKeys("down", "ctrl+n", "tab")),
			Open:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
			Next:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "next page")),
			Prev:  key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "previous page")),
			Sort:  key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "sort by another field")),
			Order: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reverse the order")),
			Clear: key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear the query")),
		}}
	s.sc.keys.Up.SetEnabled(false)
	s.sc.keys.Down.SetEnabled(false)
	s.in.Placeholder = "a name, a phone number, an e-mail, a city"
	s.in.SetValue(query)
	return s
}

func (s *search) takesText() bool  { return true }
func (s *search) setSize(w, h int) { s.w, s.h = w, h; s.in.SetWidth(max(w-8, 10)) }

func (s *search) ShortHelp() []key.Binding {
	// A key is offered only when it has something to act on: open and
	// choose with results, a page key with a page to go to.
	var keys []key.Binding
	if len(s.rows) > 0 {
		keys = append(keys, s.keys.Open)
	}
	if len(s.rows) > 1 {
		keys = append(keys, s.keys.Up)
	}
	switch {
	case s.q.Page*pageSize < s.total:
		keys = append(keys, s.keys.Next)
	case s.q.Page > 1:
		keys = append(keys, s.keys.Prev)
	}
	return append(keys, s.keys.Sort)
}

func (s *search) FullHelp() [][]key.Binding {
	return [][]key.Binding{{key.NewBinding(key.WithKeys("a"), key.WithHelp("type", "search (after a short pause)")),
		s.keys.Up, s.keys.Open, s.keys.Clear}, {s.keys.Next, s.keys.Prev, s.keys.Sort, s.keys.Order}}
}

// start sends the first search at once (the query given on the command
// line, or the most recent customers).
func (s *search) start() tea.Cmd {
	return tea.Batch(s.send(s.query(1)), s.spin.start())
}

// uuidRE is the API's customer id form.
var uuidRE = regexp.MustCompile(forms.UUIDPattern)

// phoneish is text made of what people type in phone numbers.
var phoneish = regexp.MustCompile(`^\+?[\d\s().\-]{7,}$`)

// searchText is what is sent for what was typed: a phone number in any
// common form becomes the E.164 form records hold; anything else as typed.
func searchText(typed string) string {
	t := strings.TrimSpace(typed)
	if phoneish.MatchString(t) {
		if e164, err := forms.NormalizePhone(t); err == nil {
			return e164
		}
	}
	return t
}

func (s *search) query(page int) apiclient.ListQuery {
	q := apiclient.ListQuery{Search: searchText(s.in.Value()), Page: page, Limit: pageSize, Asc: s.q.Asc}
	if s.sortIdx > 0 {
		q.SortBy = apiclient.SortFields[s.sortIdx]
	}
	return q
}

// send starts a search; the answer of any earlier one no longer counts.
func (s *search) send(q apiclient.ListQuery) tea.Cmd {
	s.req++
	s.loading, s.wait, s.sent = true, 0, q.Search
	req, client := s.req, s.c.Client
	return func() tea.Msg {
		ctx, cancel := contextTimeout()
		defer cancel()
		page, err := client.Search(ctx, q)
		return searchResultsMsg{s: s, req: req, q: q, page: page, err: err}
	}
}

func (s *search) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	switch msg := msg.(type) {
	case searchDebounceMsg:
		if msg.s != s || msg.seq != s.seq {
			return nil, nil
		}
		return s.send(s.query(1)), nil
	case searchResultsMsg:
		if msg.s != s || msg.req != s.req {
			return nil, nil
		}
		cmd := s.results(msg)
		if s.openFound && msg.err == nil && s.wait == 0 {
			s.openFound = false
			if len(s.rows) == 1 {
				s.note = ""
				return cmd, openCustomerMsg{id: s.rows[0].id}
			}
			if len(s.rows) > 1 {
				s.note = fmt.Sprintf("%d customers match: choose one (%s/%s), enter opens it.", len(s.rows), s.c.Theme.G.UpKey, s.c.Theme.G.DownKey)
			}
		}
		return cmd, nil
	case searchShownMsg:
		s.note = msg.note
		s.refreshDrafts(msg.selected)
		if s.q.Page > 0 {
			return s.send(s.q), nil // read again: a saved customer shows as saved
		}
		return nil, nil
	case searchRetryMsg:
		if msg.s != s || msg.req != s.req || s.wait <= 0 {
			return nil, nil
		}
		if s.wait--; s.wait == 0 {
			return s.send(s.q), nil
		}
		return s.retryTick(), nil
	case tea.KeyPressMsg:
		return s.onKey(msg)
	case tea.PasteMsg:
		return s.edited(updateInput(&s.in, msg)), nil
	case spinner.TickMsg:
		if msg.ID == s.spin.m.ID() && s.c.Client != nil {
			s.rate = workflow.WaitText(s.c.Client.Waiting()) // as the wait screen says it
		}
	}
	return s.spin.update(msg), nil
}

func (s *search) onKey(msg tea.KeyPressMsg) (tea.Cmd, tea.Msg) {
	switch {
	case key.Matches(msg, s.keys.Open):
		if id := strings.TrimSpace(s.in.Value()); uuidRE.MatchString(id) {
			return nil, openCustomerMsg{id: strings.ToLower(id)}
		}
		if s.stale() {
			// The list is for an older query: opening its selection could
			// open someone else. Search for what was typed now (if it is
			// not on its way already); the answer opens the one customer it
			// finds, or highlights the list.
			s.openFound = true
			s.note = "Searching for what you typed" + s.c.Theme.G.Ellipsis
			if s.loading && searchText(s.in.Value()) == s.pendingSearch() {
				return nil, nil
			}
			s.seq++
			return s.send(s.query(1)), nil
		}
		if s.sel < len(s.rows) {
			return nil, openCustomerMsg{id: s.rows[s.sel].id}
		}
	case key.Matches(msg, s.keys.Up):
		s.sel = max(s.sel-1, 0)
	case key.Matches(msg, s.keys.Down):
		s.sel = min(s.sel+1, max(len(s.rows)-1, 0))
	case key.Matches(msg, s.keys.Next):
		if s.q.Page*pageSize < s.total {
			return s.send(s.queryAt(s.q.Page + 1)), nil
		}
	case key.Matches(msg, s.keys.Prev):
		if s.q.Page > 1 {
			return s.send(s.queryAt(s.q.Page - 1)), nil
		}
	case key.Matches(msg, s.keys.Sort):
		s.sortIdx = (s.sortIdx + 1) % len(apiclient.SortFields)
		s.q.Asc = s.sortIdx != 0 // names read A to Z; newest first by default
		return s.send(s.query(1)), nil
	case key.Matches(msg, s.keys.Order):
		s.q.Asc = !s.q.Asc
		return s.send(s.query(1)), nil
	case key.Matches(msg, s.keys.Clear):
		s.in.SetValue("")
		return s.edited(true), nil
	default:
		return s.edited(updateInput(&s.in, msg)), nil
	}
	return nil, nil
}

// pendingSearch is the text of the search on its way, "" when none is.
func (s *search) pendingSearch() string { return s.sent }

// stale reports whether the results on screen are not for the query
// typed: a search is pending or in flight.
func (s *search) stale() bool {
	return s.loading || s.wait > 0 || searchText(s.in.Value()) != s.q.Search
}

// queryAt is the search on screen, at another page.
func (s *search) queryAt(page int) apiclient.ListQuery {
	q := s.q
	q.Page = page
	return q
}

// edited schedules a search after the pause, when the query changed; a
// burst of keys sends one request.
func (s *search) edited(changed bool) tea.Cmd {
	if !changed {
		return nil
	}
	s.seq++
	seq := s.seq
	return s.c.After(debounce, func(time.Time) tea.Msg { return searchDebounceMsg{s: s, seq: seq} })
}

func (s *search) retryTick() tea.Cmd {
	req := s.req
	return s.c.After(time.Second, func(time.Time) tea.Msg { return searchRetryMsg{s: s, req: req} })
}

// results takes a page: a rate limit waits and retries by itself.
func (s *search) results(msg searchResultsMsg) tea.Cmd {
	s.loading = false
	s.q = msg.q
	if e, ok := apiclient.AsError(msg.err); ok && e.Kind == apiclient.KindRateLimited {
		ex := workflow.Explain(msg.err, "", s.c.KeyHint, false)
		s.err, s.wait = nil, max(int(ex.Wait.Seconds()), 1)
		return s.retryTick()
	}
	s.err = msg.err
	if msg.err != nil {
		return nil
	}
	if strings.HasPrefix(s.note, "Searching for what you typed") {
		s.note = ""
	}
	s.sent = ""
	s.total = msg.page.ItemsTotal
	s.rows = s.rows[:0]
	for _, c := range msg.page.Items {
		s.rows = append(s.rows, newSearchRow(s.c, c))
	}
	s.unfiltered = unfiltered(msg.q.Search, s.rows)
	s.sel = 0
	for i, r := range s.rows {
		if r.id == s.prefer {
			s.sel = i
		}
	}
	return nil
}

// unfiltered reports whether none of the results holds any word of the
// query: the server then ignored the search rather than matching it.
func unfiltered(query string, rows []searchRow) bool {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 || len(rows) == 0 {
		return false
	}
	for _, r := range rows {
		for _, w := range words {
			if strings.Contains(r.hay, w) {
				return false
			}
		}
	}
	return true
}

// refreshDrafts marks again the results with a draft, and selects id.
func (s *search) refreshDrafts(id string) {
	s.prefer = id
	for i := range s.rows {
		s.rows[i].draft = hasDraft(s.c, s.rows[i].id)
		if s.rows[i].id == id {
			s.sel = i
		}
	}
}

// showsNothingMasked: the results show the year of birth only, whatever
// ctrl+v says, so the search's help leaves ctrl+v out.
func (s *search) showsNothingMasked() {}
