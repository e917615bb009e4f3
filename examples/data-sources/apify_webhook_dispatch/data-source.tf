data "apify_webhook_dispatch" "last" {
  id = "Zib4xbZsmvZeK55ua"
}

output "delivered" {
  value = data.apify_webhook_dispatch.last.status == "SUCCEEDED"
}

# The HTTP status of each delivery call; null where no response came back.
output "response_statuses" {
  value = [for call in data.apify_webhook_dispatch.last.calls : call.response_status]
}

# Warn on every plan when the dispatch failed.
check "dispatch_delivered" {
  assert {
    condition     = data.apify_webhook_dispatch.last.status != "FAILED"
    error_message = "Webhook dispatch ${data.apify_webhook_dispatch.last.id} failed after ${length(data.apify_webhook_dispatch.last.calls)} delivery calls."
  }
}

# Wait until a dispatch just triggered by a pipeline is delivered (or gives
# up), for at most five minutes.
data "apify_webhook_dispatch" "just_triggered" {
  id                    = "Tq3mK9vXcB7yHn2Rd"
  wait_for_final_status = true

  timeouts {
    read = "5m"
  }
}

output "just_triggered_status" {
  value = data.apify_webhook_dispatch.just_triggered.status
}
