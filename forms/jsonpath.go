package forms

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
)

// PathChange is one place where two JSON values differ: Path is a dotted
// path ("campaign.score", "tags[2]"; "" for the value as a whole), Before
// is nil where the path was added and After is nil where it was removed.
type PathChange struct {
	Path          string
	Before, After json.RawMessage
}

// JSONPaths lists the paths at which after differs from before, sorted by
// path: what changed inside a JSON value, for people. Values that are not
// valid JSON, or beyond jsonlimit.Default, compare as a whole: no tree is
// built of a value that ccedit would not take.
func JSONPaths(before, after json.RawMessage) []PathChange {
	var b, a any
	if jsonlimit.Check(before, jsonlimit.Default()) != nil || jsonlimit.Check(after, jsonlimit.Default()) != nil ||
		json.Unmarshal(before, &b) != nil || json.Unmarshal(after, &a) != nil {
		if SameJSON(before, after) {
			return nil
		}
		return []PathChange{{Before: before, After: after}}
	}
	var out []PathChange
	diffPaths("", b, a, true, true, &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func diffPaths(path string, b, a any, hasB, hasA bool, out *[]PathChange) {
	bm, bObj := b.(map[string]any)
	am, aObj := a.(map[string]any)
	if bObj && aObj && hasB && hasA {
		for k, bv := range bm {
			av, ok := am[k]
			diffPaths(join(path, k), bv, av, true, ok, out)
		}
		for k, av := range am {
			if _, ok := bm[k]; !ok {
				diffPaths(join(path, k), nil, av, false, true, out)
			}
		}
		return
	}
	bl, bArr := b.([]any)
	al, aArr := a.([]any)
	if bArr && aArr && hasB && hasA && len(bl) == len(al) {
		for i := range bl {
			diffPaths(path+"["+strconv.Itoa(i)+"]", bl[i], al[i], true, true, out)
		}
		return
	}
	pc := PathChange{Path: path}
	if hasB {
		pc.Before = mustJSON(b)
	}
	if hasA {
		pc.After = mustJSON(a)
	}
	if hasB && hasA && string(pc.Before) == string(pc.After) {
		return
	}
	*out = append(*out, pc)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(fmt.Sprintf("%q", fmt.Sprint(v)))
	}
	return b
}
