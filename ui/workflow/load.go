package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/carecycle/ccedit/apiclient"
)

// Clock is the time the workflow sees; tests pass a fake so that nothing
// really sleeps.
type Clock interface {
	// Now is the current time.
	Now() time.Time
	// Sleep waits d, or returns ctx.Err() as soon as ctx is cancelled.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock returns the wall clock, sleeping on a timer.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error { return apiclient.Sleep(ctx, d) }

// RequestTimeout bounds one load; a save, which reads the record again and
// may take several rounds, gets twice as long. The client bounds each
// request with its own timeout too.
const RequestTimeout = 30 * time.Second

// Load fetches the customer, bounded by RequestTimeout. Its error is the
// client's *apiclient.Error as is, for Explain.
func Load(ctx context.Context, c *apiclient.Client, id string) (*apiclient.Customer, error) {
	ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
	defer cancel()
	return c.GetCustomer(ctx, id)
}

// LoadPatiently is Load that waits out up to tries rate limits (HTTP 429):
// before each wait it calls onWait (when not nil) with the explanation,
// whose Wait says how long, then sleeps that long on clock. Any other
// error, or a 429 after the last try, is returned at once as Load returns
// it; a cancelled ctx stops the wait and returns its error.
func LoadPatiently(ctx context.Context, c *apiclient.Client, clock Clock, id string, tries int,
	onWait func(Explanation)) (*apiclient.Customer, error) {
	for attempt := 0; ; attempt++ {
		cust, err := Load(ctx, c, id)
		if err == nil {
			return cust, nil
		}
		ex := Explain(err, id, "", false)
		if ex.Wait <= 0 || attempt >= tries || ctx.Err() != nil {
			return nil, err
		}
		if onWait != nil {
			onWait(ex)
		}
		if err := clock.Sleep(ctx, ex.Wait); err != nil {
			return nil, fmt.Errorf("load customer: waiting %s for the rate limit: %w", ex.Wait, err)
		}
	}
}
