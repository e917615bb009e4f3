package provider

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
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

// Setting the list aside changes how the state is built, not what it is:
// the server's state is the one the framework alone gives.
func TestServerPutsBackTheStateTheFrameworkWouldGive(t *testing.T) {
	fake := apifytest.Start(t)
	fake.AddGeneratedDispatches("hookAside", 1500) // besides the fixtures, which hold every shape of field
	ctx := context.Background()

	read := func(server tfprotov6.ProviderServer, config map[string]tftypes.Value) tftypes.Value {
		t.Helper()
		schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
			Config: dynamicValue(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
				"token":    tftypes.NewValue(tftypes.String, fake.Token),
				"base_url": tftypes.NewValue(tftypes.String, fake.URL),
			}),
		})
		if err != nil || len(configured.Diagnostics) > 0 {
			t.Fatalf("configuring: %v %v", err, configured.Diagnostics)
		}
		stateType := schemas.DataSourceSchemas["apify_webhook_dispatches"].ValueType()
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{
			TypeName: "apify_webhook_dispatches",
			Config:   dynamicValue(t, stateType, config),
		})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("reading: %v %v", err, resp.Diagnostics)
		}
		state, err := resp.State.Unmarshal(stateType)
		if err != nil {
			t.Fatal(err)
		}
		return state
	}

	for name, config := range map[string]map[string]tftypes.Value{
		"account-wide": {"limit": tftypes.NewValue(tftypes.Number, 2000)},
		"one webhook":  {"webhook_id": tftypes.NewValue(tftypes.String, "hookAside"), "limit": tftypes.NewValue(tftypes.Number, 1500)},
	} {
		t.Run(name, func(t *testing.T) {
			framework, err := providerserver.NewProtocol6WithError(New("test")())()
			if err != nil {
				t.Fatal(err)
			}
			want := read(framework, config)
			got := read(NewServer("test")(), config)
			if !got.Equal(want) {
				diffs, err := got.Diff(want)
				if err != nil || len(diffs) == 0 {
					t.Fatalf("the server's state differs from the framework's: %v", err)
				}
				t.Errorf("the server's state differs from the framework's in %d values, the first at %v", len(diffs), diffs[0].Path)
			}
			var attrs map[string]tftypes.Value
			var dispatches []tftypes.Value
			if err := got.As(&attrs); err != nil || attrs["dispatches"].As(&dispatches) != nil || len(dispatches) == 0 {
				t.Error("the state holds no dispatches")
			}
		})
	}
}

// dynamicValue encodes an object of type typ with the attributes in set
// and every other attribute null.
func dynamicValue(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	object := typ.(tftypes.Object)
	attrs := make(map[string]tftypes.Value, len(object.AttributeTypes))
	for name, attrType := range object.AttributeTypes {
		attrs[name] = tftypes.NewValue(attrType, nil)
		if v, ok := set[name]; ok {
			attrs[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func TestPutBackReportsAValueThatDoesNotFitTheState(t *testing.T) {
	stateType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"dispatches": tftypes.List{ElementType: tftypes.String}}}
	state, err := tfprotov6.NewDynamicValue(stateType, tftypes.NewValue(stateType, map[string]tftypes.Value{
		"dispatches": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil),
	}))
	if err != nil {
		t.Fatal(err)
	}
	resp := &tfprotov6.ReadDataSourceResponse{State: &state}
	aside := &asideValues{stateType: stateType, values: map[string]tftypes.Value{
		"dispatches": tftypes.NewValue(tftypes.Number, 1),
	}}
	aside.putBack(resp)
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Fatalf("diagnostics = %v, want one error", resp.Diagnostics)
	}
	if resp.State != &state {
		t.Error("the state was replaced although the value did not fit")
	}
}
