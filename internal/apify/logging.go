package apify

// The log hooks of the HTTP client: a line per request and response,
// through the Logger the provider gives, never with the token.

import (
	"context"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
)

func (c *Client) logRequest(_ retryablehttp.Logger, req *http.Request, retry int) {
	if c.logger == nil {
		return
	}
	fields := map[string]any{"method": req.Method, "url": req.URL.Redacted(), "attempt": retry + 1}
	if retry == 0 {
		c.logger.Debug(req.Context(), "Sending Apify API request", fields)
		return
	}
	c.logger.Warn(req.Context(), "Retrying Apify API request", fields)
}

func (c *Client) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	if c.logger == nil {
		return
	}
	c.logger.Debug(resp.Request.Context(), "Received Apify API response", map[string]any{
		"method": resp.Request.Method,
		"url":    resp.Request.URL.Redacted(),
		"status": resp.StatusCode,
	})
}

// warn logs a line of the client's own, such as a decision it took.
func (c *Client) warn(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger.Warn(ctx, msg, fields)
	}
}
