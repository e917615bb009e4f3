package provider

import (
	"os"
	"testing"
)

func TestMuteUnreadLogs(t *testing.T) {
	for _, name := range append(readLogVariables, mutedLoggers...) {
		t.Setenv(name, "")
	}
	if !MuteUnreadLogs() {
		t.Fatal("nothing reads the logs, but they were not muted")
	}
	for _, name := range mutedLoggers {
		if got := os.Getenv(name); got != "OFF" {
			t.Errorf("%s = %q, want OFF", name, got)
		}
	}

	// Any variable that would show, keep or shape the lines leaves every
	// logger as the plugin libraries set it.
	for _, set := range readLogVariables {
		t.Run(set, func(t *testing.T) {
			for _, name := range append(readLogVariables, mutedLoggers...) {
				t.Setenv(name, "")
			}
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
