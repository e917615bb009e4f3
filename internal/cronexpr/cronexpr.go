// Package cronexpr reads a schedule's cron expression as the Apify
// platform reads it, for the provider's validation and for the fake
// API's next run alike.
package cronexpr

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
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

// platformOnly matches the parts of a day field that robfig/cron does not
// know: L (the last day), W (the nearest weekday) and # (the nth weekday
// of the month), but not the W of WED.
var platformOnly = regexp.MustCompile(`^(L|L-\d+|\d+W|LW|\d+L|\d+#\d+)$`)

// Approximate reports whether expression uses what only the platform
// reads (L, W, #), which Parse reads as any day: its next runs are then
// more than the platform's.
func Approximate(expression string) bool {
	fields := strings.Fields(expression)
	if len(fields) < 5 {
		return false
	}
	return slices.ContainsFunc(strings.Split(fields[len(fields)-3]+","+fields[len(fields)-1], ","), platformOnly.MatchString)
}

// platformFields settles for robfig/cron what it reads otherwise than the
// platform: 7 is Sunday in the day of the week too, and the L, W and #
// of the day fields, which it does not know, are left to the platform
// (the field reads as any day).
func platformFields(fields []string) []string {
	fields = slices.Clone(fields)
	dom, dow := len(fields)-3, len(fields)-1
	for _, i := range []int{dom, dow} {
		if slices.ContainsFunc(strings.Split(fields[i], ","), platformOnly.MatchString) {
			fields[i] = "*"
		}
	}
	parts := strings.Split(fields[dow], ",")
	for i, part := range parts {
		parts[i] = sundayAsSeven(part)
	}
	fields[dow] = strings.Join(parts, ",")
	return fields
}

// sevenRange is a range of days of the week that ends on 7, with an
// optional step: "5-7", "1-7/2".
var sevenRange = regexp.MustCompile(`^(\d+)-7(/(\d+))?$`)

// sundayAsSeven writes a part of the day of the week that names Sunday
// as 7 with 0, as robfig/cron reads it.
func sundayAsSeven(part string) string {
	if part == "7" {
		return "0"
	}
	m := sevenRange.FindStringSubmatch(part)
	if m == nil {
		return part
	}
	from, _ := strconv.Atoi(m[1])
	step := 1
	if m[3] != "" {
		step, _ = strconv.Atoi(m[3])
	}
	if step < 1 || from > 7 {
		return part
	}
	rewritten := fmt.Sprintf("%d-6%s", from, m[2])
	if from == 7 {
		rewritten = ""
	}
	if (7-from)%step == 0 {
		rewritten = strings.TrimPrefix(rewritten+",0", ",")
	}
	return rewritten
}
