package fakeapi

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// published is one request-body field of testdata/customer-fields.json.
type published struct {
	Position  int
	Name      *string
	Type      string
	Nullable  bool
	MaxLength *int
	Enum      []string
	Min, Max  *int64
}

func readPublished(t *testing.T) []published {
	t.Helper()
	b, err := os.ReadFile("../../testdata/customer-fields.json")
	if err != nil {
		t.Fatal(err)
	}
	var pub []published
	if err := json.Unmarshal(b, &pub); err != nil {
		t.Fatal(err)
	}
	return pub
}

// The fake accepts and refuses, field by field, what the published
// constraints say, driven by the published file rather than by the fake's
// own table: lengths in UTF-16 units, enums exactly, 32-bit integers,
// uuids, nullability and types. Unknown keys are refused.
func TestPatchFollowsEveryPublishedConstraint(t *testing.T) {
	s := New(Options{RateLimit: -1})
	path := "/v2/customers/" + MedicareLeadID
	send := func(name, value string) (int, string) {
		t.Helper()
		body := `{` + strconv.Quote(name) + `:` + value + `}`
		rec, m := do(t, s, "PATCH", path, DemoKey, body)
		code := ""
		if errs, _ := m["errors"].([]any); len(errs) == 1 {
			is := errs[0].(map[string]any)
			if p, _ := is["path"].([]any); len(p) == 1 && p[0] == name {
				code, _ = is["code"].(string)
			}
		}
		return rec.Code, code
	}
	accept := func(name, value string) {
		t.Helper()
		if status, _ := send(name, value); status != 200 {
			t.Errorf("%s = %.60s: refused (%d)", name, value, status)
		}
	}
	refuse := func(name, value, wantCode string) {
		t.Helper()
		if status, code := send(name, value); status != 422 || code != wantCode {
			t.Errorf("%s = %.60s: %d %q, want 422 %q", name, value, status, code, wantCode)
		}
	}
	q := strconv.Quote
	named := 0
	for _, f := range readPublished(t) {
		if f.Name == nil {
			continue // 72–74: no published name, never sent
		}
		named++
		n := *f.Name
		if f.Nullable {
			accept(n, "null")
		} else {
			refuse(n, "null", "invalid_type")
		}
		switch {
		case f.Type == "any":
			for _, v := range []string{`{"a":[1,{"b":null}]}`, `[1,"x"]`, `3.5`, `"x"`, `true`} {
				accept(n, v)
			}
		case f.Type == "boolean":
			accept(n, "true")
			accept(n, "false")
			refuse(n, `"true"`, "invalid_type")
			refuse(n, `1`, "invalid_type")
		case f.Type == "integer":
			lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
			if f.Min == nil || f.Max == nil || *f.Min != lo || *f.Max != hi {
				t.Fatalf("%s: published range %v…%v; the fake knows 32-bit integers only", n, f.Min, f.Max)
			}
			accept(n, strconv.FormatInt(lo, 10))
			accept(n, strconv.FormatInt(hi, 10))
			accept(n, "1e3")
			refuse(n, strconv.FormatInt(lo-1, 10), "too_small")
			refuse(n, strconv.FormatInt(hi+1, 10), "too_big")
			refuse(n, "1.5", "invalid_type")
			refuse(n, `"5"`, "invalid_type")
		case f.Type == "uuid":
			accept(n, q("92983ab9-49c8-444b-85ae-6e40402cf72e"))
			accept(n, q("92983AB9-49C8-444B-85AE-6E40402CF72E"))
			refuse(n, q("92983ab9-49c8-944b-85ae-6e40402cf72e"), "invalid_string") // version 9
			refuse(n, q("nope"), "invalid_string")
			refuse(n, "7", "invalid_type")
		case f.Type == "string" && f.Enum != nil:
			for _, v := range f.Enum {
				accept(n, q(v))
			}
			refuse(n, q(strings.ToUpper(f.Enum[0])), "invalid_enum_value")
			refuse(n, q(f.Enum[0]+" "), "invalid_enum_value")
			refuse(n, "1", "invalid_type")
		case f.Type == "string":
			refuse(n, "1", "invalid_type")
			refuse(n, "false", "invalid_type")
			if f.MaxLength == nil {
				accept(n, q(strings.Repeat("x", 1000)))
				break
			}
			max := *f.MaxLength
			accept(n, q(strings.Repeat("x", max)))
			refuse(n, q(strings.Repeat("x", max+1)), "too_big")
			// 😀 is two UTF-16 units: max/2 of them (and one x when max is
			// odd) is exactly max; one more emoji is over.
			fit := strings.Repeat("😀", max/2) + strings.Repeat("x", max%2)
			accept(n, q(fit))
			refuse(n, q(strings.Repeat("😀", max/2+1)), "too_big")
		default:
			t.Fatalf("%s: published type %q unknown to the test", n, f.Type)
		}
	}
	if named != 71 {
		t.Fatalf("%d named fields, want 71", named)
	}
	for _, n := range []string{"id", "createdAt", "updatedAt", "nickname", "FirstName"} {
		refuse(n, q("x"), "unrecognized_keys")
	}
}
