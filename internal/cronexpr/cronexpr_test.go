package cronexpr

import (
	"strings"
	"testing"
	"time"
)

// The cron forms the platform accepts pass, and each one it refuses is
// refused with the reason, naming the field.
func TestParse(t *testing.T) {
	for _, expression := range []string{
		"0 3 * * *", "*/5 * * * *", "0 30 3 * * 1-5", "@daily", "@annually", "0 0 * * 7", "0 0 * * 5-7",
		"0 0 L * *", "0 0 * * 5#3", "0 0 15W * *", "0 0 ? * MON", "0 9-17 * JAN-MAR MON-FRI", "0 0 * * 1-7/2",
		"0 0 * * MON-WED", "0 0 * * 5L", "0 0 LW * *",
	} {
		if _, err := Parse(expression); err != nil {
			t.Errorf("Parse(%q) = %v, want it accepted", expression, err)
		}
	}
	for expression, want := range map[string]string{
		"0 3 * *":            "it has 4 fields, not 5 or 6",
		"0 0 0 3 * * *":      "it has 7 fields, not 5 or 6",
		"61 * * * *":         `the minute (0-59) field "61"`,
		"0 24 * * *":         `the hour (0-23) field "24"`,
		"0 0 * * 8":          `the day-of-week (0-7 or SUN-SAT, Sunday being 0 or 7, L, #) field "8"`,
		"0 0 * * MON-FUNDAY": "the day-of-week",
		"0 0 * * WEDS":       `the day-of-week (0-7 or SUN-SAT, Sunday being 0 or 7, L, #) field "WEDS"`,
		"60 0 0 * * *":       `the second (0-59) field "60"`,
		"@every 1h":          "@every is not one of the descriptors",
		"@reboot":            "@reboot is not one of the descriptors",
		"TZ=UTC 0 * * * *":   "belongs in the timezone attribute",
		" 0 3 * * *":         "white space around it",
	} {
		if _, err := Parse(expression); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want a reason with %q", expression, err, want)
		}
	}
}

// An expression no date matches parses, and has no next run.
func TestParse_neverRuns(t *testing.T) {
	schedule, err := Parse("0 0 31 2 *")
	if err != nil {
		t.Fatal(err)
	}
	if next := schedule.Next(time.Now()); !next.IsZero() {
		t.Errorf("next run of 31 February = %v, want none", next)
	}
}

// Sunday as 7 reads as Sunday, in ranges and steps too; L, W and # make
// an expression approximate, WED does not.
func TestParse_sundayAndPlatformFields(t *testing.T) {
	saturday := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for expression, want := range map[string]time.Weekday{
		"0 0 * * 7": time.Sunday, "0 0 * * 6-7": time.Sunday, "0 0 * * 1-7/2": time.Sunday, "0 0 * * 0": time.Sunday,
	} {
		schedule, err := Parse(expression)
		if err != nil {
			t.Fatal(err)
		}
		if got := schedule.Next(saturday).Weekday(); got != want {
			t.Errorf("%q next runs on %s, want %s", expression, got, want)
		}
	}
	for expression, want := range map[string]bool{"0 0 L * *": true, "0 0 * * 5#3": true, "0 0 * * MON-WED": false, "0 3 * * *": false} {
		if got := Approximate(expression); got != want {
			t.Errorf("Approximate(%q) = %v, want %v", expression, got, want)
		}
	}
}
