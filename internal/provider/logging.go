package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// clientLogger sends the API client's log lines to Terraform's log, with
// the token masked in messages and fields alike.
type clientLogger struct {
	token string
}

func newClientLogger(token string) apify.Logger {
	return clientLogger{token: token}
}

func (l clientLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(l.mask(ctx), msg, fields)
}

func (l clientLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(l.mask(ctx), msg, fields)
}

func (l clientLogger) mask(ctx context.Context) context.Context {
	if l.token == "" {
		return ctx
	}
	return tflog.MaskLogStrings(ctx, l.token)
}
