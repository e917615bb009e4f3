# Reads a few webhook dispatches and summarises their delivery, then
# declares a webhook, tests it and reads the test back.
#
# `make demo` runs this configuration against the bundled fake Apify API.
# Against the real API, set APIFY_TOKEN and pass your own IDs:
#
#   terraform apply -var 'dispatch_ids=["<dispatch ID>"]' -var 'webhook_id=<webhook ID>' -var 'actor_id=<Actor ID>'
#   terraform destroy -var ...   # the same -var options: removes the demo webhook

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

# The loop: a webhook declared, tested in the same apply, its delivery
# read back and counted. Against the real API, pass an Actor of yours with
# -var 'actor_id=...'; destroy removes the webhook again.

variable "actor_id" {
  description = "ID of the Actor the demo's webhook watches; nothing runs it."
  type        = string
  default     = "vvE7iMKuMc5qTHHsR"
}

variable "webhook_request_url" {
  description = "Where the demo's webhook sends its requests."
  type        = string
  default     = "https://hooks.example.com/apify/demo"
}

resource "apify_webhook" "demo" {
  event_types = ["ACTOR.RUN.SUCCEEDED", "ACTOR.RUN.FAILED"]
  condition = {
    actor_id = var.actor_id
  }
  request_url = var.webhook_request_url
  description = "terraform-provider-apify demo"
}

resource "apify_webhook_test_dispatch" "demo" {
  webhook_id = apify_webhook.demo.id

  lifecycle {
    postcondition {
      condition     = self.status == "SUCCEEDED"
      error_message = "The demo webhook did not deliver its test."
    }
  }
}

data "apify_webhook_dispatch" "demo_test" {
  id = apify_webhook_test_dispatch.demo.id
}

data "apify_webhook_dispatches" "demo_webhook" {
  webhook_id = apify_webhook.demo.id

  depends_on = [apify_webhook_test_dispatch.demo]
}

output "webhook_loop" {
  description = "The demo webhook, its test and what reading it back found."
  value = {
    webhook_id           = apify_webhook.demo.id
    test_dispatch_id     = apify_webhook_test_dispatch.demo.id
    test_status          = apify_webhook_test_dispatch.demo.status
    test_response_status = try(apify_webhook_test_dispatch.demo.calls[length(apify_webhook_test_dispatch.demo.calls) - 1].response_status, null)
    read_back_status     = data.apify_webhook_dispatch.demo_test.status
    dispatches_counted   = length(data.apify_webhook_dispatches.demo_webhook.dispatches)
  }
}
