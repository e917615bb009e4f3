package provider

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/apify/terraform-provider-apify/internal/apify/apifytest"
)

func TestAccWebhookDispatch_mapping(t *testing.T) {
	tests := []struct {
		name string
		// raw is added to the fake when set; id is read.
		raw    string
		id     string
		checks []statecheck.StateCheck
	}{
		{
			name: "full dispatch with failed calls",
			id:   apifytest.DispatchFailed,
			checks: []statecheck.StateCheck{
				expectDispatch("id", str(apifytest.DispatchFailed)),
				expectDispatch("user_id", str(apifytest.UserID)),
				expectDispatch("webhook_id", str(apifytest.WebhookID)),
				expectDispatch("created_at", str("2026-11-21T14:02:47.530Z")),
				expectDispatch("status", str("FAILED")),
				expectDispatch("event_type", str("ACTOR.RUN.FAILED")),
				expectDispatch("event_data", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"actor_id":       str("vvE7iMKuMc5qTHHsR"),
					"actor_run_id":   str("Pq2sDf7GhJk9LmN3b"),
					"actor_build_id": null,
					"actor_task_id":  null,
				})),
				expectDispatch("webhook", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"action_type": str("HTTP_REQUEST"),
					"request_url": str("https://hooks.example.com/apify/runs"),
					"is_ad_hoc":   knownvalue.Bool(false),
					"condition": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"actor_id":      str("vvE7iMKuMc5qTHHsR"),
						"actor_task_id": null,
						"actor_run_id":  null,
					}),
				})),
				expectDispatch("calls", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"started_at":      str("2026-11-21T14:02:47.611Z"),
						"finished_at":     str("2026-11-21T14:02:48.009Z"),
						"error_message":   str("Request failed with status code 500"),
						"response_status": knownvalue.Int64Exact(500),
						"response_body":   str("Internal Server Error"),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"started_at":      str("2026-11-21T14:03:48.120Z"),
						"finished_at":     str("2026-11-21T14:03:48.377Z"),
						"error_message":   str("Request failed with status code 502"),
						"response_status": knownvalue.Int64Exact(502),
						"response_body":   str("<html><body>Bad Gateway</body></html>"),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"started_at":      str("2026-11-21T14:05:48.402Z"),
						"finished_at":     str("2026-11-21T14:06:18.402Z"),
						"error_message":   str("Cannot send request: timeout of 30000ms exceeded"),
						"response_status": null,
						"response_body":   null,
					}),
				})),
			},
		},
		{
			name: "TEST event has null event_data",
			id:   apifytest.DispatchTest,
			checks: []statecheck.StateCheck{
				expectDispatch("event_type", str("TEST")),
				expectDispatch("event_data", null),
				expectDispatch("calls", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"response_status": knownvalue.Int64Exact(204),
						"response_body":   str(""),
						"error_message":   null,
					}),
				})),
			},
		},
		{
			name: "absent keys are null and absent calls an empty list",
			raw:  `{"id": "sparseDispatch01", "status": "ACTIVE"}`,
			id:   "sparseDispatch01",
			checks: []statecheck.StateCheck{
				expectDispatch("status", str("ACTIVE")),
				expectDispatch("user_id", null),
				expectDispatch("webhook_id", null),
				expectDispatch("created_at", null),
				expectDispatch("event_type", null),
				expectDispatch("event_data", null),
				expectDispatch("webhook", null),
				expectDispatch("calls", empty),
			},
		},
		{
			name: "null calls are an empty list",
			raw:  `{"id": "nullCalls0000001", "status": "ACTIVE", "calls": null, "webhook": null}`,
			id:   "nullCalls0000001",
			checks: []statecheck.StateCheck{
				expectDispatch("calls", empty),
				expectDispatch("webhook", null),
			},
		},
		{
			name: "null and absent fields inside a call",
			raw: `{"id": "inFlight00000001", "status": "ACTIVE",
				"calls": [{"startedAt": "2026-11-26T08:00:00.090Z", "finishedAt": null}, {}]}`,
			id: "inFlight00000001",
			checks: []statecheck.StateCheck{
				expectDispatch("calls", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"started_at":      str("2026-11-26T08:00:00.090Z"),
						"finished_at":     null,
						"error_message":   null,
						"response_status": null,
						"response_body":   null,
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"started_at":      null,
						"finished_at":     null,
						"error_message":   null,
						"response_status": null,
						"response_body":   null,
					}),
				})),
			},
		},
		{
			name: "unknown status and event type pass through, unknown fields are ignored",
			raw: `{"id": "futureValues0001", "status": "RETRY_SCHEDULED", "eventType": "ACTOR.RUN.MIGRATED",
				"eventData": {"actorId": "a1", "futureField": true}, "priority": 7}`,
			id: "futureValues0001",
			checks: []statecheck.StateCheck{
				expectDispatch("status", str("RETRY_SCHEDULED")),
				expectDispatch("event_type", str("ACTOR.RUN.MIGRATED")),
				expectDispatch("event_data", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"actor_id":       str("a1"),
					"actor_run_id":   null,
					"actor_build_id": null,
					"actor_task_id":  null,
				})),
			},
		},
		{
			name: "webhook summary of an ad-hoc webhook on a task run",
			id:   apifytest.DispatchTaskTimedOut,
			checks: []statecheck.StateCheck{
				expectDispatch("event_data", knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"actor_task_id": str("zRLp8SDOZz2NyLg7K"),
				})),
				expectDispatch("webhook", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"action_type": str("HTTP_REQUEST"),
					"request_url": str("https://ci.example.com/hooks/apify-timeouts"),
					"is_ad_hoc":   knownvalue.Bool(true),
					"condition": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"actor_id":      null,
						"actor_task_id": null,
						"actor_run_id":  str("Wb4nM7qErT2yUi8Op"),
					}),
				})),
			},
		},
		{
			name: "webhook summary without request URL or condition",
			raw: `{"id": "slackWebhook0001", "status": "SUCCEEDED",
				"webhook": {"actionType": "SLACK_POST", "requestUrl": null, "condition": null}}`,
			id: "slackWebhook0001",
			checks: []statecheck.StateCheck{
				expectDispatch("webhook", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"action_type": str("SLACK_POST"),
					"request_url": null,
					"is_ad_hoc":   null,
					"condition":   null,
				})),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			if tt.raw != "" {
				fake.AddOffSpecDispatch(tt.raw)
			}
			runSteps(t, resource.TestStep{
				Config:            providerConfig(fake) + dispatchConfig(tt.id),
				ConfigStateChecks: tt.checks,
			})
		})
	}
}

func TestAccWebhookDispatch_errors(t *testing.T) {
	tests := []struct {
		name         string
		settings     []string
		id           string
		faults       []apifytest.Fault
		wantError    *regexp.Regexp
		wantRequests int
	}{
		{
			name: "404 names the ID, on the id attribute",
			id:   "doesNotExist0001",
			// Terraform quotes the configuration line of the attribute a
			// diagnostic is attached to, and the block's first line otherwise.
			wantError:    errorMatching("Webhook dispatch not found", `id = "doesNotExist0001"`, `"doesNotExist0001"`, "record-not-found"),
			wantRequests: 1,
		},
		{
			name:         "401 says what to check",
			settings:     []string{`max_retries = 3`},
			id:           apifytest.DispatchSucceeded,
			faults:       []apifytest.Fault{apifytest.Status(http.StatusUnauthorized, "invalid-token", "Authentication token is not valid.")},
			wantError:    errorMatching("Apify API refused the token", "invalid-token", "Authentication token is not valid.", "APIFY_TOKEN"),
			wantRequests: 1,
		},
		{
			name:         "403 says what to check",
			id:           apifytest.DispatchSucceeded,
			faults:       []apifytest.Fault{apifytest.Status(http.StatusForbidden, "insufficient-permissions", "You do not have permission to perform this action.")},
			wantError:    errorMatching("Apify API refused the token", "insufficient-permissions", "APIFY_TOKEN", "allowed to manage the account's webhooks"),
			wantRequests: 1,
		},
		{
			name:         "other 4xx is not retried",
			settings:     []string{`max_retries = 3`},
			id:           apifytest.DispatchSucceeded,
			faults:       []apifytest.Fault{apifytest.Status(http.StatusBadRequest, "invalid-input", "Invalid input.")},
			wantError:    errorMatching("Apify API rejected the request", "400 Bad Request (invalid-input): Invalid input."),
			wantRequests: 1,
		},
		{
			name:     "5xx retried until retries run out",
			settings: []string{`max_retries = 1`},
			id:       apifytest.DispatchSucceeded,
			faults: []apifytest.Fault{
				apifytest.Status(http.StatusServiceUnavailable, "server-busy", "Try later."),
				apifytest.Status(http.StatusBadGateway, "bad-gateway", "Upstream failed."),
			},
			wantError:    errorMatching("Apify API unavailable", "502 Bad Gateway (bad-gateway): Upstream failed.", "after 2 attempts", "max_retries"),
			wantRequests: 2,
		},
		{
			name:     "a server that does not answer in time",
			settings: []string{`max_retries = 1`, `request_timeout = "100ms"`},
			id:       apifytest.DispatchSucceeded,
			faults:   []apifytest.Fault{apifytest.Hang(), apifytest.Hang()},
			wantError: errorMatching("No answer from the Apify API", "within the request timeout of 100ms after 2 attempts",
				"request_timeout"),
			wantRequests: 2,
		},
		{
			name:         "an HTML page instead of JSON",
			id:           apifytest.DispatchSucceeded,
			faults:       []apifytest.Fault{apifytest.Body(http.StatusOK, "text/html", "<html><body>Please log in to the proxy</body></html>")},
			wantError:    errorMatching("Unexpected response from the Apify API", "200 OK", "Please log in to the proxy"),
			wantRequests: 1,
		},
		{
			name:         "an empty ID is rejected before any request",
			id:           "",
			wantError:    errorMatching(`Attribute id string length must be at least 1`),
			wantRequests: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := apifytest.Start(t)
			fake.QueueFaults(apifytest.GetWebhookDispatch.Of(tt.id), tt.faults...)
			runSteps(t, resource.TestStep{
				Config:      providerConfig(fake, tt.settings...) + dispatchConfig(tt.id),
				ExpectError: tt.wantError,
			})
			if n := len(fake.Requests()); n != tt.wantRequests {
				t.Errorf("the fake received %d requests, want %d", n, tt.wantRequests)
			}
		})
	}
}

func TestAccWebhookDispatch_retriesThenSucceeds(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.QueueFaults(apifytest.GetWebhookDispatch.Of(apifytest.DispatchSucceeded),
		apifytest.Status(http.StatusTooManyRequests, "rate-limit-exceeded", "Slow down."),
		apifytest.ResetConnection(),
	)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + dispatchConfig(apifytest.DispatchSucceeded),
		ConfigStateChecks: []statecheck.StateCheck{
			expectDispatch("status", str("SUCCEEDED")),
		},
	})
	// The first read met both faults and went on to succeed; Terraform's
	// later reads of the step each took one request.
	expectAnswers(t, fake, http.StatusTooManyRequests, 0, http.StatusOK)
}

func TestAccWebhookDispatch_sendsUserAgent(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + dispatchConfig(apifytest.DispatchSucceeded),
	})
	for _, r := range fake.Requests() {
		if got := r.Header.Get("User-Agent"); got != "terraform-provider-apify/test" {
			t.Errorf("User-Agent = %q, want terraform-provider-apify/test", got)
		}
	}
}

func TestAccWebhookDispatch_waitForFinalStatus(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	// ACTIVE on the first read, then delivered.
	fake.SettleAfter(apifytest.DispatchActive, 1, "SUCCEEDED")
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + waitConfig(apifytest.DispatchActive, `wait_for_final_status = true`),
		ConfigStateChecks: []statecheck.StateCheck{
			expectDispatch("status", str("SUCCEEDED")),
			expectDispatch("calls", knownvalue.ListSizeExact(2)),
			expectDispatch("wait_for_final_status", knownvalue.Bool(true)),
		},
	})
}

func TestAccWebhookDispatch_waitTimesOut(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SettleAfter(apifytest.DispatchActive, 1<<30, "SUCCEEDED")
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + waitConfig(apifytest.DispatchActive,
			`wait_for_final_status = true`, `timeouts { read = "3s" }`),
		ExpectError: errorMatching("Webhook dispatch still ACTIVE", `"`+apifytest.DispatchActive+`"`,
			"read timeout of 3s", "still ACTIVE after 3s", "has made 1 delivery call so far", "read the dispatch 2 times",
			"Raise timeouts.read"),
	})
}

func TestAccWebhookDispatch_noWaitUnlessAsked(t *testing.T) {
	t.Parallel()
	fake := apifytest.Start(t)
	fake.SettleAfter(apifytest.DispatchActive, 1<<30, "SUCCEEDED")
	// Were the read to wait, it would fail when this short timeout ends.
	runSteps(t, resource.TestStep{
		Config: providerConfig(fake) + waitConfig(apifytest.DispatchActive, `timeouts { read = "5s" }`),
		ConfigStateChecks: []statecheck.StateCheck{
			expectDispatch("status", str("ACTIVE")),
			expectDispatch("wait_for_final_status", knownvalue.Bool(false)),
		},
	})
}
