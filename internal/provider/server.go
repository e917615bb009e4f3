package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer returns the provider's protocol 6 server: the framework's
// server, with the calls Terraform makes per data source going through
// releasingServer. main serves it and the acceptance tests run it.
func NewServer(version string) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(New(version)())
	return func() tfprotov6.ProviderServer {
		return releasingServer{framework()}
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

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return released(ctx, req, s.ProviderServer.ReadDataSource)
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
