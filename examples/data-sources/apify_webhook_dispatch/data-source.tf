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

# Fail the plan when the dispatch failed, showing the last call's error.
check "dispatch_delivered" {
  assert {
    condition     = data.apify_webhook_dispatch.last.status != "FAILED"
    error_message = "Webhook dispatch ${data.apify_webhook_dispatch.last.id} failed: ${try(data.apify_webhook_dispatch.last.calls[length(data.apify_webhook_dispatch.last.calls) - 1].error_message, "no call was made")}"
  }
}
