# A webhook managed elsewhere, read in full.
data "apify_webhook" "runs" {
  id = "asdLZtadYvn4mBZmm"
}

output "runs_webhook_events" {
  value = data.apify_webhook.runs.event_types
}

# Warn on every plan when the webhook's latest delivery failed.
check "runs_webhook_delivers" {
  assert {
    condition     = try(data.apify_webhook.runs.last_dispatch.status, "") != "FAILED"
    error_message = "The latest dispatch of webhook ${data.apify_webhook.runs.id} failed."
  }
}
