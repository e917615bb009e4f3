package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer returns the provider's protocol 6 server: the framework's
// server, with the calls Terraform makes per data source going through
// releasingServer, around a provider of its own. main serves it and the
// acceptance tests run it.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return releasingServer{providerserver.NewProtocol6(New(version)())()}
	}
}

// releasingServer passes the framework's server a context that lets go of
// the request when the call returns.
//
// The framework keeps the context of every call it serves until Terraform
// stops the provider, so that it can cancel them all then. With the plugin
// libraries' loggers, the gRPC stream and the request's values, that is
// about 12 kB per call: a plan reading 1,000 data sources validates and
// reads each once and would keep 24 MB to the end. Through this server the
// framework keeps a few words per call instead.
//
// Only the calls Terraform makes once per data source instance go through
// it; the others come a fixed number of times per plan. A resource added
// to the provider should route its per-instance calls the same way.
type releasingServer struct {
	tfprotov6.ProviderServer
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return released(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

// ReadDataSource also puts back the values a Read set aside (see setAside)
// once the framework is done with the rest of the state.
func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	aside := new(asideValues)
	resp, err := released(context.WithValue(ctx, asideKey{}, aside), req, s.ProviderServer.ReadDataSource)
	if err == nil && resp != nil {
		aside.putBack(resp)
	}
	return resp, err
}

// released calls serve with a context that stands for ctx until serve
// returns.
func released[Req, Resp any](ctx context.Context, req Req, serve func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := newRequestContext(ctx)
	defer c.release()
	return serve(c, req)
}

// requestContext is ctx until release, and then a context that holds
// nothing: no values, no deadline, and ctx's Done channel, which the
// request's end closes. Err reports Canceled once that channel is closed.
type requestContext struct {
	parent atomic.Pointer[context.Context]
	done   <-chan struct{}
}

func newRequestContext(ctx context.Context) *requestContext {
	c := &requestContext{done: ctx.Done()}
	c.parent.Store(&ctx)
	return c
}

func (c *requestContext) release() { c.parent.Store(nil) }

func (c *requestContext) Deadline() (time.Time, bool) {
	if p := c.parent.Load(); p != nil {
		return (*p).Deadline()
	}
	return time.Time{}, false
}

func (c *requestContext) Done() <-chan struct{} { return c.done }

func (c *requestContext) Err() error {
	if p := c.parent.Load(); p != nil {
		return (*p).Err()
	}
	select {
	case <-c.done:
		return context.Canceled
	default:
		return nil
	}
}

func (c *requestContext) Value(key any) any {
	if p := c.parent.Load(); p != nil {
		return (*p).Value(key)
	}
	return nil
}

type asideKey struct{}

// asideValues are the attribute values one Read set aside, by name, for a
// state of type stateType.
type asideValues struct {
	stateType tftypes.Type
	values    map[string]tftypes.Value
}

// setAside hands value, for attribute name of a state of type stateType,
// to the server to put into the encoded state once the framework is done
// with the rest, and reports whether it could. When it could not, the
// caller sets the value in the state itself.
//
// It is for large values, such as a list of thousands of dispatches.
// After every Read the framework copies the whole state, converts every
// attribute back to framework values to look for semantically equal
// values, and walks every value again to fill in null collection blocks.
// For a state of 10,000 dispatches that holds the data three times at once
// and allocates over 600 MB on the way, for nothing: the prior values of a
// data source's computed attributes are null, so no semantic equality
// applies, and nested attributes are not blocks.
func setAside(ctx context.Context, stateType tftypes.Type, name string, value tftypes.Value) bool {
	aside, ok := ctx.Value(asideKey{}).(*asideValues)
	if !ok {
		return false
	}
	if aside.values == nil {
		aside.values = map[string]tftypes.Value{}
	}
	aside.stateType = stateType
	aside.values[name] = value
	return true
}

// putBack sets the values set aside into resp's state, unless the read
// failed.
func (a *asideValues) putBack(resp *tfprotov6.ReadDataSourceResponse) {
	if len(a.values) == 0 || resp.State == nil || hasError(resp.Diagnostics) {
		return
	}
	state, err := resp.State.Unmarshal(a.stateType)
	if err == nil {
		state, err = withAttributes(state, a.values)
	}
	var encoded tfprotov6.DynamicValue
	if err == nil {
		encoded, err = tfprotov6.NewDynamicValue(a.stateType, state)
	}
	if err != nil {
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Completing the data source's state failed",
			Detail:   err.Error() + ". This is a bug in the provider; please report it.",
		})
		return
	}
	resp.State = &encoded
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
