package apify

import (
	"cmp"
	"context"
	"fmt"
	"time"
)

// A webhook dispatch is read one by one, listed page by page, or waited
// for until it settles; all three live here.

// GetWebhookDispatch reads one dispatch by its ID.
func (c *Client) GetWebhookDispatch(ctx context.Context, id string) (*WebhookDispatch, error) {
	return getByID[WebhookDispatch](ctx, c, "webhook dispatch", "/v2/webhook-dispatches", id)
}

// ListWebhookDispatches reads the newest dispatches, newest first: those
// of webhook webhookID, or of the whole account when webhookID is empty.
// See listNewestFirst for how it pages and when it stops.
func (c *Client) ListWebhookDispatches(ctx context.Context, webhookID string, opts ListOptions) (*List[WebhookDispatch], error) {
	path := "/v2/webhook-dispatches"
	if webhookID != "" {
		path = "/v2/webhooks/" + pathSegment(webhookID) + "/dispatches"
	}
	return listNewestFirst[WebhookDispatch](ctx, c, path, opts)
}

func (d *WebhookDispatch) listID() string        { return deref(d.ID) }
func (d *WebhookDispatch) listCreatedAt() string { return deref(d.CreatedAt) }

// deref is the value p points at, or the zero value when p is nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// WaitOptions sets how often WaitForWebhookDispatch polls. Zero values
// select the defaults.
type WaitOptions struct {
	// FirstInterval is the wait before the second read; each later wait
	// doubles, up to MaxInterval.
	FirstInterval time.Duration
	MaxInterval   time.Duration
	// NotFoundFor is how long after the wait starts a dispatch that is
	// not found (404) is taken as not readable yet, as one just created
	// may be for a moment, and read again. Zero takes a 404 as final.
	NotFoundFor time.Duration
}

// Default polling intervals of WaitForWebhookDispatch.
const (
	DefaultWaitFirstInterval = 2 * time.Second
	DefaultWaitMaxInterval   = 30 * time.Second
)

// StillActiveError is a wait that ended, by its deadline or by
// cancellation, while the dispatch was still ACTIVE.
type StillActiveError struct {
	Dispatch *WebhookDispatch
	// Waited is how long the wait lasted, Reads how often it read the
	// dispatch.
	Waited time.Duration
	Reads  int
	Err    error
}

func (e *StillActiveError) Error() string {
	return fmt.Sprintf("the webhook dispatch is still %s after %s: the platform has made %s so far, "+
		"and the provider read the dispatch %s",
		DispatchStatusActive, e.Waited.Round(time.Second), Plural(len(e.Dispatch.Calls), "delivery call"), Plural(e.Reads, "time"))
}

func (e *StillActiveError) Unwrap() error { return e.Err }

// WaitForWebhookDispatch reads a dispatch until its status is anything
// but ACTIVE, waiting longer between reads each time, and reads again one
// not found for opts.NotFoundFor. It ends when ctx does, with a
// *StillActiveError that tells what the dispatch last looked like, or a
// *StoppedError when it was never read.
func (c *Client) WaitForWebhookDispatch(ctx context.Context, id string, opts WaitOptions) (*WebhookDispatch, error) {
	interval := cmp.Or(opts.FirstInterval, DefaultWaitFirstInterval)
	maxInterval := cmp.Or(opts.MaxInterval, DefaultWaitMaxInterval)
	started := time.Now()
	stopped := func(d *WebhookDispatch, reads int) error {
		if d == nil {
			return &StoppedError{Err: ctx.Err()}
		}
		return &StillActiveError{Dispatch: d, Waited: time.Since(started), Reads: reads, Err: ctx.Err()}
	}

	d, err := c.GetWebhookDispatch(ctx, id)
	for reads := 1; ; reads++ {
		notYet := d == nil && IsNotFound(err) && time.Since(started) < opts.NotFoundFor
		active := err == nil && d.Status != nil && *d.Status == DispatchStatusActive
		if !notYet && !active {
			break
		}
		if c.logger != nil {
			c.logger.Debug(ctx, "Webhook dispatch is not settled or not readable yet; waiting", map[string]any{
				"dispatch_id": id, "wait": interval.String(), "reads": reads, "not_found": notYet,
			})
		}
		timer := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, stopped(d, reads)
		case <-timer.C:
		}
		interval = min(interval*2, maxInterval)

		var next *WebhookDispatch
		if next, err = c.GetWebhookDispatch(ctx, id); err == nil {
			d = next
		} else if ctx.Err() != nil {
			return nil, stopped(d, reads)
		}
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Plural formats a count of things, for messages about what the API
// did: "1 time", "2 times".
func Plural(n int, thing string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, thing)
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
