package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer returns the provider's protocol 6 server: the framework's
// server around a provider of its own, with the calls listed at
// releasingServer going through it. main serves it and the acceptance
// tests run it. It always serves: were the framework's server ever to lack
// a call of frameworkServer, it is served as it is, and
// TestServerPassesOnEveryCallOfTheFramework fails, as it does for a call
// the wrapper would hide.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		server := providerserver.NewProtocol6(New(version)())()
		if full, ok := server.(frameworkServer); ok {
			return releasingServer{full}
		}
		return server
	}
}

// frameworkServer is every call the framework's server answers, the
// optional ones included.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// releasingServer passes the framework's server a context that lets go of
// the request when the call returns, for the calls Terraform makes once
// per data source or resource instance.
//
// The framework keeps the cancel function of every call's context until
// Terraform stops the provider (see "Upstream reports" in DESIGN.md, which
// says how to reproduce it and what it costs), and with it the whole
// request: the plugin libraries' loggers, the gRPC stream and the
// request's values, so that the provider's memory would grow with the
// instances of a plan. Through this server the framework keeps a few
// words per call instead.
// TestFrameworkKeepsRequestsAfterTheyReturn fails once the framework stops
// doing that, and this type can then go.
//
// A call may go through serveReleasing only when the provider's code for it
// has finished when the call returns, as for the ones below. Calls that
// stream their results, whose
// provider code goes on after the call returns (ListResource,
// InvokeAction, ReadStateBytes), must not: their context would lose its
// values mid-stream.
type releasingServer struct {
	frameworkServer
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return serveReleasing(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return serveReleasing(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return serveReleasing(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return serveReleasing(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return serveReleasing(ctx, req, s.frameworkServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return serveReleasing(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return serveReleasing(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return serveReleasing(ctx, req, s.frameworkServer.ImportResourceState)
}

// serveReleasing calls serve with a context that stands for ctx until serve
// returns.
func serveReleasing[Req, Resp any](ctx context.Context, req Req, serve func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := newRequestContext(ctx)
	defer c.release()
	return serve(c, req)
}

// requestContext is ctx until release, and then a context that holds
// none of ctx's values. It keeps ctx's deadline and Done channel
// throughout, and Err keeps the first error it reported, as the rules of
// context.Context require: after release, a Done channel closed at or
// past the deadline is DeadlineExceeded, otherwise Canceled.
type requestContext struct {
	parent      atomic.Pointer[context.Context]
	done        <-chan struct{}
	deadline    time.Time
	hasDeadline bool
	err         atomic.Pointer[error]
}

func newRequestContext(ctx context.Context) *requestContext {
	c := &requestContext{done: ctx.Done()}
	c.deadline, c.hasDeadline = ctx.Deadline()
	c.parent.Store(&ctx)
	return c
}

// release lets go of the parent, first keeping the error it has ended
// with, if any.
func (c *requestContext) release() {
	if p := c.parent.Load(); p != nil {
		_ = c.keep((*p).Err())
	}
	c.parent.Store(nil)
}

func (c *requestContext) Deadline() (time.Time, bool) { return c.deadline, c.hasDeadline }

func (c *requestContext) Done() <-chan struct{} { return c.done }

func (c *requestContext) Err() error {
	if err := c.err.Load(); err != nil {
		return *err
	}
	if p := c.parent.Load(); p != nil {
		return c.keep((*p).Err())
	}
	select {
	case <-c.done:
		if c.hasDeadline && !time.Now().Before(c.deadline) {
			return c.keep(context.DeadlineExceeded)
		}
		return c.keep(context.Canceled)
	default:
		return nil
	}
}

// keep records err as the context's error unless one is recorded already,
// and returns the one recorded.
func (c *requestContext) keep(err error) error {
	if err == nil {
		return nil
	}
	c.err.CompareAndSwap(nil, &err)
	return *c.err.Load()
}

func (c *requestContext) Value(key any) any {
	if p := c.parent.Load(); p != nil {
		return (*p).Value(key)
	}
	return nil
}
