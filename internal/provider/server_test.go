package provider

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type requestMarkerKey struct{}

// requestMarker stands for everything a request's context carries. It
// has a size so that each one is an allocation of its own.
type requestMarker struct{ _ [64]byte }

// The framework keeps every call's context until the provider is stopped;
// the server must not let that keep what the calls' contexts carried.
func TestServerLetsGoOfRequestsAfterTheyReturn(t *testing.T) {
	server := NewServer("test")()
	ctx := context.Background()
	calls := map[string]func(context.Context){
		"ValidateDataResourceConfig": func(ctx context.Context) {
			_, _ = server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "apify_webhook_dispatch"})
		},
		"ReadDataSource": func(ctx context.Context) {
			_, _ = server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "apify_webhook_dispatch"})
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			const n = 50
			markers := make([]weak.Pointer[requestMarker], n)
			for i := range n {
				marker := new(requestMarker)
				markers[i] = weak.Make(marker)
				call(context.WithValue(ctx, requestMarkerKey{}, marker))
			}
			runtime.GC()
			kept := 0
			for _, m := range markers {
				if m.Value() != nil {
					kept++
				}
			}
			if kept > 0 {
				t.Errorf("%d of %d requests' contexts are still reachable after their calls returned", kept, n)
			}
		})
	}
}

func TestRequestContextStandsForItsParentUntilReleased(t *testing.T) {
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), requestMarkerKey{}, "value"), time.Now().Add(time.Hour))
	defer cancel()
	c := newRequestContext(parent)

	if got := c.Value(requestMarkerKey{}); got != "value" {
		t.Errorf("Value before release = %v, want the parent's", got)
	}
	want, _ := parent.Deadline()
	if got, ok := c.Deadline(); !ok || !got.Equal(want) {
		t.Errorf("Deadline before release = %v, %v; want the parent's, %v", got, ok, want)
	}
	if c.Done() != parent.Done() {
		t.Error("Done is not the parent's channel")
	}
	if err := c.Err(); err != nil {
		t.Errorf("Err before release = %v, want nil", err)
	}

	c.release()
	if got := c.Value(requestMarkerKey{}); got != nil {
		t.Errorf("Value after release = %v, want nil", got)
	}
	if _, ok := c.Deadline(); ok {
		t.Error("Deadline after release still reports one")
	}
	if err := c.Err(); err != nil {
		t.Errorf("Err after release, before the parent is done = %v, want nil", err)
	}
	if c.Done() != parent.Done() {
		t.Error("Done after release is not the same channel")
	}

	cancel()
	if err := c.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err after the parent is done = %v, want context.Canceled", err)
	}
}

// A context derived during the call is canceled with the request.
func TestRequestContextChildrenEndWithTheRequest(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	c := newRequestContext(parent)
	child, stop := context.WithCancel(c)
	defer stop()
	c.release()
	cancel()
	select {
	case <-child.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("a context derived from the request was not canceled when the request ended")
	}
}
