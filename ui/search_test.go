package ui

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/carecycle/ccedit/apiclient/fakeapi"
)

// searches returns the search strings of the list requests the fake saw.
func searches(h *harness) []string {
	var out []string
	for _, r := range h.fake.Requests() {
		if r.Method == "GET" && r.Path == "/v2/customers" {
			q, _ := url.ParseQuery(r.Query)
			out = append(out, q.Get("search"))
		}
	}
	return out
}

func TestSearchWaitsForAPauseBeforeAsking(t *testing.T) {
	h := newHarness(t, "")
	if got := searches(h); len(got) != 1 || got[0] != "" {
		t.Fatalf("first screen: %q", got)
	}
	s := h.m.active.(*search)
	h.typ("OConnellxx") // a burst of 10 keys…
	h.keys("backspace", "backspace")
	h.send(searchDebounceMsg{s: s, seq: s.seq - 1}) // a pause that a later key cut short
	if got := searches(h); len(got) != 1 {
		t.Fatalf("a request per key: %q", got)
	}
	h.pause() // …then one request, for what was typed last
	if got := searches(h); len(got) != 2 || got[1] != "OConnell" {
		t.Fatalf("searches %q", got)
	}
}

func TestSearchByPhoneInAnyFormAndByEmail(t *testing.T) {
	for _, typed := range []string{"(312) 555-0142", "312.555.0142", "+1 312 555 0142"} {
		h := newHarness(t, "")
		h.find(typed)
		if got := searches(h); got[len(got)-1] != "+13125550142" {
			t.Fatalf("%q searched as %q", typed, got[len(got)-1])
		}
		h.mustSee("Margaret O'Connell", "1–1 of 1")
	}
	h := newHarness(t, "")
	h.find("peggy.oconnell@example.com")
	if got := searches(h); got[len(got)-1] != "peggy.oconnell@example.com" {
		t.Fatalf("e-mail searched as %q", got)
	}
	h.keys("enter")
	h.mustSee("Margaret O'Connell", "Identity")
}

func TestSearchOpensAUUIDDirectly(t *testing.T) {
	h := newHarness(t, "")
	h.typ(strings.ToUpper(fakeapi.CustomDataID))
	h.keys("enter") // no pause needed: an id is not searched
	if h.m.id != fakeapi.CustomDataID {
		t.Fatalf("opened %q", h.m.id)
	}
	h.mustSee("Harold Kim")
}

func TestSearchPagesAndSorts(t *testing.T) {
	fake := fakeapi.New(fakeapi.Options{RateLimit: -1})
	for i := 0; i < 30; i++ {
		if err := fake.Put(map[string]any{"id": fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "firstName": "Pat",
			"lastName": fmt.Sprintf("Zed%02d", i), "createdAt": fmt.Sprintf("2026-01-%02dT00:00:00.000Z", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, "", withFake(fake))
	h.find("zed")
	h.mustSee("1–20 of 30", "newest first")
	h.keys("pgdown")
	h.mustSee("21–30 of 30")
	h.keys("pgdown") // no page after the last
	h.mustSee("21–30 of 30")
	h.keys("pgup")
	h.mustSee("1–20 of 30")
	h.send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}) // sort by last name, A to Z
	h.mustSee("by lastName ↑")
	if first := h.m.active.(*search).rows[0].name; first != "Pat Zed00" {
		t.Fatalf("first by last name: %q", first)
	}
	h.send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}) // Z to A
	if first := h.m.active.(*search).rows[0].name; first != "Pat Zed29" {
		t.Fatalf("first by last name, reversed: %q", first)
	}
	last := h.fake.Requests()[len(h.fake.Requests())-1]
	q, _ := url.ParseQuery(last.Query)
	if q.Get("sortBy") != "lastName" || q.Get("sortOrder") != "desc" || q.Get("limit") != "20" || q.Get("page") != "1" {
		t.Fatalf("query %s", last.Query)
	}
}

func TestSearchSaysWhenNothingMatchesOrTheServerDidNotFilter(t *testing.T) {
	h := newHarness(t, "")
	h.find("Nobodyhere")
	h.mustSee(`No customer matches “Nobodyhere”.`, "Try part of the last name")
	h = newHarness(t, "", withFake(fakeapi.New(fakeapi.Options{RateLimit: -1, IgnoreSearch: true})))
	h.find("Nobodyhere")
	h.mustSee("None of these holds “Nobodyhere”: the server may not have filtered")
}

func TestSearchWaitsOutARateLimitByItself(t *testing.T) {
	h := newHarness(t, "")
	h.fake.InjectFault(fakeapi.Fault{Method: "GET", Status: 429, Body: `{"retryAfter":2}`})
	h.find("Kim")
	h.mustSee("Too many requests: searching again in 2 s")
	s := h.m.active.(*search)
	h.send(searchRetryMsg{s: s, req: s.req})
	h.mustSee("searching again in 1 s")
	h.send(searchRetryMsg{s: s, req: s.req})
	h.mustSee("Harold Kim", "1–1 of 1")
}

// From the editor, ctrl+t goes back to the search with the last query and
// the customer just edited selected; the edits stay in its draft, the
// customer is marked, and opening it again offers them back.
func TestSwitchingCustomersKeepsEditsInTheirDrafts(t *testing.T) {
	h := newHarness(t, "", withDrafts(newStore(t)))
	h.find("a")
	h.mustSee("Margaret O'Connell", "Harold Kim")
	h.open("O'Connell")
	h.goTo("city")
	h.typ("!")
	h.keys("ctrl+t")
	h.mustSee("Margaret O'Connell: 1 unsaved change kept in a draft", "● has a draft", "id "+fakeapi.MedicareLeadID)
	if v := h.m.active.(*search).in.Value(); v != "O'Connell" {
		t.Fatalf("query %q", v)
	}
	h.open("Kim")
	h.mustSee("Harold Kim")
	h.nothingUnsaved()
	h.goTo("city")
	h.typ("?")
	h.keys("ctrl+t")
	h.open("O'Connell")
	h.mustSee("Unsaved changes from an earlier session: 1 field.")
	h.typ("r")
	if h.value("city") != "Chicago!" {
		t.Fatalf("city %q", h.value("city"))
	}
	o := h.m.Outcome()
	if o.Report.Current.ID != fakeapi.MedicareLeadID || len(o.Report.Others) != 1 || o.Report.Others[0].ID != fakeapi.CustomDataID {
		t.Fatalf("outcome %+v", o)
	}
}

// Enter before the results for what was typed have arrived (within the
// pause) acts on the query as typed: it searches at once, never opens the
// selection of an older query, and opens the one customer found.
func TestEnterOnStaleResultsOpensWhatWasAskedFor(t *testing.T) {
	h := newHarness(t, "")
	h.find("O'Connell")
	h.keys("ctrl+u")
	h.typ("Herrera")
	h.keys("enter") // the list still shows O'Connell
	h.mustSee("Tomás Herrera", "Identity")
	if h.m.id != fakeapi.MarketplaceID {
		t.Fatalf("opened %s", h.m.id)
	}
	// More than one: the list is shown for a choice, nothing opens.
	h.keys("ctrl+t", "ctrl+u")
	h.typ("a")
	h.keys("enter")
	h.mustSee("customers match: choose one")
	if _, editing := h.m.active.(*editor); editing {
		t.Fatal("opened one of several")
	}
}
