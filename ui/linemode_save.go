package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/workflow"
)

func (lm *lineMode) edit(arg string) {
	i, ok := lm.fieldNamed(arg)
	if !ok {
		return
	}
	f := lm.field(i)
	cur := lm.rec.Value(i)
	if f.ReadOnly {
		lm.say("%s (%s) is read-only: %s.", f.Label, f.Name, lm.value(f, cur))
		return
	}
	if lm.rec.Absent(i) {
		lm.say("%s (%s): %s", f.Label, f.Name, absentNotice)
		return
	}
	lm.say("%s (%s). Now %s; loaded %s.", f.Label, f.Name, lm.value(f, cur), lm.value(f, lm.rec.Base(i)))
	if f.Help != "" {
		lm.say("%s", f.Help)
	}
	var v forms.Value
	if ch := f.Choices(); ch != nil {
		var opts []string
		for k, c := range ch {
			opts = append(opts, fmt.Sprintf("%d %s", k+1, choiceLabel(f, c)))
		}
		ans, ok := lm.ask("Choose (" + strings.Join(opts, ", ") + "), or Enter to keep:")
		ans = strings.TrimSpace(ans)
		if !ok || ans == "" {
			return
		}
		// A number from the list, then what `ccedit set` takes (Yes, No,
		// an option in any case, not set), then the start of a choice.
		if k, err := strconv.Atoi(ans); err == nil && k >= 1 && k <= len(ch) {
			v = choiceValue(ch[k-1])
		} else if pv, err := forms.ParseInput(f, ans); err == nil {
			v = pv
		} else if v, ok = pickChoice(f, forms.NullValue(), ans); !ok {
			lm.say("Not one of the choices; %s is unchanged.", f.Label)
			return
		}
	} else {
		limit := ""
		if f.MaxLen > 0 {
			limit = fmt.Sprintf(" (at most %d characters)", f.MaxLen)
		}
		ans, ok := lm.ask("New value" + limit + "; a single - clears it; Enter keeps it:")
		if !ok || ans == "" {
			return
		}
		if ans == "-" {
			ans = ""
		}
		var err error
		// The parser `ccedit set` uses: the same value, the same message.
		if v, err = forms.ParseInput(f, ans); err != nil && v != lm.rec.Base(i) {
			lm.say("Not accepted: %s. %s is unchanged.", err, f.Label)
			return
		}
	}
	lm.rec.Set(i, v)
	lm.changed()
	if ch := lm.rec.Change(f.Name); ch != nil {
		lm.say("%s: %s -> %s (unsaved).", f.Label, lm.safe(forms.RawText(ch.Before, 200)), lm.safe(forms.RawText(ch.After, 200)))
	} else {
		lm.say("%s is unchanged.", f.Label)
	}
}

func (lm *lineMode) review() []forms.Change {
	if inv := lm.rec.Invalids(); len(inv) > 0 {
		for _, in := range inv {
			lm.say("Invalid: %s (%s): %s", in.Field.Label, in.Field.Name, in.Err)
		}
		return nil
	}
	changes := lm.rec.Changes()
	if len(changes) == 0 {
		lm.say("Nothing changed, so nothing would be sent.")
		return nil
	}
	lm.say("%d change%s would be sent as PATCH /v2/customers/%s:", len(changes), plural(len(changes)), lm.id)
	for _, c := range changes {
		lm.say("  %s, %s (%s): %s -> %s", c.Field.Group, c.Field.Label, c.Field.Name,
			lm.safe(forms.RawText(c.Before, 200)), lm.safe(forms.RawText(c.After, 200)))
	}
	lm.say("Body: %s", lm.safe(string(forms.Patch(changes))))
	return changes
}

func (lm *lineMode) confirm() bool {
	ans, ok := lm.ask("Send these changes? (yes/no)")
	if !ok || !strings.HasPrefix(strings.ToLower(ans), "y") {
		lm.say("Not sent. Your edits are kept.")
		return false
	}
	return true
}

func (lm *lineMode) save() {
	changes := lm.review()
	if len(changes) == 0 || !lm.confirm() {
		return
	}
	for round := 0; round < 3; round++ {
		res := workflow.Save(lm.ctx, lm.c.Client, lm.c.Locks, lm.id, changes)
		switch {
		case len(res.Conflicts) > 0:
			lm.say("Someone else changed %d of these fields since they were loaded. Nothing was sent.", len(res.Conflicts))
			lm.rec.Rebase(res.Theirs, lm.askConflicts(res.Conflicts))
			lm.changed()
			if changes = lm.review(); len(changes) == 0 || !lm.confirm() {
				return
			}
		case res.Err != nil:
			ex := workflow.Explain(res.Err, lm.id, lm.c.KeyHint, true)
			lm.say("Not saved. %s %s", lm.safe(ex.Title), lm.safe(ex.Hint))
			if e, ok := apiclient.AsError(res.Err); ok {
				for _, is := range e.Issues {
					lm.say("  %s: %s", lm.safe(strings.Trim(fmt.Sprint(is.Path), "[]")), lm.safe(is.Message))
				}
			}
			return
		default:
			differ := lm.rec.AfterSave(res.Cust, res.Saved())
			lm.sent += len(res.Sent) + len(res.Landed)
			lm.changed()
			lm.say("%s", lm.safe(workflow.SavedText(res, differ)))
			return
		}
	}
}

func (lm *lineMode) quit() bool {
	n := lm.rec.Dirty()
	if n == 0 {
		return true
	}
	if lm.c.Drafts != nil {
		lm.changed() // if the last write failed, this one may not
	}
	if problem := lm.draftProblem(); problem != "" {
		ans, _ := lm.ask(fmt.Sprintf("%d unsaved change%s, and no draft holds them (%s): leaving now loses them. "+
			"Save them (s), discard them and quit (d), or stay (Enter)?", n, plural(n), lm.safe(problem)))
		switch a := strings.ToLower(strings.TrimSpace(ans)); {
		case strings.HasPrefix(a, "s"):
			lm.save()
		case strings.HasPrefix(a, "d"):
			lm.discardAll()
			return true
		}
		return false
	}
	// The same letters as the full screen's quit dialog.
	ans, ok := lm.ask(fmt.Sprintf("Quit with %d unsaved change%s? Quit and keep them in a draft (y), discard them (d), or keep editing (n)?", n, plural(n)))
	a := strings.ToLower(strings.TrimSpace(ans))
	switch {
	case !ok, strings.HasPrefix(a, "y"), strings.HasPrefix(a, "k"):
		return true
	case strings.HasPrefix(a, "d"):
		lm.discardAll()
		return true
	}
	return false
}

// discardAll reverts every field and deletes the draft.
func (lm *lineMode) discardAll() {
	for i := range lm.c.Schema.Fields() {
		lm.rec.Revert(i)
	}
	lm.changed()
}

// draftProblem says why unsaved edits would not be kept if the agent left
// now, or "" when the draft holds them.
func (lm *lineMode) draftProblem() string {
	switch {
	case lm.noJournal != "":
		return lm.noJournal
	case lm.c.Drafts == nil:
		return "this session keeps no drafts"
	case lm.c.Drafts.Health() != nil:
		return "drafts cannot be written: " + reason(lm.c.Drafts.Health())
	}
	return ""
}

func (lm *lineMode) offerDraft(current *apiclient.Customer) {
	chk := workflow.CheckDraft(lm.c.Drafts, lm.c.Schema, lm.id)
	if chk.Notice != "" {
		lm.say("%s", lm.safe(chk.Notice))
	}
	if chk.Draft == nil {
		return
	}
	lm.say("There are unsaved changes from an earlier session (saved %s).", chk.Draft.SavedAt.In(lm.c.Zone).Format("Mon 2 Jan 15:04"))
	ans, ok := lm.ask("Restore them (r) or discard them (d)?")
	if !ok || !strings.HasPrefix(strings.ToLower(ans), "r") {
		_ = lm.c.Drafts.Delete(lm.id)
		lm.say("Draft discarded.")
		return
	}
	rs := workflow.Restore(lm.c.Schema, chk.Draft, current)
	lm.rec = workflow.RestoreInto(lm.c.Schema, current, rs, lm.askConflicts(rs.Conflicts))
	lm.changed()
	lm.say("Restored %d unsaved change%s. Type review to see them.", lm.rec.Dirty(), plural(lm.rec.Dirty()))
}

// askConflicts shows each field someone else changed too and asks which
// value to keep; it returns, per field, whether the agent kept their own value.
func (lm *lineMode) askConflicts(cs []forms.Conflict) map[string]bool {
	keepMine := map[string]bool{}
	for _, c := range cs {
		lm.say("%s (%s): loaded %s, theirs %s, mine %s.", c.Field.Label, c.Field.Name,
			lm.safe(forms.RawText(c.Base, 200)), lm.safe(forms.RawText(c.Theirs, 200)), lm.safe(forms.RawText(c.Mine, 200)))
		ans, _ := lm.ask("Keep theirs or mine? (t/m)")
		keepMine[c.Field.Name] = strings.HasPrefix(strings.ToLower(strings.TrimSpace(ans)), "m")
	}
	return keepMine
}
