package provider

import (
	"bytes"
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
