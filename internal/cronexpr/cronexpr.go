// Package cronexpr reads a schedule's cron expression as the Apify
// platform reads it, for the provider's validation and for the fake
// API's next run alike.
package cronexpr

import (
	"fmt"
	"slices"
	"strings"

	"github.com/robfig/cron/v3"
)

// Descriptors are the descriptors Apify's docs list ("Schedules"),
// and the aliases of two of them that cron parsers share.
var Descriptors = []string{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}

// cronParser is robfig/cron, the library Kubernetes reads CronJob
// schedules with, with seconds allowed first; what it reads otherwise
// than the platform is settled before it (platformFields).
var cronParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// cronFieldNames name the fields of a five-field expression, with the
// values each takes.
var cronFieldNames = []string{
	"minute (0-59)", "hour (0-23)", "day-of-month (1-31, L, W)", "month (1-12 or JAN-DEC)",
	"day-of-week (0-7 or SUN-SAT, Sunday being 0 or 7, L, #)",
}

// Parse reads expression as the platform does: five fields, six with
// seconds first, or a descriptor. The error says what is wrong, naming
// the field.
func Parse(expression string) (cron.Schedule, error) {
	switch {
	case strings.TrimSpace(expression) != expression:
		return nil, fmt.Errorf("it has white space around it")
	case strings.HasPrefix(expression, "@"):
		if !slices.Contains(Descriptors, expression) {
			return nil, fmt.Errorf("%s is not one of the descriptors", strings.Fields(expression)[0])
		}
		return cronParser.Parse(expression)
	case strings.HasPrefix(expression, "TZ=") || strings.HasPrefix(expression, "CRON_TZ="):
		return nil, fmt.Errorf("the time zone belongs in the timezone attribute, not in the expression")
	}
	fields := strings.Fields(expression)
	if len(fields) != 5 && len(fields) != 6 {
		return nil, fmt.Errorf("it has %d fields, not 5 or 6", len(fields))
	}
	names := cronFieldNames
	if len(fields) == 6 {
		names = append([]string{"second (0-59)"}, names...)
	}
	platform := platformFields(fields)
	for i := range platform {
		// Each field alone, the others any: the first that fails is
		// named.
		alone := slices.Repeat([]string{"*"}, len(platform))
		alone[i] = platform[i]
		if _, err := cronParser.Parse(strings.Join(alone, " ")); err != nil {
			return nil, fmt.Errorf("the %s field %q is not one it takes", names[i], fields[i])
		}
	}
	return cronParser.Parse(strings.Join(platform, " "))
}

// platformFields settles for robfig/cron what it reads otherwise than the
// platform: 7 is Sunday in the day of the week too, and the L, W and #
// of the day fields, which it does not know, are left to the platform.
func platformFields(fields []string) []string {
	fields = slices.Clone(fields)
	dom, dow := len(fields)-3, len(fields)-1
	for _, i := range []int{dom, dow} {
		if strings.ContainsAny(fields[i], "LW#") {
			fields[i] = "*"
		}
	}
	parts := strings.Split(fields[dow], ",")
	for i, part := range parts {
		switch {
		case part == "7":
			parts[i] = "0"
		case strings.HasSuffix(part, "-7"):
			parts[i] = strings.TrimSuffix(part, "-7") + "-6,0"
		}
	}
	fields[dow] = strings.Join(parts, ",")
	return fields
}
