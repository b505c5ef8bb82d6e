package apiclient

import (
	"net/url"
	"strconv"
)

// The query parameters of GET /v2/customers. The published reference
// documents a page, a page size (1–100), a free-text search over name,
// phone, e-mail and location, a sort field and a sort direction, but its
// capture lost their names: these are the likely ones, and this is the
// only place that names them. A server that ignores an unknown name
// answers unfiltered or unsorted; the search screen checks for that.
const (
	paramPage      = "page"
	paramLimit     = "limit"
	paramSearch    = "search"
	paramSortBy    = "sortBy"
	paramSortOrder = "sortOrder"
)

// SortFields are the documented sort fields; the first is the API's default.
var SortFields = [...]string{"createdAt", "lastName", "firstName", "callerId"}

// ListQuery is one page of a customer search.
type ListQuery struct {
	Search string
	Page   int    // from 1
	Limit  int    // 1–100; 0 leaves the API's default (50)
	SortBy string // one of SortFields; "" for the API's default
	Asc    bool   // ascending; the API's default is descending
}

func (q ListQuery) values() url.Values {
	v := url.Values{}
	v.Set(paramPage, strconv.Itoa(max(q.Page, 1)))
	if q.Limit > 0 {
		v.Set(paramLimit, strconv.Itoa(q.Limit))
	}
	if q.Search != "" {
		v.Set(paramSearch, q.Search)
	}
	if q.SortBy != "" {
		v.Set(paramSortBy, q.SortBy)
		order := "desc"
		if q.Asc {
			order = "asc"
		}
		v.Set(paramSortOrder, order)
	}
	return v
}
