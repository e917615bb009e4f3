package provider

import "os"

// readLogVariables are the environment variables through which Terraform
// shows a provider's log lines (TF_LOG, TF_LOG_PROVIDER), writes them to a
// file (TF_LOG_PATH, and the test framework's TF_ACC_LOG_PATH and
// TF_LOG_PATH_MASK), or through which the plugin libraries set their own
// levels (TF_LOG_SDK and its subsystems, TF_LOG_PROVIDER_APIFY) or save
// the protocol's data (TF_LOG_SDK_PROTO_DATA_DIR). TF_LOG_CORE is not
// among them: it asks for Terraform's own lines only.
var readLogVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH", "TF_ACC_LOG_PATH", "TF_LOG_PATH_MASK",
	"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO_DATA_DIR",
	envProviderLog,
}

// envProviderLog sets the level of the provider's own logger; the plugin
// libraries name it after the provider's address.
const envProviderLog = "TF_LOG_PROVIDER_APIFY"

// mutedLoggers are the loggers of the plugin libraries, and the
// provider's own, that MuteUnreadLogs turns off.
var mutedLoggers = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", envProviderLog}

// MuteUnreadLogs turns off the plugin libraries' loggers, and the
// provider's own, when nothing would read their lines: when none of
// readLogVariables is set. Terraform otherwise receives and parses some
// 70 lines a read and throws them away, which costs about a quarter of a
// plan's time. When any of them is set it changes nothing, so logs are
// exactly as the plugin libraries make them. It must run before the provider is
// served, while no logger exists yet, and reports whether it muted.
func MuteUnreadLogs() bool {
	for _, name := range readLogVariables {
		if os.Getenv(name) != "" {
			return false
		}
	}
	for _, name := range mutedLoggers {
		_ = os.Setenv(name, "OFF")
	}
	return true
}
