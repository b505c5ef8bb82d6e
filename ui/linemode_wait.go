package ui

import (
	"context"
	"time"

	"github.com/carecycle/ccedit/ui/workflow"
)

// rateNotice is how long a request of the line mode waits for the rate
// limit before the line mode says so: a shorter wait passes unremarked.
const rateNotice = time.Second

// ratePoll is how often the line mode looks at the rate limit while a
// request is on its way.
const ratePoll = 250 * time.Millisecond

// watched runs f, a request that blocks the line mode (a load, a save, a
// search), and says once, while it lasts, that it waits for the rate
// limit every agent of the key shares, once it has waited rateNotice:
// nothing else would tell a screen reader's user why nothing happens.
// Nothing is said after f returns.
func (lm *lineMode) watched(f func()) {
	ctx, cancel := context.WithCancel(lm.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for lm.clock.Sleep(ctx, ratePoll) == nil {
			w := lm.c.Client.Waiting()
			if w.Waiting && lm.clock.Now().Sub(w.Since) >= rateNotice {
				lm.say("%s", workflow.WaitText(w))
				return
			}
		}
	}()
	defer func() { cancel(); <-done }()
	f()
}
