package workflow

import "strings"

// Typed answers to the session's questions, for the line mode (the full
// screen answers with dialogs whose letters are the same). An empty
// answer, or one not understood, asks again: nothing that could lose
// edits happens by default. The end of input (ok false) keeps every edit:
// the draft stays.

// word is a typed answer, lowered and trimmed.
func word(text string) string { return strings.ToLower(strings.TrimSpace(text)) }

// is reports whether w is the letter or one of the words.
func is(w string, letter string, words ...string) bool {
	if w == letter {
		return true
	}
	for _, x := range words {
		if w == x {
			return true
		}
	}
	return false
}

// ParseLockAnswer reads an answer to "another session has this customer
// open": o (open without a draft), r (look again), q (quit). The end of
// input quits.
func ParseLockAnswer(text string, ok bool) LockAnswer {
	w := word(text)
	switch {
	case !ok:
		return LockQuit
	case is(w, "o", "open"):
		return LockOpenWithoutDraft
	case is(w, "r", "retry", "look again", "again"):
		return LockLookAgain
	case is(w, "q", "quit", "exit"):
		return LockQuit
	}
	return LockAskAgain
}

// ParseDraftAnswer reads an answer to "unsaved changes from an earlier
// session": r (restore), d (discard), q (quit, keeping it). The end of
// input keeps it.
func ParseDraftAnswer(text string, ok bool) DraftAnswer {
	w := word(text)
	switch {
	case !ok:
		return DraftKeep
	case is(w, "r", "restore"):
		return DraftRestore
	case is(w, "d", "discard"):
		return DraftDiscard
	case is(w, "q", "quit", "keep", "exit"):
		return DraftKeep
	}
	return DraftAskAgain
}

// QuitLetter is the letter that answers a in the quit question, the same
// on every face.
func QuitLetter(a QuitAnswer) string {
	switch a {
	case QuitKeep:
		return "y"
	case QuitDiscard:
		return "d"
	case QuitStay:
		return "n"
	case QuitSave:
		return "s"
	case QuitWait:
		return "w"
	}
	return ""
}

// QuitWords is what an answer to the quit question says.
func QuitWords(a QuitAnswer) string {
	switch a {
	case QuitKeep:
		return "Quit and keep them in a draft for next time"
	case QuitDiscard:
		return "Discard them and quit"
	case QuitStay:
		return "Keep editing"
	case QuitSave:
		return "Review and save them now"
	case QuitWait:
		return "Wait for the save's answer"
	}
	return ""
}

// Words is what answer a to q says: QuitWords, but a demo's draft is
// kept only until the demo ends, not for next time.
func (q QuitQuestion) Words(a QuitAnswer) string {
	if a == QuitKeep && q.Demo {
		return "Quit and keep them in a draft until this demo ends"
	}
	return QuitWords(a)
}

// ParseQuitAnswer reads an answer to q by its letters. The end of input
// leaves keeping the draft when one holds the edits, and otherwise waits
// or stays: an answer is needed to lose them.
func ParseQuitAnswer(q QuitQuestion, text string, ok bool) QuitAnswer {
	if !ok {
		if q.Offers(QuitKeep) {
			return QuitKeep
		}
		return QuitAskAgain
	}
	w := word(text)
	for _, a := range q.Answers {
		if w == QuitLetter(a) || (a == QuitKeep && is(w, "k", "keep", "yes")) || (a == QuitDiscard && w == "discard") ||
			(a == QuitStay && is(w, "no", "stay")) || (a == QuitSave && w == "save") || (a == QuitWait && w == "wait") {
			return a
		}
	}
	return QuitAskAgain
}

// ParseMine reads an answer to "keep theirs or mine": t or m. ok2 is false
// for no answer or one not understood, which asks again.
func ParseMine(text string) (mine, ok bool) {
	switch w := word(text); {
	case is(w, "m", "mine"):
		return true, true
	case is(w, "t", "theirs"):
		return false, true
	}
	return false, false
}
