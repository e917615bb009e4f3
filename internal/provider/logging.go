package provider

import (
	"context"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// The provider's log lines: the API client's, masked, and the plugin
// libraries' loggers, muted when nothing reads them.

// logVariablePrefixes start the name of every environment variable
// through which Terraform, the test framework or the plugin libraries
// show, keep or shape log lines (TF_LOG, TF_LOG_PROVIDER, TF_LOG_PATH,
// TF_LOG_SDK_PROTO_DATA_DIR, TF_ACC_LOG_PATH, ...). A prefix rather than
// a list, so that a variable Terraform adds later is never muted.
var logVariablePrefixes = []string{"TF_LOG", "TF_ACC_LOG"}

// mutedLoggers are the loggers of the plugin libraries, and the
// provider's own (named after its address), that MuteUnreadLogs turns off.
var mutedLoggers = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_APIFY"}

// MuteUnreadLogs turns off the plugin libraries' loggers, and the
// provider's own, when nothing would read their lines: when no variable
// whose name starts with one of logVariablePrefixes is set. Terraform
// otherwise receives and parses some 70 lines a read and throws them
// away, which costs about a quarter of a plan's time. When any is set it
// changes nothing, so logs are exactly as the plugin libraries make them.
// It must run before the provider is served, while no logger exists yet,
// and reports whether it muted.
func MuteUnreadLogs() bool {
	for _, variable := range os.Environ() {
		name, value, _ := strings.Cut(variable, "=")
		for _, prefix := range logVariablePrefixes {
			if value != "" && strings.HasPrefix(name, prefix) {
				return false
			}
		}
	}
	for _, name := range mutedLoggers {
		_ = os.Setenv(name, "OFF")
	}
	return true
}

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
