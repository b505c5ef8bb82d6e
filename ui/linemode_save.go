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
	rec := lm.s.Record()
	f := lm.field(i)
	cur := rec.Value(i)
	if f.ReadOnly {
		lm.say("%s (%s) is read-only: %s.", f.Label, f.Name, lm.value(f, cur, false, lm.c.Mask))
		return
	}
	if rec.Absent(i) {
		lm.say("%s (%s): %s", f.Label, f.Name, absentNotice)
		return
	}
	// Edited on purpose, the value is shown whole, as the focused field is.
	lm.say("%s (%s). Now %s; loaded %s.", f.Label, f.Name, lm.value(f, cur, rec.Touched(i), false), lm.value(f, rec.Base(i), false, false))
	if f.Help != "" {
		lm.say("%s", f.Help)
	}
	var v forms.Value
	if ch := f.Choices(); ch != nil {
		v, ok = lm.choose(f, ch)
		if !ok {
			return
		}
	} else {
		limit := ""
		if f.MaxLen > 0 {
			limit = fmt.Sprintf(" (at most %d characters)", f.MaxLen)
		}
		prompt := "New value" + limit + "; a single - clears it; Enter keeps it:"
		// A refused value asks again: the agent's next line is the
		// corrected value, not a command.
		for {
			ans, ok := lm.ask(prompt)
			if !ok || ans == "" {
				return
			}
			if ans == "-" {
				ans = ""
			}
			var err error
			// The parser `ccedit set` uses: the same value, the same message.
			if v, err = forms.ParseInput(f, ans); err == nil || v == rec.Base(i) {
				break
			}
			lm.say("Not accepted: %s. %s is unchanged; type it again, or Enter to keep it.", err, f.Label)
			prompt = "New value" + limit + ":"
		}
	}
	rec.Set(i, v)
	lm.changed()
	if ch := rec.Change(f.Name); ch != nil {
		b, a := lm.change(f, ch.Before, ch.After)
		lm.say("%s: %s -> %s (unsaved).", f.Label, b, a)
	} else {
		lm.say("%s is unchanged.", f.Label)
	}
}

// choose asks for a list field's value: a number, a value `ccedit set`
// takes (Yes, an option in any case, a state's name), or the start of one.
// A long list (the states) is not read out whole: the agent types.
func (lm *lineMode) choose(f *forms.Field, ch []string) (forms.Value, bool) {
	q := "Type the value (a code or a name, or not set), or Enter to keep:"
	if len(ch) <= 15 {
		var opts []string
		for k, c := range ch {
			opts = append(opts, fmt.Sprintf("%d %s", k+1, choiceLabel(f, c)))
		}
		q = "Choose (" + strings.Join(opts, ", ") + "), or Enter to keep:"
	}
	ans, ok := lm.ask(q)
	ans = strings.TrimSpace(ans)
	if !ok || ans == "" {
		return forms.Value{}, false
	}
	if k, err := strconv.Atoi(ans); err == nil && k >= 1 && k <= len(ch) && len(ch) <= 15 {
		return choiceValue(ch[k-1]), true
	}
	if pv, err := forms.ParseInput(f, ans); err == nil {
		return pv, true
	}
	if m := f.Match(ans); len(m) > 0 {
		return forms.TextValue(m[0]), true
	}
	if v, ok := pickChoice(f, forms.NullValue(), ans); ok {
		return v, true
	}
	lm.say("Not one of the choices; %s is unchanged.", f.Label)
	return forms.Value{}, false
}

func (lm *lineMode) review() []forms.Change {
	rec := lm.s.Record()
	if inv := rec.Invalids(); len(inv) > 0 {
		for _, in := range inv {
			lm.say("Invalid: %s (%s): %s", in.Field.Label, in.Field.Name, in.Err)
		}
		return nil
	}
	for _, h := range rec.Held() {
		lm.say("Kept in the draft, not sent (the server no longer sends it): %s (%s): %s. Type drop %s to drop it.",
			h.Field.Label, h.Field.Name, lm.raw(h.Field, h.After, true), h.Field.Name)
	}
	changes := rec.Changes()
	if len(changes) == 0 {
		lm.say("Nothing changed, so nothing would be sent.")
		return nil
	}
	lm.say("%d change%s would be sent as PATCH /v2/customers/%s:", len(changes), plural(len(changes)), lm.s.ID())
	for _, c := range changes {
		b, a := lm.change(c.Field, c.Before, c.After)
		lm.say("  %s, %s (%s): %s -> %s", c.Field.Group, c.Field.Label, c.Field.Name, b, a)
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
	if len(lm.review()) == 0 || !lm.confirm() {
		return
	}
	for round := 0; round < 3; round++ {
		job, ok := lm.s.BeginSave()
		if !ok {
			if p := lm.s.AuditProblem(); p != "" {
				lm.say("Not saved: %s. Your edits are kept.", lm.safe(p))
			}
			return
		}
		var res workflow.SaveResult
		lm.watched(func() { res = job.Run(lm.ctx) })
		f := lm.s.Finish(res)
		switch {
		case f.Step == workflow.StepConflicts:
			_, cs, _, _ := lm.s.Conflicts()
			lm.say("Someone else changed %d of these fields since they were loaded. Nothing was sent.", len(cs))
			keep, ok := lm.askConflicts()
			if !ok {
				lm.s.CancelChoice()
				return
			}
			lm.s.Choose(keep)
			if len(lm.review()) == 0 || !lm.confirm() {
				return
			}
		case f.Err != nil:
			ex := workflow.Explain(f.Err, lm.s.ID(), lm.c.KeyHint, true)
			lm.say("Not saved. %s %s", lm.safe(ex.Title), lm.safe(ex.Hint))
			if e, ok := apiclient.AsError(f.Err); ok {
				for _, is := range e.Issues {
					lm.say("  %s: %s", lm.safe(strings.Trim(fmt.Sprint(is.Path), "[]")), lm.safe(is.Message))
				}
			}
			return
		default:
			lm.say("%s", lm.safe(f.Text))
			return
		}
	}
}

// quit asks before leaving when there is anything to lose; an answer not
// understood asks again. It reports whether to leave.
func (lm *lineMode) quit() bool {
	if !lm.s.NeedsAsking() {
		return true
	}
	_ = lm.s.Persist(false) // if the last write failed, this one may not
	for {
		q := lm.s.QuitQuestion()
		var opts []string
		for _, a := range q.Answers {
			opts = append(opts, fmt.Sprintf("%s (%s)", workflow.QuitLetter(a), strings.ToLower(q.Words(a))))
		}
		ans, ok := lm.ask(lm.safe(q.Title) + " Type " + orList(opts) + ":")
		a := workflow.ParseQuitAnswer(q, ans, ok)
		switch {
		case a == workflow.QuitAskAgain && !ok:
			return true // the input is gone: nothing can be asked (the report says what was lost)
		case a == workflow.QuitAskAgain:
			continue
		case a == workflow.QuitSave:
			lm.save()
			return false
		}
		return lm.s.AnswerQuit(a) == workflow.StepQuit
	}
}

// orList joins "a", "b", "c" as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// askLock says who holds the customer and asks what to do, until answered.
func (lm *lineMode) askLock() workflow.Step {
	lm.say("This customer is open in another ccedit session%s.", lm.safe(strings.TrimSuffix(" ("+lm.s.HolderText(lm.s.Holder())+")", " ()")))
	lm.say("That session keeps its edits in this customer's draft; this one can only work without a draft, and its edits would be lost if the link dropped before they were saved.")
	for {
		ans, ok := lm.ask("Open it without a draft (o), look again (r), or quit (q)?")
		a := workflow.ParseLockAnswer(ans, ok)
		if a == workflow.LockAskAgain {
			continue
		}
		step := lm.s.AnswerLock(a)
		if step == workflow.StepLocked {
			lm.say("Looked again: it is still open there.")
			continue
		}
		return step
	}
}

// offerDraft says what the draft from an earlier session changes and asks
// what to do with it, until answered; the end of input keeps it.
func (lm *lineMode) offerDraft() (workflow.Step, string) {
	chk := lm.s.Offer()
	lm.say("There are unsaved changes from an earlier session (saved %s), in %d field%s:",
		chk.Draft.SavedAt.In(lm.c.Zone).Format("Mon 2 Jan 15:04"), len(chk.Changes), plural(len(chk.Changes)))
	for _, c := range chk.Changes {
		lm.say("  %s (%s)", c.Field.Label, c.Field.Name)
	}
	for {
		ans, ok := lm.ask("Restore them (r), discard the draft (d), or quit keeping it (q)?")
		a := workflow.ParseDraftAnswer(ans, ok)
		if a == workflow.DraftAskAgain {
			lm.say("Type r, d or q.")
			continue
		}
		step, text := lm.s.AnswerDraft(a)
		if a == workflow.DraftDiscard {
			lm.say("%s", lm.safe(text))
			text = ""
		}
		return step, text
	}
}

// askConflicts shows each field someone else changed too and asks which
// value to keep; it returns, per field, whether the agent kept their own
// value. ok is false at the end of input: nothing is chosen, and the edits
// stay in the draft.
func (lm *lineMode) askConflicts() (keepMine map[string]bool, ok bool) {
	_, cs, _, _ := lm.s.Conflicts()
	keepMine = map[string]bool{}
	for _, c := range cs {
		lm.say("%s (%s): loaded %s, theirs %s, mine %s.", c.Field.Label, c.Field.Name,
			lm.raw(c.Field, c.Base, false), lm.raw(c.Field, c.Theirs, false), lm.raw(c.Field, c.Mine, true))
		for {
			ans, ok := lm.ask("Keep theirs or mine? (t/m)")
			if !ok {
				return nil, false
			}
			if mine, ok := workflow.ParseMine(ans); ok {
				keepMine[c.Field.Name] = mine
				break
			}
		}
	}
	return keepMine, true
}
