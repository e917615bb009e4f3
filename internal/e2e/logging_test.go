package e2e

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

// The provider mutes the plugin libraries' log lines, and its own, only
// when no variable would show them (MuteUnreadLogs). With any of them set,
// the lines reach Terraform as the libraries make them, and the token
// stays masked.
func TestLogLinesReachTerraformWhenAsked(t *testing.T) {
	const (
		proto     = "@module=sdk.proto"
		framework = "@module=sdk.framework"
		own       = "Sending Apify API request"
	)
	tests := []struct {
		env     []string
		want    []string
		notWant []string
	}{
		{[]string{"TF_LOG=TRACE"}, []string{proto, framework, own}, nil},
		{[]string{"TF_LOG=DEBUG"}, []string{framework, own}, []string{"[TRACE]"}},
		{[]string{"TF_LOG_PROVIDER=TRACE"}, []string{proto, framework, own}, nil},
		{[]string{"TF_LOG_PROVIDER=TRACE", "TF_LOG_SDK_PROTO=OFF"}, []string{framework, own}, []string{proto}},
		{[]string{"TF_LOG_PROVIDER=TRACE", "TF_LOG_SDK_FRAMEWORK=OFF"}, []string{proto, own}, []string{framework}},
		{[]string{"TF_LOG=TRACE", "TF_LOG_SDK=OFF"}, []string{own}, []string{proto, framework}},
		{[]string{"TF_LOG=TRACE", "TF_LOG_PROVIDER_APIFY=OFF"}, []string{proto, framework}, []string{own}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.env, " "), func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.Token = canaryToken
			ws := newWorkspace(t, fake, fmt.Sprintf(`
provider "apify" {
  token = %q
}

data "apify_webhook_dispatch" "one" {
  id = %q
}
`, canaryToken, apifytest.DispatchSucceeded))
			ws.Env = append(ws.Env, tt.env...)
			var out bytes.Buffer
			if err := ws.Run(t.Context(), &out, &out, "plan", "-input=false", "-no-color"); err != nil {
				t.Fatalf("plan failed: %v\n%s", err, tail(out.String()))
			}
			got := out.String()
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("the output lacks %q:\n%s", want, tail(got))
				}
			}
			for _, notWant := range tt.notWant {
				if strings.Contains(got, notWant) {
					t.Errorf("the output has %q, which the environment turned off", notWant)
				}
			}
			if strings.Contains(got, canaryToken) {
				t.Error("the token appears in the output")
			}
		})
	}
}
