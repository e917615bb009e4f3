package provider

import (
	"strings"
	"testing"
)

// The cron forms the platform accepts pass, and each one it refuses is
// refused with the reason.
func TestCheckCron(t *testing.T) {
	for _, expression := range []string{
		"0 3 * * *", "*/5 * * * *", "0 30 3 * * 1-5", "@daily", "@annually", "0 0 * * 7", "0 0 * * 5-7",
		"0 0 L * *", "0 0 * * 5#3", "0 0 15W * *", "0 0 ? * MON", "0 9-17 * JAN-MAR MON-FRI",
	} {
		if reason := checkCron(expression); reason != "" {
			t.Errorf("checkCron(%q) = %q, want it accepted", expression, reason)
		}
	}
	for expression, want := range map[string]string{
		"0 3 * *":            "it has 4 fields, not 5 or 6",
		"0 0 0 3 * * *":      "it has 7 fields, not 5 or 6",
		"61 * * * *":         "above maximum",
		"0 24 * * *":         "above maximum",
		"0 0 * * 8":          "above maximum",
		"@every 1h":          "not one of the descriptors",
		"@reboot":            "not one of the descriptors",
		"TZ=UTC 0 * * * *":   "belongs in the timezone attribute",
		" 0 3 * * *":         "white space around it",
		"0 0 * * MON-FUNDAY": "",
	} {
		if want == "" {
			want = "failed to parse"
		}
		if reason := checkCron(expression); !strings.Contains(reason, want) {
			t.Errorf("checkCron(%q) = %q, want a reason with %q", expression, reason, want)
		}
	}
}
