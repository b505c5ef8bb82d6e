package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/forms"
	"github.com/carecycle/ccedit/ui/draft"
)

func (lm *lineMode) review() []forms.Change {
	rv := newReview(lm.ed)
	if len(rv.invalid) > 0 {
		for _, in := range rv.invalid {
			lm.say("Invalid: %s (%s): %s", in.Field.Label, in.Field.Name, in.Err)
		}
		return nil
	}
	if len(rv.changes) == 0 {
		lm.say("Nothing changed, so nothing would be sent.")
		return nil
	}
	lm.say("%d change%s would be sent as PATCH /v2/customers/%s:", len(rv.changes), plural(len(rv.changes)), lm.id)
	for _, c := range rv.changes {
		lm.say("  %s, %s (%s): %s -> %s", c.Field.Group, c.Field.Label, c.Field.Name,
			lm.safe(rawPlain(c.Before, 200)), lm.safe(rawPlain(c.After, 200)))
	}
	lm.say("Body: %s", lm.safe(rv.body))
	return rv.changes
}

func (lm *lineMode) save() {
	changes := lm.review()
	if len(changes) == 0 {
		return
	}
	if ans, ok := lm.ask("Send these changes? (yes/no)"); !ok || !strings.HasPrefix(strings.ToLower(ans), "y") {
		lm.say("Not sent. Your edits are kept.")
		return
	}
	for round := 0; round < 3; round++ {
		switch msg := saveCustomerCmd(lm.c.Client, lm.id, changes, 0)().(type) {
		case customerSavedMsg:
			if msg.err != nil {
				f := explain(msg.err, lm.id, lm.c.KeyHint, true)
				lm.say("Not saved. %s %s", lm.safe(f.title), lm.safe(f.hint))
				if e, ok := apiclient.AsError(msg.err); ok {
					for _, is := range e.Issues {
						lm.say("  %s: %s", lm.safe(strings.Trim(fmt.Sprint(is.Path), "[]")), lm.safe(is.Message))
					}
				}
				return
			}
			differ := lm.ed.afterSave(msg.cust, append(append([]forms.Change(nil), msg.sent...), msg.already...))
			lm.sent += len(msg.sent)
			lm.changed()
			lm.say("%s", lm.safe(savedText(msg.sent, msg.already, differ)))
			return
		case conflictMsg:
			lm.say("Someone else changed %d of these fields since they were loaded. Nothing was sent.", len(msg.conflicts))
			lm.ed.rebase(msg.theirs, lm.askConflicts(msg.conflicts))
			lm.changed()
			if changes = lm.review(); len(changes) == 0 {
				return
			}
			if ans, ok := lm.ask("Send these changes? (yes/no)"); !ok || !strings.HasPrefix(strings.ToLower(ans), "y") {
				lm.say("Not sent. Your edits are kept.")
				return
			}
		}
	}
}

func (lm *lineMode) quit() bool {
	n := lm.ed.dirty()
	if n == 0 {
		return true
	}
	ans, ok := lm.ask(fmt.Sprintf("%d unsaved change%s. Keep them in a draft for next time (k), discard them (d), or stay (s)?", n, plural(n)))
	switch {
	case !ok, strings.HasPrefix(strings.ToLower(ans), "k"):
		return true
	case strings.HasPrefix(strings.ToLower(ans), "d"):
		for i := range lm.ed.fields {
			lm.ed.fields[i].revert()
		}
		lm.changed()
		return true
	}
	return false
}

func (lm *lineMode) offerDraft(current *apiclient.Customer) {
	if lm.c.Drafts == nil {
		return
	}
	d, err := lm.c.Drafts.Load(lm.id)
	var ce *draft.CorruptError
	switch {
	case errors.Is(err, draft.ErrNone):
		return
	case errors.As(err, &ce):
		lm.say("The draft for this customer could not be read; it was kept at %s.", ce.KeptAt)
		return
	case err != nil:
		lm.say("The draft was not read: %s", lm.safe(err.Error()))
		return
	}
	lm.say("There are unsaved changes from an earlier session (saved %s).", d.SavedAt.In(lm.c.Zone).Format("Mon 2 Jan 15:04"))
	ans, ok := lm.ask("Restore them (r) or discard them (d)?")
	if !ok || !strings.HasPrefix(strings.ToLower(ans), "r") {
		_ = lm.c.Drafts.Delete(lm.id)
		lm.say("Draft discarded.")
		return
	}
	lm.ed = editorFromDraft(lm.c, d)
	mg := forms.Merge(lm.ed.changes, current.Fields)
	lm.ed.rebase(current, lm.askConflicts(mg.Conflicts))
	lm.changed()
	lm.say("Restored %d unsaved change%s. Type review to see them.", lm.ed.dirty(), plural(lm.ed.dirty()))
}

// askConflicts shows each field someone else changed too and asks which
// value to keep; it returns, per field, whether the agent kept their own value.
func (lm *lineMode) askConflicts(cs []forms.Conflict) map[string]bool {
	keepMine := map[string]bool{}
	for _, c := range cs {
		lm.say("%s (%s): loaded %s, theirs %s, mine %s.", c.Field.Label, c.Field.Name,
			lm.safe(rawPlain(c.Base, 200)), lm.safe(rawPlain(c.Theirs, 200)), lm.safe(rawPlain(c.Mine, 200)))
		ans, _ := lm.ask("Keep theirs or mine? (t/m)")
		keepMine[c.Field.Name] = strings.HasPrefix(strings.ToLower(strings.TrimSpace(ans)), "m")
	}
	return keepMine
}
