package apify

// The helpers the package's tests share: a client of the fake API, and
// the checks the tests make.

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

const testMaxRetries = 3

// newTestClient returns a client for fake with short backoff waits, so
// that retry tests run quickly. Tests about the waits themselves set their
// own.
func newTestClient(t *testing.T, fake *apifytest.Server, edit ...func(*Config)) *Client {
	t.Helper()
	base, err := ParseBaseURL(fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		BaseURL:      base,
		Token:        fake.Token,
		UserAgent:    "terraform-provider-apify/test",
		MaxRetries:   testMaxRetries,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
	}
	for _, e := range edit {
		e(&cfg)
	}
	return NewClient(cfg)
}

func checkString(t *testing.T, field string, got *string, want string) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is nil, want %q", field, want)
		return
	}
	if *got != want {
		t.Errorf("%s = %q, want %q", field, *got, want)
	}
}

// expectStopsWhenCanceled runs read, cancels its context once the fake
// has received the first request, and expects read to return at once
// with context.Canceled. The deadline only keeps a broken read from
// hanging the test.
func expectStopsWhenCanceled(t *testing.T, fake *apifytest.Server, read func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- read(ctx) }()
	waitForRequests(t, fake, 1)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the read did not stop after cancellation")
	}
}

// cuedDeadline is a context whose deadline passes when the test says so,
// not by the clock, so that how many reads fit before it does not depend
// on how busy the machine is.
type cuedDeadline struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newCuedDeadline(parent context.Context) *cuedDeadline {
	return &cuedDeadline{Context: parent, done: make(chan struct{})}
}

func (c *cuedDeadline) pass() { c.once.Do(func() { close(c.done) }) }

func (c *cuedDeadline) Done() <-chan struct{} { return c.done }

func (c *cuedDeadline) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
