package provider

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestClientLogger_masksToken(t *testing.T) {
	const token = "apify_api_MaskMe0123456789"
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &out)
	logger := newClientLogger(token)

	logger.Debug(ctx, "request with Bearer "+token, map[string]any{"echo": "token=" + token})
	logger.Warn(ctx, "retry with "+token, nil)

	if out.Len() == 0 {
		t.Fatal("nothing was logged")
	}
	if strings.Contains(out.String(), token) {
		t.Errorf("the token is in the log:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "request with Bearer ***") {
		t.Errorf("the log lost its message around the masked token:\n%s", out.String())
	}
}

func TestMuteUnreadLogs(t *testing.T) {
	clearLogVariables := func(t *testing.T) {
		// t.Setenv first, so that what MuteUnreadLogs sets is undone when
		// the test ends.
		for _, name := range mutedLoggers {
			t.Setenv(name, "")
		}
		for _, variable := range os.Environ() {
			name, _, _ := strings.Cut(variable, "=")
			if strings.HasPrefix(name, "TF_LOG") || strings.HasPrefix(name, "TF_ACC_LOG") {
				t.Setenv(name, "")
			}
		}
	}
	clearLogVariables(t)
	if !MuteUnreadLogs() {
		t.Fatal("nothing reads the logs, but they were not muted")
	}
	for _, name := range mutedLoggers {
		if got := os.Getenv(name); got != "OFF" {
			t.Errorf("%s = %q, want OFF", name, got)
		}
	}

	// Any variable that would show, keep or shape the lines leaves every
	// logger as the plugin libraries set it: the known ones, and one that
	// Terraform might add later.
	for _, set := range []string{
		"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH", "TF_LOG_CORE", "TF_ACC_LOG_PATH", "TF_LOG_PATH_MASK",
		"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO_DATA_DIR", "TF_LOG_PROVIDER_APIFY",
		"TF_LOG_SOMETHING_NEW", "TF_ACC_LOG_SOMETHING_NEW",
	} {
		t.Run(set, func(t *testing.T) {
			clearLogVariables(t)
			t.Setenv(set, "TRACE")
			if MuteUnreadLogs() {
				t.Fatalf("%s is set, but the logs were muted", set)
			}
			for _, name := range mutedLoggers {
				if name != set && os.Getenv(name) != "" {
					t.Errorf("%s = %q, want it untouched", name, os.Getenv(name))
				}
			}
		})
	}
}
