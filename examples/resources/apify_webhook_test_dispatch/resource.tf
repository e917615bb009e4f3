resource "apify_webhook" "ci" {
  event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED"]
  condition = {
    actor_id = "vvE7iMKuMc5qTHHsR"
  }
  request_url = "https://ci.example.com/hooks/apify"
}

# Fire a TEST event at the webhook in the same apply, wait for its
# delivery, and fail the apply unless the receiver accepted it.
resource "apify_webhook_test_dispatch" "ci" {
  webhook_id = apify_webhook.ci.id

  # Test again whenever the webhook changes.
  triggers = {
    modified_at = apify_webhook.ci.modified_at
  }

  lifecycle {
    postcondition {
      condition     = self.status == "SUCCEEDED"
      error_message = "Webhook ${self.webhook_id} did not deliver its test: its dispatch ${self.id} is ${self.status}."
    }
  }
}

output "test_response_status" {
  description = "The HTTP status the receiver answered the test with."
  value       = try(apify_webhook_test_dispatch.ci.calls[length(apify_webhook_test_dispatch.ci.calls) - 1].response_status, null)
}
