package provider

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type requestMarkerKey struct{}

// requestMarker stands for everything a request's context carries. It
// has a size so that each one is an allocation of its own.
type requestMarker struct{ _ [64]byte }

func newTestServer(t *testing.T) tfprotov6.ProviderServer {
	t.Helper()
	return NewServer("test")()
}

// contextsKept makes n calls of each per-instance call through server, each
// with a context carrying a marker, and returns how many markers are still
// reachable after a garbage collection, by call.
func contextsKept(server tfprotov6.ProviderServer, n int) map[string]int {
	calls := map[string]func(context.Context){
		"ValidateDataResourceConfig": func(ctx context.Context) {
			_, _ = server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "apify_webhook_dispatch"})
		},
		"ReadDataSource": func(ctx context.Context) {
			_, _ = server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "apify_webhook_dispatch"})
		},
		"ValidateResourceConfig": func(ctx context.Context) {
			_, _ = server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "apify_webhook"})
		},
		"UpgradeResourceState": func(ctx context.Context) {
			_, _ = server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "apify_webhook"})
		},
		"ReadResource": func(ctx context.Context) {
			_, _ = server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "apify_webhook"})
		},
		"PlanResourceChange": func(ctx context.Context) {
			_, _ = server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "apify_webhook"})
		},
		"ApplyResourceChange": func(ctx context.Context) {
			_, _ = server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: "apify_webhook"})
		},
		"ImportResourceState": func(ctx context.Context) {
			_, _ = server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "apify_webhook"})
		},
	}
	kept := map[string]int{}
	for name, call := range calls {
		markers := make([]weak.Pointer[requestMarker], n)
		for i := range n {
			marker := new(requestMarker)
			markers[i] = weak.Make(marker)
			call(context.WithValue(context.Background(), requestMarkerKey{}, marker))
		}
		runtime.GC()
		for _, m := range markers {
			if m.Value() != nil {
				kept[name]++
			}
		}
	}
	return kept
}

// The framework keeps every call's context until the provider is stopped;
// the server must not let that keep what the calls' contexts carried.
func TestServerLetsGoOfRequestsAfterTheyReturn(t *testing.T) {
	for name, kept := range contextsKept(newTestServer(t), 50) {
		if kept > 0 {
			t.Errorf("%s: %d of 50 requests' contexts are still reachable after their calls returned", name, kept)
		}
	}
}

// The behaviour releasingServer works around, shown on the framework's own
// server. When this test fails, the framework no longer keeps the
// requests, and releasingServer can be deleted.
func TestFrameworkKeepsRequestsAfterTheyReturn(t *testing.T) {
	framework, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	for name, kept := range contextsKept(framework, 50) {
		if kept < 50 {
			t.Errorf("%s: the framework kept %d of 50 requests' contexts; if it no longer keeps them, "+
				"delete releasingServer (internal/provider/server.go) and serve the framework's server", name, kept)
		}
	}
}

// tf6server finds the optional calls by type assertion: the server must
// answer each one its inner server does.
func TestServerPassesOnEveryCallOfTheFramework(t *testing.T) {
	server := newTestServer(t)
	// tf6server asserts ProviderServerWithListResource and its siblings:
	// a ProviderServer that is also one of these.
	for name, ok := range map[string]bool{
		"ListResourceServer": is[tfprotov6.ListResourceServer](server),
		"ActionServer":       is[tfprotov6.ActionServer](server),
		"StateStoreServer":   is[tfprotov6.StateStoreServer](server),
	} {
		if !ok {
			t.Errorf("the server is not a tfprotov6.%s", name)
		}
	}
	framework := providerserver.NewProtocol6(New("test")())()
	if missing := missingMethods(framework, server); len(missing) > 0 {
		t.Errorf("the server lacks %v of the framework's server", missing)
	}
}

func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}

// missingMethods lists the methods of inner that outer lacks.
func missingMethods(inner, outer any) []string {
	innerType, outerType := reflect.TypeOf(inner), reflect.TypeOf(outer)
	var missing []string
	for i := range innerType.NumMethod() {
		name := innerType.Method(i).Name
		if _, ok := outerType.MethodByName(name); !ok {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	return missing
}

// The check TestServerPassesOnEveryCallOfTheFramework makes is the one
// that catches a call the wrapper would hide.
func TestMissingMethodsNamesWhatTheWrapperHides(t *testing.T) {
	framework := providerserver.NewProtocol6(New("test")())()
	narrow := struct{ tfprotov6.ProviderServer }{framework}
	missing := missingMethods(framework, narrow)
	for _, want := range []string{"InvokeAction", "ListResource", "LockState"} {
		if !slices.Contains(missing, want) {
			t.Errorf("missingMethods = %v, want it to name %s", missing, want)
		}
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
	if got, ok := c.Deadline(); !ok || !got.Equal(want) {
		t.Errorf("Deadline after release = %v, %v; want the parent's, %v, unchanged", got, ok, want)
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

// A request that ran out of time stays DeadlineExceeded after release,
// whether it ended before or after.
func TestRequestContextKeepsDeadlineExceeded(t *testing.T) {
	for name, releaseFirst := range map[string]bool{"ended before release": false, "ended after release": true} {
		t.Run(name, func(t *testing.T) {
			parent, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			c := newRequestContext(parent)
			if releaseFirst {
				c.release()
			}
			<-c.Done()
			if !releaseFirst {
				c.release()
			}
			for range 3 {
				if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("Err = %v, want context.DeadlineExceeded", err)
				}
			}
			cancel()
			if err := c.Err(); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Err after a later cancel = %v, want the first error, context.DeadlineExceeded", err)
			}
		})
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

// A request canceled before its deadline stays Canceled once the deadline
// has passed too: the first error is kept.
func TestRequestContextKeepsTheFirstError(t *testing.T) {
	parent, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	c := newRequestContext(parent)
	cancel()
	if err := c.Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Err = %v, want context.Canceled", err)
	}
	c.release()
	time.Sleep(60 * time.Millisecond) // past the deadline, which must not change the error
	if err := c.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("Err after the deadline passed = %v, want the first error, context.Canceled", err)
	}
}
