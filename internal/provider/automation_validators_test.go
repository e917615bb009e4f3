package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A value that is not a JSON object is refused without quoting it: it
// may be a secret input.
func TestJSONObject_neverQuotesTheValue(t *testing.T) {
	for _, value := range []string{"{proxyPassword: Sup3rSecret11}", `["Sup3rSecret11"]`, "Sup3rSecret11"} {
		var resp validator.StringResponse
		jsonObject().ValidateString(t.Context(), validator.StringRequest{
			Path: path.Root("sensitive_input"), ConfigValue: types.StringValue(value),
		}, &resp)
		if !resp.Diagnostics.HasError() {
			t.Errorf("%q was accepted", value)
		}
		for _, d := range resp.Diagnostics {
			if strings.Contains(d.Summary()+d.Detail(), "Sup3rSecret11") {
				t.Errorf("the diagnostic quotes the value: %s: %s", d.Summary(), d.Detail())
			}
		}
	}
}

// A cron expression that no date matches is a warning, not an error: the
// platform takes it, and the schedule never runs.
func TestCronExpression_warnsWhenItNeverRuns(t *testing.T) {
	for expression, warns := range map[string]bool{"0 0 31 2 *": true, "0 0 29 2 *": false, "0 3 * * *": false, "0 0 30 2 5#3": false} {
		var resp validator.StringResponse
		cronExpression().ValidateString(t.Context(), validator.StringRequest{
			Path: path.Root("cron_expression"), ConfigValue: types.StringValue(expression),
		}, &resp)
		if resp.Diagnostics.HasError() || (resp.Diagnostics.WarningsCount() == 1) != warns {
			t.Errorf("%q: %v, want a warning %v and no error", expression, resp.Diagnostics, warns)
		}
	}
}
