# Reads a few webhook dispatches and summarises their delivery.
#
# `make demo` runs this configuration against the bundled fake Apify API.
# Against the real API, set APIFY_TOKEN and pass your own IDs:
#
#   terraform apply -var 'dispatch_ids=["<dispatch ID>"]' -var 'webhook_id=<webhook ID>'

terraform {
  required_providers {
    apify = {
      source = "apify/apify"
    }
  }
}

# The token comes from APIFY_TOKEN; APIFY_API_BASE_URL points the demo at
# the fake API.
provider "apify" {}

variable "dispatch_ids" {
  description = "IDs of the webhook dispatches to read."
  type        = list(string)
  default = [
    "Zib4xbZsmvZeK55ua",
    "fQ8xW2nTzLp4VbR6k",
    "Tq3mK9vXcB7yHn2Rd",
    "Lm5nP8rStUv2Wx4Yz",
    "Hc6dJ2kLq9wEr3TfA",
  ]
}

variable "webhook_id" {
  description = "ID of the webhook whose recent dispatches to count."
  type        = string
  default     = "asdLZtadYvn4mBZmm"
}

data "apify_webhook_dispatch" "this" {
  for_each = toset(var.dispatch_ids)

  id = each.value
}

output "dispatches" {
  description = "Each dispatch's event, delivery status and last delivery call."
  value = {
    for id, d in data.apify_webhook_dispatch.this : id => {
      event_type           = d.event_type
      status               = d.status
      created_at           = d.created_at
      calls                = length(d.calls)
      last_response_status = try(d.calls[length(d.calls) - 1].response_status, null)
      last_error           = try(d.calls[length(d.calls) - 1].error_message, null)
    }
  }
}

data "apify_webhook_dispatches" "recent" {
  webhook_id = var.webhook_id
  limit      = 100
}

output "recent_status_counts" {
  description = "How many of the webhook's 100 newest dispatches have each status."
  value       = data.apify_webhook_dispatches.recent.status_counts
}

output "undelivered" {
  description = "Dispatches the platform gave up delivering."
  value       = [for id, d in data.apify_webhook_dispatch.this : id if d.status == "FAILED"]
}
