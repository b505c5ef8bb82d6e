package apiclient

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
)

// secret is a value of the records below that no error text may repeat.
const secret = "Zelda"

// deepRecord is a 62 KB record whose customData nests 9,990 levels: just
// under encoding/json's own bound of 10,000, so Go would build all of it.
func deepRecord() (body string, col int) {
	prefix := `{"id":"` + id + `","firstName":"` + secret + `","customData":`
	body = prefix + strings.Repeat(`{"a":`, 9990) + "1" + strings.Repeat("}", 9990) + "}"
	// The record is level 1 and customData's first object level 2: the
	// 64th object of customData is the 65th level, one past the limit.
	return body, len(prefix) + 63*len(`{"a":`) + 1
}

// allocated runs f and returns the bytes the process allocated meanwhile.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A record nested 9,990 levels deep is refused at once, with little
// memory, and the message says what and where without a byte of it.
func TestDeepRecordIsRefusedQuicklyAndCheaply(t *testing.T) {
	body, col := deepRecord()
	c := serve(t, reply(200, "application/json", body))
	var err error
	var took time.Duration
	n := allocated(func() {
		start := time.Now()
		_, err = c.GetCustomer(context.Background(), id)
		took = time.Since(start)
	})
	e, ok := AsError(err)
	if !ok || e.Kind != KindBadResponse || e.Status != 200 || !e.Sent {
		t.Fatalf("got %#v", err)
	}
	want := fmt.Sprintf("load customer: HTTP 200: the record nests deeper than 64 levels (line 1, column %d)", col)
	if err.Error() != want {
		t.Fatalf("error %q\nwant  %q", err, want)
	}
	var le *jsonlimit.Error
	if !errors.As(err, &le) || !le.Limit || le.Column != col {
		t.Fatalf("the position is not there for a program: %#v", le)
	}
	if took > 500*time.Millisecond {
		t.Errorf("refusing took %s", took)
	}
	// The body is 62 KB; the request, both ends of it, costs some 100 KB
	// more. Building the record would cost megabytes.
	if n > 1<<20 {
		t.Errorf("refusing allocated %d bytes", n)
	}
}

// Each limit and each kind of broken JSON is said in words and a place,
// for a record and for a page of them; no character of the body appears.
func TestRefusedBodiesAreDescribedWithoutQuoting(t *testing.T) {
	deep, deepCol := deepRecord()
	many := `{"id":"` + id + `","customData":[` + strings.Repeat("0,", 200_000) + `0]}`
	pre := `{"id":"` + id + `","firstName":`
	for _, c := range []struct {
		name, body, want string
		page             bool
	}{
		{"deep", deep, fmt.Sprintf("the record nests deeper than 64 levels (line 1, column %d)", deepCol), false},
		{"many values", many, "the record holds more than 200000 values (line 1, column ", false},
		{"bad character", pre + secret + `}`,
			fmt.Sprintf("the record is not valid JSON: an unexpected character where a value should begin (line 1, column %d)", len(pre)+1), false},
		{"truncated", pre + `"` + secret, fmt.Sprintf("the record is not valid JSON: ends before the JSON value is complete (line 1, column %d)", len(pre)+len(secret)+2), false},
		{"two values", `{"id":"` + id + `"}` + "\n" + `{"n":"` + secret + `"}`, "the record is not valid JSON: more than one JSON value (line 2, column 1)", false},
		{"html", "<html>" + secret + "</html>", "response is not a JSON object", false},
		{"page deep", `{"itemsTotal":1,"items":[` + deep + `]}`, "the customer list nests deeper than 64 levels (line 1, column ", true},
		// encoding/json places a type error just after the value.
		{"page shape", `{"itemsTotal":"` + secret + `","items":[]}`, "the customer list is not in the expected shape: a string where int belongs (line 1, column 22)", true},
		{"page bad character", `{"items":[{"id":` + secret + `}]}`, "the customer list is not valid JSON: an unexpected character where a value should begin (line 1, column 17)", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl := serve(t, reply(200, "application/json", c.body))
			var err error
			if c.page {
				_, err = cl.Search(context.Background(), ListQuery{})
			} else {
				_, err = cl.GetCustomer(context.Background(), id)
			}
			e, ok := AsError(err)
			if !ok || e.Kind != KindBadResponse || e.Err == nil || !strings.HasPrefix(e.Err.Error(), c.want) {
				t.Fatalf("got %v\nwant %s…", err, c.want)
			}
			if strings.Contains(err.Error(), secret) || strings.ContainsAny(err.Error(), `'"{<`) {
				t.Fatalf("the error quotes the body: %v", err)
			}
		})
	}
}

// A record just within the limits decodes as before.
func TestRecordAtTheLimitsDecodes(t *testing.T) {
	// Level 1 is the record, levels 2–64 customData.
	body := `{"id":"` + id + `","customData":` + strings.Repeat(`[`, 63) + strings.Repeat(`]`, 63) + `}`
	c := serve(t, reply(200, "application/json", body))
	cust, err := c.GetCustomer(context.Background(), id)
	if err != nil || len(cust.Fields["customData"]) != 126 {
		t.Fatalf("%v", err)
	}
	page := `{"itemsTotal":2,"currentPage":1,"items":[{"id":"` + id + `","city":"Tacoma"},{"id":"x"}]}`
	c = serve(t, reply(200, "application/json", page))
	p, err := c.Search(context.Background(), ListQuery{})
	if err != nil || p.ItemsTotal != 2 || len(p.Items) != 2 || p.Items[0].Str("city") != "Tacoma" {
		t.Fatalf("%+v %v", p, err)
	}
}
